//! Per-venue pseudonyms (SPEC §11.3): the redemption log stores, instead of
//! a card's token id, the first [`PSEUDONYM_BYTES`] bytes of
//! HMAC-SHA256(station secret, token id). The pseudonym is the quota unit
//! (one card, one pseudonym at this station), but two stations' logs share
//! nothing derived from a card, and a log yields no token id and so no card
//! number (SPEC §4).
//!
//! The station secret is [`SECRET_BYTES`] bytes from the OS CSPRNG, made by
//! `verifier init` or, for an installation set up before pseudonyms, by the
//! first open of its log; it is kept in `DIR/station.secret` (mode 0600,
//! refused when group or others may read it) and never sent anywhere. It is
//! created without ever replacing one: written to a temporary file, then
//! linked to its name, which fails if another process made it first (that
//! one is used). Losing it only means the quotas start afresh (the old
//! pseudonyms match no card any more).

use crate::VerifierError;
use shared::TokenId;
use std::path::{Path, PathBuf};

/// The secret's file name in the venue's data directory.
pub const SECRET_FILE: &str = "station.secret";
/// Bytes of the station secret.
pub const SECRET_BYTES: usize = 32;
/// Bytes of a pseudonym (the first of the HMAC-SHA256 output).
pub const PSEUDONYM_BYTES: usize = shared::station::PSEUDONYM_BYTES;

const HEADER: &str = "aktivitetskort station secret v1";

/// A card's pseudonym at this station.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pseudonym(pub [u8; PSEUDONYM_BYTES]);

impl std::fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonym(..)")
    }
}

/// The station's secret key for pseudonyms.
#[derive(Clone)]
pub struct StationSecret([u8; SECRET_BYTES]);

impl std::fmt::Debug for StationSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StationSecret(..)")
    }
}

pub use shared::station::hmac_sha256;

/// The path of the secret in `dir`.
pub fn secret_path(dir: &Path) -> PathBuf {
    dir.join(SECRET_FILE)
}

fn bad(path: &Path, source: keys::KeyError) -> VerifierError {
    VerifierError::BadStationSecret { path: path.to_path_buf(), source }
}

impl StationSecret {
    /// A secret from its bytes (tests, and [`StationSecret::load`]).
    pub fn from_bytes(bytes: [u8; SECRET_BYTES]) -> StationSecret {
        StationSecret(bytes)
    }

    /// The pseudonym of `token_id` at this station.
    pub fn pseudonym(&self, token_id: &TokenId) -> Pseudonym {
        Pseudonym(shared::station::pseudonym(&self.0, token_id))
    }

    /// HMAC-SHA256 of `message` under a key derived from the secret for
    /// `purpose` (HMAC-SHA256 of `purpose`, a context string longer than a
    /// token id, under the secret): the secret's other uses than
    /// pseudonyms ([`crate::seal`]).
    pub fn derived_mac(&self, purpose: &[u8], message: &[u8]) -> [u8; 32] {
        hmac_sha256(&hmac_sha256(&self.0, purpose), message)
    }

    /// The secret of `dir`, made now if there is none yet
    /// ([`VerifierError::BadStationSecret`] if it is damaged or others can
    /// read it; it is never replaced).
    pub fn load_or_create(dir: &Path) -> Result<StationSecret, VerifierError> {
        let path = secret_path(dir);
        if !path.exists() {
            Self::create(&path)?;
        }
        Self::load(dir)
    }

    /// The secret of `dir`: [`VerifierError::BadStationSecret`] if it is
    /// missing, damaged or others can read it.
    pub fn load(dir: &Path) -> Result<StationSecret, VerifierError> {
        let path = secret_path(dir);
        keys::keyfile::read_secret_file(&path, HEADER).map(StationSecret).map_err(|source| bad(&path, source))
    }

