//! The trust bundle: the one signed file a venue needs (SPEC §6).
//!
//! It carries the signing keys with their validity windows, the venues and
//! card types, and the revoked card numbers. The root key signs it, or a
//! bundle key the root delegated to for a window of time (SPEC §6.6: the
//! root kept offline); a venue pins the root's fingerprint once and follows
//! root rotations through the chain of hand-over signatures in the file.

use crate::day::{Day, Timestamp};
use crate::error::{BundleError, EncodingError};
use crate::model::{CardType, CardTypeId, Catalogue};
use crate::wire::{self, BundleFile, CardNumber, Delegation, Fingerprint, KeyId, PublicKeyBytes, RootLink};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// How far in the future a bundle's issue time may be before the local clock
/// is suspected wrong (10 minutes).
pub const MAX_CLOCK_SKEW_SECS: i64 = 600;

/// A key that signs tokens, delegated by the root for a window of issue days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningKeyEntry {
    /// Derived from `public_key` (checked on load).
    pub key_id: KeyId,
    /// Ed25519 public key.
    pub public_key: PublicKeyBytes,
    /// First issue day a token signed by this key may carry.
    pub valid_from: Day,
    /// Last issue day a token signed by this key may carry.
    pub valid_until: Day,
}

/// The signed content of a bundle (SPEC §6.3), CBOR-encoded with serde.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleBody {
    /// Monotonically increasing; a venue refuses a lower one.
    pub version: u64,
    /// When the issuer signed it.
    pub issued_at: Timestamp,
    /// When the issuer wants venues to have fetched a newer one.
    pub expires_at: Timestamp,
    /// Key id of the root that signs this bundle.
    pub root_key_id: KeyId,
    /// Keys that sign tokens.
    pub signing_keys: Vec<SigningKeyEntry>,
    /// Venues and card types.
    pub catalogue: Catalogue,
    /// Blocked cards.
    pub revoked: Vec<CardNumber>,
}

/// Sign a bundle body with the root key, attaching the rotation chain that
/// leads to it (oldest first). Used by the issuer (`keys` crate).
pub fn sign_bundle(root: &SigningKey, chain: Vec<RootLink>, body: &BundleBody) -> Vec<u8> {
    let body_bytes = wire::to_cbor(body);
    let signature = root.sign(&wire::bundle_signed_message(&body_bytes)).to_bytes();
    let root = root.verifying_key().to_bytes();
    wire::encode_bundle_file(&BundleFile { chain, root, body: body_bytes, signature, delegation: None })
}

/// The root's delegation to `bundle_key` for bundles issued from
/// `valid_from` to `valid_until` (SPEC §6.6). Made while the root key is
/// at hand; the bundle key then signs alone.
pub fn delegate(root: &SigningKey, bundle_key: &[u8; 32], valid_from: Timestamp, valid_until: Timestamp) -> Delegation {
    let message = wire::delegation_message(&root.verifying_key().to_bytes(), bundle_key, valid_from, valid_until);
    Delegation { bundle_key: *bundle_key, valid_from, valid_until, signature: root.sign(&message).to_bytes() }
}

/// Sign a bundle body with a bundle key the root delegated to (SPEC §6.6):
/// the 7-element file, under `root` (public) with its rotation chain.
pub fn sign_bundle_delegated(
    bundle_key: &SigningKey,
    root: &[u8; 32],
    delegation: Delegation,
    chain: Vec<RootLink>,
    body: &BundleBody,
) -> Vec<u8> {
    let body_bytes = wire::to_cbor(body);
    let signature = bundle_key.sign(&wire::bundle_signed_message(&body_bytes)).to_bytes();
    wire::encode_bundle_file(&BundleFile {
        chain,
        root: *root,
        body: body_bytes,
        signature,
        delegation: Some(delegation),
    })
}

