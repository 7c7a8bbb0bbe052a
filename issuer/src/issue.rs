//! Issuing cards: sign fresh tokens and hand back everything needed to print
//! or send them. Nothing is kept.

use crate::IssuerError;
use keys::KeyRing;
use serde::Serialize;
use shared::model::{CardType, Catalogue, Quota, name_in};
use shared::wire::{self, Claims};
use shared::{CardNumber, CardTypeId, Day, ValidityRule, sign_token};

/// Most cards in one request (a full print run for a large agency).
pub const MAX_COUNT: u32 = 500;

/// What goes in the QR code. The default, for the command line and the
/// JSON API alike, is the URL form that printed cards hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QrForm {
    /// The bare token as decimal digits (smallest code).
    Token,
    /// The phone-card URL (a phone camera opens the card page; venue
    /// scanners read it too). What printed cards hold.
    #[default]
    Url,
}

impl QrForm {
    /// Every form.
    pub const ALL: [QrForm; 2] = [QrForm::Token, QrForm::Url];

    /// Its name on the command line and in the JSON API: `token` or `url`.
    pub fn code(self) -> &'static str {
        match self {
            QrForm::Token => "token",
            QrForm::Url => "url",
        }
    }

    /// The form with this [`code`](QrForm::code).
    pub fn from_code(code: &str) -> Option<QrForm> {
        QrForm::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// A request to issue cards.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    /// Card type.
    pub card_type: CardTypeId,
    /// How many (1..=[`MAX_COUNT`]).
    pub count: u32,
    /// Narrow the validity: first day (default: today or the type's start).
    pub valid_from: Option<Day>,
    /// Narrow the validity: last day (default: the type's end).
    pub valid_until: Option<Day>,
    /// What the QR code holds.
    pub qr_form: QrForm,
    /// The period (calendar year) the cards are for, one of
    /// [`ValidityRule::periods`](shared::ValidityRule::periods): `None` is
    /// the card type's default (next year once it has rolled over).
    pub period: Option<i32>,
}

/// One issued card, as printed or sent. Contains the token: hand it to the
/// family, never log or store it.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedCard {
    /// Short number printed on the card (for blocking a lost card).
    pub card_number: String,
    /// Exactly what goes in the QR code.
    pub qr_text: String,
    /// The phone-card link.
    pub url: String,
    /// The token in base64url (for files and JSON).
    pub token_base64url: String,
    /// Card type number.
    pub card_type: u16,
    /// Card type name (bokmål).
    pub card_type_name: String,
    /// First valid day, YYYY-MM-DD.
    pub valid_from: String,
    /// Last valid day, YYYY-MM-DD.
    pub valid_until: String,
}

/// The window cards of `rule` get on `today` unless narrowed: the default
/// one, or that of the chosen `period`.
pub fn window(rule: &ValidityRule, period: Option<i32>, today: Day) -> Result<(Day, Day), IssuerError> {
    let Some(year) = period else { return Ok(rule.default_window(today)) };
    rule.period_window(today, year).ok_or_else(|| {
        let (default_from, default_until) = rule.default_window(today);
        IssuerError::PeriodNotAllowed { period: year, allowed: rule.periods(today), default_from, default_until }
    })
}

/// The validity printed on cards of `ct` issued on `today`: the default
/// window (or that of the chosen `period`), narrowed by `(from, until)`
/// when given. The one rule of [`issue_cards`] and of the issue page's
/// preview ([`summary`]), so the page shows what will be printed.
pub fn validity(
    ct: &CardType,
    period: Option<i32>,
    (valid_from, valid_until): (Option<Day>, Option<Day>),
    today: Day,
) -> Result<(Day, Day), IssuerError> {
    let (default_from, default_until) = window(&ct.validity, period, today)?;
    let from = valid_from.unwrap_or(default_from);
    let until = valid_until.unwrap_or(default_until);
    if until < today {
        return Err(IssuerError::WindowInPast { until });
    }
    if !ct.validity.allows(from, until) {
        return Err(IssuerError::BadWindow { from, until, default_from, default_until });
    }
    Ok((from, until))
}

/// One offer of a card type, as the issue page describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferSummary {
    /// The benefit's name in the page's language.
    pub name: String,
    /// Where: the venues' names, in the benefit's order.
    pub venues: Vec<String>,
    /// How often (empty: as often as wanted while the card is valid).
    pub quotas: Vec<Quota>,
    /// An adult companion gets in free.
    pub companion_free: bool,
}

