//! The issuer: the municipality's side. Keys, the catalogue and the trust
//! bundle ([`store`]); the rules of changing the catalogue ([`catalogue`]);
//! issuing cards ([`issue`]) and their printable sheet ([`pdf`]); staff
//! accounts ([`accounts`]); venue keys, usage reports and their overview
//! ([`usage`], [`usage_overview`]); and the web app for caseworkers,
//! administrators and families ([`web`]). The `issuer` command-line tool
//! (`src/main.rs`) is a thin layer over this library.

pub mod accounts;
pub mod admin_status;
pub mod backup;
pub mod blocking;
pub mod catalogue;
pub mod cells;
pub mod config;
pub mod counter;
pub mod csv;
pub mod db;
pub mod demo;
pub mod duplicates;
pub mod family_review;
pub mod family_text;
pub mod held_sheets;
pub mod i18n;
pub mod issue;
pub mod names;
pub mod pdf;
pub mod proxies;
pub mod store;
pub mod usage;
pub mod usage_budgets;
pub mod usage_overview;
pub mod web;

use std::path::PathBuf;

/// Errors of the issuer, each with a message that says what to do.
#[derive(Debug, thiserror::Error)]
pub enum IssuerError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A data file is damaged or hand-edited into an invalid state.
    #[error("{path}: {reason}")]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `init` on a directory that already has an issuer.
    #[error("{0} already holds an issuer; its keys are kept (use another --data directory for a new one)")]
    AlreadyInitialised(PathBuf),
    /// A command on a directory without an issuer.
    #[error("{dir} holds no issuer yet; run `issuer init --data {dir}` first", dir = .0.display())]
    NotInitialised(PathBuf),
    /// The database could not be read or written.
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// An account could not be set up (see [`accounts`]).
    #[error(transparent)]
    Auth(#[from] accounts::AuthError),
    /// The catalogue could not be written as JSON.
    #[error("the catalogue could not be written: {0}")]
    CatalogueJson(#[source] serde_json::Error),
    /// The thread that writes issuance counts has stopped (see
    /// [`counter`]); nothing was counted.
    #[error("the issuance counter has stopped")]
    CounterStopped,
    /// A catalogue that is not consistent (e.g. a benefit at an unknown venue).
    #[error("the catalogue was not changed: {0}")]
    InvalidCatalogue(shared::model::CatalogueError),
    /// A key error (permissions, damaged key file, no valid signing key…).
    #[error(transparent)]
    Key(#[from] keys::KeyError),
    /// Card count outside 1..=500.
    #[error("count must be between 1 and {max}, got {0}", max = issue::MAX_COUNT)]
    BadCount(u32),
    /// No card type with this number.
    #[error("there is no card type {id}; known card types: {known:?} (see `issuer catalogue`)")]
    UnknownCardType {
        /// Requested number.
        id: u16,
        /// Existing numbers.
        known: Vec<u16>,
    },
    /// A requested validity window the card type does not allow.
    #[error(
        "validity {from} – {until} is not allowed for this card type (its default is {default_from} – {default_until})"
    )]
    BadWindow {
        /// Requested first day.
        from: shared::Day,
        /// Requested last day.
        until: shared::Day,
        /// The card type's default first day.
        default_from: shared::Day,
        /// The card type's default last day.
        default_until: shared::Day,
    },
    /// A window that has already ended.
    #[error("the validity would end on {until}, which is in the past")]
    WindowInPast {
        /// Last valid day.
        until: shared::Day,
    },
    /// An administrator's text for the families' pages was refused (see
    /// [`family_text::check_override`]); nothing was changed.
    #[error("the text was not saved: {0}")]
    TextOverride(family_text::OverrideError),
    /// The card sheet PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// A period (calendar year) the card type does not offer today.
    #[error(
        "the period {period} cannot be chosen for this card type today (periods: {allowed:?}; \
         its usual validity is {default_from} – {default_until})"
    )]
    PeriodNotAllowed {
        /// The period asked for.
        period: i32,
        /// The periods that can be chosen (none: the card type has none).
        allowed: Vec<i32>,
        /// The card type's default first day.
        default_from: shared::Day,
        /// The card type's default last day.
        default_until: shared::Day,
    },
    /// The duplicate check refused the card (see [`duplicates`]).
    #[error(transparent)]
    DuplicateCheck(#[from] duplicates::Refused),
}
