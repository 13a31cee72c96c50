//! The plain text of a Markdown body read straight from its events: the same text that
//! [`super::text::plain_text`] takes from the HTML of `markdown::render`, without writing
//! that HTML and reading it again (which was most of the time spent reading the documents of
//! the index).
//!
//! The rules are those of `plain_text` applied to what pulldown-cmark's HTML writer and
//! `markdown::render` write for each event: text is kept with runs of white space as one
//! space, a block element (paragraph, list, table cell, the `<img>` of an image, `<br>`)
//! and a line break end a word, inline elements (emphasis, links, code) do not, headings
//! are also kept on their own, and a footnote shows its number. A body with raw HTML is left
//! to `plain_text`: only there can an element hide its text (`<script>`) or start a heading.

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::text::{PlainText, push_space, push_text};

/// The plain text of Markdown `body` as `plain_text` reads it from the body's HTML, or
/// `None` when the body has raw HTML (or an element its HTML writer has and this does not
/// know), whose text only the HTML shows.
pub(crate) fn markdown_text(body: &str) -> Option<PlainText> {
    // The text is about as long as its Markdown: room for it once, the rest given back.
    let mut out = Text {
        plain: PlainText {
            body: String::with_capacity(body.len()),
            headings: String::new(),
        },
        heading: false,
    };
    let mut footnotes: Vec<CowStr> = Vec::new();
    let mut events = Parser::new_ext(body, crate::markdown::options());
    while let Some(event) = events.next() {
        match event {
            Event::Text(text) | Event::Code(text) => out.text(&text),
            // A line break is white space in the HTML (`<br />` is also an element).
            Event::SoftBreak | Event::HardBreak => out.text(" "),
            Event::FootnoteReference(name) => out.text(&footnote_number(&mut footnotes, name)),
            // `<img>` ends a word; its alternative text is an attribute, not text. Like
            // `markdown::render`, the image ends at the first image end.
            Event::Start(Tag::Image { .. }) => {
                out.block();
                events
                    .by_ref()
                    .find(|inner| matches!(inner, Event::End(TagEnd::Image)));
            }
            Event::Start(Tag::Heading { .. }) => {
                out.block();
                out.heading = true;
                push_space(&mut out.plain.headings);
            }
            Event::End(TagEnd::Heading(_)) => {
                out.heading = false;
                push_space(&mut out.plain.headings);
                out.block();
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                out.block();
                out.text(&footnote_number(&mut footnotes, name));
            }
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Subscript
                | Tag::Superscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Subscript
                | TagEnd::Superscript
                | TagEnd::Image,
            ) => {}
            Event::Rule
            | Event::Start(
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition,
            ) => out.block(),
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Start(
                Tag::HtmlBlock
                | Tag::MetadataBlock(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            )
            | Event::End(
                TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_)
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            )
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::TaskListMarker(_) => return None,
        }
    }
    Some(out.finish())
}

/// The text being read, and whether it is in a heading.
struct Text {
    plain: PlainText,
    heading: bool,
}

impl Text {
    /// Text of the body (and of the heading it is in).
    fn text(&mut self, text: &str) {
        push_text(&mut self.plain.body, text);
        if self.heading {
            push_text(&mut self.plain.headings, text);
        }
    }

    /// The start or end of a block element: the end of a word of the body.
    fn block(&mut self) {
        push_space(&mut self.plain.body);
    }

    /// The text without white space at the end.
    fn finish(mut self) -> PlainText {
        let plain = &mut self.plain;
        plain.body.truncate(plain.body.trim_end().len());
        plain.body.shrink_to_fit();
        plain.headings.truncate(plain.headings.trim_end().len());
        self.plain
    }
}

/// The number pulldown-cmark's HTML writer shows for footnote `name`: footnotes are
/// numbered from 1 in the order their references or definitions first appear.
fn footnote_number<'a>(footnotes: &mut Vec<CowStr<'a>>, name: CowStr<'a>) -> String {
    let number = match footnotes.iter().position(|known| *known == name) {
        Some(n) => n + 1,
        None => {
            footnotes.push(name);
            footnotes.len()
        }
    };
    number.to_string()
}

#[cfg(test)]
mod tests {
    use super::markdown_text;
    use crate::search::properties::check_markdown_text;

    #[test]
    fn the_same_text_as_from_the_html() {
        let bodies = [
            "",
            "Söz",
            "  Bir  iki\u{a0}üç\t\n",
            "## Sənədlər\n\nMətn *vurğulu* və **qalın**, `kod` [keçid](@/press/a.md).\n",
            "Başlıq\nikinci sətir\n======\n\nSetext\n---\n",
            "# Başlıq `kod` ![şəkil *alt*](a.png) və [keçid](x)\n",
            "a  \nb\\\nc\nd",
            "| a | b |\n|:--|--:|\n| 1 *x* | 2 |\n| 3 |\n\nSonra",
            "mətn[^1] və[^qeyd] yenə[^1]\n\n[^qeyd]: Qeyd *bir*\n\n[^1]: İki\n\n[^boş]: heç kim\n",
            "- bir\n- iki\n  1. üç\n\n> sitat\n> davam\n\n---\n***\n",
            "```rust\nfn main() {\n    x < y && z > 0;\n}\n```\n\n    girinti\n    kod\n",
            "&amp; &lt;b&gt; &#160; &nbsp; &copy; AT&T <https://x.az/a?b=1&c=2> <poçt@x.az>",
            "![a ![b](c.png) d](e.png) sonra\n\n![](f.png)![](g.png)yapışıq",
            "~~silinmiş~~söz\n\n\\<p\\> deyil teq",
            "## Boş\n\n##\n\n#### {#id}\n",
            "[^a]\n\n[^a]: ![x](y.png) qeyd\n",
            "1) a\n2) b\n\n5. c\n",
            "Mətn\u{2003}\u{3000}boşluqlar\u{85}\u{b}.",
        ];
        for body in bodies {
            assert!(markdown_text(body).is_some(), "{body:?}");
            check_markdown_text(body);
        }
    }

    #[test]
    fn raw_html_is_left_to_the_html() {
        for body in [
            "<script>x</script>\n\nMətn",
            "Mətn <span>daxili</span>",
            "<div\nclass=\"x\">\n\n</div>",
            "<!-- şərh -->",
        ] {
            assert_eq!(markdown_text(body), None, "{body:?}");
        }
    }
}
