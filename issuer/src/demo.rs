//! The demo catalogue that `issuer init` writes: Larvik's venues from the
//! seeds, and two card types valid for the calendar year.

use shared::model::{Benefit, CardType, CardTypeId, Catalogue, Category, Names, Period, Quota, ValidityRule, Venue};

fn names(nb: &str, en: &str) -> Names {
    [("nb".to_string(), nb.to_string()), ("en".to_string(), en.to_string())].into_iter().collect()
}

fn venue(id: &str, name: &str, category: Category, address: &str) -> Venue {
    Venue { id: id.into(), name: name.into(), category, address: address.into(), ..Default::default() }
}

fn benefit(id: &str, nb: &str, en: &str, venues: &[&str], quotas: &[(u32, Period)], companion_free: bool) -> Benefit {
    Benefit {
        id: id.into(),
        names: names(nb, en),
        venues: venues.iter().map(|v| v.to_string()).collect(),
        quotas: quotas.iter().map(|(count, per)| Quota { count: *count, per: *per }).collect(),
        companion_free,
    }
}

/// The benefits of both demo card types; an adult companion is free with
/// the younger children only.
fn benefits(companion_free: bool) -> Vec<Benefit> {
    let swim = ["larvik-svommehall", "stavern-svommehall"];
    let c = companion_free;
    vec![
        benefit("kino", "Kino", "Cinema", &["bolgen-kino"], &[(1, Period::Week), (12, Period::Validity)], c),
        benefit("svomming", "Svømming", "Swimming", &swim, &[(2, Period::Week)], c),
        benefit("familiepark", "Familiepark", "Family park", &["foldvik-familiepark"], &[(2, Period::Validity)], c),
        benefit("minigolf", "Minigolf", "Minigolf", &["minigolf-indre-havn"], &[(5, Period::Validity)], c),
        benefit("bowling", "Bowling", "Bowling", &["mestern-bowling"], &[(1, Period::Month)], c),
        benefit("teater", "Teater", "Theatre", &["teaterhuset-munken"], &[(2, Period::Validity)], c),
    ]
}

/// Larvik's demo catalogue. `public_base_url` is where the phone card page
/// will be served.
pub fn larvik(public_base_url: &str) -> Catalogue {
    let venues = vec![
        venue("bolgen-kino", "Bølgen kino", Category::Cinema, "Sjøgata 2, 3263 Larvik"),
        venue("larvik-svommehall", "Larvik svømmehall", Category::Swimming, "Tjøllingveien 2, 3262 Larvik"),
        venue("stavern-svommehall", "Stavern svømmehall", Category::Swimming, "Brunlanesveien 11, 3290 Stavern"),
        venue("foldvik-familiepark", "Foldvik familiepark", Category::Amusement, "Gamle Kongevei 151, 3290 Stavern"),
        venue("minigolf-indre-havn", "Minigolf Indre havn", Category::Activity, "Indre havn, 3263 Larvik"),
        venue("mestern-bowling", "Mestern bowling", Category::Activity, "Nansetgata 51, 3269 Larvik"),
        venue("teaterhuset-munken", "Teaterhuset Munken", Category::Theatre, "Kirkestredet 2, 3263 Larvik"),
    ];
    let children = CardType {
        id: CardTypeId(1),
        names: names("0–13 år med ledsager", "Age 0–13 with companion"),
        age_min: 0,
        age_max: 13,
        validity: ValidityRule::CALENDAR_YEAR,
        benefits: benefits(true),
    };
    let youth = CardType {
        id: CardTypeId(2),
        names: names("14–18 år", "Age 14–18"),
        age_min: 14,
        age_max: 18,
        validity: ValidityRule::CALENDAR_YEAR,
        benefits: benefits(false),
    };
    Catalogue {
        scheme_name: "Aktivitetskort Larvik".into(),
        public_base_url: public_base_url.into(),
        venues,
        card_types: vec![children, youth],
        contact: None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_catalogue_is_consistent() {
        assert_eq!(super::larvik("https://kort.example.no").validate(), Ok(()));
    }
}
