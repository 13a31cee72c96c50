//! What in rendered content can run a script: URL schemes that browsers execute, checked in
//! every build, and the `ammonia` policy applied to rendered HTML under
//! `[markdown] raw_html = "sanitize"`.
//!
//! Schemes are read as browsers read them (the WHATWG URL parser): spaces and control
//! characters around the URL and tabs and newlines inside it are ignored, and case does not
//! matter, so `" JaVa\tScRiPt:alert(1)"` is a `javascript:` URL. Other control characters
//! are dropped too, which flags a few URLs a browser would treat as relative: a mistake in
//! any case, and the safe side to err on.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Why a URL is refused, for the message: the scheme as a browser reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptScheme {
    /// `javascript:`
    JavaScript,
    /// `vbscript:`
    VbScript,
    /// `data:` (for an image, one that is not PNG, JPEG, GIF or WebP)
    Data,
}

impl ScriptScheme {
    /// The scheme with its colon, as users write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ScriptScheme::JavaScript => "javascript:",
            ScriptScheme::VbScript => "vbscript:",
            ScriptScheme::Data => "data:",
        }
    }
}

/// The image types a `data:` URL may carry in an image: none of them can hold a script
/// (SVG can, and is not among them).
const DATA_IMAGE_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// The script-capable scheme of `url`, if it has one. `for_image` allows `data:` URLs of
/// PNG, JPEG, GIF and WebP images (an image's `src`); everywhere else every `data:` URL is
/// refused.
pub fn script_scheme(url: &str, for_image: bool) -> Option<ScriptScheme> {
    // Most URLs are relative or plainly `https:`: settled without cleaning a copy.
    let plain = url.split_once(':').map_or(Some(""), |(scheme, _)| {
        scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
            .then_some(scheme)
    });
    if let Some(scheme) = plain
        && !["javascript", "vbscript", "data"]
            .iter()
            .any(|risky| scheme.eq_ignore_ascii_case(risky))
    {
        return None;
    }
    let (scheme, rest) = scheme_of(url)?;
    match scheme.as_str() {
        "javascript" => Some(ScriptScheme::JavaScript),
        "vbscript" => Some(ScriptScheme::VbScript),
        "data" if for_image && is_data_image(&rest) => None,
        "data" => Some(ScriptScheme::Data),
        _ => None,
    }
}

/// Why `url`, an address written in front matter (a source, a video, a legal act, a lead
/// image), cannot be published as a link: a script-capable scheme, or another scheme than
/// `http:` or `https:` (`ftp:`, `file:`). Paths (`/files/a.pdf`, `photo.jpg`), anchors and
/// `mailto:`/`tel:` addresses are fine.
pub fn address_problem(url: &str, for_image: bool) -> Option<String> {
    if let Some(scheme) = script_scheme(url, for_image) {
        return Some(format!(
            "is a `{}` address, which runs a script or shows a page made by whoever wrote it",
            scheme.as_str()
        ));
    }
    let (scheme, _) = scheme_of(url)?;
    // A `data:` image that got past `script_scheme` is a raster image.
    let allowed: &[&str] = if for_image {
        &["http", "https", "data"]
    } else {
        &["http", "https", "mailto", "tel"]
    };
    (!allowed.contains(&scheme.as_str()))
        .then(|| format!("is a `{scheme}:` address, which browsers do not open from a web page"))
}

/// The most elements raw HTML may nest. Browsers stop nesting at 512 too (Chromium puts
/// deeper elements beside the 512th); the HTML parser behind [`sanitize`] takes time
/// proportional to the depth for every element it opens, so 50,000 `<div>`s (250 KB)
/// took it nearly a minute.
pub const MAX_DEPTH: usize = 512;

/// How deep the elements of raw HTML nest, read a chunk at a time: every start tag opens an
/// element but those that never hold others (`<br>`, `<img>`, `<x/>`) or that the next of
/// their kind closes (`<p>`, `<li>`, `<td>`), and every end tag closes one. Comments and
/// declarations are skipped. An estimate from above for what a parser builds, which is all
/// a limit needs.
#[derive(Debug, Default)]
pub struct Depth {
    depth: usize,
}

