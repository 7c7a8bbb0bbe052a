//! The families' texts after the review of 2026-12
//! (`shared/reviews/family-translations-2026-12.md`): each correction
//! renders as the review suggests, and the plural forms are right for every
//! number the pages show (quotas 1–1000, validity 1–366 days).

use issuer::family_text::{FamilyLang, FamilyTexts};

fn text(lang: FamilyLang, id: &str) -> String {
    FamilyTexts::builtin(lang).get(id)
}

#[test]
fn review_corrections_render_as_suggested() {
    use FamilyLang::*;
    let plain = [
        (Nb, "benefit-companion", "Én voksen ledsager kommer gratis inn sammen med barnet."),
        (
            Nb,
            "card-unknown-key",
            "Denne siden kjenner ikke igjen kortet. Koble til internett og last inn siden på nytt. Hjelper ikke det, spør den som ga deg kortet.",
        ),
        (Nb, "card-show", "Vis koden i kassen eller i resepsjonen. De ansatte skanner den."),
        (Nb, "sheet-phone-hint", "Kort på mobilen? Skann koden med kameraet."),
        (Nn, "benefit-companion", "Éin vaksen ledsagar kjem gratis inn saman med barnet."),
        (Nn, "card-unknown-type", "Denne sida kjenner ikkje korttypen. Kople til internett og last inn sida på nytt."),
        (En, "card-checked", "The code has been checked on this phone."),
        (En, "privacy-note", "The card has no information about who owns it."),
        (En, "uses-none", "This card type has no offers right now."),
        (Uk, "card-offline", "Немає інтернету. Картка все одно діє."),
        (Pl, "privacy-note", "Karta nie zawiera żadnych informacji o tym, do kogo należy."),
        (Pl, "uses-none", "Na ten rodzaj karty nie ma teraz żadnych ofert."),
        (So, "how-cinema", "Koodhka ku tus miiska tigidhada, oo waxaad heli doontaa tigidh."),
        (So, "how-theatre", "Koodhka ku tus miiska tigidhada, oo waxaad heli doontaa tigidh."),
        (Ti, "quota-none", "ብዘይ ደረት፣ እቲ ካርድ ኣብ ዝሰርሓሉ ግዜ"),
    ];
    for (lang, id, want) in plain {
        assert_eq!(text(lang, id), want, "{}: {id}", lang.tag());
    }
    let nb = FamilyTexts::builtin(Nb);
    assert_eq!(nb.get_with("card-expired", &[("until", "31.12.2026")]), "Kortet gjaldt til 31.12.2026.");
    assert!(nb.get("card-add-hint").ends_with("du bytter mellom dem ovenfor."));
    let en = FamilyTexts::builtin(En);
    assert_eq!(en.get_with("card-not-yet", &[("from", "1 Jan 2027")]), "The card is not valid until 1 Jan 2027.");
    assert!(en.get("card-damaged").ends_with("or ask the person who gave you the card."));
    for (id, want) in [
        ("quota-day", "once a day"),
        ("quota-week", "once a week"),
        ("quota-month", "once a month"),
        ("quota-year", "once a year"),
        ("quota-validity", "once while the card is valid"),
    ] {
        assert_eq!(en.count(id, "count", 1), want);
        assert_eq!(en.count(id, "count", 2), want.replace("once", "2 times"));
    }
    assert!(text(Uk, "card-unchecked").ends_with("Його перевірять на місці."));
    assert!(text(Pl, "card-unchecked").ends_with("Kod sprawdzą na miejscu."));
    assert!(text(Pl, "card-add-hint").ends_with("przełączasz się między nimi u góry."));
    assert!(text(Ar, "card-damaged").contains("امسح رمز البطاقة الورقية بالكاميرا مرة أخرى"));
    let ti = FamilyTexts::builtin(Ti);
    assert_eq!(ti.count("quota-validity", "count", 3), "እቲ ካርድ ኣብ ዝሰርሓሉ ግዜ 3 ግዜ");
    // The card-unknown-key message no longer speaks of a key in the
    // reviewed languages.
    for (lang, key) in [(Nb, "nøkkel"), (Nn, "nøkkel"), (En, "key"), (Uk, "ключа"), (Pl, "klucz")] {
        assert!(!text(lang, "card-unknown-key").contains(key), "{}", lang.tag());
    }
}

#[test]
fn arabic_counts_from_100_up_take_the_cldr_form() {
    let ar = FamilyTexts::builtin(FamilyLang::Ar);
    assert_eq!(ar.count("quota-validity", "count", 103), "103 مرات ما دامت البطاقة صالحة");
    assert_eq!(ar.count("quota-validity", "count", 111), "111 مرة ما دامت البطاقة صالحة");
    assert_eq!(ar.count("validity-days", "days", 365), "صالحة لمدة 365 يومًا");
    assert_eq!(ar.count("validity-days", "days", 180), "صالحة لمدة 180 يومًا");
    assert_eq!(ar.count("validity-days", "days", 103), "صالحة لمدة 103 أيام");
    assert_eq!(ar.count("validity-days", "days", 100), "صالحة لمدة 100 يوم");
    assert_eq!(ar.count("validity-days", "days", 2), "صالحة ليومين");
}

#[test]
fn every_count_message_renders_its_cldr_variant_for_1_to_1000() {
    // The variant chosen for n is the one that the same language chooses
    // for a small number of the same CLDR category (the forms below 100 were
    // right before, and the review checked them).
    let ids = [("quota-day", "count"), ("quota-week", "count"), ("quota-validity", "count"), ("validity-days", "days")];
    for lang in FamilyLang::ALL {
        let texts = FamilyTexts::builtin(lang);
        for (id, var) in ids {
            for n in 1..=1000u32 {
                let got = texts.count(id, var, n);
                assert!(!got.contains('{'), "{} {id} {n}: {got}", lang.tag());
                let small = small_twin(lang, n);
                if small == n {
                    continue;
                }
                let want = texts.count(id, var, small).replace(&small.to_string(), &n.to_string());
                assert_eq!(got, want, "{} {id} {n} (like {small})", lang.tag());
            }
        }
    }
}

/// A number below 100 with the same CLDR category as `n` (Arabic,
/// Ukrainian and Polish look at the last two digits; in the other five
/// languages every number from 2 up is `other`, like 5).
fn small_twin(lang: FamilyLang, n: u32) -> u32 {
    let r = n % 100;
    match lang {
        _ if n < 100 => n,
        FamilyLang::Ar if r <= 2 => 100,
        FamilyLang::Uk | FamilyLang::Pl if r <= 1 => 20 + r,
        FamilyLang::Ar | FamilyLang::Uk | FamilyLang::Pl => r,
        _ => 5,
    }
}
