//! One card per child, across agencies: the duplicate check, opt-in per
//! card type (an administrator switches it on; off by default).
//!
//! For a card type with the check, a card is handed out only with the
//! child's national identity number ([`national_id`]), checked and turned
//! at once into a keyed pseudonym ([`crate::store::dup_key`]); the number is never stored,
//! logged or shown again. The issuer keeps, per card handed out, the
//! pseudonym with the card type, the agency, the month and the card's last
//! valid day ([`crate::store::duplicates`]), nothing that leads to the
//! card. A second card of the type for the same child while the first is
//! valid is refused ([`Refused::Duplicate`]: the first card's agency and
//! month, nothing else), unless the caseworker gives a reason from a fixed
//! list ([`OverrideReason`]): the replacement of a lost card (the old card
//! is blocked in the same step, as `/block` does) or an assessed exception.
//! An override is audited with its reason.
//!
//! The web form and the JSON API both call [`check_and_record`]; the
//! command line's batch issuing does not ask for numbers (SPEC §14).

pub mod national_id;

use crate::IssuerError;
use crate::db::OrDb as _;
use crate::store::Store;
use crate::store::duplicates::{self as table, Entry, Month};
use national_id::{NationalId, NationalIdError};
use shared::wire::CardNumberError;
use shared::{CardNumber, CardTypeId, Day, Timestamp};
use zeroize::Zeroizing;

/// Why a caseworker may hand out a second card of a type to one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideReason {
    /// The first card was lost: it is blocked, and a new one handed out.
    LostCard,
    /// The agency assessed that the child needs another card.
    AssessedException,
}

impl OverrideReason {
    /// Every reason, in the order forms list them.
    pub const ALL: [OverrideReason; 2] = [OverrideReason::LostCard, OverrideReason::AssessedException];

    /// Its code in forms, the JSON API (`"override"`) and the audit log.
    pub fn code(self) -> &'static str {
        match self {
            OverrideReason::LostCard => "lost_card",
            OverrideReason::AssessedException => "assessed_exception",
        }
    }

    /// The reason with this [`code`](OverrideReason::code).
    pub fn from_code(code: &str) -> Option<OverrideReason> {
        OverrideReason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The Fluent message id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            OverrideReason::LostCard => "dup-reason-lost-card",
            OverrideReason::AssessedException => "dup-reason-assessed",
        }
    }

    /// How the audit log says it (English, like the rest of the log).
    fn audit_text(self) -> &'static str {
        match self {
            OverrideReason::LostCard => "replacement of a lost card",
            OverrideReason::AssessedException => "assessed exception",
        }
    }
}

/// Why the duplicate check refused to hand out a card. Nothing here holds
/// the national identity number or its pseudonym.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The card type has the check, and no number was given.
    #[error("this card type has the duplicate check: give the child's national identity number")]
    NationalIdMissing,
    /// A number was given for a card type without the check (it is not
    /// used, so it is not taken).
    #[error("this card type has no duplicate check: leave the national identity number out")]
    NationalIdNotAsked,
    /// The number has a typo.
    #[error(transparent)]
    NationalId(NationalIdError),
    /// More than one card at once for a card type with the check (one
    /// number is one child, one card).
    #[error("with the duplicate check, cards are handed out one at a time")]
    OneAtATime,
    /// The child already has a valid card of this type.
    #[error("the child already has a card of this type for this period, handed out by {agency} in {month:?}")]
    Duplicate {
        /// The agency that handed out the first card.
        agency: String,
        /// The month it did.
        month: Month,
    },
    /// An override reason that is not on the list.
    #[error("the reason is not one of lost_card, assessed_exception")]
    UnknownReason,
    /// The replacement of a lost card without the lost card's number, or
    /// with a typo in it.
    #[error("the lost card's number: {0}")]
    OldCardNumber(CardNumberError),
}

/// What the caseworker gave for the check, as typed (the number is wiped
/// when this is dropped).
#[derive(Debug, Default)]
pub struct CheckInput {
    /// The child's national identity number (empty: none).
    pub national_id: Zeroizing<String>,
    /// An [`OverrideReason`] code (empty: none).
    pub reason: String,
    /// For [`OverrideReason::LostCard`]: the lost card's number.
    pub old_card: String,
}

/// What [`check_and_record`] did.
#[derive(Debug, Default)]
pub struct Recorded {
    /// The entry it added (take it back with
    /// [`crate::store::Duplicates::forget`] if the card is then not handed
    /// out).
    pub entry: Option<Entry>,
    /// The lost card it blocked (and published in a new bundle).
    pub blocked: Option<CardNumber>,
}