/// A bundle whose signatures, chain and content have been checked. Only
/// [`verify_bundle`] makes one (and [`crate::installed`] opens the bytes
/// of one again, on its caller's word that they are the verified ones).
#[derive(Debug, Clone)]
pub struct VerifiedBundle {
    pub(crate) body: BundleBody,
    pub(crate) root: [u8; 32],
    pub(crate) keys: Vec<(SigningKeyEntry, VerifyingKey)>,
    /// The revoked list, read in place in the file's bytes (crate::revoked).
    pub(crate) revoked: crate::revoked::RevokedList,
    /// The file's bytes, or the file they are in.
    pub(crate) held: Held,
    /// Where the body and its revoked list lie in `bytes` (crate::installed).
    pub(crate) layout: crate::layout::Layout,
}

/// Where a verified bundle's file bytes are.
#[derive(Debug, Clone)]
pub(crate) enum Held {
    /// All of them, in memory.
    Whole(Vec<u8>),
    /// Left in the installed file ([`crate::installed::reopen_in_place`]):
    /// the revoked list is read there at each lookup.
    InPlace(std::sync::Arc<dyn crate::layout::InstalledFile>),
}

/// A public key that is a canonical encoding of a point of large order.
pub(crate) fn strict_key(bytes: &[u8; 32]) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(bytes).ok().filter(|k| !k.is_weak() && k.to_edwards().compress().to_bytes() == *bytes)
}

fn verify_strict(key: &[u8; 32], message: &[u8], sig: &[u8; 64]) -> bool {
    strict_key(key).is_some_and(|k| k.verify_strict(message, &Signature::from_bytes(sig)).is_ok())
}

/// Verify a bundle file against the trusted root fingerprint (SPEC §6.4).
///
/// `trusted_root` is what the venue pinned at set-up, or the root of the
/// bundle it has installed since. `now` is the current time (injected).
pub fn verify_bundle(bytes: &[u8], trusted_root: &Fingerprint, now: Timestamp) -> Result<VerifiedBundle, BundleError> {
    // §6.4 steps 1–2: size bound, envelope, canonical form.
    let file = wire::decode_bundle_file(bytes)?;

    // §6.4 steps 3–6, in order.
    check_root_trust(&file, trusted_root)?;
    check_signatures(&file)?;
    let (body, split) = read_body(&file)?;
    check_content(&file, &body)?;
    let keys = strict_keys(&body)?;
    check_rest(&body, split.problem.clone())?;

    // §6.4 step 7: not from the future.
    if body.issued_at.0 > now.0.saturating_add(MAX_CLOCK_SKEW_SECS) {
        return Err(BundleError::FromTheFuture);
    }

    // The body is the file's 5th element: the 64-byte signature with its
    // 2-byte head, and the delegation if any, follow it. The list is looked
    // up in the file.
    let tail = 66 + wire::delegation_encoded_len(file.delegation.as_ref());
    let body_at = bytes
        .len()
        .checked_sub(tail + file.body.len())
        .filter(|&at| bytes.get(at..at + file.body.len()) == Some(file.body.as_slice()));
    let body_at = body_at.ok_or(BundleError::Encoding(EncodingError::Malformed))?;
    let revoked = split.list.shifted(body_at);
    let layout = crate::layout::Layout::new(&file.root, body_at, file.body.len(), split.range, &revoked);
    Ok(VerifiedBundle { body, root: file.root, keys, revoked, held: Held::Whole(bytes.to_vec()), layout })
}

/// §6.4 step 3: the root is the pinned one, or a chain of hand-overs leads
/// from the pinned root to it.
fn check_root_trust(file: &BundleFile, trusted_root: &Fingerprint) -> Result<(), BundleError> {
    if Fingerprint::of(&file.root) != *trusted_root {
        let start = file
            .chain
            .iter()
            .position(|l| Fingerprint::of(&l.old_root) == *trusted_root)
            .ok_or(BundleError::UntrustedRoot)?;
        let links = file.chain.get(start..).unwrap_or_default();
        let mut current = links.first().map(|l| l.old_root).ok_or(BundleError::UntrustedRoot)?;
        for link in links {
            if link.old_root != current
                || !verify_strict(
                    &link.old_root,
                    &wire::rotation_message(&link.old_root, &link.new_root),
                    &link.signature,
                )
            {
                return Err(BundleError::BadRootRotation);
            }
            current = link.new_root;
        }
        if current != file.root {
            return Err(BundleError::BadRootRotation);
        }
    }
    Ok(())
}

