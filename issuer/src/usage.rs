//! Venue keys and usage reports at the issuer (SPEC §13.4): counts, never
//! cards.
//!
//! - `venue_key`: each venue installation's Ed25519 public key, registered
//!   by the venue with the single-use registration code of its set-up code
//!   (approved at once), or pasted by an administrator; revoked by an
//!   administrator. Keys registered *pending* before registration codes
//!   existed wait for an administrator for [`PENDING_LIFETIME_SECS`], then
//!   are gone. Public keys are public; nothing secret.
//! - `venue_registration`: the registration codes, as SHA-256 hashes only.
//! - `usage_report`: which report (id, period, when made, which key) was
//!   stored last, so that an older one is ignored.
//! - `usage`: visits and companions per venue, venue key, Oslo day, card
//!   type and benefit. Nothing that could tell one card or child from
//!   another: the report format has no such field.
//!
//! Counts are kept per venue **key** (one verifier installation, one
//! redemption log): a venue with two computers sends two reports with the
//! same report id, and each replaces only its own counts.

use crate::db::DbError;
use shared::{CardTypeId, Day, Fingerprint, Timestamp};

/// How long a set-up code's registration code works (14 days).
pub const REGISTRATION_LIFETIME_SECS: i64 = 14 * 86_400;
/// How long a key registered pending (before registration codes existed)
/// waits for an administrator (14 days).
pub const PENDING_LIFETIME_SECS: i64 = 14 * 86_400;

/// Where a venue key stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    /// Registered by the venue without a registration code (before they
    /// existed); an administrator has not approved it yet.
    Pending,
    /// Reports signed with it are accepted for its venue.
    Approved,
    /// No longer accepted (its counts so far are kept).
    Revoked,
}

impl KeyStatus {
    /// The word stored and sent (`pending`, `approved`, `revoked`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Pending => "pending",
            KeyStatus::Approved => "approved",
            KeyStatus::Revoked => "revoked",
        }
    }

    /// The status of a stored word (anything else: revoked).
    pub(crate) fn parse(s: &str) -> KeyStatus {
        match s {
            "approved" => KeyStatus::Approved,
            "pending" => KeyStatus::Pending,
            _ => KeyStatus::Revoked,
        }
    }
}

/// A venue key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueKey {
    /// Fingerprint of the public key (SPEC §1).
    pub fingerprint: Fingerprint,
    /// The venue it speaks for.
    pub venue_id: String,
    /// Status.
    pub status: KeyStatus,
    /// When it was registered or added.
    pub received_at: Timestamp,
    /// When an administrator approved or revoked it.
    pub decided_at: Option<Timestamp>,
    /// Who did.
    pub decided_by: Option<String>,
}

/// Why a venue key or report was refused. Each refusal changes nothing.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// The venue is not in the catalogue.
    #[error("there is no venue «{0}» in the catalogue")]
    UnknownVenue(String),
    /// Not 32 bytes of a canonical, strong Ed25519 public key.
    #[error("not a valid venue public key")]
    BadKey,
    /// The key is already registered for another venue.
    #[error("the key is registered for another venue")]
    KeyOfOtherVenue,
    /// The key was revoked (or registering it again would undo that).
    #[error("the key was revoked; the venue needs a new key")]
    Revoked,
    /// A new key without a registration code (a set-up code made before
    /// registration codes existed, or none).
    #[error("registering a venue key needs the registration code of a new set-up code; ask the administrator for one")]
    RegistrationRequired,
    /// The registration code is unknown, used, expired or for another venue.
    #[error(
        "this set-up code's registration code is used, expired or for another venue; ask the administrator for a new \
         set-up code"
    )]
    BadRegistration,
    /// No key with this fingerprint in the state the action needs.
    #[error("no such key waiting for this action")]
    NoSuchKey,
    /// A report signed by a key that is not approved for its venue.
    #[error("the report's key is not approved for venue «{0}»")]
    UnknownKey(String),
    /// The operating system's random number generator failed.
    #[error("no random numbers for a registration code: {0}")]
    Random(#[source] keys::KeyError),
    /// The database.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// What storing a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// The report's rows now stand for its venue, key and days.
    Stored {
        /// Rows stored.
        rows: usize,
    },
    /// A report with the same id from the same key, made later, is already
    /// stored; nothing changed.
    Older,
}

/// One stored count, summed over a venue's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageRow {
    /// Venue id.
    pub venue_id: String,
    /// Oslo day.
    pub day: Day,
    /// Card type.
    pub card_type: CardTypeId,
    /// Benefit id within the card type.
    pub benefit: String,
    /// Visits.
    pub visits: u64,
    /// Visits with a free companion.
    pub companions: u64,
}

/// The public key in `bytes` if it is a canonical, strong Ed25519 point
/// (the same rule as [`shared::report::verify_report`]).
pub fn check_public_key(bytes: &[u8]) -> Result<[u8; 32], UsageError> {
    use shared::ed25519_dalek::VerifyingKey;
    let key: [u8; 32] = bytes.try_into().map_err(|_| UsageError::BadKey)?;
    VerifyingKey::from_bytes(&key)
        .ok()
        .filter(|k| !k.is_weak() && k.to_edwards().compress().to_bytes() == key)
        .map(|_| key)
        .ok_or(UsageError::BadKey)
}

/// A venue's reports as seen by the issuer (from `usage_report`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSeen {
    /// Venue id.
    pub venue_id: String,
    /// When its last report arrived.
    pub last_received: Timestamp,
    /// Whether a report of it covers a day of the month asked about.
    pub covers: bool,
}

/// Whether a venue of the catalogue reported for a month: every venue is
/// listed, so that one that sent nothing is seen, not left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueReporting {
    /// Venue id.
    pub venue_id: String,
    /// Display name.
    pub name: String,
    /// The Oslo day its last report arrived, if it ever sent one.
    pub last_report: Option<Day>,
    /// Whether a report covers the month.
    pub reported: bool,
}

/// Every venue of `catalogue`, in its order, with what `seen` says of its
/// reports (venues removed from the catalogue are left out).
pub fn reporting(catalogue: &shared::model::Catalogue, seen: &[ReportSeen]) -> Vec<VenueReporting> {
    catalogue
        .venues
        .iter()
        .map(|v| {
            let s = seen.iter().find(|s| s.venue_id == v.id);
            VenueReporting {
                venue_id: v.id.clone(),
                name: v.name.clone(),
                last_report: s.map(|s| s.last_received.oslo_day()),
                reported: s.is_some_and(|s| s.covers),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_venue_is_listed_with_its_last_report() {
        let cat = crate::demo::larvik("https://kort.example.no");
        let day = Day::from_ymd(2026, 12, 1).unwrap();
        let seen = [
            ReportSeen { venue_id: "bolgen-kino".into(), last_received: day.oslo_midnight(), covers: true },
            ReportSeen { venue_id: "gone".into(), last_received: day.oslo_midnight(), covers: true },
        ];
        let r = reporting(&cat, &seen);
        assert_eq!(r.len(), cat.venues.len());
        assert_eq!((r[0].venue_id.as_str(), r[0].last_report, r[0].reported), ("bolgen-kino", Some(day), true));
        assert!(r[1..].iter().all(|v| v.last_report.is_none() && !v.reported));
    }
}
