//! The root key kept offline (SPEC §6.6, README "Disasters and the root
//! key"): `issuer keys export-root` writes the root's private key as one
//! age file, encrypted like a backup ([`super::archive`]: a passphrase of
//! at least [`super::MIN_PASSPHRASE_CHARS`] characters, scrypt);
//! `issuer keys remove-root` deletes it from the server only after reading
//! that file back; `issuer keys import-root` brings it back for a root
//! rotation or to renew the bundle key's delegation.
//!
//! The file, before encryption: [`MAGIC`] then the 32-byte Ed25519 seed,
//! nothing else.

use super::BackupError;
use super::archive::{self, Lock, Unlock};
use crate::IssuerError;
use crate::i18n::{Lang, Messages};
use keys::{DelegationWarning, KeyError, KeyRing};
use zeroize::Zeroizing;

/// The first bytes of an exported root key, inside the encryption.
pub const MAGIC: &[u8] = b"aktivitetskort root key v1\n";

/// Why a root key could not be exported, removed or brought back. Each has
/// a message in bokmål and English ([`RootKeyError::message`]).
#[derive(Debug, thiserror::Error)]
pub enum RootKeyError {
    /// Reading, writing, encrypting or decrypting the file (the backup's
    /// own errors: wrong passphrase, damaged file, …).
    #[error(transparent)]
    File(#[from] BackupError),
    /// The file opens but holds no exported root key.
    #[error("this file opens, but it is not an exported root key of this system")]
    NotARootKey,
    /// The key ring refused (not this root, already here, not here…).
    #[error(transparent)]
    Issuer(#[from] IssuerError),
}

impl From<KeyError> for RootKeyError {
    fn from(e: KeyError) -> RootKeyError {
        RootKeyError::Issuer(IssuerError::Key(e))
    }
}

impl RootKeyError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let m = Messages::of(lang);
        match self {
            RootKeyError::File(e) => e.message(lang),
            RootKeyError::NotARootKey => m.get("root-key-not-a-root-key"),
            RootKeyError::Issuer(IssuerError::Key(e)) => key_message(e, lang),
            RootKeyError::Issuer(e) => m.get_with("root-key-other", &[("detail", &e.to_string())]),
        }
    }
}

/// The message of a key ring error about the root key, in `lang` (the
/// others: their English text in `root-key-other`).
pub fn key_message(e: &KeyError, lang: Lang) -> String {
    let m = Messages::of(lang);
    match e {
        KeyError::RootKeyOffline => m.get("root-key-offline"),
        KeyError::NotThisRoot { given, expected } => {
            m.get_with("root-key-not-this-root", &[("given", &given.to_string()), ("expected", &expected.to_string())])
        }
        KeyError::Exists(_) => m.get("root-key-already-here"),
        KeyError::DelegationExpired { until } => {
            m.get_with("root-key-delegation-expired", &[("until", &until.oslo_day().to_string())])
        }
        e => m.get_with("root-key-other", &[("detail", &e.to_string())]),
    }
}

/// The encrypted export of the ring's root key ([`KeyError::RootKeyOffline`]
/// when it is not here).
pub fn export(ring: &KeyRing, lock: &Lock) -> Result<Vec<u8>, RootKeyError> {
    let secret = Zeroizing::new(ring.root_secret()?);
    let mut plain = Zeroizing::new(Vec::with_capacity(MAGIC.len() + 32));
    plain.extend_from_slice(MAGIC);
    plain.extend_from_slice(secret.as_slice());
    Ok(archive::encrypt(&plain, lock)?)
}

/// The root key's seed in an export file.
pub fn read(file: &[u8], unlock: &Unlock) -> Result<Zeroizing<[u8; 32]>, RootKeyError> {
    let plain = archive::decrypt(file, unlock).map_err(|e| match e {
        BackupError::NotABackup => RootKeyError::NotARootKey,
        e => RootKeyError::File(e),
    })?;
    let seed = plain.strip_prefix(MAGIC).ok_or(RootKeyError::NotARootKey)?;
    let seed: [u8; 32] = seed.try_into().map_err(|_| RootKeyError::NotARootKey)?;
    Ok(Zeroizing::new(seed))
}

/// The warning to print (or show on the administrator's home page) while
/// the root key is away and its delegation to the bundle key nears its end
/// (SPEC §6.6), in `lang`.
pub fn delegation_warning(ring: &KeyRing, now: shared::Timestamp, lang: Lang) -> Option<String> {
    ring.delegation_warning(now).map(|w| warning_text(w, lang))
}

/// What [`delegation_warning`] says of `w`, in `lang`.
pub fn warning_text(w: DelegationWarning, lang: Lang) -> String {
    let m = Messages::of(lang);
    match w {
        DelegationWarning::EndsSoon { until, days_left } => m.get_with(
            "root-key-warn-ends-soon",
            &[("until", &until.oslo_day().to_string()), ("days", &days_left.to_string())],
        ),
        DelegationWarning::Ended { until } => {
            m.get_with("root-key-warn-ended", &[("until", &until.oslo_day().to_string())])
        }
        DelegationWarning::Missing => m.get("root-key-warn-missing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::SecretString;

    #[test]
    fn export_reads_back_only_with_its_passphrase_and_only_as_a_root_key() {
        let tmp = tempfile::tempdir().unwrap();
        let now = shared::Timestamp(1_790_000_000);
        let ring = KeyRing::create(&tmp.path().join("k"), now).unwrap();
        let pass = || SecretString::from("correct horse battery".to_string());
        let file = export(&ring, &Lock::Passphrase(pass())).unwrap();
        assert_eq!(*read(&file, &Unlock::Passphrase(pass())).unwrap(), ring.root_secret().unwrap());
        let wrong = Unlock::Passphrase(SecretString::from("wrong horse battery".to_string()));
        assert!(matches!(read(&file, &wrong), Err(RootKeyError::File(BackupError::WrongPassphrase))));
        assert!(matches!(read(b"plain text", &Unlock::Passphrase(pass())), Err(RootKeyError::NotARootKey)));
        let other = archive::encrypt(b"aktivitetskort backup v1\n", &Lock::Passphrase(pass())).unwrap();
        assert!(matches!(read(&other, &Unlock::Passphrase(pass())), Err(RootKeyError::NotARootKey)));
        let mut cut = file.clone();
        cut.truncate(file.len() - 4);
        assert!(matches!(read(&cut, &Unlock::Passphrase(pass())), Err(RootKeyError::File(BackupError::Damaged(_)))));
    }
}
