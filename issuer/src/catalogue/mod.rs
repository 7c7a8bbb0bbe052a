//! Changing the catalogue: venues, card types and their offers (benefits),
//! added, edited and removed, with the rules every change must pass. The
//! administrator's web page and `issuer catalogue --import` both go
//! through here, so the two refuse the same things.
//!
//! A change is made on a [`Draft`] of the catalogue by one of its methods
//! (see [`venues`], [`card_types`] and [`offers`]); [`apply`] then saves
//! the draft and publishes it at once as a new trust bundle (version + 1).
//! [`import`] replaces the whole catalogue after checking every item by the
//! same rules.
//!
//! What stays fixed: a venue's id (its verifier is set up with it), a card
//! type's number (carried in every card; never handed out again, see
//! [`crate::store::CatalogueEditor::next_card_type_id`]) and an offer's id (quotas are counted per
//! offer id).

pub mod budgets;
pub mod card_types;
pub mod file;
pub mod offers;
pub mod scheme;
pub mod venues;

use crate::IssuerError;
use crate::family_text::FamilyLang;
use crate::store::Store;
use shared::Timestamp;
use shared::model::{CardTypeId, Catalogue, CatalogueError, Names};

/// Why a change of the catalogue was refused. The web shows the Fluent
/// message of [`Refusal::message_id`]; the command line shows the English
/// text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A venue's name is empty or longer than 100 characters, or its
    /// address longer than 200.
    #[error("a venue needs a name of 1–100 characters and an address of at most 200")]
    VenueName,
    /// A new venue's id is not 1–64 characters of a–z, 0–9 and '-', or is
    /// already used.
    #[error("a venue id must be 1–64 characters of a–z, 0–9 and '-', and not already in use")]
    VenueId,
    /// The venue is not in the catalogue (any more).
    #[error("this venue no longer exists")]
    VenueGone,
    /// A card type's bokmål name is empty or longer than 100 characters, or
    /// its name in another language longer than 100.
    #[error("a card type needs a name in bokmål of 1–100 characters (other languages: at most 100)")]
    CardTypeName,
    /// Ages that are not whole numbers from 0 to 25 with the youngest not
    /// above the oldest.
    #[error("ages must be whole numbers from 0 to 25, the youngest not above the oldest")]
    Age,
    /// A validity of days outside 1–366.
    #[error("a validity in days must be from 1 to 366 days")]
    Days,
    /// A fixed validity without two dates, or with its first day after its
    /// last.
    #[error("a fixed validity needs two dates, the first not after the last")]
    Fixed,
    /// Every card type number is used.
    #[error("no more card type numbers are free")]
    CardTypeNumbers,
    /// The card type is not in the catalogue (any more).
    #[error("this card type no longer exists")]
    CardTypeGone,
    /// An offer was added without naming a card type of the catalogue.
    #[error("choose a card type from the catalogue")]
    CardTypeMissing,
    /// A card type's new validity rule does not allow every card window its
    /// old rule allowed (see [`shared::model::ValidityRule::covers`]), and
    /// the change was not confirmed.
    #[error(
        "the new validity rule of card type {card_type} does not allow every card handed out under the old rule: \
         venues would refuse some cards already in use; to change it anyway, confirm it (on the command line: \
         --confirm-narrower)"
    )]
    ValidityNarrower {
        /// The card type's number.
        card_type: u16,
    },
    /// An offer's bokmål name is empty, longer than 60 characters or gives
    /// no id, or its name in another language is longer than 60.
    #[error("an offer needs a name in bokmål of 1–60 characters (other languages: at most 60)")]
    BenefitName,
    /// An offer without a venue, or at a venue not in the catalogue.
    #[error("an offer needs at least one venue of the catalogue")]
    BenefitVenues,
    /// A quota's count outside 1–1000 (or not a number, or an unknown period).
    #[error("the number of times must be from 1 to 1000")]
    Quota,
    /// Two quotas of one offer with the same period.
    #[error("two quotas have the same period")]
    QuotaTwice,
    /// An offer without a quota.
    #[error("an offer needs at least one quota")]
    QuotaNone,
    /// The card type already has an offer with this id.
    #[error("the card type already has an offer with this name")]
    BenefitExists,
    /// The offer is not in the catalogue (any more).
    #[error("this offer no longer exists")]
    BenefitGone,
    /// A name with an invisible or direction-changing character, or letters
    /// of more than one alphabet ([`crate::names`]).
    #[error("{0}")]
    NameCharacters(crate::names::NameProblem),
    /// The changed catalogue is not consistent (checked by
    /// [`Catalogue::validate`]).
    #[error(transparent)]
    Invalid(CatalogueError),
    /// A roll-over day that is not a day every year has (`DD.MM`, not
    /// 29.02. or 01.01.).
    #[error("the roll-over day must be a day and month like 01.11 (not 29.02 or 01.01)")]
    RollOver,
    /// A validity of months outside 1–36.
    #[error("a validity in months must be from 1 to 36 months")]
    Months,
    /// A venue's ticket budget for an offer not given there, with a count
    /// outside 0–1 000 000 (or not a number), or over a card's validity.
    #[error(
        "a ticket budget needs an offer given at the venue, a number from 0 to 1000000 and a period (day, week, \
         month or year)"
    )]
    Budget,
    /// The scheme's name is empty or longer than 100 characters.
    #[error("the scheme needs a name of 1–100 characters")]
    SchemeName,
    /// A contact detail of the scheme is not a phone number, e-mail
    /// address or web address as its field asks.
    #[error(transparent)]
    Contact(shared::model::ContactError),
    /// A venue's opening hours in some language are longer than
    /// [`venues::MAX_HOURS`] characters, blank, or hold a control character.
    #[error("opening hours can be at most 200 characters in each language, on one line")]
    VenueHours,
    /// A venue's telephone number is not one ([`venues::is_phone`]).
    #[error("a telephone number has digits, spaces, '-', brackets and a leading '+' (at most 30 characters)")]
    VenuePhone,
    /// A venue's web address is not an `https://` or `http://` address
    /// ([`shared::model::is_web_link`]).
    #[error("the web address must start with https:// (or http://), like https://bolgen.no")]
    VenueWeb,
    /// A venue's map link is not an `https://` or `http://` address.
    #[error("the map link must start with https:// (or http://); leave it empty to link to the address on a map")]
    VenueMap,
}