/// What a card type gives and the validity its cards get today: the issue
/// page shows it before a caseworker issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardTypeSummary {
    /// Its number.
    pub id: CardTypeId,
    /// Ages, from and to.
    pub ages: (u8, u8),
    /// The validity printed on its cards issued today (the default period).
    pub window: (Day, Day),
    /// The validity of next year's period, if one can be chosen.
    pub next: Option<(Day, Day)>,
    /// Its offers.
    pub offers: Vec<OfferSummary>,
}

/// The summary of card type `id` on `today`, names in `lang`.
pub fn summary(catalogue: &Catalogue, id: CardTypeId, lang: &str, today: Day) -> Result<CardTypeSummary, IssuerError> {
    let ct = catalogue.card_type(id).ok_or_else(|| IssuerError::UnknownCardType {
        id: id.0,
        known: catalogue.card_types.iter().map(|c| c.id.0).collect(),
    })?;
    let window = validity(ct, None, (None, None), today)?;
    let next = validity(ct, Some(today.year() + 1), (None, None), today).ok().filter(|n| *n != window);
    let offers = ct
        .benefits
        .iter()
        .map(|b| OfferSummary {
            name: name_in(&b.names, lang).to_string(),
            venues: b.venues.iter().map(|v| catalogue.venue(v).map_or_else(|| v.clone(), |v| v.name.clone())).collect(),
            quotas: b.quotas.clone(),
            companion_free: b.companion_free,
        })
        .collect();
    Ok(CardTypeSummary { id, ages: (ct.age_min, ct.age_max), window, next, offers })
}

/// Sign `req.count` new cards on `today`.
pub fn issue_cards(
    catalogue: &Catalogue,
    ring: &KeyRing,
    req: &IssueRequest,
    today: Day,
) -> Result<Vec<IssuedCard>, IssuerError> {
    prepare(catalogue, ring, req, today)?.sign()
}

/// A request checked against the catalogue, with its signing key:
/// everything [`Prepared::sign`] needs, so that the store (and its lock)
/// can be let go before the signatures are made.
pub struct Prepared {
    count: u32,
    key_id: shared::KeyId,
    key: shared::ed25519_dalek::SigningKey,
    card_type: CardTypeId,
    card_type_name: String,
    from: Day,
    until: Day,
    today: Day,
    base_url: String,
    qr_form: QrForm,
}

/// Check `req` on `today` against the catalogue and find its signing key
/// (the first half of [`issue_cards`]).
pub fn prepare(catalogue: &Catalogue, ring: &KeyRing, req: &IssueRequest, today: Day) -> Result<Prepared, IssuerError> {
    if req.count == 0 || req.count > MAX_COUNT {
        return Err(IssuerError::BadCount(req.count));
    }
    let ct = catalogue.card_type(req.card_type).ok_or_else(|| IssuerError::UnknownCardType {
        id: req.card_type.0,
        known: catalogue.card_types.iter().map(|c| c.id.0).collect(),
    })?;
    let (from, until) = validity(ct, req.period, (req.valid_from, req.valid_until), today)?;
    let (key_id, key) = ring.signer_for(today)?;
    Ok(Prepared {
        count: req.count,
        key_id,
        key,
        card_type: ct.id,
        card_type_name: name_in(&ct.names, "nb").to_string(),
        from,
        until,
        today,
        base_url: catalogue.public_base_url.clone(),
        qr_form: req.qr_form,
    })
}