/// §6.4 step 4.
fn check_signatures(file: &BundleFile) -> Result<(), BundleError> {
    // §6.4 step 4: the root's strict signature over context ‖ body; or,
    // with a delegation (§6.6), 4a the root's over the delegation and 4b
    // the bundle key's over context ‖ body.
    let signer = match &file.delegation {
        None => &file.root,
        Some(d) => {
            let message = wire::delegation_message(&file.root, &d.bundle_key, d.valid_from, d.valid_until);
            if d.valid_from > d.valid_until
                || strict_key(&d.bundle_key).is_none()
                || !verify_strict(&file.root, &message, &d.signature)
            {
                return Err(BundleError::BadDelegation);
            }
            &d.bundle_key
        }
    };
    if !verify_strict(signer, &wire::bundle_signed_message(&file.body), &file.signature) {
        return Err(BundleError::BadSignature);
    }
    Ok(())
}

/// §6.4 step 5.
fn read_body(file: &BundleFile) -> Result<(BundleBody, crate::revoked::SplitBody), BundleError> {
    // §6.4 step 5: only now read the body. The revoked list is checked in
    // one pass and stays where it is (crate::revoked); the rest goes
    // through serde with the list replaced by an empty one.
    let split = crate::revoked::split_body(&file.body).map_err(BundleError::Encoding)?;
    let body: BundleBody = wire::from_cbor(&split.rest).map_err(|e| match e {
        EncodingError::TrailingBytes => BundleError::Encoding(e),
        _ => BundleError::Encoding(EncodingError::Malformed),
    })?;
    Ok((body, split))
}

/// §6.4 step 6, first items (then [`strict_keys`] and [`check_rest`]).
fn check_content(file: &BundleFile, body: &BundleBody) -> Result<(), BundleError> {
    // §6.4 step 6: issued inside the delegation's window (§6.6), then
    // content consistency.
    if let Some(d) = &file.delegation
        && !(d.valid_from <= body.issued_at && body.issued_at <= d.valid_until)
    {
        return Err(BundleError::OutsideDelegation);
    }
    let invalid = |s: String| Err(BundleError::InvalidContent(s));
    if body.root_key_id != KeyId::of(&file.root) {
        return invalid("root key id does not match the signing root".into());
    }
    Ok(())
}

/// §6.4 step 6, the signing keys.
fn strict_keys(body: &BundleBody) -> Result<Vec<(SigningKeyEntry, VerifyingKey)>, BundleError> {
    let invalid = |s: String| Err(BundleError::InvalidContent(s));
    let mut keys = Vec::with_capacity(body.signing_keys.len());
    for entry in &body.signing_keys {
        if entry.key_id != KeyId::of(&entry.public_key.0) {
            return invalid(format!("key id {} does not match its public key", entry.key_id));
        }
        let Some(vk) = strict_key(&entry.public_key.0) else {
            return invalid(format!("signing key {} is not a valid (strong) Ed25519 key", entry.key_id));
        };
        if entry.valid_from > entry.valid_until {
            return invalid(format!("signing key {} has an empty validity window", entry.key_id));
        }
        if keys.iter().any(|(e, _): &(SigningKeyEntry, VerifyingKey)| e.key_id == entry.key_id) {
            return invalid(format!("signing key {} is listed twice", entry.key_id));
        }
        keys.push((entry.clone(), vk));
    }
    Ok(keys)
}

/// §6.4 step 6, after the signing keys: times, the revoked list, the
/// catalogue.
fn check_rest(body: &BundleBody, revoked_problem: Option<String>) -> Result<(), BundleError> {
    let invalid = |s: String| Err(BundleError::InvalidContent(s));
    if body.expires_at <= body.issued_at {
        return invalid("the bundle expires before it is issued".into());
    }
    if let Some(problem) = revoked_problem {
        return invalid(problem);
    }
    if let Err(e) = body.catalogue.validate() {
        return invalid(e.to_string());
    }
    Ok(())
}

