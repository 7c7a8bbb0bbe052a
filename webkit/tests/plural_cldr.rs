//! The plural category Fluent messages pick, for every whole number the
//! families' pages can show (0–1000: quotas up to 1000, validity up to 366
//! days), against CLDR's cardinal rules for the eight languages, written
//! out here from the CLDR specification (plurals.xml, "Language Plural
//! Rules") independently of the implementation (ICU4X's compiled data).

use webkit::fluent::{Messages, Resource};

/// CLDR's cardinal rule for a whole number (operands: n = i, v = 0).
fn cldr(lang: &str, n: u64) -> &'static str {
    let (i, i10, i100) = (n, n % 10, n % 100);
    match lang {
        // ar: zero n = 0; one n = 1; two n = 2; few n % 100 = 3..10;
        // many n % 100 = 11..99.
        "ar" => match (n, i100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        // pl: one i = 1 and v = 0; few v = 0 and i % 10 = 2..4 and
        // i % 100 != 12..14; many v = 0 and i != 1 and i % 10 = 0..1 or
        // v = 0 and i % 10 = 5..9 or v = 0 and i % 100 = 12..14.
        "pl" => {
            if i == 1 {
                "one"
            } else if (2..=4).contains(&i10) && !(12..=14).contains(&i100) {
                "few"
            } else if (i != 1 && (0..=1).contains(&i10)) || (5..=9).contains(&i10) || (12..=14).contains(&i100) {
                "many"
            } else {
                "other"
            }
        }
        // uk: one v = 0 and i % 10 = 1 and i % 100 != 11; few v = 0 and
        // i % 10 = 2..4 and i % 100 != 12..14; many v = 0 and i % 10 = 0 or
        // v = 0 and i % 10 = 5..9 or v = 0 and i % 100 = 11..14.
        "uk" => {
            if i10 == 1 && i100 != 11 {
                "one"
            } else if (2..=4).contains(&i10) && !(12..=14).contains(&i100) {
                "few"
            } else if i10 == 0 || (5..=9).contains(&i10) || (11..=14).contains(&i100) {
                "many"
            } else {
                "other"
            }
        }
        // en: one i = 1 and v = 0. nb, nn, so: one n = 1.
        "en" | "nb" | "nn" | "so" => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
        // ti: one n = 0..1.
        "ti" => {
            if n <= 1 {
                "one"
            } else {
                "other"
            }
        }
        _ => unreachable!("no CLDR rule written out for {lang}"),
    }
}

const CATEGORIES: &str = "\
n = { $n ->
    [zero] zero
    [one] one
    [two] two
    [few] few
    [many] many
   *[other] other
}
";

#[test]
fn plural_categories_match_cldr_for_the_families_languages_0_to_1000() {
    for lang in ["ar", "pl", "uk", "nb", "nn", "en", "so", "ti"] {
        let messages = Messages::new(lang, [Resource::parse(CATEGORIES)]);
        let wrong: Vec<String> = (0..=1000u64)
            .filter_map(|n| {
                let got = messages.format("n", &[("n", n.into())]);
                (got != cldr(lang, n)).then(|| format!("{n}: {got}, CLDR {}", cldr(lang, n)))
            })
            .collect();
        assert!(wrong.is_empty(), "{lang}: {wrong:?}");
    }
}

#[test]
fn exact_number_keys_come_first_and_nested_selects_resolve() {
    let source = "\
m = { $n ->
    [0] none
    [few] a few ({ $n })
   *[other] { $k ->
        [one] { $n } and one
       *[other] { $n } and { $k }
    }
}
";
    let ar = Messages::new("ar", [Resource::parse(source)]);
    assert_eq!(ar.format("m", &[("n", 0.into()), ("k", 1.into())]), "none");
    assert_eq!(ar.format("m", &[("n", 103.into()), ("k", 1.into())]), "a few (103)");
    assert_eq!(ar.format("m", &[("n", 111.into()), ("k", 1.into())]), "111 and one");
    assert_eq!(ar.format("m", &[("n", 111.into()), ("k", 102.into())]), "111 and 102");
    // A string selector is Fluent's own business.
    let s = Messages::new("en", [Resource::parse("s = { $x ->\n    [a] A\n   *[b] B\n}\n")]);
    assert_eq!(s.format("s", &[("x", "a".into())]), "A");
    assert_eq!(s.format("s", &[("x", "c".into())]), "B");
}
