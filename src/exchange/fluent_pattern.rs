//! A Fluent pattern read for translation: its readings, one per path through its selectors
//! (the variant chosen at each selector, outermost and first first, a selector inside a
//! variant after the one that holds it), each the whole text Fluent would show for those
//! choices, with the placeables as numbered placeholders; and the shape of the selectors,
//! by which fluent_write.rs writes the readings back as nested select expressions.
//!
//! A plural selector (a number variable, variant keys that are CLDR categories or numbers)
//! branches on the numeric keys and the plural categories of the target language, each
//! reading the source variant of its category or else the default variant. A selector that
//! appears a second time on a path, with the same keys (for a plural one: the same numeric
//! keys), does not branch again: it takes the variant of the key chosen before, which is the
//! one Fluent selects for every value that reaches that path. A pattern with more than
//! [`MOST_READINGS`] readings is not read.

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Message, Pattern, PatternElement, Variant, VariantKey,
};

use super::fluent::Shape;
use super::plural::{Categories, is_category};
use super::units::Piece;

/// The most readings one pattern may have (a message of three plural selectors for a
/// language of six categories has 216).
pub(super) const MOST_READINGS: usize = 256;

/// One reading of a pattern: the whole of it, for one choice of variant at each selector.
#[derive(Debug, Clone)]
pub(super) struct Reading {
    /// The selector (its Fluent source, `$count`) and the key chosen at each branch, in
    /// the order of the shape; empty for a pattern without selector.
    pub(super) path: Vec<(String, String)>,
    /// Its text, placeables as standalone placeholders.
    pub(super) pieces: Vec<Piece>,
    /// The Fluent source of each placeholder, by number from 1.
    pub(super) markup: Vec<String>,
}

/// How a selector counts, when its variants are plural categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plural {
    /// Counting: `{ $count -> ... }`.
    Cardinal,
    /// Ordinals: `{ NUMBER($n, type: "ordinal") -> ... }`.
    Ordinal,
}

/// The readings of `pattern` for a language with the plural `categories`, and the shape
/// they are written back in; `None` when it has more than [`MOST_READINGS`].
pub(super) fn readings(
    pattern: &Pattern<&str>,
    categories: &Categories,
) -> Option<(Shape, Vec<Reading>)> {
    let mut walk = Walk {
        categories,
        readings: Vec::new(),
    };
    let shape = walk.expand(pattern.elements.iter().collect(), Vec::new(), Vec::new())?;
    Some((shape, walk.readings))
}

/// The reading of `pattern` that Fluent shows when each selector named in `path` takes the
/// key given there (a selector not named, or a key it lacks, takes the default variant).
pub(super) fn chosen(
    pattern: &Pattern<&str>,
    path: &[(String, String)],
) -> (Vec<Piece>, Vec<String>) {
    let mut elements: Vec<&PatternElement<&str>> = pattern.elements.iter().collect();
    while let Some((at, selector, variants)) = first_select(&elements) {
        let selector = selector_source(selector);
        let key = path
            .iter()
            .find(|(s, _)| *s == selector)
            .map(|(_, k)| k.as_str());
        let Some(variant) = variant_for(variants, key) else {
            // No default variant: not Fluent the parser accepts; read the selector away.
            elements.remove(at);
            continue;
        };
        elements = splice(&elements, at, variant);
    }
    pieces(&elements)
}

/// The enumeration of a pattern's readings.
struct Walk<'c> {
    /// The target language's plural categories.
    categories: &'c Categories,
    /// The readings found so far.
    readings: Vec<Reading>,
}

impl Walk<'_> {
    /// The readings of `elements` (the pattern with the variants of `path` chosen so far
    /// spliced in; `branchings` tells how each selector of `path` branched), and their shape.
    fn expand(
        &mut self,
        elements: Vec<&PatternElement<&str>>,
        path: Vec<(String, String)>,
        branchings: Vec<Branching>,
    ) -> Option<Shape> {
        let Some((at, expression, variants)) = first_select(&elements) else {
            if self.readings.len() >= MOST_READINGS {
                return None;
            }
            let (pieces, markup) = pieces(&elements);
            self.readings.push(Reading {
                path,
                pieces,
                markup,
            });
            return Some(Shape::Plain);
        };
        let selector = selector_source(expression);
        let branching = Branching::of(expression, variants)?;
        let before = path
            .iter()
            .zip(&branchings)
            .find(|((s, _), b)| *s == selector && **b == branching);
        if let Some(((_, key), _)) = before {
            let variant = variant_for(variants, Some(key.as_str()))?;
            return self.expand(splice(&elements, at, variant), path, branchings);
        }
        let (branches, default) = self.branches(&branching, variants)?;
        let mut shapes = Vec::new();
        for (key, variant) in branches {
            let mut path = path.clone();
            path.push((selector.clone(), key.clone()));
            let mut branchings = branchings.clone();
            branchings.push(branching.clone());
            let shape = self.expand(splice(&elements, at, variant), path, branchings)?;
            shapes.push((key, shape));
        }
        Some(Shape::Select {
            selector,
            variants: shapes,
            default,
        })
    }

    /// The keys a select expression branches on, the source variant each reads, and the
    /// default key: for a plural selector its numeric keys and the target language's
    /// categories, otherwise its own keys.
    fn branches<'v, 's>(
        &self,
        branching: &Branching,
        variants: &'v [Variant<&'s str>],
    ) -> Option<(Branches<'v, 's>, String)> {
        let default = variants.iter().find(|v| v.default)?;
        let Some(plural) = branching.plural else {
            let keys = variants.iter().map(|v| (key_of(v), v)).collect();
            return Some((keys, key_of(default)));
        };
        let wanted = match plural {
            Plural::Cardinal => &self.categories.cardinal,
            Plural::Ordinal => &self.categories.ordinal,
        };
        // Numeric keys as they are, then one branch per category of the target language.
        let mut keys: Branches<'v, 's> = variants
            .iter()
            .filter(|v| matches!(v.key, VariantKey::NumberLiteral { .. }))
            .map(|v| (key_of(v), v))
            .collect();
        for category in wanted {
            let variant = variant_for(variants, Some(category)).unwrap_or(default);
            keys.push(((*category).to_owned(), variant));
        }
        Some((keys, "other".to_owned()))
    }
}