/// Elements that hold nothing, or that the next of their kind (or their parent's end)
/// closes, so that a run of them does not nest.
const FLAT: [&str; 26] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rt", "rp", "tbody",
    "thead",
];

impl Depth {
    /// Reads one chunk of raw HTML; returns the deepest nesting reached in it.
    pub fn read(&mut self, html: &str) -> usize {
        let mut deepest = self.depth;
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let closing = rest.starts_with('/');
            let name_start = usize::from(closing);
            let name_len = rest[name_start..]
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .unwrap_or(rest.len() - name_start);
            // A tag name starts with a letter: "<3" and "a < b" are text.
            if !rest[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
            let end = rest.find('>').unwrap_or(rest.len());
            let self_closed = rest[..end].ends_with('/');
            if closing {
                if !FLAT.contains(&name.as_str()) {
                    self.depth = self.depth.saturating_sub(1);
                }
            } else if !self_closed && !FLAT.contains(&name.as_str()) {
                self.depth += 1;
                deepest = deepest.max(self.depth);
            }
            rest = &rest[end.min(rest.len())..];
        }
        deepest
    }
}

/// The lower-cased scheme of `url` and what follows its colon, with ASCII whitespace and
/// control characters removed; `None` for a URL without a scheme (a relative one).
fn scheme_of(url: &str) -> Option<(String, String)> {
    let cleaned: String = url
        .chars()
        .filter(|c| !(c.is_ascii_whitespace() || c.is_ascii_control()))
        .collect();
    let (scheme, rest) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (scheme.to_ascii_lowercase(), rest.to_owned()))
}

/// Whether the part of a `data:` URL after the colon starts with an allowed image type.
fn is_data_image(rest: &str) -> bool {
    let media_type = rest
        .split([';', ','])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    DATA_IMAGE_TYPES.contains(&media_type.as_str())
}

/// The sanitizer, built once: `ammonia`'s defaults (which remove `<script>` and `<style>`
/// with their content, every `on...` handler, `style`, frames, forms and comments, and every
/// URL scheme but the common safe ones) widened to what the renderer and the theme emit.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        // Heading ids and footnotes (ids), code languages and footnote markers (classes),
        // the language and direction of quoted text.
        .add_generic_attributes(["id", "class", "dir"])
        .add_generic_attribute_prefixes(["aria-"])
        // Links keep the relation they were written with; none is added, so that
        // internal links stay as Markdown renders them.
        .link_rel(None)
        .add_tag_attributes("a", ["rel"])
        // Images as `markdown::render` writes them.
        .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
        // The scrolling box each table is wrapped in.
        .add_tag_attributes("div", ["role", "tabindex"])
        // Column alignment (`style="text-align: ..."`), and nothing else of `style`.
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .add_tag_attributes("time", ["datetime"])
        // `data:` passes ammonia's scheme check only to be narrowed to images below.
        .add_url_schemes(["data"])
        .attribute_filter(|element, attribute, value| {
            let is_url = matches!(attribute, "href" | "src" | "xlink:href");
            let for_image = element == "img" && attribute == "src";
            if is_url && script_scheme(value, for_image).is_some() {
                None
            } else {
                Some(Cow::Borrowed(value))
            }
        });
    builder
});

