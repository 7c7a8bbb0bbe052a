//! Keys of the activity card: generation from the OS CSPRNG, key files with
//! tight permissions, the issuer's key ring (a root key that delegates to
//! signing keys with validity windows), bundle signing and root rotation.
//!
//! Verification is pure and lives in `shared`; this crate does the I/O.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod batch;
pub mod keyfile;
pub mod ring;

pub use keyfile::{read_secret_key, write_secret_key};
pub use ring::{DELEGATION_VALIDITY_DAYS, DELEGATION_WARN_DAYS, DelegationWarning, KeyRing, SIGNING_KEY_VALIDITY_DAYS};

use rand::TryRng as _;
use shared::ed25519_dalek::SigningKey;
use shared::{Clock, Timestamp, TokenId};
use std::path::PathBuf;

/// Errors of key handling.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Refused to overwrite an existing key file.
    #[error("{0} already exists; refusing to overwrite a key")]
    Exists(PathBuf),
    /// A private key file that others than its owner can read or write.
    #[error("{path} has permissions {mode:o}; a private key must be readable by its owner only (chmod 600 {path})")]
    InsecurePermissions {
        /// The key file.
        path: PathBuf,
        /// Its mode bits.
        mode: u32,
    },
    /// A key file that is not in this system's format.
    #[error("{0} is not a key file of this system")]
    BadKeyFile(PathBuf),
    /// The key ring's metadata is missing or damaged.
    #[error("key ring {path}: {reason}")]
    BadKeyRing {
        /// The key ring file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// No signing key is valid on the given day.
    #[error("no signing key is valid on {0}; rotate the signing key")]
    NoValidSigningKey(shared::Day),
    /// The operating system's random number generator failed.
    #[error("the operating system's random number generator failed: {0}")]
    Random(String),
    /// The root key is not on this server (it was exported and removed)
    /// and this needs it: a root rotation, or a bundle without a bundle key
    /// delegated to.
    #[error(
        "the root key is not on this server; bring it back with `issuer keys import-root FILE --passphrase-file FILE` (the file of `issuer keys export-root`), then try again"
    )]
    RootKeyOffline,
    /// The bundle key's delegation ended before this bundle's time; the
    /// root key must come back to renew it (SPEC §6.6).
    #[error(
        "the bundle key may sign bundles only until {day}; bring the root key back with `issuer keys import-root FILE --passphrase-file FILE` to renew it",
        day = until.oslo_day()
    )]
    DelegationExpired {
        /// The end of the delegation's window.
        until: Timestamp,
    },
    /// The key given is not this key ring's current root key.
    #[error("this is not the root key of this issuer (its fingerprint is {given}, the root's is {expected})")]
    NotThisRoot {
        /// Fingerprint of the key given.
        given: shared::Fingerprint,
        /// Fingerprint of the current root.
        expected: shared::Fingerprint,
    },
}

/// Fill `buf` from the operating system's CSPRNG.
pub fn os_random(buf: &mut [u8]) -> Result<(), KeyError> {
    rand::rngs::SysRng.try_fill_bytes(buf).map_err(|e| KeyError::Random(e.to_string()))
}

/// A new Ed25519 key from the OS CSPRNG.
pub fn generate_key() -> Result<SigningKey, KeyError> {
    let mut seed = [0u8; 32];
    os_random(&mut seed)?;
    let key = SigningKey::from_bytes(&seed);
    seed.fill(0);
    Ok(key)
}

/// A new 128-bit token id from the OS CSPRNG.
pub fn random_token_id() -> Result<TokenId, KeyError> {
    let mut id = [0u8; 16];
    os_random(&mut id)?;
    Ok(TokenId(id))
}

/// The system clock, for binaries. Library logic takes time as a parameter.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Timestamp(secs)
    }
}

/// Create `path` empty and readable by its owner only (0600) unless it
/// exists, for a file another library then opens (SQLite, which gives a
/// database's `-wal` and `-shm` files the database's own permissions). An
/// existing file is left as it is.
pub fn create_owner_only(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path).map(drop)
}

/// Write `bytes` to `path` atomically: a temporary file in the same
/// directory (mode `mode`), fsync, rename over `path`, fsync the directory.
/// A crash leaves either the old file or the new one, never a mix.
pub fn atomic_write(path: &std::path::Path, bytes: &[u8], mode: u32) -> Result<(), KeyError> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let io = |p: &std::path::Path| {
        let p = p.to_path_buf();
        move |source| KeyError::Io { path: p, source }
    };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut suffix = [0u8; 6];
    os_random(&mut suffix)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", shared::wire::hex_encode(&suffix)));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(mode).open(&tmp).map_err(io(&tmp))?;
        f.write_all(bytes).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
        std::fs::rename(&tmp, path).map_err(io(path))?;
        std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
