//! The backup file: a container of named members (the database and the key
//! files), encrypted with age. Pure apart from age's randomness.
//!
//! The container, before encryption (all integers big-endian):
//!
//! ```text
//! "aktivitetskort backup v1\n"       25 bytes
//! made at                            i64, Unix seconds
//! member count                       u32
//! per member: name length            u16
//!             name                   UTF-8, e.g. "issuer.db", "keys/keyring.json"
//!             content length         u64
//!             content                bytes
//! ```
//!
//! Nothing may follow the last member. The whole container is one age file
//! (<https://age-encryption.org/v1>): a passphrase (scrypt) or age X25519
//! recipients; age's authenticated chunks make any change or truncation
//! fail to decrypt.

use super::BackupError;
use age::secrecy::SecretString;
use std::io::{Read as _, Write as _};
use zeroize::Zeroizing;

/// The container's first bytes.
pub const MAGIC: &[u8] = b"aktivitetskort backup v1\n";
/// The most members a container may have.
const MAX_MEMBERS: u32 = 10_000;

/// One file of the backup.
#[derive(Debug)]
pub struct Member {
    /// Its path inside the data directory, `/`-separated.
    pub name: String,
    /// Its bytes (wiped when dropped: key files are among them).
    pub content: Zeroizing<Vec<u8>>,
}

/// How a backup is encrypted.
pub enum Lock {
    /// A passphrase (age's scrypt recipient).
    Passphrase(SecretString),
    /// age X25519 public keys (`age1…`); restoring needs a matching identity.
    Recipients(Vec<age::x25519::Recipient>),
}

/// How a backup is opened.
pub enum Unlock {
    /// A passphrase.
    Passphrase(SecretString),
    /// age identities (`AGE-SECRET-KEY-1…`).
    Identities(Vec<Box<dyn age::Identity + Send + Sync>>),
}

/// The container of `members`, made at `made_at`.
pub fn encode(made_at: i64, members: &[Member]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(members.iter().map(|m| m.content.len() + 64).sum()));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&made_at.to_be_bytes());
    out.extend_from_slice(&u32::try_from(members.len()).unwrap_or(u32::MAX).to_be_bytes());
    for m in members {
        out.extend_from_slice(&u16::try_from(m.name.len()).unwrap_or(u16::MAX).to_be_bytes());
        out.extend_from_slice(m.name.as_bytes());
        out.extend_from_slice(&(m.content.len() as u64).to_be_bytes());
        out.extend_from_slice(&m.content);
    }
    out
}

/// Reads the container's fields in order.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], BackupError> {
        if n > self.0.len() {
            return Err(BackupError::Damaged("a member is cut short".into()));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], BackupError> {
        let bytes = self.take(N)?;
        bytes.try_into().map_err(|_| BackupError::Damaged("a member is cut short".into()))
    }
}

/// The made-at time and members of a decrypted container.
pub fn decode(bytes: &[u8]) -> Result<(i64, Vec<Member>), BackupError> {
    let Some(rest) = bytes.strip_prefix(MAGIC) else {
        return Err(BackupError::NotABackup);
    };
    let mut r = Reader(rest);
    let made_at = i64::from_be_bytes(r.array()?);
    let count = u32::from_be_bytes(r.array()?);
    if count > MAX_MEMBERS {
        return Err(BackupError::Damaged(format!("{count} members")));
    }
    let mut members = Vec::new();
    for _ in 0..count {
        let len = u16::from_be_bytes(r.array()?);
        let name = std::str::from_utf8(r.take(usize::from(len))?)
            .map_err(|_| BackupError::Damaged("a member's name is not UTF-8".into()))?
            .to_string();
        let len = usize::try_from(u64::from_be_bytes(r.array()?))
            .map_err(|_| BackupError::Damaged(format!("member {name} is too large")))?;
        let content = Zeroizing::new(r.take(len)?.to_vec());
        members.push(Member { name, content });
    }
    if !r.0.is_empty() {
        return Err(BackupError::Damaged(format!("{} bytes after the last member", r.0.len())));
    }
    Ok((made_at, members))
}

/// `plain`, encrypted as one age file.
pub fn encrypt(plain: &[u8], lock: &Lock) -> Result<Vec<u8>, BackupError> {
    let encryptor = match lock {
        Lock::Passphrase(p) => age::Encryptor::with_user_passphrase(p.clone()),
        Lock::Recipients(rs) => age::Encryptor::with_recipients(rs.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| BackupError::Encrypt(e.to_string()))?,
    };
    let mut out = Vec::with_capacity(plain.len() + 1024);
    let io = |e: std::io::Error| BackupError::Encrypt(e.to_string());
    let mut w = encryptor.wrap_output(&mut out).map_err(io)?;
    w.write_all(plain).map_err(io)?;
    w.finish().map_err(io)?;
    Ok(out)
}

