//! The venue installation's own Ed25519 key (SPEC §13.2), which signs its
//! usage reports: `DIR/venue.key`, mode 0600, made by `verifier init` and
//! never sent anywhere. Its public key is registered with the issuer
//! (`POST /venue-keys`, SPEC §13.4) with the single-use registration code
//! of the venue's set-up code, which approves it. The code waits in
//! `DIR/registration.code` (mode 0600) until the issuer has answered.

use crate::VerifierError;
use crate::fetch::{self, FetchConfig, FetchError, PostBody};
use crate::store::VenueStore;
use shared::ed25519_dalek::SigningKey;
use shared::setup::RegistrationCode;
use shared::wire::{Fingerprint, hex_encode};
use std::path::{Path, PathBuf};

/// The key's file name in the venue's data directory.
pub const KEY_FILE: &str = "venue.key";

/// Where a set-up code's registration code waits until it is used.
pub const REGISTRATION_FILE: &str = "registration.code";

/// Keep the set-up code's registration code for [`register`] (mode 0600).
pub fn save_registration(dir: &Path, code: &RegistrationCode) -> Result<(), VerifierError> {
    keys::atomic_write(&dir.join(REGISTRATION_FILE), format!("{}\n", code.to_hex()).as_bytes(), 0o600)
        .map_err(VerifierError::Key)
}

/// The registration code waiting in `dir`, if any (a damaged file counts
/// as none: the issuer would refuse it anyway).
pub fn saved_registration(dir: &Path) -> Option<RegistrationCode> {
    std::fs::read_to_string(dir.join(REGISTRATION_FILE)).ok().and_then(|t| RegistrationCode::parse(&t))
}

fn forget_registration(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(REGISTRATION_FILE));
}

/// The path of the venue key in `dir`.
pub fn key_path(dir: &Path) -> PathBuf {
    dir.join(KEY_FILE)
}

/// Make `DIR/venue.key` (mode 0600, never overwritten) unless it exists;
/// returns whether a new key was made. An existing key is kept as it is
/// (and must load).
pub fn ensure_key(dir: &Path) -> Result<bool, VerifierError> {
    let path = key_path(dir);
    if path.exists() {
        load_key(dir)?;
        return Ok(false);
    }
    let key = keys::generate_key()?;
    keys::keyfile::write_secret_key(&path, &key)?;
    Ok(true)
}

/// Load the venue key: [`VerifierError::VenueKeyMissing`] if there is none,
/// [`VerifierError::BadVenueKey`] if it is damaged or others can read it.
pub fn load_key(dir: &Path) -> Result<SigningKey, VerifierError> {
    let path = key_path(dir);
    if !path.exists() {
        return Err(VerifierError::VenueKeyMissing(dir.to_path_buf()));
    }
    keys::keyfile::read_secret_key(&path).map_err(|source| VerifierError::BadVenueKey { path, source })
}

/// The public facts about a venue key, for printing and registering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyInfo {
    /// 32-byte Ed25519 public key.
    pub public_key: [u8; 32],
    /// Its fingerprint (SPEC §1).
    pub fingerprint: Fingerprint,
}

impl PublicKeyInfo {
    /// Of a signing key.
    pub fn of(key: &SigningKey) -> PublicKeyInfo {
        let public_key = key.verifying_key().to_bytes();
        PublicKeyInfo { public_key, fingerprint: Fingerprint::of(&public_key) }
    }

    /// The public key, 64 hex digits.
    pub fn public_key_hex(&self) -> String {
        hex_encode(&self.public_key)
    }

    /// The first 16 hex digits of the fingerprint in groups of four, for
    /// reading aloud: `3f2a 91c0 7be4 d015`.
    pub fn short_fingerprint(&self) -> String {
        group_fingerprint(&self.fingerprint)
    }
}

