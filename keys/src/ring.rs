//! The issuer's key ring: one current root key (with the chain of earlier
//! roots that handed over to it), the signing keys it delegates to, and the
//! bundle key it delegates bundle signing to (SPEC §6.6).
//!
//! On disk, in a 0700 directory:
//!
//! - `root-<key id>.key`, `signing-<key id>.key`, `bundle-<key id>.key`:
//!   private keys (0600);
//! - `keyring.json`: public keys, validity windows, the rotation chain and
//!   the delegation to the bundle key.
//!
//! The root key's file may be missing: the root kept offline (exported with
//! `issuer keys export-root`, removed with [`KeyRing::remove_root`], brought
//! back with [`KeyRing::import_root`]). Without it the ring signs bundles
//! with the bundle key; with it, with the root itself, which every verifier
//! reads, also those older than the bundle key.

use crate::keyfile::{ensure_private_dir, read_secret_key, write_secret_key};
use crate::{KeyError, atomic_write, generate_key};
use serde::{Deserialize, Serialize};
use shared::bundle::{BundleBody, SigningKeyEntry, delegate, sign_bundle, sign_bundle_delegated};
use shared::ed25519_dalek::{Signer as _, SigningKey};
use shared::wire::{self, Delegation, Fingerprint, KeyId, PublicKeyBytes, RootLink};
use shared::{Day, Timestamp};
use std::path::{Path, PathBuf};

/// How long a new signing key may sign (issue days): about two years.
/// Rotating earlier is always possible.
pub const SIGNING_KEY_VALIDITY_DAYS: u32 = 731;

/// How long a delegation to a bundle key lasts from when the root key made
/// it (at `init`, a root rotation, `keys import-root` and `keys
/// remove-root`): about two years.
pub const DELEGATION_VALIDITY_DAYS: i64 = 731;
/// From how many days before a delegation ends the issuer warns (while the
/// root key is away).
pub const DELEGATION_WARN_DAYS: i64 = 90;

const RING_FILE: &str = "keyring.json";

/// The root key's delegation to the bundle key, as kept in the ring.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DelegationEntry {
    root: PublicKeyBytes,
    bundle_key: PublicKeyBytes,
    valid_from: Timestamp,
    valid_until: Timestamp,
    signature: String,
}

