//! The activity card core: token format, entitlement model, trust bundle and
//! verification. Pure: no I/O, no clock reads, no randomness; callers pass
//! time and random bytes in.
//!
//! The wire format is in [`wire`] and is specified in `docs/SPEC.md`.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod budget;
pub mod bundle;
pub mod day;
pub mod decision;
pub mod error;
pub mod installed;
mod layout;
pub mod model;
pub mod month;
pub mod page;
pub mod qr;
mod qr_mask;
pub mod quota;
pub mod report;
pub mod retention;
mod revoked;
pub mod setup;
pub mod station;
pub mod token;
pub mod validity;
pub mod wire;

pub use bundle::{
    BundleBody, SigningKeyEntry, Update, VerifiedBundle, delegate, sign_bundle, sign_bundle_delegated, update_decision,
    verify_bundle,
};
pub use day::{Clock, Day, FixedClock, Timestamp};
pub use error::{BundleError, EncodingError, ListUnreadable, TokenError};
pub use model::{
    Benefit, CardType, CardTypeId, Catalogue, Category, Period, Quota, RollOver, ValidityRule, Venue, VenueBudget,
};
pub use month::Month;
pub use token::{VerifiedToken, sign_token, verify_text, verify_token};
pub use wire::{CardNumber, Claims, Fingerprint, KeyId, TokenId};

/// Re-exported so that callers use the same Ed25519 types.
pub use ed25519_dalek;