impl Prepared {
    /// Sign the cards (the second half of [`issue_cards`]).
    pub fn sign(&self) -> Result<Vec<IssuedCard>, IssuerError> {
        let mut cards = Vec::with_capacity(self.count as usize);
        for _ in 0..self.count {
            let claims = Claims {
                key_id: self.key_id,
                token_id: keys::random_token_id()?,
                card_type: self.card_type,
                valid_from: self.from,
                valid_until: self.until,
                issued_on: self.today,
            };
            let bytes = sign_token(&self.key, &claims);
            let digits = wire::encode_decimal(&bytes);
            let qr_text = match self.qr_form {
                QrForm::Token => digits.clone(),
                QrForm::Url => wire::token_url_for_qr(&self.base_url, &digits),
            };
            cards.push(IssuedCard {
                card_number: CardNumber::of(&claims.token_id).to_string(),
                qr_text,
                url: wire::token_url(&self.base_url, &digits),
                token_base64url: wire::encode_base64url(&bytes),
                card_type: self.card_type.0,
                card_type_name: self.card_type_name.clone(),
                valid_from: self.from.to_string(),
                valid_until: self.until.to_string(),
            });
        }
        Ok(cards)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use shared::validity::RollOver;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    /// 6 December 2026, 10:00 in Oslo.
    const DECEMBER: shared::Timestamp = shared::Timestamp(1_796_547_600);

    fn one(card_type: u16, period: Option<i32>) -> IssueRequest {
        IssueRequest {
            card_type: CardTypeId(card_type),
            count: 1,
            valid_from: None,
            valid_until: None,
            qr_form: QrForm::Url,
            period,
        }
    }

    #[test]
    fn in_december_the_page_shows_the_dates_that_are_printed() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::init(&tmp.path().join("i"), DECEMBER).unwrap();
        let today = DECEMBER.oslo_day();
        assert_eq!(today, day(2026, 12, 6));
        let s = summary(store.catalogue(), CardTypeId(1), "nb", today).unwrap();
        assert_eq!(s.window, (day(2026, 12, 6), day(2026, 12, 31)));
        assert_eq!(s.next, Some((day(2027, 1, 1), day(2027, 12, 31))));
        assert_eq!(s.ages, (0, 13));
        let kino = &s.offers[0];
        assert_eq!(kino.name, "Kino");
        assert_eq!(kino.venues, vec!["Bølgen kino".to_string()]);
        assert_eq!(kino.quotas.len(), 2);
        assert!(kino.companion_free);
        assert_eq!(s.offers[1].venues, vec!["Larvik svømmehall".to_string(), "Stavern svømmehall".to_string()]);
        assert!(!summary(store.catalogue(), CardTypeId(2), "nb", today).unwrap().offers[0].companion_free);
        // What issuing prints, on the same day.
        let printed = |period| {
            let card = issue_cards(store.catalogue(), store.ring(), &one(1, period), today).unwrap().remove(0);
            (Day::parse(&card.valid_from).unwrap(), Day::parse(&card.valid_until).unwrap())
        };
        assert_eq!(printed(None), s.window);
        assert_eq!(Some(printed(Some(2027))), s.next);
    }

    #[test]
    fn a_rolled_over_year_shows_next_year_s_end_and_no_second_choice() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::init(&tmp.path().join("i"), DECEMBER).unwrap();
        let mut catalogue = store.catalogue().clone();
        catalogue.card_types[0].validity = ValidityRule::CalendarYear { roll_over: RollOver::new(12, 1) };
        store.catalogue_mut().replace(catalogue, "test", DECEMBER).unwrap();
        let today = DECEMBER.oslo_day();
        let s = summary(store.catalogue(), CardTypeId(1), "en", today).unwrap();
        assert_eq!((s.window, s.next), ((day(2026, 12, 6), day(2027, 12, 31)), None));
        assert_eq!(s.offers[0].name, "Cinema");
        let card = issue_cards(store.catalogue(), store.ring(), &one(1, None), today).unwrap().remove(0);
        assert_eq!((card.valid_from.as_str(), card.valid_until.as_str()), ("2026-12-06", "2027-12-31"));
    }

    #[test]
    fn an_unknown_or_ended_card_type_has_no_summary() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::init(&tmp.path().join("i"), DECEMBER).unwrap();
        let today = DECEMBER.oslo_day();
        assert!(matches!(
            summary(store.catalogue(), CardTypeId(9), "nb", today),
            Err(IssuerError::UnknownCardType { id: 9, ref known }) if known == &[1, 2]
        ));
        let mut catalogue = store.catalogue().clone();
        catalogue.card_types[1].validity = ValidityRule::Fixed { from: day(2026, 6, 1), until: day(2026, 6, 30) };
        store.catalogue_mut().replace(catalogue, "test", DECEMBER).unwrap();
        assert!(matches!(
            summary(store.catalogue(), CardTypeId(2), "nb", today),
            Err(IssuerError::WindowInPast { until }) if until == day(2026, 6, 30)
        ));
    }
}
