//! Issuing cards: sign fresh tokens and hand back everything needed to print
//! or send them. Nothing is kept.

use crate::IssuerError;
use keys::KeyRing;
use serde::Serialize;
use shared::model::{Catalogue, name_in};
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
    let (default_from, default_until) = window(&ct.validity, req.period, today)?;
    let from = req.valid_from.unwrap_or(default_from);
    let until = req.valid_until.unwrap_or(default_until);
    if until < today {
        return Err(IssuerError::WindowInPast { until });
    }
    if !ct.validity.allows(from, until) {
        return Err(IssuerError::BadWindow { from, until, default_from, default_until });
    }
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
