//! The record of a verified install (`DIR/bundle.seal`, SPEC §6.5, issue
//! 17): what lets a start skip verifying the installed bundle again.
//!
//! A bundle is installed only after full verification (SPEC §6.4). The
//! station then writes this record, under a key derived from its own
//! station secret ([`crate::pseudonym`]; never sent anywhere): the verifier
//! version that verified it, the root fingerprint trusted, the identity of
//! `bundle.akb` as installed (device, inode, size, change and modification
//! times in nanoseconds), SHA-256 of every byte of the file outside the
//! revoked list, and where the body and the list lie
//! ([`shared::installed::Layout`]). A start that finds the record intact
//! (its HMAC-SHA256), written by this version, for the trusted root, and
//! the file with the same identity and the same bytes outside the list,
//! opens the bundle with [`shared::installed::reopen_verified`]: no
//! signature check over the whole body, no pass over the list. A command
//! that checks one card and exits ([`Reading::ListInPlace`]) does not even
//! read the list: it reads the bytes outside it with positioned reads and
//! keeps the file open; each lookup then reads the few entries its binary
//! search needs from that file and checks the file's identity again after
//! them ([`shared::installed::reopen_in_place`]), so an answer never comes
//! from bytes written since the start: a failed read or a changed file is
//! an error ([`shared::ListUnreadable`]), never "not blocked".
//!
//! Anything else (no record, another secret, another version, a file
//! written, replaced, touched or moved since, other bytes outside the
//! list) falls back to full verification, so a tampered bundle is refused
//! at start as before. Writing to the file changes its modification and
//! change times, and a replaced file has another inode; the change time
//! cannot be set back by any file operation. The list's own bytes are not
//! checked at start (that is the cost being saved; with
//! [`Reading::ListInPlace`] not even read): they are covered by the file's
//! identity, not hashed again.

use crate::pseudonym::StationSecret;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use shared::installed::{InstalledFile, Layout};
use shared::wire::{Fingerprint, hex_decode, hex_encode};
use shared::{BundleError, ListUnreadable, Timestamp, VerifiedBundle};
use std::fs::File;
use std::io::Read as _;
use std::os::unix::fs::FileExt as _;
use std::path::Path;
use std::sync::Arc;

/// The record's file name in the venue's data directory.
pub const SEAL_FILE: &str = "bundle.seal";
/// What the station secret's derived key is for (domain separation from
/// the pseudonyms, which MAC 16-byte token ids).
const PURPOSE: &[u8] = b"aktivitetskort/verified-install/v1";

/// A file's identity: device, inode, size, change and modification times
/// (seconds, nanoseconds).
type FileId = (u64, u64, u64, i64, i64, i64, i64);

fn file_id(m: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt as _;
    (m.dev(), m.ino(), m.size(), m.ctime(), m.ctime_nsec(), m.mtime(), m.mtime_nsec())
}

/// What the record vouches for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Sealed {
    /// The verifier version that verified the bundle.
    verifier: String,
    /// The root fingerprint the venue trusts with this bundle.
    trusted_root: Fingerprint,
    /// `bundle.akb`'s identity as installed.
    file: FileId,
    /// SHA-256 of the file outside the revoked list, hex.
    outside_list: String,
    /// Where the body and the list lie.
    layout: Layout,
}

#[derive(Debug, Serialize, Deserialize)]
struct SealFile {
    sealed: Sealed,
    /// HMAC-SHA256 of `sealed` as JSON, hex.
    mac: String,
}

fn mac(secret: &StationSecret, sealed: &Sealed) -> Option<[u8; 32]> {
    serde_json::to_vec(sealed).ok().map(|json| secret.derived_mac(PURPOSE, &json))
}

fn outside_list(bytes: &[u8], layout: &Layout) -> Option<String> {
    let (start, end) = layout.list_range();
    Some(digest(bytes.get(..start)?, bytes.get(end..)?))
}

/// SHA-256 of the file's bytes before and after the list, hex.
fn digest(before: &[u8], after: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(before);
    h.update(after);
    hex_encode(&h.finalize())
}

/// How a start reads the installed bundle file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Every byte, into memory: for a station that runs on (`serve`,
    /// `scan`, `redeem -`), whose bundle stays in use while files change.
    Whole,
    /// The bytes outside the revoked list only; the list is read where it
    /// lies at each lookup, through the file kept open ([`OpenInstall`]):
    /// for a command that checks or redeems one card and exits.
    ListInPlace,
}

/// The installed file, kept open from the start with the identity the
/// record vouches for, its revoked list read where it lies.
#[derive(Debug)]
struct OpenInstall {
    file: File,
    id: FileId,
}

impl InstalledFile for OpenInstall {
    fn read_at(&self, offset: usize, buf: &mut [u8]) -> Result<(), ListUnreadable> {
        self.file.read_exact_at(buf, offset as u64).map_err(|_| ListUnreadable::Read)
    }

