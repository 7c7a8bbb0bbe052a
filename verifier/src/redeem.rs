//! Redeeming a card at this venue: verify, apply the quotas, record the
//! visit durably, and only then answer.

use crate::VerifierError;
use crate::check::{BenefitHere, CardTypeInfo, StaleWarning, staleness};
use crate::log::RedemptionLog;
use crate::store::VenueStore;
use serde::Serialize;
use shared::budget::BudgetUse;
use shared::decision::{Budgets, Outcome};
use shared::model::{Benefit, Quota, name_in};
use shared::quota::Decision;
use shared::{Day, Timestamp, TokenError};

/// Stable code of a granted visit.
pub const CODE_OK: &str = "ok";
/// Stable code when every benefit's quota here is used up (SPEC §7).
pub const CODE_QUOTA_EXHAUSTED: &str = "quota_exhausted";
/// Stable code when the card has room but this station's part of the
/// venue's ticket budget is used up (SPEC §7, §11.11).
pub const CODE_BUDGET_EXHAUSTED: &str = "budget_exhausted";

/// A venue budget in an answer (SPEC §11.11): used up (`budget_exhausted`),
/// or at least 90 % used after a granted visit (a warning).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BudgetState {
    /// Benefit id of the budget.
    pub benefit: String,
    /// The venue's budget per period (all its stations).
    pub count: u32,
    /// This station's part of it (`count` unless the budget is divided).
    pub portion: u32,
    /// Visits this station counted in the period (with the visit granted).
    pub used: u32,
    /// Left at this station in the period.
    pub left: u32,
    /// `day`, `week`, `month` or `year`.
    pub per: &'static str,
    /// The period's first day (YYYY-MM-DD).
    pub from: String,
    /// The period's last day (YYYY-MM-DD).
    pub until: String,
    /// The period's first day, for the message (not serialised).
    #[serde(skip)]
    pub from_day: Day,
}

impl BudgetState {
    fn of(u: &BudgetUse) -> BudgetState {
        BudgetState {
            benefit: u.budget.benefit.clone(),
            count: u.budget.count,
            portion: u.portion,
            used: u.used,
            left: u.portion.saturating_sub(u.used),
            per: u.budget.per.code(),
            from: u.from.to_string(),
            until: u.until.to_string(),
            from_day: u.from,
        }
    }
}

/// The answer to one redemption. Holds no token, no token id and no scanned
/// text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RedeemVerdict {
    /// Whether the visit was granted (and recorded).
    pub valid: bool,
    /// Stable code: `ok`, `quota_exhausted`, `budget_exhausted`, or a card
    /// refusal code (SPEC §7).
    pub code: &'static str,
    /// The benefit granted, or for `quota_exhausted` the one the answer is
    /// about (usable again soonest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benefit: Option<BenefitHere>,
    /// For `quota_exhausted`: the quota that is used up, e.g. `1/week`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// For `quota_exhausted`: the first day (YYYY-MM-DD) the card can be
    /// used here again; absent when it cannot (whole-validity quota used
    /// up, or the card expires first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_use: Option<String>,
    /// When the visit was recorded (Unix seconds), if granted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Timestamp>,
    /// Card number (only once the signature has verified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_number: Option<String>,
    /// Card type (only once the signature has verified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_type: Option<CardTypeInfo>,
    /// First valid day (YYYY-MM-DD), once the signature has verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// Last valid day (YYYY-MM-DD), once the signature has verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// This venue.
    pub venue: String,
    /// The bundle version used.
    pub bundle_version: u64,
    /// Set when the installed bundle is past the venue's warning age.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<StaleWarning>,
    /// The card refusal, for the message (not serialised).
    #[serde(skip)]
    pub error: Option<TokenError>,
    /// The quota used up, for the message (not serialised).
    #[serde(skip)]
    pub used_quota: Option<Quota>,
    /// The next day, for the message (not serialised).
    #[serde(skip)]
    pub next_day: Option<Day>,
    /// The day the answer was given (Oslo), for the message (not serialised).
    #[serde(skip)]
    pub today: Day,
    /// The visit's row number in the log, if granted (not serialised):
    /// `verifier serve` keeps it with the card number for an undo's
    /// confirmation, which the log cannot name.
    #[serde(skip)]
    pub visit: Option<i64>,
    /// For `budget_exhausted`, the budget used up; for a granted visit, a
    /// budget now at least 90 % used (a warning for staff).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetState>,
    /// For a granted visit of a benefit that lets a companion in free:
    /// whether it was recorded that a companion came (`verifier redeem
    /// --companion`, or confirmed afterwards at `verifier serve` or `scan`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub companion: Option<bool>,
}

fn benefit_here(b: &Benefit, lang: &str) -> BenefitHere {
    BenefitHere {
        id: b.id.clone(),
        name: name_in(&b.names, lang).to_string(),
        companion_free: b.companion_free,
        quotas: b.quotas.iter().map(|q| format!("{}/{}", q.count, q.per.code())).collect(),
    }
}

/// Redeem the scanned `text` at this venue at clock reading `now`, with
/// the bundle and settings installed now: first [`VenueStore::refresh`]
/// picks up a bundle or settings installed since `store` was read (a
/// running `serve`, `scan` or `redeem -` never answers from a replaced
/// bundle), then [`redeem_loaded`].
pub fn redeem(
    store: &mut VenueStore,
    log: &mut RedemptionLog,
    text: &str,
    now: Timestamp,
    lang: &str,
) -> Result<RedeemVerdict, VerifierError> {
    redeem_as(store, log, crate::log::COMMAND_LINE, text, now, lang)
}

