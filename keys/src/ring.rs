//! The issuer's key ring: one current root key (with the chain of earlier
//! roots that handed over to it) and the signing keys it delegates to.
//!
//! On disk, in a 0700 directory:
//!
//! - `root-<key id>.key`, `signing-<key id>.key`: private keys (0600);
//! - `keyring.json`: public keys, validity windows and the rotation chain.

use crate::keyfile::{ensure_private_dir, read_secret_key, write_secret_key};
use crate::{KeyError, atomic_write, generate_key};
use serde::{Deserialize, Serialize};
use shared::bundle::{BundleBody, SigningKeyEntry, sign_bundle};
use shared::ed25519_dalek::{Signer as _, SigningKey};
use shared::wire::{self, Fingerprint, KeyId, PublicKeyBytes, RootLink};
use shared::{Day, Timestamp};
use std::path::{Path, PathBuf};

/// How long a new signing key may sign (issue days): about two years.
/// Rotating earlier is always possible.
pub const SIGNING_KEY_VALIDITY_DAYS: u32 = 731;

const RING_FILE: &str = "keyring.json";

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
}

/// The issuer's keys. Private keys stay in the key directory and are never
/// printed or logged.
pub struct KeyRing {
    dir: PathBuf,
    meta: RingMeta,
    root: SigningKey,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("dir", &self.dir)
            .field("root", &self.root_fingerprint())
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
            },
            root,
        };
        ring.add_signing_key(now.oslo_day())?;
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
        let root = read_secret_key(&key_path(dir, "root", &current.key_id))?;
        if root.verifying_key().to_bytes() != current.public_key.0 {
            return Err(bad("root key file does not match the key ring".into()));
        }
        Ok(KeyRing { dir: dir.to_path_buf(), meta, root })
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
        Fingerprint::of(&self.root.verifying_key().to_bytes())
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
        Ok(())
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
    pub fn rotate_root(&mut self, now: Timestamp) -> Result<Fingerprint, KeyError> {
        let new_root = generate_key()?;
        let old_pub = self.root.verifying_key().to_bytes();
        let new_pub = new_root.verifying_key().to_bytes();
        let new_id = KeyId::of(&new_pub);
        write_secret_key(&key_path(&self.dir, "root", &new_id), &new_root)?;
        let signature = self.root.sign(&wire::rotation_message(&old_pub, &new_pub)).to_bytes();
        self.meta.chain.push(LinkEntry {
            old_root: PublicKeyBytes(old_pub),
            new_root: PublicKeyBytes(new_pub),
            signature: wire::hex_encode(&signature),
        });
        self.meta.roots.push(RootEntry { key_id: new_id, public_key: PublicKeyBytes(new_pub), created_at: now });
        self.root = new_root;
        self.save()?;
        Ok(self.root_fingerprint())
    }

    /// Sign a bundle body with the current root, attaching the rotation
    /// chain. `body.root_key_id` is set to the current root.
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
        Ok(sign_bundle(&self.root, chain, &body))
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
        assert!(verify_bundle(b2.bytes(), &new_fp, now).is_ok());
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
        assert_eq!(verify_bundle(b3.bytes(), &stranger, now).unwrap_err(), BundleError::UntrustedRoot);
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
