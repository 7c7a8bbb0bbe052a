//! The verifier: the venue's offline scanner. This issue: set-up, bundle
//! updates with rollback protection, and `check` (verify without recording).

pub mod check;
pub mod fetch;
pub mod i18n;
pub mod image;
pub mod store;

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
    /// The venue's configuration file is damaged.
    #[error("venue configuration is damaged: {0}")]
    BadConfig(String),
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
    #[error("{path}: {reason}", path = .path.display())]
    Image {
        /// The image file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
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
}