/// [`redeem`] recording whether a companion came with the child
/// (`companion`, kept only when the benefit granted lets one in free).
pub fn redeem_with_companion(
    store: &mut VenueStore,
    log: &mut RedemptionLog,
    text: &str,
    now: Timestamp,
    lang: &str,
    companion: bool,
) -> Result<RedeemVerdict, VerifierError> {
    store.refresh(now);
    redeem_device(store, log, crate::log::COMMAND_LINE, text, now, lang, companion)
}

/// [`redeem`] for a visit recorded by `device` (a paired browser of
/// `verifier serve`; [`crate::log::COMMAND_LINE`] otherwise), so that its
/// undo reaches only its own visits.
pub fn redeem_as(
    store: &mut VenueStore,
    log: &mut RedemptionLog,
    device: i64,
    text: &str,
    now: Timestamp,
    lang: &str,
) -> Result<RedeemVerdict, VerifierError> {
    store.refresh(now);
    redeem_device(store, log, device, text, now, lang, false)
}

/// Redeem the scanned `text` with the bundle and settings in `store` as
/// they are (without looking for a newer install).
///
/// In order: take the log's write lock and check the clock (refused with
/// [`VerifierError::ClockBehind`]; from here on "now" never goes back), the
/// bundle's age ([`VerifierError::BundleTooOld`] past the hard limit, a
/// warning past the warning age), the card (signature, validity, revocation,
/// benefits here: a refusal is a verdict, nothing is recorded), then the
/// quotas; a visit to the first benefit with room is recorded and committed
/// before the verdict is returned.
pub fn redeem_loaded(
    store: &VenueStore,
    log: &mut RedemptionLog,
    text: &str,
    now: Timestamp,
    lang: &str,
) -> Result<RedeemVerdict, VerifierError> {
    redeem_device(store, log, crate::log::COMMAND_LINE, text, now, lang, false)
}

fn redeem_device(
    store: &VenueStore,
    log: &mut RedemptionLog,
    device: i64,
    text: &str,
    now: Timestamp,
    lang: &str,
    companion: bool,
) -> Result<RedeemVerdict, VerifierError> {
    let bundle = store.bundle();
    let tx = log.begin_as(device, now, bundle.body().issued_at)?;
    let now = tx.now();
    let stale = staleness(store, now)?;
    let mut v = RedeemVerdict {
        valid: false,
        code: CODE_OK,
        benefit: None,
        limit: None,
        next_use: None,
        recorded_at: None,
        card_number: None,
        card_type: None,
        valid_from: None,
        valid_until: None,
        venue: store.venue_id().to_string(),
        bundle_version: bundle.version(),
        stale,
        error: None,
        used_quota: None,
        next_day: None,
        today: now.oslo_day(),
        visit: None,
        budget: None,
        companion: None,
    };
    let refuse = |mut v: RedeemVerdict, e: TokenError| {
        v.code = e.code();
        v.error = Some(e);
        Ok(v)
    };
    let token = match crate::check::verify_scanned(text, bundle, now) {
        Ok(t) => t,
        // No answer about the card: the station's error (nothing recorded).
        Err(TokenError::RevokedListUnreadable(why)) => return Err(VerifierError::RevokedListUnreadable(why)),
        Err(e) => return refuse(v, e),
    };
    let c = token.claims();
    v.card_number = Some(token.card_number().to_string());
    v.valid_from = Some(c.valid_from.to_string());
    v.valid_until = Some(c.valid_until.to_string());
    if let Some(ct) = token.card_type(bundle) {
        v.card_type = Some(CardTypeInfo { id: ct.id.0, name: name_in(&ct.names, lang).to_string() });
    }
    let benefits = match token.benefits_at(bundle, store.venue_id()) {
        Ok(b) => b,
        Err(e) => return refuse(v, e),
    };
    let budgets = bundle.catalogue().venue(store.venue_id()).map_or(&[][..], |venue| venue.budgets.as_slice());
    let rules = Budgets { budgets, share: store.budget_share() };
    let (outcome, visit) = tx.record(&token, &benefits, rules, companion)?;
    match outcome {
        Outcome::Grant { index, warn } => {
            v.valid = true;
            v.visit = visit;
            let granted = benefits.get(index);
            v.benefit = granted.map(|b| benefit_here(b, lang));
            v.companion = granted.filter(|b| b.companion_free).map(|_| companion);
            v.budget = warn.as_ref().map(BudgetState::of);
            v.recorded_at = Some(now);
        }
        Outcome::BudgetExhausted { index, state } => {
            v.code = CODE_BUDGET_EXHAUSTED;
            v.benefit = benefits.get(index).map(|b| benefit_here(b, lang));
            v.budget = Some(BudgetState::of(&state));
        }
        Outcome::Quota(Decision::Grant { .. }) => v.code = CODE_QUOTA_EXHAUSTED,
        Outcome::Quota(Decision::Used { index, quota, next }) => {
            v.code = CODE_QUOTA_EXHAUSTED;
            v.benefit = benefits.get(index).map(|b| benefit_here(b, lang));
            v.limit = Some(format!("{}/{}", quota.count, quota.per.code()));
            v.used_quota = Some(quota);
            v.next_use = next.map(|d| d.to_string());
            v.next_day = next;
        }
    }
    Ok(v)
}