/// What decides how a select expression branches: whether it is plural, and its keys (for a
/// plural one, its numeric keys: the categories are the target language's) and default.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Branching {
    /// How it counts, when its keys are plural categories and numbers.
    plural: Option<Plural>,
    /// Its keys in order (numeric keys only, for a plural selector).
    keys: Vec<String>,
    /// Its default key (empty for a plural selector, whose default is `other`).
    default: String,
}

impl Branching {
    /// The branching of the select expression on `selector` with `variants`; `None`
    /// without a default variant.
    fn of(selector: &InlineExpression<&str>, variants: &[Variant<&str>]) -> Option<Branching> {
        let default = key_of(variants.iter().find(|v| v.default)?);
        let plural = plural_kind(selector).filter(|_| {
            variants.iter().all(|v| match &v.key {
                VariantKey::Identifier { name } => is_category(name),
                VariantKey::NumberLiteral { .. } => !v.default,
            })
        });
        Some(match plural {
            Some(_) => Branching {
                plural,
                keys: variants
                    .iter()
                    .filter(|v| matches!(v.key, VariantKey::NumberLiteral { .. }))
                    .map(key_of)
                    .collect(),
                default: String::new(),
            },
            None => Branching {
                plural,
                keys: variants.iter().map(key_of).collect(),
                default,
            },
        })
    }
}

/// The keys a select expression branches on and the variant each reads.
type Branches<'v, 's> = Vec<(String, &'v Variant<&'s str>)>;

/// A select expression of a pattern: where it is, its selector and its variants.
type Select<'p, 's> = (usize, &'p InlineExpression<&'s str>, &'p [Variant<&'s str>]);

/// The first select expression of `elements`.
fn first_select<'p, 's>(elements: &[&'p PatternElement<&'s str>]) -> Option<Select<'p, 's>> {
    elements
        .iter()
        .enumerate()
        .find_map(|(at, element)| match element {
            PatternElement::Placeable {
                expression: Expression::Select { selector, variants },
            } => Some((at, selector, variants.as_slice())),
            _ => None,
        })
}

/// `elements` with the element at `at` replaced by the elements of `variant`.
fn splice<'p, 's>(
    elements: &[&'p PatternElement<&'s str>],
    at: usize,
    variant: &'p Variant<&'s str>,
) -> Vec<&'p PatternElement<&'s str>> {
    let mut out = elements[..at].to_vec();
    out.extend(variant.value.elements.iter());
    out.extend(elements[at + 1..].iter().copied());
    out
}

/// The variant Fluent selects for `key`: the one with that key, else the default one.
fn variant_for<'v, 's>(
    variants: &'v [Variant<&'s str>],
    key: Option<&str>,
) -> Option<&'v Variant<&'s str>> {
    variants
        .iter()
        .find(|v| key.is_some_and(|k| key_of(v) == k))
        .or_else(|| variants.iter().find(|v| v.default))
}

/// A variant's key as written (`one`, `0`).
fn key_of(variant: &Variant<&str>) -> String {
    match &variant.key {
        VariantKey::Identifier { name } => (*name).to_owned(),
        VariantKey::NumberLiteral { value } => (*value).to_owned(),
    }
}

/// A selector's Fluent source without the braces (`$count`, `NUMBER($n)`).
fn selector_source(selector: &InlineExpression<&str>) -> String {
    placeable_source(&Expression::Inline(selector.clone()))
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim()
        .to_owned()
}

/// Whether a selector counts: a variable (`$count`) or `NUMBER($count)`, ordinal with
/// `type: "ordinal"`.
fn plural_kind(selector: &InlineExpression<&str>) -> Option<Plural> {
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
fn pieces(elements: &[&PatternElement<&str>]) -> (Vec<Piece>, Vec<String>) {
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
fn placeable_source(expression: &Expression<&str>) -> String {
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
