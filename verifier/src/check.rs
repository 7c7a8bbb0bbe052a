//! The verdict on a scanned card at this venue, without recording anything.

use serde::Serialize;
use shared::model::name_in;
use shared::{Timestamp, TokenError, VerifiedBundle};

/// A benefit the card gives here.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BenefitHere {
    /// Benefit id within the card type.
    pub id: String,
    /// Name in the display language.
    pub name: String,
    /// Whether one adult companion gets in free.
    pub companion_free: bool,
    /// Quotas, e.g. "1/week".
    pub quotas: Vec<String>,
}

/// The outcome of checking one card. Holds no token and no token id.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the card can be used here today.
    pub valid: bool,
    /// Stable reason code (`ok` or a `TokenError` code; SPEC §7).
    pub reason: &'static str,
    /// Card number (only once the signature has verified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_number: Option<String>,
    /// Card type number and name (only once the signature has verified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_type: Option<CardTypeInfo>,
    /// What the card gives here (empty unless valid).
    pub benefits: Vec<BenefitHere>,
    /// First valid day (YYYY-MM-DD), once the signature has verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// Last valid day (YYYY-MM-DD), once the signature has verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// The venue checked for.
    pub venue: String,
    /// The bundle version used.
    pub bundle_version: u64,
    /// Set when the installed bundle is past the venue's warning age.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<StaleWarning>,
    /// The error, for the message (not serialised).
    #[serde(skip)]
    pub error: Option<TokenError>,
}

/// Card type number and display name.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CardTypeInfo {
    /// Number.
    pub id: u16,
    /// Name in the display language.
    pub name: String,
}

/// The installed bundle is past the venue's warning age: cards still
/// verify, but staff are told to update.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct StaleWarning {
    /// Whole days since the bundle was issued.
    pub age_days: u32,
    /// Days left before cards are refused.
    pub days_left: u32,
}

/// The staleness of the installed bundle at `now`: `Err(BundleTooOld)` past
/// the hard limit, a warning past the warning age.
pub fn staleness(
    store: &crate::store::VenueStore,
    now: Timestamp,
) -> Result<Option<StaleWarning>, crate::VerifierError> {
    use crate::store::BundleAge;
    match store.bundle_age(now) {
        BundleAge::Fresh => Ok(None),
        BundleAge::Warn { age_days, days_left } => Ok(Some(StaleWarning { age_days, days_left })),
        BundleAge::TooOld { age_days, refuse_days } => {
            Err(crate::VerifierError::BundleTooOld { age_days, refuse_days })
        }
    }
}

/// `verifier check` at an installed venue: the clock is checked against the
/// redemption log's high-water mark (read only; nothing is recorded), the
/// bundle's age against the venue's limits, then the card as [`check`]. A
/// revoked list left in the installed file that cannot be read is
/// [`crate::VerifierError::RevokedListUnreadable`], not a verdict
/// ([`crate::store::VenueStore::again_whole_if_unreadable`]).
pub fn check_at_venue(
    store: &crate::store::VenueStore,
    text: &str,
    now: Timestamp,
    lang: &str,
) -> Result<Verdict, crate::VerifierError> {
    let now = crate::log::RedemptionLog::now_for_check(store.dir(), now, store.bundle().body().issued_at)?;
    let stale = staleness(store, now)?;
    let mut v = check(store.bundle(), store.venue_id(), text, now, lang);
    if let Some(TokenError::RevokedListUnreadable(why)) = v.error {
        return Err(crate::VerifierError::RevokedListUnreadable(why));
    }
    v.stale = stale;
    Ok(v)
}

pub use shared::station::{scanned_text, verify_scanned};

/// Check `text` (bare digits or the URL form) at `venue_id` at instant `now`.
pub fn check(bundle: &VerifiedBundle, venue_id: &str, text: &str, now: Timestamp, lang: &str) -> Verdict {
    let mut v = Verdict {
        valid: false,
        reason: "ok",
        card_number: None,
        card_type: None,
        benefits: Vec::new(),
        valid_from: None,
        valid_until: None,
        venue: venue_id.to_string(),
        bundle_version: bundle.version(),
        stale: None,
        error: None,
    };
    let result = verify_scanned(text, bundle, now).and_then(|token| {
        let c = token.claims();
        v.card_number = Some(token.card_number().to_string());
        v.valid_from = Some(c.valid_from.to_string());
        v.valid_until = Some(c.valid_until.to_string());
        if let Some(ct) = token.card_type(bundle) {
            v.card_type = Some(CardTypeInfo { id: ct.id.0, name: name_in(&ct.names, lang).to_string() });
        }
        token.benefits_at(bundle, venue_id)
    });
    match result {
        Ok(benefits) => {
            v.valid = true;
            v.benefits = benefits
                .into_iter()
                .map(|b| BenefitHere {
                    id: b.id.clone(),
                    name: name_in(&b.names, lang).to_string(),
                    companion_free: b.companion_free,
                    quotas: b.quotas.iter().map(|q| format!("{}/{}", q.count, q.per.code())).collect(),
                })
                .collect();
        }
        Err(e) => {
            v.reason = e.code();
            v.error = Some(e);
        }
    }
    v
}