/// `html` cleaned by the `raw_html = "sanitize"` policy.
pub fn sanitize(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "  javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\nscript:alert(1)",
        ] {
            assert_eq!(
                script_scheme(url, false),
                Some(ScriptScheme::JavaScript),
                "{url:?}"
            );
        }
        assert_eq!(
            script_scheme("VBScript:msgbox", true),
            Some(ScriptScheme::VbScript)
        );
        for url in [
            "https://example.gov.az/",
            "/press/",
            "photo.jpg",
            "#top",
            "mailto:info@example.gov.az",
            "tel:+994120000000",
            "@/press/a.md",
            "notes/javascript:x",
            "javascript-guide.md",
        ] {
            assert_eq!(script_scheme(url, false), None, "{url:?}");
        }
    }

    #[test]
    fn depth_counts_what_nests() {
        let depth = |chunks: &[&str]| {
            let mut d = Depth::default();
            chunks.iter().map(|c| d.read(c)).max().unwrap_or(0)
        };
        assert_eq!(depth(&["<div><div><span>a</span></div></div>"]), 3);
        assert_eq!(depth(&["<div>", "<section>", "</section>", "</div>"]), 2);
        assert_eq!(depth(&["<p>a<p>b<li>c<br><img src=x><hr/><x-y/>"]), 0);
        assert_eq!(depth(&["<!-- <div><div> --><div>"]), 1);
        assert_eq!(depth(&[&"<div>".repeat(20_000)]), 20_000);
        assert_eq!(depth(&["a < b, </>, <>, <3"]), 0);
    }

    #[test]
    fn data_urls_are_allowed_only_for_raster_images() {
        assert_eq!(script_scheme("data:image/png;base64,iVBO", true), None);
        assert_eq!(script_scheme("DATA:Image/JPEG,x", true), None);
        assert_eq!(script_scheme("data:image/webp;base64,x", true), None);
        assert_eq!(
            script_scheme("data:image/png;base64,iVBO", false),
            Some(ScriptScheme::Data)
        );
        assert_eq!(
            script_scheme("data:image/svg+xml,<svg onload=alert(1)>", true),
            Some(ScriptScheme::Data)
        );
        assert_eq!(
            script_scheme("data:text/html,<script>alert(1)</script>", true),
            Some(ScriptScheme::Data)
        );
    }

    #[test]
    fn sanitizing_removes_scripts_and_keeps_what_the_renderer_writes() {
        let rendered = concat!(
            "<h2 id=\"senedler\">Sənədlər</h2>\n",
            "<p lang=\"ru\" dir=\"ltr\">Текст<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n",
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Cədvəl\"><table><thead><tr><th style=\"text-align: right\">a</th></tr></thead><tbody><tr><td style=\"text-align: right; color: red\">1</td></tr></tbody></table>\n</div>\n",
            "<p><img src=\"photo.png\" alt=\"Foto\" width=\"1000\" height=\"600\" srcset=\"photo-480w.png 480w, photo.png 1000w\" sizes=\"(min-width: 45rem) 40rem, 100vw\" loading=\"lazy\" decoding=\"async\"></p>\n",
            "<p><a href=\"/en/press/a/\" rel=\"external\">a</a> <a href=\"mailto:x@example.az\">m</a></p>\n",
            "<p><img src=\"data:image/png;base64,iVBO\" alt=\"dot\"></p>\n",
        );
        let clean = sanitize(rendered);
        for kept in [
            "<h2 id=\"senedler\">",
            "<p lang=\"ru\" dir=\"ltr\">",
            "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Cədvəl\"><table>",
            "<th style=\"text-align:right\">",
            "<td style=\"text-align:right\">",
            "srcset=\"photo-480w.png 480w, photo.png 1000w\"",
            "sizes=\"(min-width: 45rem) 40rem, 100vw\"",
            "width=\"1000\" height=\"600\"",
            "loading=\"lazy\" decoding=\"async\"",
            "<a href=\"/en/press/a/\" rel=\"external\">a</a>",
            "<a href=\"mailto:x@example.az\">m</a>",
            "src=\"data:image/png;base64,iVBO\"",
        ] {
            assert!(clean.contains(kept), "lost {kept}\n{clean}");
        }
        let hostile = concat!(
            "<script>alert(1)</script><img src=\"x.png\" onerror=\"alert(2)\" alt=\"x\">",
            "<a href=\"java\tscript:alert(3)\">a</a><a href=\"data:text/html,x\">d</a>",
            "<iframe src=\"https://evil.example\"></iframe><style>body{}</style>",
            "<p style=\"position:fixed\" onclick=\"alert(4)\">p</p>",
            "<img src=\"data:image/svg+xml,&lt;svg onload=alert(5)&gt;\" alt=\"s\">",
        );
        let clean = sanitize(hostile);
        for gone in [
            "<script", "alert", "onerror", "onclick", "iframe", "<style", "position", "data:",
        ] {
            assert!(!clean.contains(gone), "kept {gone}\n{clean}");
        }
        assert!(clean.contains("<img src=\"x.png\" alt=\"x\">"), "{clean}");
    }
}
