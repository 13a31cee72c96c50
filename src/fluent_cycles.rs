//! Fluent messages that refer to themselves, directly (`a = { a }`) or through others
//! (`a = { b }`, `b = { a }`). Fluent's parser accepts them and formatting fails only when
//! a template asks for one, far from the file that is wrong; this check names the `.ftl`
//! file and line when the locales are loaded.
//!
//! Each message value, message attribute, term value and term attribute is a node; a
//! reference (`{ a }`, `{ a.title }`, `{ -brand }`) is an edge. A later file's message
//! replaces an earlier one of the same id, as the site's messages replace the theme's.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use fluent_syntax::ast::{self, Expression, InlineExpression, PatternElement};

use crate::error::Error;

/// One `.ftl` file of a language: how it is shown, and its text.
#[derive(Debug, Clone)]
pub struct FtlFile {
    /// The path shown in messages.
    pub display: PathBuf,
    /// The file's text.
    pub text: Arc<str>,
}

/// Where a node is defined and what it refers to.
struct Node {
    file: usize,
    /// The entry's own id (`a` or `-a`), to find its line.
    entry: String,
    refs: Vec<String>,
}

/// One error for every cycle among the messages of `files` (in loading order).
pub fn check(files: &[FtlFile]) -> Vec<Error> {
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    for (file, ftl) in files.iter().enumerate() {
        let resource = match fluent_syntax::parser::parse(&*ftl.text) {
            Ok(resource) | Err((resource, _)) => resource,
        };
        for entry in &resource.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
                _ => continue,
            };
            let mut add = |name: String, pattern: Option<&ast::Pattern<&str>>| {
                let mut refs = Vec::new();
                if let Some(pattern) = pattern {
                    pattern_refs(pattern, &mut refs);
                }
                let entry = id.clone();
                nodes.insert(name, Node { file, entry, refs });
            };
            add(id.clone(), value);
            for attribute in attributes {
                add(
                    format!("{id}.{}", attribute.id.name),
                    Some(&attribute.value),
                );
            }
        }
    }
    cycles(&nodes)
        .into_iter()
        .map(|cycle| {
            let node = &nodes[&cycle[0]];
            let ftl = &files[node.file];
            let range = definition(&ftl.text, &node.entry);
            let path = cycle.join(" → ");
            Error::at_span(
                &ftl.display,
                &ftl.text,
                range,
                format!(
                    "the message `{}` refers to itself: {path} → {}",
                    cycle[0], cycle[0]
                ),
            )
            .with_help("replace one of these references with the text itself")
        })
        .collect()
}

/// The cycles of the graph, each as the nodes in order from its smallest node, once.
fn cycles(nodes: &BTreeMap<String, Node>) -> Vec<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: HashMap<&str, State> = HashMap::new();
    let mut found = Vec::new();
    for start in nodes.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        // Depth-first with an explicit stack: (node, next edge to follow).
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, State::Open);
        while let Some(top) = path.last_mut() {
            let node = top.0;
            let refs = nodes
                .get(node)
                .map(|n| n.refs.as_slice())
                .unwrap_or_default();
            let Some(target) = refs.get(top.1) else {
                state.insert(node, State::Done);
                path.pop();
                continue;
            };
            top.1 += 1;
            match state.get(target.as_str()) {
                Some(State::Open) => {
                    let at = path.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        path[at..].iter().map(|(n, _)| (*n).to_owned()).collect();
                    let smallest = (0..cycle.len()).min_by_key(|&i| &cycle[i]).unwrap_or(0);
                    cycle.rotate_left(smallest);
                    if !found.contains(&cycle) {
                        found.push(cycle);
                    }
                }
                Some(State::Done) => {}
                None if nodes.contains_key(target.as_str()) => {
                    state.insert(target, State::Open);
                    path.push((target, 0));
                }
                None => {}
            }
        }
    }
    found
}

fn pattern_refs(pattern: &ast::Pattern<&str>, refs: &mut Vec<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_refs(expression, refs);
        }
    }
}

fn expression_refs(expression: &Expression<&str>, refs: &mut Vec<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_refs(selector, refs);
            for variant in variants {
                pattern_refs(&variant.value, refs);
            }
        }
        Expression::Inline(inline) => inline_refs(inline, refs),
    }
}

fn inline_refs(inline: &InlineExpression<&str>, refs: &mut Vec<String>) {
    let node = |prefix: &str, id: &str, attribute: &Option<ast::Identifier<&str>>| match attribute {
        Some(attribute) => format!("{prefix}{id}.{}", attribute.name),
        None => format!("{prefix}{id}"),
    };
    match inline {
        InlineExpression::MessageReference { id, attribute } => {
            refs.push(node("", id.name, attribute));
        }
        InlineExpression::TermReference {
            id,
            attribute,
            arguments,
        } => {
            refs.push(node("-", id.name, attribute));
            if let Some(arguments) = arguments {
                arguments_refs(arguments, refs);
            }
        }
        InlineExpression::FunctionReference { arguments, .. } => arguments_refs(arguments, refs),
        InlineExpression::Placeable { expression } => expression_refs(expression, refs),
        InlineExpression::StringLiteral { .. }
        | InlineExpression::NumberLiteral { .. }
        | InlineExpression::VariableReference { .. } => {}
    }
}

fn arguments_refs(arguments: &ast::CallArguments<&str>, refs: &mut Vec<String>) {
    for positional in &arguments.positional {
        inline_refs(positional, refs);
    }
    for named in &arguments.named {
        inline_refs(&named.value, refs);
    }
}

/// The byte range of the id where entry `id` is defined in `text` (`id =` at a line start).
fn definition(text: &str, id: &str) -> std::ops::Range<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(id)
            && rest.trim_start().starts_with('=')
        {
            return start..start + id.len();
        }
        start += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn ftl_file(display: &Path, text: &str) -> FtlFile {
        FtlFile {
            display: display.to_path_buf(),
            text: Arc::from(text),
        }
    }

    fn errors(files: &[(&str, &str)]) -> Vec<String> {
        let files: Vec<FtlFile> = files
            .iter()
            .map(|(path, text)| ftl_file(Path::new(path), text))
            .collect();
        check(&files).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_message_that_refers_to_itself_is_found_at_its_line() {
        let found = errors(&[("locales/az/site.ftl", "ok = Salam\nloop = Bir { loop }\n")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("locales/az/site.ftl:2:1"), "{found:?}");
        assert!(found[0].contains("loop → loop"), "{found:?}");
    }

    #[test]
    fn cycles_through_terms_attributes_and_selects_are_found_once() {
        let found = errors(&[(
            "a.ftl",
            "-brand = { $case ->\n   *[x] { title }\n}\ntitle = { -brand } xidmət\nok = { title.hint }\ntitle-two = x\n    .hint = { ok }\n",
        )]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("-brand → title → -brand"), "{found:?}");
    }

    #[test]
    fn an_attribute_may_refer_to_its_own_message() {
        assert!(errors(&[("a.ftl", "a = Mətn\n    .title = { a }\n")]).is_empty());
    }

    #[test]
    fn a_later_file_replaces_a_looping_message() {
        let theme = ("themes/default/locales/az/theme.ftl", "a = { a }\n");
        let site = ("locales/az/site.ftl", "a = Düzəldildi\n");
        assert!(errors(&[theme, site]).is_empty());
        assert_eq!(errors(&[site, theme]).len(), 1);
    }
}
