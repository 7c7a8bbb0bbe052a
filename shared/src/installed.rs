//! Opening an installed bundle again without verifying it again (issue 17).
//!
//! [`crate::verify_bundle`] checks a bundle file in full (SPEC §6.4): the
//! envelope and its canonical form, the root's trust, the root's signature
//! over the whole body (SHA-512 over every byte, 9 bytes per blocked card),
//! the body and every revoked entry. A venue does that once, when it
//! installs the bundle. Its start-up afterwards needs the same
//! [`VerifiedBundle`] from the same bytes: [`reopen_verified`] rebuilds it
//! from the bytes and their [`Layout`] (where the body and the revoked
//! list lie, noted by the verification), decoding only the body without
//! the list (a few kilobytes), whatever the list's length.
//!
//! **[`reopen_verified`] trusts its caller** that the bytes are exactly
//! bytes that passed [`crate::verify_bundle`] with this layout (the
//! verifier keeps a record of its installs under a local secret that says
//! so; see `verifier/src/seal.rs` and SPEC §6.5). Given any other bytes it
//! builds a bundle nobody signed.

use crate::bundle::{BundleBody, SigningKeyEntry, VerifiedBundle};
use crate::day::Timestamp;
use crate::error::{BundleError, EncodingError};
pub use crate::layout::Layout;
use crate::revoked::RevokedList;
use crate::wire::{self, KeyId};
use ed25519_dalek::VerifyingKey;

/// The [`VerifiedBundle`] of `bytes` that passed [`crate::verify_bundle`]
/// with `layout` (see the module: the caller vouches for that). The body
/// without its revoked list is decoded again; the list is looked up in
/// place as after a full verification. SPEC §6.4 step 7 (not from the
/// future) is checked against `now` again ([`BundleError::FromTheFuture`]);
/// a layout that does not fit the bytes is [`EncodingError::Malformed`].
pub fn reopen_verified(bytes: Vec<u8>, layout: &Layout, now: Timestamp) -> Result<VerifiedBundle, BundleError> {
    let malformed = || BundleError::Encoding(EncodingError::Malformed);
    let ((b0, b1), (l0, l1)) = (layout.body, layout.list);
    if !(b0 <= l0 && l0 < l1 && l1 <= b1 && b1 <= bytes.len()) {
        return Err(malformed());
    }
    let revoked = RevokedList::from_runs(layout.runs, (l0, l1)).ok_or_else(malformed)?;
    let (head, tail) = (bytes.get(b0..l0).ok_or_else(malformed)?, bytes.get(l1..b1).ok_or_else(malformed)?);
    let mut rest = Vec::with_capacity(head.len() + 1 + tail.len());
    rest.extend_from_slice(head);
    rest.push(0x80);
    rest.extend_from_slice(tail);
    let body: BundleBody = wire::from_cbor(&rest).map_err(BundleError::Encoding)?;
    if body.root_key_id != KeyId::of(&layout.root.0) {
        return Err(BundleError::InvalidContent("root key id does not match the signing root".into()));
    }
    let mut keys: Vec<(SigningKeyEntry, VerifyingKey)> = Vec::with_capacity(body.signing_keys.len());
    for entry in &body.signing_keys {
        let vk = VerifyingKey::from_bytes(&entry.public_key.0).map_err(|_| {
            BundleError::InvalidContent(format!("signing key {} is not a valid Ed25519 key", entry.key_id))
        })?;
        keys.push((entry.clone(), vk));
    }
    // §6.4 step 7, against this start's clock.
    if body.issued_at.0 > now.0.saturating_add(crate::bundle::MAX_CLOCK_SKEW_SECS) {
        return Err(BundleError::FromTheFuture);
    }
    Ok(VerifiedBundle { body, root: layout.root.0, keys, revoked, bytes, layout: layout.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Catalogue;
    use crate::wire::{CardNumber, Fingerprint, PublicKeyBytes};
    use ed25519_dalek::SigningKey;

    fn bundle(revoked: Vec<CardNumber>, issued_at: i64) -> (Vec<u8>, Fingerprint) {
        let root = SigningKey::from_bytes(&[1; 32]);
        let token_key = SigningKey::from_bytes(&[2; 32]).verifying_key().to_bytes();
        let body = BundleBody {
            version: 3,
            issued_at: Timestamp(issued_at),
            expires_at: Timestamp(issued_at + 86_400),
            root_key_id: KeyId::of(&root.verifying_key().to_bytes()),
            signing_keys: vec![SigningKeyEntry {
                key_id: KeyId::of(&token_key),
                public_key: PublicKeyBytes(token_key),
                valid_from: crate::Day::from_ymd(2026, 1, 1).unwrap(),
                valid_until: crate::Day::from_ymd(2026, 12, 31).unwrap(),
            }],
            catalogue: Catalogue {
                scheme_name: "Test".into(),
                public_base_url: "https://kort.example.no".into(),
                venues: vec![],
                card_types: vec![],
                contact: None,
            },
            revoked,
        };
        (crate::sign_bundle(&root, vec![], &body), Fingerprint::of(&root.verifying_key().to_bytes()))
    }

    #[test]
    fn a_reopened_bundle_is_the_verified_one() {
        let nums: Vec<CardNumber> = [3u64, 30, 300, 70_000, 1 << 33].into_iter().map(CardNumber).collect();
        let (bytes, fp) = bundle(nums.clone(), 1_700_000_000);
        let now = Timestamp(1_700_000_100);
        let full = crate::verify_bundle(&bytes, &fp, now).unwrap();
        let again = reopen_verified(bytes.clone(), full.layout(), now).unwrap();
        assert_eq!(again.body(), full.body());
        assert_eq!(again.root_fingerprint(), full.root_fingerprint());
        assert_eq!(again.bytes(), bytes.as_slice());
        assert_eq!(again.layout(), full.layout());
        assert_eq!(again.revoked_count(), 5);
        for n in [0u64, 3, 4, 30, 300, 301, 70_000, 1 << 33, (1 << 33) + 1] {
            assert_eq!(again.is_revoked(CardNumber(n)), full.is_revoked(CardNumber(n)), "{n}");
        }
        let id = full.body().signing_keys[0].key_id;
        assert_eq!(again.key(&id).map(|k| k.1), full.key(&id).map(|k| k.1));
        // The layout round-trips through JSON (how the verifier keeps it).
        let json = serde_json::to_string(full.layout()).unwrap();
        assert_eq!(&serde_json::from_str::<Layout>(&json).unwrap(), full.layout());
    }

    #[test]
    fn a_layout_that_does_not_fit_or_a_future_bundle_is_refused() {
        let (bytes, fp) = bundle(vec![CardNumber(5)], 1_700_000_000);
        let now = Timestamp(1_700_000_100);
        let layout = crate::verify_bundle(&bytes, &fp, now).unwrap().layout().clone();
        let short = bytes[..bytes.len() - 80].to_vec();
        assert_eq!(reopen_verified(short, &layout, now).unwrap_err(), BundleError::Encoding(EncodingError::Malformed));
        let mut wrong = layout.clone();
        wrong.runs[0].0 = wrong.list.1;
        assert_eq!(
            reopen_verified(bytes.clone(), &wrong, now).unwrap_err(),
            BundleError::Encoding(EncodingError::Malformed)
        );
        assert_eq!(reopen_verified(bytes, &layout, Timestamp(1_699_990_000)).unwrap_err(), BundleError::FromTheFuture);
    }
}