/// What to do with a newly verified bundle, given the installed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Newer: install it.
    Install,
    /// The same version: nothing to do.
    NoChange,
}

/// Rollback protection (SPEC §6.5): a lower version is refused, an equal one
/// is a no-op, a higher one is installed.
pub fn update_decision(current: &VerifiedBundle, offered: &VerifiedBundle) -> Result<Update, BundleError> {
    let (c, o) = (current.version(), offered.version());
    match o.cmp(&c) {
        std::cmp::Ordering::Less => Err(BundleError::Rollback { current: c, offered: o }),
        std::cmp::Ordering::Equal => Ok(Update::NoChange),
        std::cmp::Ordering::Greater => Ok(Update::Install),
    }
}

impl VerifiedBundle {
    /// The signed content, except the revoked list (`revoked` is empty
    /// here: see [`VerifiedBundle::is_revoked`] and
    /// [`VerifiedBundle::revoked_count`]).
    pub fn body(&self) -> &BundleBody {
        &self.body
    }

    /// Version number.
    pub fn version(&self) -> u64 {
        self.body.version
    }

    /// Fingerprint of the root that signed it (or delegated to the bundle
    /// key that did); a venue trusts this root from now on.
    pub fn root_fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.root)
    }

    /// The exact file bytes, to persist; `None` for a bundle opened with
    /// its revoked list left in the installed file
    /// ([`crate::installed::reopen_in_place`]).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.held {
            Held::Whole(bytes) => Some(bytes),
            Held::InPlace(_) => None,
        }
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.body.catalogue
    }

    /// The card type with this number.
    pub fn card_type(&self, id: CardTypeId) -> Option<&CardType> {
        self.body.catalogue.card_type(id)
    }

    /// Whether a card number is revoked; `true` also when a list left in
    /// the installed file cannot be read (never "not blocked" unread:
    /// [`VerifiedBundle::revoked`] tells the two apart).
    pub fn is_revoked(&self, n: CardNumber) -> bool {
        self.revoked(n).unwrap_or(true)
    }

    /// Whether a card number is revoked, or why the list could not be read
    /// (only for a bundle opened with its list left in the installed file,
    /// [`crate::installed::reopen_in_place`]: a read failed, or the file
    /// changed since it was opened).
    pub fn revoked(&self, n: CardNumber) -> Result<bool, crate::error::ListUnreadable> {
        match &self.held {
            Held::Whole(bytes) => self.revoked.lookup(n, |at, buf| crate::revoked::in_slice(bytes, at, buf)),
            Held::InPlace(file) => {
                let found = self.revoked.lookup(n, |at, buf| file.read_at(at, buf))?;
                file.unchanged()?;
                Ok(found)
            }
        }
    }

    /// Whether the revoked list was left in the installed file
    /// ([`crate::installed::reopen_in_place`]) rather than read.
    pub fn list_in_place(&self) -> bool {
        matches!(self.held, Held::InPlace(_))
    }

    /// The revoked list's bytes: the CBOR array (head and entries) as the
    /// body holds it, the phone card's blocked list (SPEC §12.2); `None`
    /// for a bundle opened with its list left in the installed file.
    pub fn revoked_bytes(&self) -> Option<&[u8]> {
        let (start, end) = self.layout.list_range();
        self.bytes().map(|b| b.get(start..end).unwrap_or_default())
    }

    /// How many card numbers the bundle blocks.
    pub fn revoked_count(&self) -> usize {
        self.revoked.len()
    }

    /// Where the body and the revoked list lie in [`VerifiedBundle::bytes`]:
    /// what [`crate::installed::reopen_verified`] needs to open the same
    /// bytes again without verifying them again.
    pub fn layout(&self) -> &crate::layout::Layout {
        &self.layout
    }

    pub(crate) fn key(&self, id: &KeyId) -> Option<&(SigningKeyEntry, VerifyingKey)> {
        self.keys.iter().find(|(e, _)| e.key_id == *id)
    }
}