impl Refusal {
    /// The Fluent message id of the refusal, or `None` for
    /// [`Refusal::Invalid`] (whose text is the English one).
    pub fn message_id(&self) -> Option<&'static str> {
        Some(match self {
            Refusal::VenueName => "error-venue-name",
            Refusal::VenueId => "error-venue-id",
            Refusal::VenueGone => "error-venue-gone",
            Refusal::CardTypeName => "error-ct-name",
            Refusal::Age => "error-age",
            Refusal::Days => "error-days",
            Refusal::Fixed => "error-fixed",
            Refusal::CardTypeNumbers => "error-ct-numbers",
            Refusal::CardTypeGone => "error-card-type-gone",
            Refusal::CardTypeMissing => "error-card-type-missing",
            Refusal::ValidityNarrower { .. } => "error-validity-narrower",
            Refusal::BenefitName => "error-benefit-name",
            Refusal::BenefitVenues => "error-benefit-venues",
            Refusal::Quota => "error-quota",
            Refusal::QuotaTwice => "error-quota-twice",
            Refusal::QuotaNone => "error-quota-none",
            Refusal::BenefitExists => "error-benefit-exists",
            Refusal::BenefitGone => "error-benefit-gone",
            Refusal::NameCharacters(problem) => problem.message_id(),
            Refusal::Budget => "error-budget",
            Refusal::Invalid(_) => return None,
            Refusal::RollOver => "error-roll-over",
            Refusal::Months => "error-months",
            Refusal::SchemeName => "error-scheme-name",
            Refusal::Contact(shared::model::ContactError::Phone) => "error-contact-phone",
            Refusal::Contact(shared::model::ContactError::Email) => "error-contact-email",
            Refusal::Contact(shared::model::ContactError::Web) => "error-contact-web",
            Refusal::VenueHours => "error-venue-hours",
            Refusal::VenuePhone => "error-venue-phone",
            Refusal::VenueWeb => "error-venue-web",
            Refusal::VenueMap => "error-venue-map",
        })
    }
}

/// Why a change of the catalogue failed.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// A rule refused the change; nothing was changed.
    #[error("the catalogue was not changed")]
    Refused(#[source] Refusal),
    /// An imported catalogue was refused at one of its items; nothing was
    /// changed.
    #[error("the catalogue was not changed: {item}")]
    RefusedAt {
        /// The item, e.g. `card type 2` or `offer kino of card type 1`.
        item: String,
        /// Why.
        #[source]
        refusal: Refusal,
    },
    /// The change could not be saved or published.
    #[error(transparent)]
    Store(IssuerError),
}

impl From<IssuerError> for ChangeError {
    fn from(e: IssuerError) -> ChangeError {
        match e {
            IssuerError::InvalidCatalogue(e) => ChangeError::Refused(Refusal::Invalid(e)),
            e => ChangeError::Store(e),
        }
    }
}

/// A catalogue being changed.
#[derive(Debug)]
pub struct Draft {
    /// The catalogue to change.
    cat: Catalogue,
    /// The number for a new card type (`None` when used up).
    next_card_type: Option<CardTypeId>,
    /// What changed, for the audit log (English, like the rest of the log).
    note: String,
}