    fn unchanged(&self) -> Result<(), ListUnreadable> {
        // Any write to the file since the start moved its change time.
        match self.file.metadata() {
            Ok(m) if file_id(&m) == self.id => Ok(()),
            Ok(_) => Err(ListUnreadable::Changed),
            Err(_) => Err(ListUnreadable::Read),
        }
    }
}

/// `path` opened with the identity `expected`, and its bytes before and
/// after the list `layout` places (`None` if it has another identity,
/// before or after the reads, or the list does not fit in it).
fn read_outside_list(path: &Path, expected: &FileId, layout: &Layout) -> Option<(Vec<u8>, Vec<u8>, OpenInstall)> {
    let file = File::open(path).ok()?;
    let id = file_id(&file.metadata().ok()?);
    if id != *expected {
        return None;
    }
    let len = usize::try_from(id.2).ok().filter(|&n| n <= shared::wire::MAX_BUNDLE_BYTES)?;
    let (start, end) = layout.list_range();
    let after_len = len.checked_sub(end).filter(|_| start <= end)?;
    let (mut before, mut after) = (vec![0; start], vec![0; after_len]);
    file.read_exact_at(&mut before, 0).ok()?;
    file.read_exact_at(&mut after, end as u64).ok()?;
    (file_id(&file.metadata().ok()?) == id).then_some((before, after, OpenInstall { file, id }))
}

/// Read `path` whole with the identity it had throughout the read (`None`
/// if it changed meanwhile or is larger than any bundle).
fn read_steady(path: &Path) -> Option<(Vec<u8>, FileId)> {
    let mut f = File::open(path).ok()?;
    let id = file_id(&f.metadata().ok()?);
    let len = usize::try_from(id.2).ok().filter(|&n| n <= shared::wire::MAX_BUNDLE_BYTES)?;
    let mut bytes = vec![0; len];
    f.read_exact(&mut bytes).ok()?;
    (file_id(&f.metadata().ok()?) == id).then_some((bytes, id))
}

/// Record that the file `bundle_path` now holds `bundle`, which was fully
/// verified, with `trusted_root`; whether the record was written. Best
/// effort: a record that cannot be written only means that starts verify
/// in full (a damaged station secret is reported by the redemption log).
pub fn write(dir: &Path, bundle_path: &Path, bundle: &VerifiedBundle, trusted_root: Fingerprint) -> bool {
    let Ok(secret) = StationSecret::load_or_create(dir) else {
        return false;
    };
    // The file as it is on disk must be the verified bytes.
    let Some((bytes, file)) = read_steady(bundle_path).filter(|(b, _)| Some(b.as_slice()) == bundle.bytes()) else {
        return false;
    };
    let layout = bundle.layout().clone();
    let Some(outside_list) = outside_list(&bytes, &layout) else {
        return false;
    };
    let sealed = Sealed { verifier: env!("CARGO_PKG_VERSION").to_string(), trusted_root, file, outside_list, layout };
    let Some(mac) = mac(&secret, &sealed) else {
        return false;
    };
    let Ok(mut json) = serde_json::to_vec(&SealFile { sealed, mac: hex_encode(&mac) }) else {
        return false;
    };
    json.push(b'\n');
    keys::atomic_write(&dir.join(SEAL_FILE), &json, 0o600).is_ok()
}

/// The bundle in `bundle_path` opened by its record (see the module), read
/// as `reading` says, or `None` when the record does not vouch for it
/// (then verify in full). The only error is [`BundleError::FromTheFuture`]:
/// the bundle's issue time is ahead of `now` (checked at every start).
pub fn reopen(
    dir: &Path,
    bundle_path: &Path,
    trusted_root: &Fingerprint,
    now: Timestamp,
    reading: Reading,
) -> Option<Result<VerifiedBundle, BundleError>> {
    let text = std::fs::read(dir.join(SEAL_FILE)).ok()?;
    let record: SealFile = serde_json::from_slice(&text).ok()?;
    let secret = StationSecret::load(dir).ok()?;
    let expected = mac(&secret, &record.sealed)?;
    let given = hex_decode(&record.mac)?;
    // Compared without an early exit.
    if given.len() != expected.len() || given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) != 0 {
        return None;
    }
    let sealed = record.sealed;
    if sealed.verifier != env!("CARGO_PKG_VERSION") || sealed.trusted_root != *trusted_root {
        return None;
    }
    let reopened = match reading {
        Reading::Whole => {
            let (bytes, file) = read_steady(bundle_path)?;
            if file != sealed.file || outside_list(&bytes, &sealed.layout)? != sealed.outside_list {
                return None;
            }
            shared::installed::reopen_verified(bytes, &sealed.layout, now)
        }
        Reading::ListInPlace => {
            let (before, after, open) = read_outside_list(bundle_path, &sealed.file, &sealed.layout)?;
            if digest(&before, &after) != sealed.outside_list {
                return None;
            }
            shared::installed::reopen_in_place(&before, &after, &sealed.layout, now, Arc::new(open))
        }
    };
    match reopened {
        Ok(bundle) => Some(Ok(bundle)),
        Err(BundleError::FromTheFuture) => Some(Err(BundleError::FromTheFuture)),
        Err(_) => None,
    }
}