    /// Make a new secret at `path` unless one is there (another process may
    /// make it at the same moment: the first link wins, and is kept).
    fn create(path: &Path) -> Result<(), VerifierError> {
        let mut bytes = [0u8; SECRET_BYTES];
        keys::os_random(&mut bytes)?;
        let mut suffix = [0u8; 6];
        keys::os_random(&mut suffix)?;
        let tmp = path.with_file_name(format!(".{SECRET_FILE}.{}.new", shared::wire::hex_encode(&suffix)));
        let written = keys::keyfile::write_secret_file(&tmp, HEADER, &bytes);
        bytes.fill(0);
        // Linked only once complete: no process reads a half-written secret.
        let linked = written.map_err(|source| bad(path, source)).and_then(|()| {
            std::fs::hard_link(&tmp, path)
                .or_else(|e| if e.kind() == std::io::ErrorKind::AlreadyExists { Ok(()) } else { Err(e) })
                .map_err(|source| bad(path, keys::KeyError::Io { path: path.to_path_buf(), source }))
        });
        let _ = std::fs::remove_file(&tmp);
        linked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        shared::wire::hex_decode(s).expect("hex")
    }

    /// RFC 4231 test cases 1, 2, 6 and 7 (HMAC-SHA-256).
    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        let long_key = vec![0xaa; 131];
        let cases: [(&[u8], &[u8], &str); 4] = [
            (&[0x0b; 20], b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (
                b"Jefe",
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                &long_key,
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                &long_key,
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs \
                  to be hashed before being used by the HMAC algorithm.",
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (key, data, mac) in cases {
            assert_eq!(hmac_sha256(key, data).to_vec(), unhex(mac));
        }
    }

    #[test]
    fn a_pseudonym_is_the_first_16_bytes_of_the_hmac_and_differs_per_secret() {
        let id = TokenId([0x11; 16]);
        let a = StationSecret::from_bytes([1; 32]);
        assert_eq!(a.pseudonym(&id).0.to_vec(), hmac_sha256(&[1; 32], &[0x11; 16])[..16].to_vec());
        assert_eq!(a.pseudonym(&id), a.pseudonym(&id));
        assert_ne!(a.pseudonym(&id), StationSecret::from_bytes([2; 32]).pseudonym(&id));
        assert_ne!(a.pseudonym(&id), a.pseudonym(&TokenId([0x12; 16])));
        assert_eq!(format!("{:?}{:?}", a, a.pseudonym(&id)), "StationSecret(..)Pseudonym(..)");
    }

    #[test]
    fn the_secret_is_made_once_owner_only_and_refused_when_others_can_read_it() {
        use std::os::unix::fs::PermissionsExt as _;
        let tmp = tempfile::tempdir().expect("tempdir");
        assert!(matches!(StationSecret::load(tmp.path()), Err(VerifierError::BadStationSecret { .. })));
        let made = StationSecret::load_or_create(tmp.path()).expect("made");
        let path = secret_path(tmp.path());
        assert_eq!(std::fs::metadata(&path).expect("file").permissions().mode() & 0o777, 0o600);
        let again = StationSecret::load_or_create(tmp.path()).expect("loaded");
        assert_eq!(made.0, again.0, "never replaced");
        assert_ne!(made.0, [0; 32]);
        // Only the secret is left in the directory (no temporary file).
        assert_eq!(std::fs::read_dir(tmp.path()).expect("dir").count(), 1);
        // A second creation finds it there and keeps it.
        StationSecret::create(&path).expect("no-op");
        assert_eq!(StationSecret::load(tmp.path()).expect("loaded").0, made.0);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        match StationSecret::load_or_create(tmp.path()) {
            Err(VerifierError::BadStationSecret {
                source: keys::KeyError::InsecurePermissions { mode, .. }, ..
            }) => {
                assert_eq!(mode, 0o640);
            }
            other => panic!("expected InsecurePermissions, got {other:?}"),
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        std::fs::write(&path, "aktivitetskort station secret v1\nAAAA\n").expect("write");
        assert!(matches!(
            StationSecret::load(tmp.path()),
            Err(VerifierError::BadStationSecret { source: keys::KeyError::BadKeyFile(_), .. })
        ));
    }
}