impl Draft {
    /// A draft of `cat`, where a new card type gets `next_card_type`.
    pub fn new(cat: Catalogue, next_card_type: Option<CardTypeId>) -> Draft {
        Draft { cat, next_card_type, note: String::new() }
    }

    /// The catalogue as changed so far.
    pub fn catalogue(&self) -> &Catalogue {
        &self.cat
    }

    /// What changed, for the audit log.
    pub fn note(&self) -> &str {
        &self.note
    }
}

/// Apply `change` to the store's catalogue; when it is not refused, save
/// the changed catalogue (audited as `actor`) and publish it as a new trust
/// bundle. The change's result and the new bundle's version.
pub fn apply<T>(
    store: &mut Store,
    actor: &str,
    now: Timestamp,
    change: impl FnOnce(&mut Draft) -> Result<T, Refusal>,
) -> Result<(T, u64), ChangeError> {
    let mut draft =
        Draft::new(store.catalogue().clone(), store.catalogue_mut().next_card_type_id().map_err(IssuerError::Db)?);
    let out = change(&mut draft).map_err(ChangeError::Refused)?;
    store.catalogue_mut().replace_noting(draft.cat, &draft.note, actor, now)?;
    store.bundles().publish(actor, now)?;
    let version = store.bundles().latest().map_err(IssuerError::Db)?.map_or(0, |(v, _)| v);
    Ok((out, version))
}

/// Replace the whole catalogue with `new` (audited as `actor`; venues see
/// it with the next bundle), after the checks a change on the web page
/// passes: a consistent catalogue, every venue, card type and offer by the
/// rules of its form, and card types whose validity rule still covers the
/// cards already handed out unless `confirm_narrower`.
pub fn import(
    store: &mut Store,
    mut new: Catalogue,
    confirm_narrower: bool,
    actor: &str,
    now: Timestamp,
) -> Result<(), ChangeError> {
    new.validate().map_err(|e| ChangeError::Refused(Refusal::Invalid(e)))?;
    check_all(&mut new)?;
    if !confirm_narrower {
        for ct in &new.card_types {
            if let Some(old) = store.catalogue().card_type(ct.id) {
                card_types::check_covers(ct.id, ct.validity, old.validity).map_err(ChangeError::Refused)?;
            }
        }
    }
    store.catalogue_mut().replace(new, actor, now)?;
    Ok(())
}

/// Every venue, card type and offer of `cat` by the rules of its form;
/// venue names as they are kept.
fn check_all(cat: &mut Catalogue) -> Result<(), ChangeError> {
    let at = |item: String| move |refusal| ChangeError::RefusedAt { item, refusal };
    cat.scheme_name = scheme::check_name(&cat.scheme_name).map_err(at("scheme_name".into()))?;
    cat.contact = match cat.contact.take() {
        Some(c) => scheme::check_contact(c).map_err(at("contact".into()))?,
        None => None,
    };
    for v in &mut cat.venues {
        v.name = venues::VenueFields::of(v).check().map_err(at(format!("venue {}", v.id)))?;
    }
    let cat = &*cat;
    for ct in &cat.card_types {
        let fields = card_types::CardTypeFields::of(ct);
        fields.check().map_err(at(format!("card type {}", ct.id.0)))?;
        for b in &ct.benefits {
            let fields = offers::OfferFields::of(b);
            fields.check(cat).map_err(at(format!("offer {} of card type {}", b.id, ct.id.0)))?;
        }
    }
    Ok(())
}

/// The languages a card type's or an offer's name can be given in on the
/// forms: the family pages' ([`FamilyLang`]). A page in a language without
/// a name shows the bokmål one ([`shared::model::name_in`]).
pub fn name_langs() -> impl Iterator<Item = &'static str> {
    FamilyLang::ALL.into_iter().map(FamilyLang::tag)
}

/// Set the names of the forms' languages ([`name_langs`]) to `typed`'s
/// (removing those left empty), keeping any other language's.
fn set_names(n: &mut Names, typed: &Names) {
    for lang in name_langs() {
        match typed.get(lang).filter(|v| !v.is_empty()) {
            Some(v) => n.insert(lang.into(), v.clone()),
            None => n.remove(lang),
        };
    }
}

/// Names with a bokmål one of 1–`max` characters and every other at most
/// `max` characters.
fn names_fit(n: &Names, max: usize) -> bool {
    n.get("nb").is_some_and(|nb| !nb.is_empty()) && n.values().all(|v| at_most(v, max))
}

/// Whether `s` has at most `n` characters.
fn at_most(s: &str, n: usize) -> bool {
    s.chars().count() <= n
}