/// Why the issuer should bring the root key back soon (while it is away).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelegationWarning {
    /// The bundle key may sign bundles until `until`, `days_left` days from
    /// now (less than [`DELEGATION_WARN_DAYS`]).
    EndsSoon {
        /// The end of the window.
        until: Timestamp,
        /// Whole days left.
        days_left: i64,
    },
    /// The window ended: no bundle can be published.
    Ended {
        /// The end of the window.
        until: Timestamp,
    },
    /// There is no bundle key: no bundle can be published.
    Missing,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RootEntry {
    key_id: KeyId,
    public_key: PublicKeyBytes,
    created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct LinkEntry {
    old_root: PublicKeyBytes,
    new_root: PublicKeyBytes,
    signature: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RingMeta {
    roots: Vec<RootEntry>,
    chain: Vec<LinkEntry>,
    signing_keys: Vec<SigningKeyEntry>,
    /// Absent in rings made before the bundle key (issue 18): the root signs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delegation: Option<DelegationEntry>,
}

/// The issuer's keys. Private keys stay in the key directory and are never
/// printed or logged.
pub struct KeyRing {
    dir: PathBuf,
    meta: RingMeta,
    /// `None` while the root key is kept offline.
    root: Option<SigningKey>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("dir", &self.dir)
            .field("root", &self.root_fingerprint())
            .field("root_present", &self.root.is_some())
            .finish_non_exhaustive()
    }
}

fn key_path(dir: &Path, kind: &str, id: &KeyId) -> PathBuf {
    dir.join(format!("{kind}-{id}.key"))
}

impl KeyRing {
    /// Whether a key ring exists in `dir`.
    pub fn exists(dir: &Path) -> bool {
        dir.join(RING_FILE).exists()
    }

    /// Create a new key ring: a root key and a first signing key valid from
    /// `now`'s day for [`SIGNING_KEY_VALIDITY_DAYS`].
    pub fn create(dir: &Path, now: Timestamp) -> Result<KeyRing, KeyError> {
        ensure_private_dir(dir)?;
        if Self::exists(dir) {
            return Err(KeyError::Exists(dir.join(RING_FILE)));
        }
        let root = generate_key()?;
        let root_pub = root.verifying_key().to_bytes();
        let root_id = KeyId::of(&root_pub);
        write_secret_key(&key_path(dir, "root", &root_id), &root)?;
        let mut ring = KeyRing {
            dir: dir.to_path_buf(),
            meta: RingMeta {
                roots: vec![RootEntry { key_id: root_id, public_key: PublicKeyBytes(root_pub), created_at: now }],
                chain: Vec::new(),
                signing_keys: Vec::new(),
                delegation: None,
            },
            root: Some(root),
        };
        ring.add_signing_key(now.oslo_day())?;
        ring.renew_delegation(now)?;
        ring.save()?;
        Ok(ring)
    }

    /// Open the key ring in `dir`, loading the current root's private key.
    pub fn open(dir: &Path) -> Result<KeyRing, KeyError> {
        let path = dir.join(RING_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| KeyError::Io { path: path.clone(), source })?;
        let bad = |reason: String| KeyError::BadKeyRing { path: path.clone(), reason };
        let meta: RingMeta = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        let current = meta.roots.last().ok_or_else(|| bad("no root key".into()))?;
        let root = match read_secret_key(&key_path(dir, "root", &current.key_id)) {
            Err(KeyError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
            Ok(root) if root.verifying_key().to_bytes() != current.public_key.0 => {
                return Err(bad("root key file does not match the key ring".into()));
            }
            Ok(root) => Some(root),
        };
        Ok(KeyRing { dir: dir.to_path_buf(), meta, root })
    }

    /// Whether the current root's private key is on this server.
    pub fn has_root_key(&self) -> bool {
        self.root.is_some()
    }

    fn root_key(&self) -> Result<&SigningKey, KeyError> {
        self.root.as_ref().ok_or(KeyError::RootKeyOffline)
    }

    fn current_root(&self) -> [u8; 32] {
        self.meta.roots.last().map_or([0; 32], |r| r.public_key.0)
    }

    /// Make a new bundle key and delegate bundle signing to it from `now`
    /// for [`DELEGATION_VALIDITY_DAYS`] (needs the root key). The previous
    /// bundle key's file is removed once the ring is saved.
    fn renew_delegation(&mut self, now: Timestamp) -> Result<(), KeyError> {
        let root = self.root_key()?;
        let key = generate_key()?;
        let public = key.verifying_key().to_bytes();
        let until = now.plus_seconds(DELEGATION_VALIDITY_DAYS * 86_400);
        let d = delegate(root, &public, now, until);
        write_secret_key(&key_path(&self.dir, "bundle", &KeyId::of(&public)), &key)?;
        let old = self.meta.delegation.replace(DelegationEntry {
            root: PublicKeyBytes(root.verifying_key().to_bytes()),
            bundle_key: PublicKeyBytes(public),
            valid_from: d.valid_from,
            valid_until: d.valid_until,
            signature: wire::hex_encode(&d.signature),
        });
        self.save()?;
        if let Some(old) = old.filter(|o| o.bundle_key.0 != public) {
            let _ = std::fs::remove_file(key_path(&self.dir, "bundle", &KeyId::of(&old.bundle_key.0)));
        }
        Ok(())
    }

    /// The delegation's window `(from, until)`, if there is one for the
    /// current root.
    pub fn delegation_window(&self) -> Option<(Timestamp, Timestamp)> {
        let d = self.meta.delegation.as_ref().filter(|d| d.root.0 == self.current_root())?;
        Some((d.valid_from, d.valid_until))
    }

    /// While the root key is away: whether its delegation to the bundle key
    /// ends within [`DELEGATION_WARN_DAYS`] of `now`, has ended, or is
    /// missing. `None` when all is well (or the root key is here).
    pub fn delegation_warning(&self, now: Timestamp) -> Option<DelegationWarning> {
        if self.root.is_some() {
            return None;
        }
        let Some((_, until)) = self.delegation_window() else {
            return Some(DelegationWarning::Missing);
        };
        let left = until.0.saturating_sub(now.0);
        if left < 0 {
            Some(DelegationWarning::Ended { until })
        } else if left < DELEGATION_WARN_DAYS * 86_400 {
            Some(DelegationWarning::EndsSoon { until, days_left: left / 86_400 })
        } else {
            None
        }
    }

    /// The current root's private key, to export it (needs it here).
    pub fn root_secret(&self) -> Result<[u8; 32], KeyError> {
        self.root_key().map(SigningKey::to_bytes)
    }

    /// Check that `secret` is the current root's private key.
    fn check_is_root(&self, secret: &[u8; 32]) -> Result<SigningKey, KeyError> {
        let key = SigningKey::from_bytes(secret);
        let given = Fingerprint::of(&key.verifying_key().to_bytes());
        let expected = Fingerprint::of(&self.current_root());
        if given != expected {
            return Err(KeyError::NotThisRoot { given, expected });
        }
        Ok(key)
    }

    /// Take the root key off this server: renew the delegation to a new
    /// bundle key (so it lasts [`DELEGATION_VALIDITY_DAYS`] from now), then
    /// delete the root's key file. `exported` is the root key as read back
    /// from its export: it must be this root, so that the key is never
    /// removed without a copy that opens.
    pub fn remove_root(&mut self, exported: &[u8; 32], now: Timestamp) -> Result<(), KeyError> {
        self.root_key()?;
        self.check_is_root(exported)?;
        self.renew_delegation(now)?;
        let path = key_path(&self.dir, "root", &KeyId::of(&self.current_root()));
        std::fs::remove_file(&path).map_err(|source| KeyError::Io { path: path.clone(), source })?;
        std::fs::File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(|source| KeyError::Io { path: self.dir.clone(), source })?;
        self.root = None;
        Ok(())
    }

    /// Bring the root key back (from its export): it must be this ring's
    /// current root. The delegation to the bundle key is renewed from `now`.
    pub fn import_root(&mut self, secret: &[u8; 32], now: Timestamp) -> Result<(), KeyError> {
        let key = self.check_is_root(secret)?;
        let path = key_path(&self.dir, "root", &KeyId::of(&self.current_root()));
        if self.root.is_some() {
            return Err(KeyError::Exists(path));
        }
        write_secret_key(&path, &key)?;
        self.root = Some(key);
        self.renew_delegation(now)
    }

    fn save(&self) -> Result<(), KeyError> {
        let json = serde_json::to_vec_pretty(&self.meta)
            .map_err(|e| KeyError::BadKeyRing { path: self.dir.join(RING_FILE), reason: e.to_string() })?;
        atomic_write(&self.dir.join(RING_FILE), &json, 0o600)
    }

    fn add_signing_key(&mut self, from: Day) -> Result<KeyId, KeyError> {
        let key = generate_key()?;
        let public = key.verifying_key().to_bytes();
        let key_id = KeyId::of(&public);
        write_secret_key(&key_path(&self.dir, "signing", &key_id), &key)?;
        self.meta.signing_keys.push(SigningKeyEntry {
            key_id,
            public_key: PublicKeyBytes(public),
            valid_from: from,
            valid_until: from.plus(SIGNING_KEY_VALIDITY_DAYS - 1),
        });
        Ok(key_id)
    }

    /// Fingerprint of the current root key (what a venue pins).
    pub fn root_fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.current_root())
    }

    /// Key id of the current root key.
    pub fn root_key_id(&self) -> KeyId {
        self.root_fingerprint().key_id()
    }

    /// Fingerprints of every root key this ring has had, oldest first (the
    /// first is what venues set up before any rotation pinned).
    pub fn root_fingerprints(&self) -> Vec<Fingerprint> {
        self.meta.roots.iter().map(|r| Fingerprint::of(&r.public_key.0)).collect()
    }

    /// Read every signing key's private file and check that it matches its
    /// public key in the ring (a restored backup's check).
    pub fn check_signing_key_files(&self) -> Result<(), KeyError> {
        for entry in &self.meta.signing_keys {
            let path = key_path(&self.dir, "signing", &entry.key_id);
            if read_secret_key(&path)?.verifying_key().to_bytes() != entry.public_key.0 {
                let reason = "signing key file does not match the key ring".into();
                return Err(KeyError::BadKeyRing { path, reason });
            }
        }
        if let Some(d) = &self.meta.delegation {
            self.bundle_key(d)?;
        }
        Ok(())
    }

    /// The bundle key's private key, checked against the delegation.
    fn bundle_key(&self, d: &DelegationEntry) -> Result<SigningKey, KeyError> {
        let path = key_path(&self.dir, "bundle", &KeyId::of(&d.bundle_key.0));
        let key = read_secret_key(&path)?;
        if key.verifying_key().to_bytes() != d.bundle_key.0 {
            return Err(KeyError::BadKeyRing { path, reason: "bundle key file does not match the key ring".into() });
        }
        Ok(key)
    }

    /// Public parts and windows of all signing keys, oldest first.
    pub fn signing_keys(&self) -> &[SigningKeyEntry] {
        &self.meta.signing_keys
    }

    /// The newest signing key whose window contains `day`, loaded from its
    /// file the first time this process asks for it (then kept: issuing
    /// single cards through the API read and checked the file for every
    /// card, issue 17). A kept key is used only for the ring entry whose
    /// public key it has.
    pub fn signer_for(&self, day: Day) -> Result<(KeyId, SigningKey), KeyError> {
        /// Signing keys loaded so far (a few: one per rotation while the
        /// process runs), found by their public key.
        static LOADED: std::sync::Mutex<Vec<SigningKey>> = std::sync::Mutex::new(Vec::new());
        const KEEP: usize = 8;
        let entry = self
            .meta
            .signing_keys
            .iter()
            .rev()
            .find(|e| e.valid_from <= day && day <= e.valid_until)
            .ok_or(KeyError::NoValidSigningKey(day))?;
        let mut loaded = LOADED.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(key) = loaded.iter().find(|k| k.verifying_key().to_bytes() == entry.public_key.0) {
            return Ok((entry.key_id, key.clone()));
        }
        let key = read_secret_key(&key_path(&self.dir, "signing", &entry.key_id))?;
        if key.verifying_key().to_bytes() != entry.public_key.0 {
            return Err(KeyError::BadKeyRing {
                path: key_path(&self.dir, "signing", &entry.key_id),
                reason: "signing key file does not match the key ring".into(),
            });
        }
        if loaded.len() >= KEEP {
            loaded.remove(0);
        }
        loaded.push(key.clone());
        Ok((entry.key_id, key))
    }

    /// Start a new signing key today. Earlier keys stop signing after today
    /// but stay in the bundle, so cards they signed keep working.
    pub fn rotate_signing(&mut self, today: Day) -> Result<KeyId, KeyError> {
        for e in &mut self.meta.signing_keys {
            if e.valid_until > today {
                e.valid_until = today.max(e.valid_from);
            }
        }
        let id = self.add_signing_key(today)?;
        self.save()?;
        Ok(id)
    }

    /// Replace the root key: the old root signs the new one (a rotation
    /// link), so venues that pinned the old root follow to the new one on
    /// their next update. Returns the new root's fingerprint.
    /// Needs the root key here ([`KeyError::RootKeyOffline`]); the new
    /// root delegates to a new bundle key at once.
    pub fn rotate_root(&mut self, now: Timestamp) -> Result<Fingerprint, KeyError> {
        let old = self.root_key()?;
        let new_root = generate_key()?;
        let old_pub = old.verifying_key().to_bytes();
        let new_pub = new_root.verifying_key().to_bytes();
        let new_id = KeyId::of(&new_pub);
        write_secret_key(&key_path(&self.dir, "root", &new_id), &new_root)?;
        let signature = old.sign(&wire::rotation_message(&old_pub, &new_pub)).to_bytes();
        self.meta.chain.push(LinkEntry {
            old_root: PublicKeyBytes(old_pub),
            new_root: PublicKeyBytes(new_pub),
            signature: wire::hex_encode(&signature),
        });
        self.meta.roots.push(RootEntry { key_id: new_id, public_key: PublicKeyBytes(new_pub), created_at: now });
        self.root = Some(new_root);
        self.save()?;
        self.renew_delegation(now)?;
        // The old root has signed its hand-over and has no use left: its
        // file goes, so that a root kept offline is not left on the server
        // by the rotation it was brought back for.
        let old_file = key_path(&self.dir, "root", &KeyId::of(&old_pub));
        std::fs::remove_file(&old_file).map_err(|source| KeyError::Io { path: old_file, source })?;
        Ok(self.root_fingerprint())
    }

    /// Sign a bundle body with the current root, attaching the rotation
    /// chain. `body.root_key_id` is set to the current root. Without the
    /// root key, the bundle key signs, with the root's delegation (SPEC
    /// §6.6); `body.issued_at` must be inside its window.
    pub fn sign_bundle(&self, mut body: BundleBody) -> Result<Vec<u8>, KeyError> {
        body.root_key_id = self.root_key_id();
        let chain = self
            .meta
            .chain
            .iter()
            .map(|l| {
                let sig = wire::hex_decode(&l.signature).and_then(|v| <[u8; 64]>::try_from(v).ok());
                sig.map(|signature| RootLink { old_root: l.old_root.0, new_root: l.new_root.0, signature }).ok_or_else(
                    || KeyError::BadKeyRing { path: self.dir.join(RING_FILE), reason: "damaged rotation link".into() },
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(root) = &self.root {
            return Ok(sign_bundle(root, chain, &body));
        }
        let d = self.meta.delegation.as_ref().filter(|d| d.root.0 == self.current_root());
        let d = d.ok_or(KeyError::RootKeyOffline)?;
        if !(d.valid_from <= body.issued_at && body.issued_at <= d.valid_until) {
            return Err(KeyError::DelegationExpired { until: d.valid_until });
        }
        let signature = wire::hex_decode(&d.signature).and_then(|v| <[u8; 64]>::try_from(v).ok()).ok_or_else(|| {
            KeyError::BadKeyRing { path: self.dir.join(RING_FILE), reason: "damaged delegation".into() }
        })?;
        let delegation =
            Delegation { bundle_key: d.bundle_key.0, valid_from: d.valid_from, valid_until: d.valid_until, signature };
        let key = self.bundle_key(d)?;
        Ok(sign_bundle_delegated(&key, &self.current_root(), delegation, chain, &body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::model::Catalogue;
    use shared::{BundleError, verify_bundle};

    fn body(version: u64, now: Timestamp, ring: &KeyRing) -> BundleBody {
        BundleBody {
            version,
            issued_at: now,
            expires_at: now.plus_seconds(86_400 * 30),
            root_key_id: ring.root_key_id(),
            signing_keys: ring.signing_keys().to_vec(),
            catalogue: Catalogue {
                scheme_name: "Test".into(),
                public_base_url: "https://kort.example.no".into(),
                venues: vec![],
                card_types: vec![],
                contact: None,
            },
            revoked: vec![],
        }
    }

    #[test]
    fn a_signing_key_is_read_from_its_file_once_and_only_for_its_own_entry() {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_790_000_000);
        let today = now.oslo_day();
        let ring = KeyRing::create(&tmp.path().join("a"), now).unwrap();
        let (id, key) = ring.signer_for(today).unwrap();
        std::fs::remove_file(key_path(&ring.dir, "signing", &id)).unwrap();
        let (again, kept) = ring.signer_for(today).unwrap();
        assert_eq!((again, kept.to_bytes()), (id, key.to_bytes()), "kept, not read again");
        // Another ring's entry is served from its own file only.
        let other = KeyRing::create(&tmp.path().join("b"), now).unwrap();
        let other_id = other.signing_keys()[0].key_id;
        std::fs::remove_file(key_path(&other.dir, "signing", &other_id)).unwrap();
        assert!(matches!(other.signer_for(today), Err(KeyError::Io { .. })), "its file is gone");
    }

    #[test]
    fn create_open_sign_and_rotate() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("keys");
        let now = Timestamp(1_790_000_000);
        let today = now.oslo_day();
        let mut ring = KeyRing::create(&dir, now).unwrap();
        assert!(matches!(KeyRing::create(&dir, now), Err(KeyError::Exists(_))));
        let pinned = ring.root_fingerprint();
        let (id1, _) = ring.signer_for(today).unwrap();

        // Reopen: same root.
        let ring2 = KeyRing::open(&dir).unwrap();
        assert_eq!(ring2.root_fingerprint(), pinned);

        let b1 = verify_bundle(&ring.sign_bundle(body(1, now, &ring)).unwrap(), &pinned, now).unwrap();
        assert_eq!(b1.version(), 1);

        // Signing rotation: the new key signs from today; the old one stays
        // in the bundle with its window ending today.
        let id2 = ring.rotate_signing(today).unwrap();
        assert_ne!(id1, id2);
        assert_eq!(ring.signer_for(today).unwrap().0, id2);
        assert_eq!(ring.signing_keys()[0].valid_until, today);
        assert!(matches!(ring.signer_for(Day(today.0 + 5000)), Err(KeyError::NoValidSigningKey(_))));

        // Root rotation: a venue that pinned the old root follows the chain.
        let new_fp = ring.rotate_root(now).unwrap();
        assert_ne!(new_fp, pinned);
        let b2 = verify_bundle(&ring.sign_bundle(body(2, now, &ring)).unwrap(), &pinned, now).unwrap();
        assert_eq!(b2.root_fingerprint(), new_fp);
        // ...and a venue that pinned the new root accepts it directly.
        assert!(verify_bundle(b2.bytes().unwrap(), &new_fp, now).is_ok());
        // A second rotation: the chain from the first root still leads here.
        let newest = KeyRing::open(&dir).unwrap().rotate_root(now).unwrap();
        let ring = KeyRing::open(&dir).unwrap();
        let b3 = verify_bundle(&ring.sign_bundle(body(3, now, &ring)).unwrap(), &pinned, now).unwrap();
        assert_eq!(b3.root_fingerprint(), newest);
        // Every root, oldest (the pinned one) first; every signing key file
        // matches the ring, until one is swapped.
        assert_eq!(ring.root_fingerprints(), vec![pinned, new_fp, newest]);
        ring.check_signing_key_files().unwrap();
        let swapped = key_path(&dir, "signing", &id2);
        std::fs::remove_file(&swapped).unwrap();
        write_secret_key(&swapped, &SigningKey::from_bytes(&[5; 32])).unwrap();
        assert!(matches!(ring.check_signing_key_files(), Err(KeyError::BadKeyRing { path, .. }) if path == swapped));
        // A stranger's root is not trusted.
        let stranger = Fingerprint::of(&[1u8; 32]);
        assert_eq!(verify_bundle(b3.bytes().unwrap(), &stranger, now).unwrap_err(), BundleError::UntrustedRoot);
    }

    #[test]
    fn root_kept_offline_signs_with_the_bundle_key_and_comes_back_for_a_rotation() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("keys");
        let now = Timestamp(1_790_000_000);
        let mut ring = KeyRing::create(&dir, now).unwrap();
        let pinned = ring.root_fingerprint();
        let root_file = key_path(&dir, "root", &ring.root_key_id());
        let exported = ring.root_secret().unwrap();
        // With the root here, bundles are signed by the root (6 elements).
        let plain = ring.sign_bundle(body(1, now, &ring)).unwrap();
        assert_eq!(plain[0], 0x86);
        assert!(verify_bundle(&plain, &pinned, now).is_ok());

        // Removing needs the root's own key back from the export.
        let stranger = [7u8; 32];
        assert!(matches!(
            ring.remove_root(&stranger, now),
            Err(KeyError::NotThisRoot { expected, .. }) if expected == pinned
        ));
        assert!(root_file.exists());
        ring.remove_root(&exported, now).unwrap();
        assert!(!root_file.exists());
        assert!(matches!(ring.remove_root(&exported, now), Err(KeyError::RootKeyOffline)));

        // Reopened without the root: it signs with the bundle key (7
        // elements) and a venue that pinned the root accepts it.
        let mut ring = KeyRing::open(&dir).unwrap();
        assert!(!ring.has_root_key());
        assert_eq!(ring.root_fingerprint(), pinned);
        ring.check_signing_key_files().unwrap();
        let later = now.plus_seconds(86_400 * 100);
        let delegated = ring.sign_bundle(body(2, later, &ring)).unwrap();
        assert_eq!(delegated[0], 0x87);
        let b = verify_bundle(&delegated, &pinned, later).unwrap();
        assert_eq!(b.root_fingerprint(), pinned);
        assert!(matches!(ring.root_secret(), Err(KeyError::RootKeyOffline)));

        // Warnings: none early, from 90 days before the end, ended after.
        let (_, until) = ring.delegation_window().unwrap();
        assert_eq!(until, now.plus_seconds(DELEGATION_VALIDITY_DAYS * 86_400));
        assert_eq!(ring.delegation_warning(later), None);
        let soon = until.plus_seconds(-(89 * 86_400 + 10));
        assert_eq!(ring.delegation_warning(soon), Some(DelegationWarning::EndsSoon { until, days_left: 89 }));
        let after = until.plus_seconds(1);
        assert_eq!(ring.delegation_warning(after), Some(DelegationWarning::Ended { until }));
        assert!(matches!(
            ring.sign_bundle(body(3, after, &ring)),
            Err(KeyError::DelegationExpired { until: u }) if u == until
        ));

        // A root rotation without the root: a typed error, nothing changed.
        assert!(matches!(ring.rotate_root(later), Err(KeyError::RootKeyOffline)));
        assert_eq!(KeyRing::open(&dir).unwrap().root_fingerprints(), vec![pinned]);

        // Brought back (only the right key), it renews the delegation and
        // rotates; a venue that pinned the first root follows.
        assert!(matches!(ring.import_root(&stranger, after), Err(KeyError::NotThisRoot { .. })));
        assert!(!root_file.exists());
        ring.import_root(&exported, after).unwrap();
        assert!(matches!(ring.import_root(&exported, after), Err(KeyError::Exists(_))));
        assert_eq!(ring.delegation_warning(after), None);
        assert_eq!(ring.delegation_window().unwrap().0, after);
        let new_fp = ring.rotate_root(after).unwrap();
        assert!(!root_file.exists(), "the old root's file goes with the rotation");
        let rotated = ring.sign_bundle(body(4, after, &ring)).unwrap();
        assert_eq!(verify_bundle(&rotated, &pinned, after).unwrap().root_fingerprint(), new_fp);

        // The new root kept offline too: delegated bundles under the new
        // root still lead from the first pin, through the chain.
        let new_secret = ring.root_secret().unwrap();
        ring.remove_root(&new_secret, after).unwrap();
        let ring = KeyRing::open(&dir).unwrap();
        let b5 = ring.sign_bundle(body(5, after, &ring)).unwrap();
        assert_eq!(b5[0], 0x87);
        assert_eq!(verify_bundle(&b5, &pinned, after).unwrap().root_fingerprint(), new_fp);
        // Only the current bundle key's file is left.
        let bundle_files = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("bundle-"));
        assert_eq!(bundle_files.count(), 1);
    }

    /// A ring made before the bundle key (no `delegation` in keyring.json)
    /// opens and signs with the root as before; removing the root makes its
    /// delegation first. Without either, signing says the root is needed.
    #[test]
    fn a_ring_from_before_the_bundle_key_keeps_working_and_can_go_offline() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("keys");
        let now = Timestamp(1_790_000_000);
        let ring = KeyRing::create(&dir, now).unwrap();
        let pinned = ring.root_fingerprint();
        let secret = ring.root_secret().unwrap();
        let strip = || {
            let path = dir.join(RING_FILE);
            let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            json.as_object_mut().unwrap().remove("delegation");
            std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
        };
        strip();
        let mut old = KeyRing::open(&dir).unwrap();
        assert_eq!(old.delegation_window(), None);
        let bytes = old.sign_bundle(body(1, now, &old)).unwrap();
        assert_eq!(bytes[0], 0x86);
        assert!(verify_bundle(&bytes, &pinned, now).is_ok());
        old.remove_root(&secret, now).unwrap();
        let ring = KeyRing::open(&dir).unwrap();
        assert!(verify_bundle(&ring.sign_bundle(body(2, now, &ring)).unwrap(), &pinned, now).is_ok());
        // No root and no delegation: nothing can sign a bundle.
        strip();
        let ring = KeyRing::open(&dir).unwrap();
        assert_eq!(ring.delegation_warning(now), Some(DelegationWarning::Missing));
        assert!(matches!(ring.sign_bundle(body(3, now, &ring)), Err(KeyError::RootKeyOffline)));
    }

    #[test]
    fn rollback_is_refused_and_equal_is_a_no_op() {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_790_000_000);
        let ring = KeyRing::create(&tmp.path().join("k"), now).unwrap();
        let fp = ring.root_fingerprint();
        let v5 = verify_bundle(&ring.sign_bundle(body(5, now, &ring)).unwrap(), &fp, now).unwrap();
        let v4 = verify_bundle(&ring.sign_bundle(body(4, now, &ring)).unwrap(), &fp, now).unwrap();
        let v6 = verify_bundle(&ring.sign_bundle(body(6, now, &ring)).unwrap(), &fp, now).unwrap();
        assert_eq!(shared::update_decision(&v5, &v4).unwrap_err(), BundleError::Rollback { current: 5, offered: 4 });
        assert_eq!(shared::update_decision(&v5, &v5), Ok(shared::Update::NoChange));
        assert_eq!(shared::update_decision(&v5, &v6), Ok(shared::Update::Install));
    }

    #[test]
    fn loose_root_key_permissions_are_refused_on_open() {
        use std::os::unix::fs::PermissionsExt as _;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("k");
        let ring = KeyRing::create(&dir, Timestamp(1_790_000_000)).unwrap();
        let path = key_path(&dir, "root", &ring.root_key_id());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(KeyRing::open(&dir), Err(KeyError::InsecurePermissions { mode: 0o644, .. })));
    }
}