/// The first 16 hex digits of a fingerprint in groups of four.
pub fn group_fingerprint(fp: &Fingerprint) -> String {
    let hex = fp.to_string();
    let digits: Vec<char> = hex.chars().take(16).collect();
    digits.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// The issuer's answer to a key registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// `202 pending`: an administrator must approve it.
    Pending,
    /// `200 approved`: the key is approved already.
    Approved,
}

/// `<base>/<path>`, without a doubled slash.
pub fn issuer_url(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// `POST <public_base_url>/venue-keys` (SPEC §13.4) with this venue's id,
/// public key and the waiting registration code, if any. A refusal is
/// [`FetchError::Refused`] with the issuer's code (`unknown_venue`,
/// `bad_key`, `registration_required`, `bad_registration`, …) and message;
/// an answer naming another fingerprint than the key's is
/// [`FetchError::Broken`]. The registration code is forgotten once the key
/// is approved, or once the issuer refused the code.
pub fn register(store: &VenueStore, key: &PublicKeyInfo, config: &FetchConfig) -> Result<Registration, FetchError> {
    let url = issuer_url(&store.bundle().catalogue().public_base_url, "venue-keys");
    let mut body = serde_json::json!({"venue_id": store.venue_id(), "public_key": key.public_key_hex()});
    if let Some(code) = saved_registration(store.dir()) {
        body["registration"] = serde_json::Value::String(code.to_hex());
    }
    let answer = fetch::post(&url, PostBody::Json(&body), config);
    match &answer {
        Err(FetchError::Refused { code, .. }) if code == "bad_registration" => forget_registration(store.dir()),
        _ => {}
    }
    let registration = registration_of(url, key, answer?)?;
    if registration == Registration::Approved {
        forget_registration(store.dir());
    }
    Ok(registration)
}

/// What the issuer's answer says.
fn registration_of(
    url: String,
    key: &PublicKeyInfo,
    (status, answer): (u16, serde_json::Value),
) -> Result<Registration, FetchError> {
    if let Some(fp) = answer.get("fingerprint").and_then(|f| f.as_str())
        && Fingerprint::parse(fp) != Some(key.fingerprint)
    {
        return Err(FetchError::Broken { url, reason: "the issuer's answer names another key's fingerprint".into() });
    }
    match answer.get("status").and_then(|s| s.as_str()) {
        Some("approved") => Ok(Registration::Approved),
        Some("pending") => Ok(Registration::Pending),
        _ if status == 202 => Ok(Registration::Pending),
        _ => Err(FetchError::Broken { url, reason: "the answer is not the issuer's JSON".into() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn the_key_is_made_once_owner_only_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(matches!(load_key(tmp.path()), Err(VerifierError::VenueKeyMissing(_))));
        assert!(ensure_key(tmp.path()).unwrap());
        let mode = std::fs::metadata(key_path(tmp.path())).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let first = load_key(tmp.path()).unwrap().to_bytes();
        assert!(!ensure_key(tmp.path()).unwrap());
        assert_eq!(load_key(tmp.path()).unwrap().to_bytes(), first);
        std::fs::set_permissions(key_path(tmp.path()), std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(load_key(tmp.path()), Err(VerifierError::BadVenueKey { .. })));
        std::fs::set_permissions(key_path(tmp.path()), std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::write(key_path(tmp.path()), "garbage\n").unwrap();
        assert!(matches!(load_key(tmp.path()), Err(VerifierError::BadVenueKey { .. })));
        assert!(matches!(ensure_key(tmp.path()), Err(VerifierError::BadVenueKey { .. })));
    }

    #[test]
    fn fingerprints_are_grouped_for_reading_aloud() {
        let fp = Fingerprint([0xab; 32]);
        assert_eq!(group_fingerprint(&fp), "abab abab abab abab");
        assert_eq!(issuer_url("https://x.no/", "/reports"), "https://x.no/reports");
        assert_eq!(issuer_url("https://x.no", "venue-keys"), "https://x.no/venue-keys");
    }
}
