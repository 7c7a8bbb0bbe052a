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
//! [`reopen_in_place`] does the same from the bytes outside the list only:
//! the list stays in the installed file and each lookup reads the few
//! entries its binary search needs through [`InstalledFile`] (positioned
//! reads, implemented by the verifier), so a start does not read the list
//! at all.
//!
//! **[`reopen_verified`] and [`reopen_in_place`] trust their caller** that the bytes are exactly
//! bytes that passed [`crate::verify_bundle`] with this layout (the
//! verifier keeps a record of its installs under a local secret that says
//! so; see `verifier/src/seal.rs` and SPEC §6.5). Given any other bytes it
//! build a bundle nobody signed.

use crate::bundle::{BundleBody, Held, SigningKeyEntry, VerifiedBundle};
use crate::day::Timestamp;
use crate::error::{BundleError, EncodingError};
pub use crate::layout::{InstalledFile, Layout};
use crate::revoked::RevokedList;
use crate::wire::{self, KeyId};
use ed25519_dalek::VerifyingKey;
use std::sync::Arc;

/// The [`VerifiedBundle`] of `bytes` that passed [`crate::verify_bundle`]
/// with `layout` (see the module: the caller vouches for that). The body
/// without its revoked list is decoded again; the list is looked up in
/// place as after a full verification. SPEC §6.4 step 7 (not from the
/// future) is checked against `now` again ([`BundleError::FromTheFuture`]);
/// a layout that does not fit the bytes is [`EncodingError::Malformed`].
pub fn reopen_verified(bytes: Vec<u8>, layout: &Layout, now: Timestamp) -> Result<VerifiedBundle, BundleError> {
    let ((l0, l1), malformed) = (layout.list, BundleError::Encoding(EncodingError::Malformed));
    let before = bytes.get(..l0).ok_or(malformed.clone())?;
    let after = bytes.get(l1..).ok_or(malformed)?;
    let (body, keys, revoked) = reopen_outside_list(before, after, layout, now)?;
    Ok(VerifiedBundle { body, root: layout.root.0, keys, revoked, held: Held::Whole(bytes), layout: layout.clone() })
}

/// [`reopen_verified`] without reading the revoked list: `before` is the
/// file from its start to the list (`layout.list_range().0` bytes),
/// `after` the file from the end of the list to its end, and the list
/// stays in the file, read through `file` at each lookup (about log2 of
/// its length reads of a few bytes, then [`InstalledFile::unchanged`]):
/// [`VerifiedBundle::revoked`] passes a failure on, and
/// [`VerifiedBundle::bytes`] is `None`. The caller vouches, as for
/// [`reopen_verified`], that the file `file` reads, with `before` and
/// `after` its bytes outside the list, passed [`crate::verify_bundle`]
/// with `layout`.
pub fn reopen_in_place(
    before: &[u8],
    after: &[u8],
    layout: &Layout,
    now: Timestamp,
    file: Arc<dyn InstalledFile>,
) -> Result<VerifiedBundle, BundleError> {
    if before.len() != layout.list.0 {
        return Err(BundleError::Encoding(EncodingError::Malformed));
    }
    let (body, keys, revoked) = reopen_outside_list(before, after, layout, now)?;
    Ok(VerifiedBundle { body, root: layout.root.0, keys, revoked, held: Held::InPlace(file), layout: layout.clone() })
}

/// What both reopenings decode: the body without the list, its keys, the
/// list's runs.
type Reopened = (BundleBody, Vec<(SigningKeyEntry, VerifyingKey)>, RevokedList);

/// The body decoded from the file's bytes `before` and `after` its list.
fn reopen_outside_list(before: &[u8], after: &[u8], layout: &Layout, now: Timestamp) -> Result<Reopened, BundleError> {
    let malformed = || BundleError::Encoding(EncodingError::Malformed);
    let ((b0, b1), (l0, l1)) = (layout.body, layout.list);
    if !(b0 <= l0 && l0 < l1 && l1 <= b1 && b1 - l1 <= after.len()) {
        return Err(malformed());
    }
    let revoked = RevokedList::from_runs(layout.runs, (l0, l1)).ok_or_else(malformed)?;
    let (head, tail) = (before.get(b0..l0).ok_or_else(malformed)?, after.get(..b1 - l1).ok_or_else(malformed)?);
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
    Ok((body, keys, revoked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ListUnreadable;
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
        assert_eq!(again.bytes(), Some(bytes.as_slice()));
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

    /// A file held in memory that can be made to fail or change.
    #[derive(Debug)]
    struct FakeFile {
        bytes: Vec<u8>,
        reads: std::sync::atomic::AtomicUsize,
        fail: std::sync::Mutex<Option<ListUnreadable>>,
    }

    impl InstalledFile for FakeFile {
        fn read_at(&self, offset: usize, buf: &mut [u8]) -> Result<(), ListUnreadable> {
            self.reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if *self.fail.lock().unwrap() == Some(ListUnreadable::Read) {
                return Err(ListUnreadable::Read);
            }
            crate::revoked::in_slice(&self.bytes, offset, buf)
        }

        fn unchanged(&self) -> Result<(), ListUnreadable> {
            match *self.fail.lock().unwrap() {
                Some(ListUnreadable::Changed) => Err(ListUnreadable::Changed),
                _ => Ok(()),
            }
        }
    }

    #[test]
    fn a_bundle_reopened_in_place_reads_only_what_a_lookup_needs_and_fails_safe() {
        let nums: Vec<CardNumber> = (0..5000u64).map(|i| CardNumber(i * 200_000_000 + 3)).collect();
        let (bytes, fp) = bundle(nums.clone(), 1_700_000_000);
        let now = Timestamp(1_700_000_100);
        let full = crate::verify_bundle(&bytes, &fp, now).unwrap();
        let layout = full.layout().clone();
        let (l0, l1) = layout.list_range();
        let file = Arc::new(FakeFile { bytes: bytes.clone(), reads: 0.into(), fail: None.into() });
        let again = reopen_in_place(&bytes[..l0], &bytes[l1..], &layout, now, file.clone()).unwrap();
        assert!(again.list_in_place() && !full.list_in_place());
        assert_eq!(again.body(), full.body());
        assert_eq!((again.bytes(), again.revoked_bytes()), (None, None));
        assert_eq!(again.revoked_count(), nums.len());
        for n in nums.iter().step_by(7).flat_map(|n| [n.0 - 1, n.0, n.0 + 1]).chain([0, 1 << 39]) {
            let before = file.reads.load(std::sync::atomic::Ordering::Relaxed);
            assert_eq!(again.revoked(CardNumber(n)), Ok(full.is_revoked(CardNumber(n))), "{n}");
            // A binary search over 5000 entries: at most 13 reads of one entry.
            assert!(file.reads.load(std::sync::atomic::Ordering::Relaxed) - before <= 13, "{n}");
        }
        // The bytes outside the list must be the file's, with the list's length.
        assert_eq!(
            reopen_in_place(&bytes[..l0 - 1], &bytes[l1..], &layout, now, file.clone()).unwrap_err(),
            BundleError::Encoding(EncodingError::Malformed)
        );
        // A read that fails or a file that changed is never "not blocked".
        for why in [ListUnreadable::Read, ListUnreadable::Changed] {
            *file.fail.lock().unwrap() = Some(why);
            for n in [nums[17], CardNumber(nums[17].0 + 1)] {
                assert_eq!(again.revoked(n), Err(why));
                assert!(again.is_revoked(n));
            }
        }
        *file.fail.lock().unwrap() = None;
        assert_eq!(again.revoked(nums[17]), Ok(true));
    }
}