/// The input checked: the number, and the override with the lost card.
struct Checked {
    id: NationalId,
    reason: Option<OverrideReason>,
    old_card: Option<CardNumber>,
}

fn check_input(input: &CheckInput, count: u32) -> Result<Checked, Refused> {
    if input.national_id.trim().is_empty() {
        return Err(Refused::NationalIdMissing);
    }
    if count != 1 {
        return Err(Refused::OneAtATime);
    }
    let id = NationalId::parse(&input.national_id).map_err(Refused::NationalId)?;
    let reason = match input.reason.trim() {
        "" => None,
        code => Some(OverrideReason::from_code(code).ok_or(Refused::UnknownReason)?),
    };
    let old_card = match reason {
        Some(OverrideReason::LostCard) => {
            Some(CardNumber::parse(input.old_card.trim()).map_err(Refused::OldCardNumber)?)
        }
        _ => None,
    };
    Ok(Checked { id, reason, old_card })
}

/// The duplicate check for `count` cards of `card_type` valid `from ..=
/// until`, handed out by `agency`'s `actor` at `now`. Without the check
/// on the card type, nothing is done (and a number given is refused).
/// With it: refused while the child has a card of the type valid on or
/// after `from`, unless `input` gives an override reason; otherwise the
/// entry is added (and, for a lost card, the old card blocked and a new
/// bundle published), all before the card is handed out.
#[allow(clippy::too_many_arguments)]
pub fn check_and_record(
    store: &Store,
    card_type: CardTypeId,
    count: u32,
    (from, until): (Day, Day),
    input: &CheckInput,
    agency: i64,
    actor: &str,
    now: Timestamp,
) -> Result<Recorded, IssuerError> {
    if !store.duplicates().is_on(card_type)? {
        if !input.national_id.trim().is_empty() {
            return Err(Refused::NationalIdNotAsked.into());
        }
        return Ok(Recorded::default());
    }
    let checked = check_input(input, count)?;
    let pseudonym = store.pseudonym_key()?.pseudonym(card_type, checked.id.digits());
    drop(checked.id);
    let db = store.db();
    let tx = db.immediate()?;
    if !table::is_on(&tx, card_type).or_db(db)? {
        // Switched off meanwhile (the store is shared): nothing to record.
        return Ok(Recorded::default());
    }
    let first = table::first_conflict(&tx, &pseudonym, card_type, from).or_db(db)?;
    let mut blocked = None;
    match (first, checked.reason) {
        (Some(first), None) => {
            let agency: Option<String> =
                tx.query_row("SELECT name FROM agencies WHERE id = ?1", [first.agency], |r| r.get(0)).ok();
            let agency = agency.unwrap_or_else(|| format!("#{}", first.agency));
            return Err(Refused::Duplicate { agency, month: first.month }.into());
        }
        (_, Some(reason)) => {
            let detail = format!("card type {}: {}", card_type.0, reason.audit_text());
            crate::store::audit::write(&tx, actor, "duplicate-override", &detail, now).or_db(db)?;
            if let Some(old) = checked.old_card
                && crate::store::bundles::revoke_in(&tx, old, actor, now).or_db(db)?
            {
                blocked = Some(old);
            }
        }
        (None, None) => {}
    }
    let entry = Entry { pseudonym, card_type, agency, month: Month::of(now.oslo_day()), period_end: until };
    let added = table::insert(&tx, &entry).or_db(db)?;
    tx.commit().or_db(db)?;
    if blocked.is_some() {
        store.bundles().publish(actor, now)?;
    }
    Ok(Recorded { entry: added.then_some(entry), blocked })
}

/// A sheet of several card types (siblings) has one card type's cards for
/// each child, not one child: refused if any of its card types has the
/// check ([`Refused::OneAtATime`]), and a number given for it is not taken
/// ([`Refused::NationalIdNotAsked`]).
pub fn no_sibling_sheet(store: &Store, types: &[CardTypeId], input: &CheckInput) -> Result<(), IssuerError> {
    for card_type in types {
        if store.duplicates().is_on(*card_type)? {
            return Err(Refused::OneAtATime.into());
        }
    }
    if !input.national_id.trim().is_empty() {
        return Err(Refused::NationalIdNotAsked.into());
    }
    Ok(())
}
