//! The issuer's data directory.
//!
//! ```text
//! DIR/keys/          key ring (0700; private keys 0600)
//! DIR/catalogue.json venues and card types (the administrator's choices)
//! DIR/state.json     bundle version counter and revoked card numbers
//! ```
//!
//! Nothing about issued cards is stored: no token, no token id, no card
//! number (except a card number an administrator chose to block).

use crate::IssuerError;
use keys::KeyRing;
use serde::{Deserialize, Serialize};
use shared::bundle::BundleBody;
use shared::model::Catalogue;
use shared::{CardNumber, Timestamp};
use std::path::{Path, PathBuf};

/// How long a bundle stays current before venues should fetch a new one.
pub const BUNDLE_LIFETIME_SECS: i64 = 60 * 86_400;

/// The default public base URL of the demo (replace in `catalogue.json`).
pub const DEFAULT_BASE_URL: &str = "https://kort.larvik.kommune.no";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct State {
    bundle_version: u64,
    revoked: Vec<CardNumber>,
}

/// An open issuer data directory.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    catalogue: Catalogue,
    state: State,
    ring: KeyRing,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, IssuerError> {
    let text = std::fs::read_to_string(path).map_err(|source| IssuerError::Io { path: path.to_path_buf(), source })?;
    serde_json::from_str(&text).map_err(|e| IssuerError::BadFile { path: path.to_path_buf(), reason: e.to_string() })
}

fn write_json<T: Serialize>(path: &Path, v: &T, mode: u32) -> Result<(), IssuerError> {
    let mut bytes = serde_json::to_vec_pretty(v)
        .map_err(|e| IssuerError::BadFile { path: path.to_path_buf(), reason: e.to_string() })?;
    bytes.push(b'\n');
    Ok(keys::atomic_write(path, &bytes, mode)?)
}

impl Store {
    /// Whether `dir` holds an issuer.
    pub fn exists(dir: &Path) -> bool {
        dir.join("state.json").exists()
    }

    /// Create keys and the demo catalogue in `dir`.
    pub fn init(dir: &Path, now: Timestamp) -> Result<Store, IssuerError> {
        if Self::exists(dir) || KeyRing::exists(&dir.join("keys")) {
            return Err(IssuerError::AlreadyInitialised(dir.to_path_buf()));
        }
        std::fs::create_dir_all(dir).map_err(|source| IssuerError::Io { path: dir.to_path_buf(), source })?;
        let ring = KeyRing::create(&dir.join("keys"), now)?;
        let catalogue = crate::demo::larvik(DEFAULT_BASE_URL);
        write_json(&dir.join("catalogue.json"), &catalogue, 0o644)?;
        let state = State::default();
        write_json(&dir.join("state.json"), &state, 0o600)?;
        Ok(Store { dir: dir.to_path_buf(), catalogue, state, ring })
    }

    /// Open an existing issuer directory.
    pub fn open(dir: &Path) -> Result<Store, IssuerError> {
        if !Self::exists(dir) {
            return Err(IssuerError::NotInitialised(dir.to_path_buf()));
        }
        let catalogue: Catalogue = read_json(&dir.join("catalogue.json"))?;
        catalogue
            .validate()
            .map_err(|e| IssuerError::BadFile { path: dir.join("catalogue.json"), reason: e.to_string() })?;
        let state = read_json(&dir.join("state.json"))?;
        let ring = KeyRing::open(&dir.join("keys"))?;
        Ok(Store { dir: dir.to_path_buf(), catalogue, state, ring })
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The key ring.
    pub fn ring(&self) -> &KeyRing {
        &self.ring
    }

    /// The key ring, for rotation.
    pub fn ring_mut(&mut self) -> &mut KeyRing {
        &mut self.ring
    }

    /// Revoked card numbers.
    pub fn revoked(&self) -> &[CardNumber] {
        &self.state.revoked
    }

    /// Block a card. Returns false if it was already blocked.
    pub fn revoke(&mut self, n: CardNumber) -> Result<bool, IssuerError> {
        if self.state.revoked.contains(&n) {
            return Ok(false);
        }
        self.state.revoked.push(n);
        self.state.revoked.sort();
        write_json(&self.dir.join("state.json"), &self.state, 0o600)?;
        Ok(true)
    }

    /// Sign a new trust bundle (version + 1) from the current catalogue,
    /// keys and revocations.
    pub fn publish_bundle(&mut self, now: Timestamp) -> Result<Vec<u8>, IssuerError> {
        let version = self.state.bundle_version + 1;
        let body = BundleBody {
            version,
            issued_at: now,
            expires_at: now.plus_seconds(BUNDLE_LIFETIME_SECS),
            root_key_id: self.ring.root_key_id(),
            signing_keys: self.ring.signing_keys().to_vec(),
            catalogue: self.catalogue.clone(),
            revoked: self.state.revoked.clone(),
        };
        let bytes = self.ring.sign_bundle(body)?;
        self.state.bundle_version = version;
        write_json(&self.dir.join("state.json"), &self.state, 0o600)?;
        Ok(bytes)
    }
}
