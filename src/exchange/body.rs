//! The units of a Markdown body: pulldown-cmark events made into a tree, each run of inline
//! content of a block a [`Unit`], inline markup in it numbered placeholders with the byte
//! ranges of their Markdown (see units.rs for the model).

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::units::{Piece, Place, Placeholder, PlaceholderKind, Unit, has_letters};

/// A node of the event tree: an event, the byte range it covers and its children.
struct Node<'a> {
    event: Event<'a>,
    range: Range<usize>,
    children: Vec<Node<'a>>,
}

fn tree(body: &str) -> Vec<Node<'_>> {
    let mut stack: Vec<Node> = vec![Node {
        event: Event::Rule,
        range: 0..body.len(),
        children: Vec::new(),
    }];
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(_) => stack.push(Node {
                event,
                range,
                children: Vec::new(),
            }),
            Event::End(_) => {
                if stack.len() > 1 {
                    let node = stack.pop().expect("checked");
                    stack.last_mut().expect("root").children.push(node);
                }
            }
            other => stack.last_mut().expect("root").children.push(Node {
                event: other,
                range,
                children: Vec::new(),
            }),
        }
    }
    while stack.len() > 1 {
        let node = stack.pop().expect("checked");
        stack.last_mut().expect("root").children.push(node);
    }
    stack.pop().map(|root| root.children).unwrap_or_default()
}

fn is_inline(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::InlineMath(_)
            | Event::Start(
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::Superscript
                    | Tag::Subscript
            )
    )
}

/// Appends the units of the Markdown `body` to `units`, in document order.
pub(crate) fn units(body: &str, units: &mut Vec<Unit>) {
    let nodes = tree(body);
    let mut anchors = heading_ids(body).into_iter();
    blocks(&nodes, "body", units, &mut anchors);
}

