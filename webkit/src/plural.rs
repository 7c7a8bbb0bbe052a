//! Plural categories from CLDR through ICU4X (`icu_plurals`), chosen
//! before Fluent formats a message.
//!
//! fluent-bundle 0.16 picks a variant such as `[few]` with the crate
//! intl_pluralrules 7.0.2, whose generated rules test some conditions on
//! the whole number instead of its remainder: in Arabic (CLDR `few` is
//! `n % 100 = 3..10`, `many` is `n % 100 = 11..99`) 103 came out as
//! `other` and 111, 180, 365 as `other` too. fluent-bundle has no hook for
//! its plural rules, so [`resolve`] rewrites a message's pattern before it
//! is formatted: every `{ $var -> … }` whose variable is a number is
//! replaced by the variant Fluent's own rule would pick (an exact number
//! key first, in order, then the CLDR category, else the default), with
//! the category from ICU4X's CLDR data. Everything else (string
//! selectors, functions, references) is left to Fluent.

use fluent_bundle::{FluentArgs, FluentValue};
use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement, Variant, VariantKey};
use icu_plurals::{PluralCategory, PluralRules};
use std::borrow::Cow;

/// The cardinal plural rules of one language.
#[derive(Debug)]
pub struct Plurals(PluralRules);

impl Plurals {
    /// The rules for BCP 47 `tag` (its language's, or the root rules
    /// (`other` only) for a tag CLDR does not know; `None` for a tag that
    /// does not parse).
    pub fn new(tag: &str) -> Option<Plurals> {
        let langid: icu_locale_core::LanguageIdentifier = tag.parse().ok()?;
        PluralRules::try_new((&langid).into(), Default::default()).ok().map(Plurals)
    }

    /// The CLDR category keyword (`zero`, `one`, `two`, `few`, `many`,
    /// `other`) of a number as Fluent displays it (so `1.0`, with its
    /// visible fraction digit, is not `one` in English).
    pub fn category(&self, number: &fluent_bundle::types::FluentNumber) -> &'static str {
        let shown = number.as_string();
        let category = match fixed_decimal::Decimal::try_from_str(&shown) {
            Ok(decimal) => self.0.category_for(&decimal),
            Err(_) => PluralCategory::Other,
        };
        keyword(category)
    }

    /// The category keyword of a whole number.
    pub fn category_of(&self, n: u64) -> &'static str {
        keyword(self.0.category_for(n))
    }
}

fn keyword(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// `pattern` with every select expression on a numeric argument replaced
/// by the variant it selects (borrowed unchanged when it has none).
pub fn resolve<'p>(
    pattern: &'p Pattern<&'p str>,
    args: &FluentArgs<'_>,
    plurals: &Plurals,
) -> Cow<'p, Pattern<&'p str>> {
    if !needs_rewrite(pattern, args) {
        return Cow::Borrowed(pattern);
    }
    let mut elements = Vec::with_capacity(pattern.elements.len());
    push_resolved(&pattern.elements, args, plurals, &mut elements);
    Cow::Owned(Pattern { elements })
}

/// The numeric argument a select expression chooses on, if any.
fn numeric_selector<'a>(
    selector: &InlineExpression<&str>,
    args: &'a FluentArgs<'_>,
) -> Option<&'a fluent_bundle::types::FluentNumber> {
    match selector {
        InlineExpression::VariableReference { id } => match args.iter().find(|(name, _)| *name == id.name) {
            Some((_, FluentValue::Number(n))) => Some(n),
            _ => None,
        },
        _ => None,
    }
}

fn needs_rewrite(pattern: &Pattern<&str>, args: &FluentArgs<'_>) -> bool {
    pattern.elements.iter().any(|element| match element {
        PatternElement::Placeable { expression: Expression::Select { selector, variants } } => {
            numeric_selector(selector, args).is_some() || variants.iter().any(|v| needs_rewrite(&v.value, args))
        }
        _ => false,
    })
}

fn push_resolved<'p>(
    elements: &'p [PatternElement<&'p str>],
    args: &FluentArgs<'_>,
    plurals: &Plurals,
    out: &mut Vec<PatternElement<&'p str>>,
) {
    for element in elements {
        match element {
            PatternElement::Placeable { expression: Expression::Select { selector, variants } } => {
                match numeric_selector(selector, args).and_then(|n| choose(variants, n, plurals)) {
                    Some(variant) => push_resolved(&variant.value.elements, args, plurals, out),
                    None => {
                        let variants = variants
                            .iter()
                            .map(|v| {
                                let mut elements = Vec::new();
                                push_resolved(&v.value.elements, args, plurals, &mut elements);
                                Variant { key: v.key.clone(), value: Pattern { elements }, default: v.default }
                            })
                            .collect();
                        let expression = Expression::Select { selector: selector.clone(), variants };
                        out.push(PatternElement::Placeable { expression });
                    }
                }
            }
            other => out.push(other.clone()),
        }
    }
}

/// The variant Fluent picks for number `n`: the first whose key is that
/// number or its category, else the default one.
fn choose<'v>(
    variants: &'v [Variant<&'v str>],
    n: &fluent_bundle::types::FluentNumber,
    plurals: &Plurals,
) -> Option<&'v Variant<&'v str>> {
    let category = plurals.category(n);
    variants
        .iter()
        .find(|v| match v.key {
            VariantKey::Identifier { name } => name == category,
            VariantKey::NumberLiteral { value } => {
                matches!(FluentValue::try_number(value), FluentValue::Number(key) if key == *n)
            }
        })
        .or_else(|| variants.iter().find(|v| v.default))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_uses_the_last_two_digits() {
        let ar = Plurals::new("ar").unwrap();
        let got: Vec<_> =
            [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111, 180, 365, 1000].map(|n| ar.category_of(n)).into();
        assert_eq!(
            got,
            [
                "zero", "one", "two", "few", "few", "many", "many", "other", "other", "few", "many", "many", "many",
                "other"
            ]
        );
        assert_eq!(Plurals::new("en").unwrap().category(&"1".parse().unwrap()), "one");
        assert_eq!(Plurals::new("en").unwrap().category(&"1.0".parse().unwrap()), "other");
        assert!(Plurals::new("not a tag!").is_none());
    }
}
