//! The verifier: the venue's offline scanner. Set-up and bundle updates
//! with rollback protection ([`store`], [`fetch`]), checking and redeeming
//! cards with quotas ([`check`], [`redeem`], [`log`]), usage reports signed
//! with the venue's key ([`report`], [`venue_key`]), and the staff's screens:
//! the terminal ([`scan`]) and the local web page ([`serve`]). Staff-facing
//! text, errors included, comes from [`i18n`]; `Display` of an error is its
//! English text, for logs and tests.

pub mod autoupdate;
pub mod check;
pub mod devices;
pub mod fetch;
pub mod i18n;
pub mod image;
pub mod log;
pub mod pre_upgrade;
pub mod pseudonym;
pub mod redeem;
pub mod report;
pub mod retention;
pub mod scan;
pub mod seal;
pub mod serve;
pub mod service;
pub mod store;
pub mod terminal;
pub mod venue_key;

use std::path::PathBuf;

/// Errors of the verifier's set-up and configuration. A card that does not
/// verify is not an error here but a [`check::Verdict`].
#[derive(Debug, thiserror::Error)]
pub enum VerifierError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// `init` on a directory already set up.
    #[error("{dir} is already set up for a venue; use `verifier update` to install a newer bundle", dir = .0.display())]
    AlreadyInitialised(PathBuf),
    /// No venue set up in the directory.
    #[error("{dir} is not set up yet; run `verifier init --data {dir} --setup CODE` with the venue's set-up code from the issuer", dir = .0.display())]
    NotInitialised(PathBuf),
    /// The venue's configuration file (or its record of sent reports) is
    /// damaged.
    #[error("venue configuration is damaged: {path}: {source}", path = .path.display())]
    BadConfig {
        /// The file.
        path: PathBuf,
        /// What is wrong with its JSON.
        #[source]
        source: serde_json::Error,
    },
    /// `verifier init` without a set-up code, and without both a root
    /// fingerprint and a venue id.
    #[error("give --setup, or --root-fingerprint and --venue")]
    NoSetup,
    /// `verifier init` with no way to get the first bundle.
    #[error("give --setup CODE, --bundle-url URL or --bundle FILE")]
    NoBundleSource,
    /// Output could not be written as JSON.
    #[error("could not write JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// The root fingerprint given at set-up is not 64 hex digits.
    #[error("«{0}» is not a root fingerprint (64 hex digits, as printed by `issuer root-fingerprint`)")]
    BadFingerprint(String),
    /// The bundle was refused; the installed one (if any) stays in use.
    #[error(transparent)]
    Bundle(#[from] shared::BundleError),
    /// The venue id is not in the bundle.
    #[error("venue «{venue}» is not in this bundle; known venues: {}", known.join(", "))]
    UnknownVenue {
        /// The id given.
        venue: String,
        /// Ids in the bundle.
        known: Vec<String>,
    },
    /// A newer bundle no longer lists this venue.
    #[error("the new bundle no longer lists venue «{0}»; kept the current bundle (ask the administrator)")]
    VenueRemoved(String),
    /// An image could not be read or holds no QR code.
    #[error("{path}: {source}", path = .path.display())]
    Image {
        /// The image file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: image::ImageError,
    },
    /// The set-up code is not valid.
    #[error("{0} (copy it again from the issuer's \"Set-up for venues\" page)")]
    BadSetup(#[from] shared::setup::SetupError),
    /// A key-file or atomic-write error.
    #[error(transparent)]
    Key(#[from] keys::KeyError),
    /// The bundle could not be fetched from its URL (network, TLS, HTTP
    /// status, size); the installed bundle, if any, stays in use.
    #[error(transparent)]
    Fetch(#[from] fetch::FetchError),
    /// `verifier update` without `--bundle` or `--url` on a venue that was
    /// set up from a file, so no bundle URL is known.
    #[error("no bundle URL is known for {dir}; run `verifier update --data {dir} --url URL` (the URL from the set-up code) or `--bundle FILE`", dir = .0.display())]
    NoBundleUrl(PathBuf),
    /// Staleness limits out of range (`verifier settings`).
    #[error(
        "staleness limits {warn_days}/{refuse_days} days are not allowed: the warning age must be at least 1 day and \
         at most the refusal age, and the refusal age at most {max} days"
    )]
    BadStaleness {
        /// Warning age asked for.
        warn_days: u32,
        /// Refusal age asked for.
        refuse_days: u32,
        /// Largest refusal age.
        max: u32,
    },
    /// The redemption log (`redemptions.db`) could not be opened, read or
    /// written. Nothing was recorded.
    #[error(
        "redemption log {path}: {source}; nothing was recorded (check the disk and the folder's permissions, then try again)",
        path = .path.display()
    )]
    Log {
        /// The database file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: log::LogProblem,
    },
    /// The computer's clock is behind a time already seen (a recorded visit
    /// or the bundle's issue time) by more than the tolerance. Refused so
    /// that quota periods never go backwards. Code `clock_rollback`.
    #[error(
        "this computer's clock says {now}, but {seen} has already been seen here (the clock is {behind_minutes} minutes \
         behind); set the computer's date, time and time zone right (automatic time is best), then scan again; \
         nothing was recorded"
    )]
    ClockBehind {
        /// The clock's time, Oslo (`YYYY-MM-DD HH:MM`).
        now: String,
        /// The latest time seen, Oslo.
        seen: String,
        /// How far behind, in whole minutes.
        behind_minutes: i64,
    },
    /// The installed bundle is older than the venue's hard limit: cards are
    /// refused until it is updated. Code `bundle_too_old`.
    #[error(
        "the trust bundle is {age_days} days old and this venue accepts cards only with a bundle younger than \
         {refuse_days} days; connect to the internet and run `verifier update` (or install a new bundle file from the \
         administrator); the limit is set with `verifier settings --stale-refuse-days N`"
    )]
    BundleTooOld {
        /// Whole days since the bundle was issued.
        age_days: u32,
        /// The venue's limit.
        refuse_days: u32,
    },
    /// `verifier undo` with no recorded visit.
    #[error("there is no recorded visit to undo")]
    NothingToUndo,
    /// `verifier undo` when the last visit is older than the undo window.
    #[error(
        "the last recorded visit ({benefit}, {at}) is more than {window_minutes} minutes old and can no longer be \
         undone; it stays counted"
    )]
    UndoTooLate {
        /// Benefit id of the last visit.
        benefit: String,
        /// When it was recorded, Oslo (`YYYY-MM-DD HH:MM`).
        at: String,
        /// The undo window.
        window_minutes: i64,
    },
    /// An undo was confirmed for a visit that is no longer the device's
    /// last (another visit was recorded meanwhile): nothing was undone.
    #[error("another visit was recorded after the one shown for confirmation; nothing was undone (press undo again)")]
    UndoChanged,
    /// `verifier devices revoke ID` with an id that is not a paired device.
    #[error("there is no paired device number {0}; `verifier devices` lists them")]
    UnknownDevice(i64),
    /// `verifier report --from` after `--until`.
    #[error("--from {from} is after --until {until}; give the first day, then the last")]
    BadReportRange {
        /// First day asked for.
        from: shared::Day,
        /// Last day asked for.
        until: shared::Day,
    },
    /// `verifier report --month` with something other than `YYYY-MM`.
    #[error("«{0}» is not a month; give it as YYYY-MM, e.g. 2026-11")]
    BadMonth(String),
    /// The venue has no key for signing usage reports (`venue.key`), e.g.
    /// set up before usage reports existed.
    #[error("{dir} has no venue key (venue.key) for usage reports; run `verifier register --data {dir}` to make one and register it with the issuer", dir = .0.display())]
    VenueKeyMissing(PathBuf),
    /// The venue key file is damaged or others can read it. It is never
    /// replaced automatically: a new key needs a new approval.
    #[error(
        "the venue key {path} cannot be used: {source}; fix its permissions (chmod 600), or move it away and run \
         `verifier register` to make a new key, which the administrator must approve again",
        path = .path.display()
    )]
    BadVenueKey {
        /// The key file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: keys::KeyError,
    },
    /// `verifier register --setup` with a set-up code for another venue or
    /// another issuer's root key.
    #[error("this set-up code is for the venue «{venue}» or another issuer; this computer is set up for «{here}»")]
    SetupForOther {
        /// The venue in the code.
        venue: String,
        /// The venue set up here.
        here: String,
    },
    /// The station secret of the redemption log's pseudonyms
    /// (`station.secret`) is damaged, missing or others can read it. It is
    /// never replaced automatically: a new secret starts every card's
    /// quotas afresh.
    #[error(
        "the station secret {path} cannot be used: {source}; fix its permissions (chmod 600); only if it is lost, \
         move it away (a new one is made, and every card's quotas here start afresh)",
        path = .path.display()
    )]
    BadStationSecret {
        /// The secret's file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: keys::KeyError,
    },
    /// `verifier service-unit` with a value a unit file cannot hold.
    #[error("cannot write the service unit: {0}")]
    Unit(#[from] service::UnitError),
    /// `--update-every` with something other than `30s`, `15m`, `1h` or
    /// `off` (or out of range).
    #[error(
        "«{0}» is not an update interval; give a whole number of seconds, minutes or hours from 1s to 24h, such as \
         30s, 15m or 1h, or off for no background updates"
    )]
    BadUpdateInterval(String),
    /// Whether a companion came was given for a visit that is no longer the
    /// device's last, is undone, or is older than the undo window.
    #[error(
        "a companion can only be recorded for the last visit, within {window_minutes} minutes of the scan; nothing \
         was changed"
    )]
    CompanionTooLate {
        /// The window (the undo window).
        window_minutes: i64,
    },
    /// `--budget-share` with something other than `N/M`.
    #[error(
        "«{0}» is not a budget share; give this station's number and how many stations the venue has, such as 1/2 \
         (at most 100 stations)"
    )]
    BadBudgetShare(String),
    /// `--ca-file` (`VERIFIER_CA_FILE`) names a file that cannot be read.
    #[error("cannot read the certificate authority file (--ca-file, VERIFIER_CA_FILE): {path}: {source}", path = .path.display())]
    CaFileUnreadable {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// `--ca-file` names a file without a PEM certificate in it.
    #[error(
        "{path} holds no certificate (a PEM file with -----BEGIN CERTIFICATE-----, such as the root.crt of the issuer's certificate authority) \
         for --ca-file (VERIFIER_CA_FILE)",
        path = .0.display()
    )]
    CaFileEmpty(PathBuf),
    /// The revoked list left in the installed bundle file
    /// ([`store::VenueStore::open_for_one_card`]) could not be read to look
    /// a card up: the file changed since the start, or a read failed. No
    /// answer about the card; nothing was recorded.
    #[error(
        "the list of blocked cards in the installed trust bundle could not be read ({0}); nothing was recorded: check \
         the card again, and if it happens again run `verifier update`"
    )]
    RevokedListUnreadable(#[source] shared::ListUnreadable),
}

impl VerifierError {
    /// A stable code for a machine-readable answer (`--json`):
    /// `clock_rollback` and `bundle_too_old` (SPEC §7), `bundle_from_future`
    /// when the installed bundle's issue time is ahead of the clock,
    /// `not_set_up` for a data directory without a venue, `log_error` for
    /// the redemption log, `error` for anything else.
    pub fn code(&self) -> &'static str {
        match self {
            VerifierError::ClockBehind { .. } => "clock_rollback",
            VerifierError::BundleTooOld { .. } => "bundle_too_old",
            VerifierError::Bundle(shared::BundleError::FromTheFuture) => "bundle_from_future",
            VerifierError::NotInitialised(_) => "not_set_up",
            VerifierError::Log { .. } => "log_error",
            _ => "error",
        }
    }
}

/// An instant as Oslo local time, `YYYY-MM-DD HH:MM` (for messages).
pub fn oslo_local(t: shared::Timestamp) -> String {
    let secs = t.oslo_seconds_of_day();
    format!("{} {:02}:{:02}", t.oslo_day(), secs / 3600, secs / 60 % 60)
}
