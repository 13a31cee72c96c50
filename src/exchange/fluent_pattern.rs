//! A Fluent pattern read for translation: its readings (the whole pattern, or each
//! variant of its one selector with the text around the selector), each as pieces with the
//! placeables as numbered placeholders, and whether the selector counts (a plural).

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Message, Pattern, PatternElement, VariantKey,
};

use super::plural::is_category;
use super::units::Piece;

/// One reading of a pattern: the whole of it, or one variant of its selector with the text
/// around the selector.
#[derive(Clone)]
pub(super) struct Reading {
    /// The variant key (`one`, `0`, `male`); `None` for a pattern without selector.
    pub(super) key: Option<String>,
    /// Whether it is the default variant (`*[other]`), or the only reading.
    pub(super) default: bool,
    /// Its text, placeables as standalone placeholders.
    pub(super) pieces: Vec<Piece>,
    /// The Fluent source of each placeholder, by number from 1.
    pub(super) markup: Vec<String>,
}

/// How a selector counts, when its variants are plural categories.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Plural {
    /// Counting: `{ $count -> ... }`.
    Cardinal,
    /// Ordinals: `{ NUMBER($n, type: "ordinal") -> ... }`.
    Ordinal,
}

/// A selector: its Fluent source, and whether it selects plural categories.
pub(super) struct Selector {
    /// Its Fluent source (`$count`).
    pub(super) source: String,
    /// How it counts, when its keys are plural categories and numbers.
    pub(super) plural: Option<Plural>,
}

/// The readings of a pattern and its selector, if it has one; `None` when it has several
/// selectors or one inside another.
pub(super) fn readings(pattern: &Pattern<&str>) -> Option<(Option<Selector>, Vec<Reading>)> {
    let selects: Vec<usize> = pattern
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| is_select(e))
        .map(|(i, _)| i)
        .collect();
    let elements: Vec<&PatternElement<&str>> = pattern.elements.iter().collect();
    match selects.as_slice() {
        [] => {
            let (pieces, markup) = pieces(&elements);
            Some((
                None,
                vec![Reading {
                    key: None,
                    default: true,
                    pieces,
                    markup,
                }],
            ))
        }
        [at] => {
            let PatternElement::Placeable {
                expression: Expression::Select { selector, variants },
            } = elements[*at]
            else {
                return None;
            };
            let mut out = Vec::new();
            for variant in variants {
                if variant.value.elements.iter().any(is_select) {
                    return None;
                }
                let mut around: Vec<&PatternElement<&str>> = elements[..*at].to_vec();
                around.extend(variant.value.elements.iter());
                around.extend(elements[at + 1..].iter().copied());
                let (pieces, markup) = pieces(&around);
                let key = match &variant.key {
                    VariantKey::Identifier { name } => (*name).to_owned(),
                    VariantKey::NumberLiteral { value } => (*value).to_owned(),
                };
                out.push(Reading {
                    key: Some(key),
                    default: variant.default,
                    pieces,
                    markup,
                });
            }
            let plural = plural_kind(selector).filter(|_| {
                variants.iter().all(|v| match &v.key {
                    VariantKey::Identifier { name } => is_category(name),
                    VariantKey::NumberLiteral { .. } => !v.default,
                })
            });
            let source = placeable_source(&Expression::Inline(selector.clone()));
            let source = source
                .trim()
                .trim_start_matches('{')
                .trim_end_matches('}')
                .trim()
                .to_owned();
            Some((Some(Selector { source, plural }), out))
        }
        _ => None,
    }
}

fn is_select(element: &PatternElement<&str>) -> bool {
    matches!(
        element,
        PatternElement::Placeable {
            expression: Expression::Select { .. }
        }
    )
}

/// Whether a selector counts: a variable (`$count`) or `NUMBER($count)`, ordinal with
/// `type: "ordinal"`.
pub(super) fn plural_kind(selector: &InlineExpression<&str>) -> Option<Plural> {
    match selector {
        InlineExpression::VariableReference { .. } => Some(Plural::Cardinal),
        InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
            let ordinal = arguments.named.iter().any(|a| {
                a.name.name == "type"
                    && matches!(a.value, InlineExpression::StringLiteral { value } if value == "ordinal")
            });
            Some(if ordinal {
                Plural::Ordinal
            } else {
                Plural::Cardinal
            })
        }
        _ => None,
    }
}

/// Elements as pieces, and the Fluent source of each placeable.
pub(super) fn pieces(elements: &[&PatternElement<&str>]) -> (Vec<Piece>, Vec<String>) {
    let mut pieces = Vec::new();
    let mut markup = Vec::new();
    for element in elements {
        match element {
            PatternElement::TextElement { value } => match pieces.last_mut() {
                Some(Piece::Text(text)) => text.push_str(value),
                _ => pieces.push(Piece::Text((*value).to_owned())),
            },
            PatternElement::Placeable { expression } => {
                markup.push(placeable_source(expression));
                pieces.push(Piece::Standalone(markup.len() as u32));
            }
        }
    }
    (pieces, markup)
}

/// The Fluent source of one placeable, `{ $name }`, through fluent-syntax's serializer.
pub(super) fn placeable_source(expression: &Expression<&str>) -> String {
    let resource = fluent_syntax::ast::Resource {
        body: vec![Entry::Message(Message {
            id: fluent_syntax::ast::Identifier { name: "x" },
            value: Some(Pattern {
                elements: vec![PatternElement::Placeable {
                    expression: expression.clone(),
                }],
            }),
            attributes: Vec::new(),
            comment: None,
        })],
    };
    let text = fluent_syntax::serializer::serialize(&resource);
    text.trim_end()
        .strip_prefix("x = ")
        .unwrap_or(text.trim_end())
        .to_owned()
}