/// The id each heading of `body` gets when rendered, in document order; `None` for the
/// headings with an explicit `{#id}`. The same rule as the renderer's (markdown.rs): the
/// slug of the text, made unique with `-1`, `-2` ...
fn heading_ids(body: &str) -> Vec<Option<String>> {
    let mut headings: Vec<(Option<String>, String)> = Vec::new();
    let mut inside = false;
    for event in Parser::new_ext(body, crate::markdown::options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                inside = true;
                headings.push((id.map(|i| i.to_string()), String::new()));
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => inside = false,
            Event::Text(t) | Event::Code(t) if inside => {
                if let Some((_, text)) = headings.last_mut() {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    let mut used: HashMap<String, usize> = headings
        .iter()
        .filter_map(|(id, _)| id.clone().map(|id| (id, 0)))
        .collect();
    headings
        .into_iter()
        .map(|(explicit, text)| {
            if explicit.is_some() {
                return None;
            }
            Some(crate::markdown::unique_heading_id(&text, &mut used))
        })
        .collect()
}

/// Walks block nodes, making a unit of each run of inline children.
fn blocks(
    nodes: &[Node],
    kind: &str,
    units: &mut Vec<Unit>,
    anchors: &mut impl Iterator<Item = Option<String>>,
) {
    let mut run: Vec<&Node> = Vec::new();
    for node in nodes {
        if is_inline(&node.event) {
            run.push(node);
            continue;
        }
        if !run.is_empty() {
            inline_unit(&run, kind, true, units);
            run.clear();
        }
        if let Event::Start(Tag::Heading { .. }) = node.event {
            let first = units.len();
            let anchor = anchors.next().flatten();
            blocks(&node.children, "heading", units, anchors);
            if let Some(unit) = units.get_mut(first) {
                unit.anchor = anchor;
            }
            continue;
        }
        let inner = match &node.event {
            Event::Start(Tag::Paragraph) if kind == "body" => "paragraph",
            Event::Start(Tag::Paragraph) => kind,
            Event::Start(Tag::Heading { .. }) => "heading",
            Event::Start(Tag::TableCell) => "table-cell",
            Event::Start(Tag::Item) => "list-item",
            Event::Start(Tag::BlockQuote(_)) => "quote",
            Event::Start(Tag::FootnoteDefinition(_)) => "footnote",
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => continue,
            Event::Start(_) => kind,
            _ => continue,
        };
        blocks(&node.children, inner, units, anchors);
    }
    if !run.is_empty() {
        inline_unit(&run, kind, true, units);
    }
}

/// Makes a unit of an inline run; returns its index.
fn inline_unit(run: &[&Node], kind: &str, top: bool, units: &mut Vec<Unit>) -> usize {
    let index = units.len();
    let start = run.first().map_or(0, |n| n.range.start);
    let end = run.last().map_or(0, |n| n.range.end);
    units.push(Unit {
        id: String::new(),
        kind: kind.to_owned(),
        place: Place::Body {
            range: start..end,
            top,
        },
        source: Vec::new(),
        placeholders: Vec::new(),
        exported: false,
        anchor: None,
    });
    let mut pieces = Vec::new();
    let mut placeholders = Vec::new();
    inline(run, &mut pieces, &mut placeholders, units);
    let unit = &mut units[index];
    unit.exported = pieces
        .iter()
        .any(|p| matches!(p, Piece::Text(t) if has_letters(t)));
    unit.source = pieces;
    unit.placeholders = placeholders;
    index
}

fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if let Some(Piece::Text(last)) = pieces.last_mut() {
        last.push_str(text);
    } else {
        pieces.push(Piece::Text(text.to_owned()));
    }
}

fn inline(
    nodes: &[&Node],
    pieces: &mut Vec<Piece>,
    placeholders: &mut Vec<Placeholder>,
    units: &mut Vec<Unit>,
) {
    for node in nodes {
        let standalone = |kind, placeholders: &mut Vec<Placeholder>, pieces: &mut Vec<Piece>| {
            let id = placeholders.len() as u32 + 1;
            placeholders.push(Placeholder {
                id,
                kind,
                open: node.range.clone(),
                close: None,
                nested: None,
            });
            pieces.push(Piece::Standalone(id));
            id
        };
        match &node.event {
            Event::Text(text) => push_text(pieces, text),
            Event::SoftBreak => push_text(pieces, " "),
            Event::HardBreak => {
                standalone(PlaceholderKind::LineBreak, placeholders, pieces);
            }
            Event::Code(_) | Event::InlineMath(_) => {
                standalone(PlaceholderKind::Code, placeholders, pieces);
            }
            Event::InlineHtml(_) => {
                standalone(PlaceholderKind::Html, placeholders, pieces);
            }
            Event::FootnoteReference(_) => {
                standalone(PlaceholderKind::FootnoteRef, placeholders, pieces);
            }
            Event::Start(Tag::Image { .. }) => {
                let id = standalone(PlaceholderKind::Image, placeholders, pieces);
                if !node.children.is_empty() {
                    let children: Vec<&Node> = node.children.iter().collect();
                    let alt = inline_unit(&children, "image-alt", false, units);
                    placeholders[id as usize - 1].nested = Some(alt);
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                standalone(PlaceholderKind::Autolink, placeholders, pieces);
            }
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Emphasis => PlaceholderKind::Emphasis,
                    Tag::Strong => PlaceholderKind::Strong,
                    Tag::Strikethrough => PlaceholderKind::Strikethrough,
                    Tag::Link { .. } => PlaceholderKind::Link,
                    _ => PlaceholderKind::Html,
                };
                let (Some(first), Some(last)) = (node.children.first(), node.children.last())
                else {
                    standalone(PlaceholderKind::Html, placeholders, pieces);
                    continue;
                };
                let id = placeholders.len() as u32 + 1;
                placeholders.push(Placeholder {
                    id,
                    kind,
                    open: node.range.start..first.range.start,
                    close: Some(last.range.end..node.range.end),
                    nested: None,
                });
                pieces.push(Piece::Open(id));
                let children: Vec<&Node> = node.children.iter().collect();
                inline(&children, pieces, placeholders, units);
                pieces.push(Piece::Close(id));
            }
            _ => {}
        }
    }
}