/// The first bytes of every age file.
const AGE_MAGIC: &[u8] = b"age-encryption.org/";

/// Decrypt an age file, telling a wrong passphrase (or key) from a file
/// that is not a backup or is damaged.
pub fn decrypt(file: &[u8], unlock: &Unlock) -> Result<Zeroizing<Vec<u8>>, BackupError> {
    use age::DecryptError as E;
    if !file.starts_with(AGE_MAGIC) {
        return Err(BackupError::NotABackup);
    }
    let damaged = |e: E| BackupError::Damaged(e.to_string());
    let decryptor = age::Decryptor::new(file).map_err(damaged)?;
    let scrypt;
    let identities: Vec<&dyn age::Identity> = match unlock {
        Unlock::Passphrase(p) => {
            scrypt = age::scrypt::Identity::new(p.clone());
            vec![&scrypt as &dyn age::Identity]
        }
        Unlock::Identities(ids) => ids.iter().map(|i| i.as_ref() as &dyn age::Identity).collect(),
    };
    let mut reader = decryptor.decrypt(identities.into_iter()).map_err(|e| match e {
        E::DecryptionFailed | E::NoMatchingKeys | E::KeyDecryptionFailed => BackupError::WrongPassphrase,
        e => damaged(e),
    })?;
    let mut plain = Zeroizing::new(Vec::new());
    reader.read_to_end(&mut plain).map_err(|e| BackupError::Damaged(e.to_string()))?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, content: &[u8]) -> Member {
        Member { name: name.into(), content: Zeroizing::new(content.to_vec()) }
    }

    fn weak(p: &str) -> SecretString {
        SecretString::from(p.to_string())
    }

    #[test]
    fn container_round_trip_and_damage() {
        let members = [member("issuer.db", b"SQLite format 3\0..."), member("keys/keyring.json", b"{}")];
        let bytes = encode(1_700_000_000, &members);
        let (made_at, back) = decode(&bytes).unwrap();
        assert_eq!(made_at, 1_700_000_000);
        assert_eq!(
            back.iter().map(|m| (m.name.as_str(), m.content.to_vec())).collect::<Vec<_>>(),
            [("issuer.db", b"SQLite format 3\0...".to_vec()), ("keys/keyring.json", b"{}".to_vec())]
        );
        for cut in [MAGIC.len() + 3, bytes.len() - 1] {
            assert!(matches!(decode(&bytes[..cut]), Err(BackupError::Damaged(_))), "cut at {cut}");
        }
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert!(matches!(decode(&longer), Err(BackupError::Damaged(_))));
        assert!(matches!(decode(b"PK\x03\x04 a zip file"), Err(BackupError::NotABackup)));
    }

    #[test]
    fn recipient_keys_lock_and_unlock() {
        use age::secrecy::ExposeSecret as _;
        use std::str::FromStr as _;
        let id = age::x25519::Identity::generate();
        let again = || -> Box<dyn age::Identity + Send + Sync> {
            Box::new(age::x25519::Identity::from_str(id.to_string().expose_secret()).unwrap())
        };
        let other = age::x25519::Identity::generate();
        let file = encrypt(b"secret bytes", &Lock::Recipients(vec![id.to_public()])).unwrap();
        assert!(!file.windows(12).any(|w| w == b"secret bytes"));
        assert_eq!(decrypt(&file, &Unlock::Identities(vec![again()])).unwrap().as_slice(), b"secret bytes");
        assert!(matches!(
            decrypt(&file, &Unlock::Identities(vec![Box::new(other)])),
            Err(BackupError::WrongPassphrase)
        ));
        assert!(matches!(decrypt(&file, &Unlock::Passphrase(weak("x"))), Err(BackupError::WrongPassphrase)));
        assert!(matches!(decrypt(b"not age at all", &Unlock::Passphrase(weak("x"))), Err(BackupError::NotABackup)));
        for cut in [file.len() - 5, file.len() / 2, 40] {
            assert!(
                matches!(decrypt(&file[..cut], &Unlock::Identities(vec![again()])), Err(BackupError::Damaged(_))),
                "cut at {cut}"
            );
        }
        let mut flipped = file.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 1;
        assert!(matches!(decrypt(&flipped, &Unlock::Identities(vec![again()])), Err(BackupError::Damaged(_))));
    }
}
