//! The bundle's revoked list, read in place (SPEC §6.3, issue 17).
//!
//! A venue looks up one card at a time, so a verified bundle does not turn
//! its list of blocked cards into a set at load time. Instead, one pass over
//! the list's CBOR bytes checks that every entry is a canonical unsigned
//! integer, below 2^40, and greater than the one before (the list is sorted
//! and has no repeats), and notes where the entries of each encoded width
//! begin. Because canonical widths grow with the value (1, 2, 3, 5 or 9
//! bytes), a sorted list is at most five runs of fixed-width entries, and a
//! lookup is a binary search in the run of the number's width, reading the
//! bytes where they are.
//!
//! The pass also finds the list inside the body: the body map is walked
//! (strictly: definite lengths, shortest heads) up to its `revoked` entry,
//! and the rest of the body is decoded with serde as before, with the list
//! replaced by an empty array.

use crate::error::EncodingError;
use crate::wire::CardNumber;

/// Card numbers are below 2^40 (SPEC §4).
const CARD_NUMBER_LIMIT: u64 = 1 << 40;
/// How deep the walk to the list goes (the serde decoding allows 16).
const MAX_DEPTH: usize = 16;
/// The encoded widths of an unsigned integer, shortest first.
const WIDTHS: [usize; 5] = [1, 2, 3, 5, 9];

/// Where the revoked entries of each width lie, as offsets into the bytes
/// the list was found in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RevokedList {
    /// For each of [`WIDTHS`]: (offset of the first entry, number of entries).
    runs: [(usize, usize); 5],
    len: usize,
}

/// A body split at its revoked list.
#[derive(Debug)]
pub(crate) struct SplitBody {
    /// The body with the list replaced by an empty array, for serde.
    pub rest: Vec<u8>,
    /// The list, as offsets into the body.
    pub list: RevokedList,
    /// The first rule the list breaks (out of range, out of order), reported
    /// with the other content checks (SPEC §6.4 step 6).
    pub problem: Option<String>,
    /// Where the list (its array head and entries) lies in the body.
    pub range: (usize, usize),
}

/// One CBOR head at `pos`: (major type, argument, position after the head),
/// refusing indefinite lengths and arguments not in their shortest form.
fn head(b: &[u8], pos: usize) -> Result<(u8, u64, usize), EncodingError> {
    let first = *b.get(pos).ok_or(EncodingError::Malformed)?;
    let (major, info) = (first >> 5, first & 0x1f);
    let extra = match info {
        0..=23 => return Ok((major, u64::from(info), pos + 1)),
        24 => 1,
        25 => 2,
        26 => 4,
        27 => 8,
        _ => return Err(EncodingError::Malformed),
    };
    let bytes = b.get(pos + 1..pos + 1 + extra).ok_or(EncodingError::Malformed)?;
    let arg = bytes.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
    // Floats (major 7) carry their bits, not a length: any value is shortest.
    let shortest = match extra {
        1 => arg >= 24,
        2 => arg > 0xff,
        4 => arg > 0xffff,
        _ => arg > 0xffff_ffff,
    };
    if major != 7 && !shortest {
        return Err(EncodingError::NonCanonical);
    }
    Ok((major, arg, pos + 1 + extra))
}

/// The position after the item at `pos`.
fn skip(b: &[u8], pos: usize, depth: usize) -> Result<usize, EncodingError> {
    if depth > MAX_DEPTH {
        return Err(EncodingError::Malformed);
    }
    let (major, arg, next) = head(b, pos)?;
    let count = |n: u64, per: u64| n.checked_mul(per).ok_or(EncodingError::Malformed);
    match major {
        0 | 1 | 7 => Ok(next),
        2 | 3 => {
            let end = usize::try_from(arg).ok().and_then(|n| next.checked_add(n)).ok_or(EncodingError::Malformed)?;
            if end > b.len() { Err(EncodingError::Malformed) } else { Ok(end) }
        }
        4 | 5 => {
            let mut p = next;
            for _ in 0..count(arg, if major == 5 { 2 } else { 1 })? {
                p = skip(b, p, depth + 1)?;
            }
            Ok(p)
        }
        _ => skip(b, next, depth + 1),
    }
}

/// Find the `revoked` entry of the body map and read its list (see the
/// module). Errors are the body's encoding errors (SPEC §6.4 step 5).
pub(crate) fn split_body(body: &[u8]) -> Result<SplitBody, EncodingError> {
    let (major, entries, mut pos) = head(body, 0)?;
    if major != 5 {
        return Err(EncodingError::Malformed);
    }
    for _ in 0..entries {
        let key_start = pos;
        let (kmajor, klen, kpos) = head(body, pos)?;
        pos = skip(body, key_start, 1)?;
        let value_start = pos;
        if kmajor == 3 && body.get(kpos..kpos.saturating_add(klen as usize)) == Some(b"revoked".as_slice()) {
            let (vmajor, n, first) = head(body, value_start)?;
            if vmajor != 4 {
                return Err(EncodingError::Malformed);
            }
            let (list, end, problem) = read_list(body, first, n)?;
            let mut rest = Vec::with_capacity(body.len() - (end - value_start) + 1);
            rest.extend_from_slice(body.get(..value_start).unwrap_or_default());
            rest.push(0x80);
            rest.extend_from_slice(body.get(end..).unwrap_or_default());
            return Ok(SplitBody { rest, list, problem, range: (value_start, end) });
        }
        pos = skip(body, value_start, 1)?;
    }
    Err(EncodingError::Malformed)
}

/// Read `n` entries from `pos`: the runs, the end, the first problem.
fn read_list(b: &[u8], mut pos: usize, n: u64) -> Result<(RevokedList, usize, Option<String>), EncodingError> {
    let mut list = RevokedList::default();
    let mut problem = None;
    let mut prev: Option<u64> = None;
    for _ in 0..n {
        let (major, value, next) = head(b, pos)?;
        if major != 0 {
            return Err(EncodingError::Malformed);
        }
        let width = next - pos;
        let class = WIDTHS.iter().position(|&w| w == width).ok_or(EncodingError::Malformed)?;
        if problem.is_none() {
            if value >= CARD_NUMBER_LIMIT {
                problem = Some(format!("revoked card number {value} is out of range"));
            } else if prev.is_some_and(|p| value <= p) {
                problem = Some(format!("revoked card number {value} is not above the one before it"));
            }
        }
        if let Some(run) = list.runs.get_mut(class) {
            if run.1 == 0 {
                run.0 = pos;
            }
            run.1 += 1;
        }
        list.len += 1;
        prev = Some(value);
        pos = next;
    }
    Ok((list, pos, problem))
}

/// A revoked list on its own: the CBOR array exactly as the bundle body
/// holds it (its head and entries, nothing after), as the phone card page
/// carries it (SPEC §12.2). A list out of range or out of order is
/// `Malformed` here: alone, it was not checked with a bundle.
pub(crate) fn read_alone(bytes: &[u8]) -> Result<RevokedList, EncodingError> {
    let (major, n, first) = head(bytes, 0)?;
    if major != 4 {
        return Err(EncodingError::Malformed);
    }
    let (list, end, problem) = read_list(bytes, first, n)?;
    if end != bytes.len() || problem.is_some() {
        return Err(EncodingError::Malformed);
    }
    Ok(list)
}

impl RevokedList {
    /// How many numbers the list holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The same list found at `base` bytes further on (the body inside the
    /// bundle file).
    pub(crate) fn shifted(mut self, base: usize) -> RevokedList {
        for run in &mut self.runs {
            run.0 += base;
        }
        self
    }

    /// For each width (1, 2, 3, 5, 9 bytes): the offset of its first entry
    /// and how many entries it has.
    pub(crate) fn runs(&self) -> [(usize, usize); 5] {
        self.runs
    }

    /// A list from its runs (as [`RevokedList::runs`] gave them), if every
    /// run lies inside `within` and the runs follow each other in order of
    /// width; the entries themselves are not read.
    pub(crate) fn from_runs(runs: [(usize, usize); 5], within: (usize, usize)) -> Option<RevokedList> {
        let mut at = within.0;
        let mut len = 0usize;
        for (&(start, count), width) in runs.iter().zip(WIDTHS) {
            if count == 0 {
                continue;
            }
            let end = count.checked_mul(width).and_then(|b| b.checked_add(start))?;
            if start < at || end > within.1 {
                return None;
            }
            at = end;
            len = len.checked_add(count)?;
        }
        Some(RevokedList { runs, len })
    }

    /// Whether `n` is in the list, read from `bytes` (where the list was
    /// found, after [`RevokedList::shifted`]). Only for a list without a
    /// problem: sorted, so binary search finds what is there. Entries
    /// outside `bytes` (a list that does not belong to them) are not found.
    pub(crate) fn contains(&self, bytes: &[u8], n: CardNumber) -> bool {
        self.lookup(n, |at, buf| in_slice(bytes, at, buf)).unwrap_or(false)
    }

    /// Whether `n` is in the list, each entry the binary search needs read
    /// by `read(offset, buffer)`: the entry's bytes at that offset (as the
    /// runs give them) into the buffer, of the entry's width. About
    /// log2(entries) reads of at most 9 bytes; the first error of `read`
    /// ends the lookup and is passed on.
    pub(crate) fn lookup<E>(
        &self,
        n: CardNumber,
        mut read: impl FnMut(usize, &mut [u8]) -> Result<(), E>,
    ) -> Result<bool, E> {
        let width = match n.0 {
            0..=23 => 1,
            24..=0xff => 2,
            0x100..=0xffff => 3,
            0x1_0000..=0xffff_ffff => 5,
            _ => 9,
        };
        let Some(&(start, count)) = WIDTHS.iter().position(|&w| w == width).and_then(|c| self.runs.get(c)) else {
            return Ok(false);
        };
        let mut buf = [0u8; 9];
        let entry = buf.get_mut(..width).unwrap_or_default();
        let (mut lo, mut hi) = (0, count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            read(start + mid * width, entry)?;
            let v = match &*entry {
                [h] => u64::from(h & 0x1f),
                [_, rest @ ..] => rest.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x)),
                [] => return Ok(false),
            };
            match v.cmp(&n.0) {
                std::cmp::Ordering::Equal => return Ok(true),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        Ok(false)
    }
}

/// `buf.len()` bytes of `bytes` from `at` into `buf`; `Err` where `bytes`
/// ends first.
pub(crate) fn in_slice(bytes: &[u8], at: usize, buf: &mut [u8]) -> Result<(), crate::error::ListUnreadable> {
    let end = at.checked_add(buf.len()).ok_or(crate::error::ListUnreadable::Read)?;
    buf.copy_from_slice(bytes.get(at..end).ok_or(crate::error::ListUnreadable::Read)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_with(revoked: &[u64]) -> Vec<u8> {
        #[derive(serde::Serialize)]
        struct B<'a> {
            version: u64,
            catalogue: Vec<&'a str>,
            revoked: &'a [u64],
        }
        crate::wire::to_cbor(&B { version: 7, catalogue: vec!["a", "b"], revoked })
    }

    #[test]
    fn every_width_is_found_and_nothing_else() {
        let nums = [0u64, 5, 23, 24, 200, 255, 256, 4000, 65535, 65536, 1 << 31, 0xffff_ffff, 1 << 32, (1 << 40) - 1];
        let body = body_with(&nums);
        let split = split_body(&body).unwrap();
        assert_eq!(split.problem, None);
        assert_eq!(split.list.len(), nums.len());
        assert_eq!(split.rest, body_with(&[]));
        for &n in &nums {
            assert!(split.list.contains(&body, CardNumber(n)), "{n}");
            for m in [n.wrapping_sub(1), n + 1] {
                assert_eq!(split.list.contains(&body, CardNumber(m)), nums.contains(&m), "{m}");
            }
        }
        assert!(!split.list.contains(&body, CardNumber(1 << 40)));
        assert!(!split.list.contains(&body, CardNumber(u64::MAX)));
        // Found again at an offset.
        let mut shifted = vec![0xaa; 10];
        shifted.extend_from_slice(&body);
        let list = split.list.shifted(10);
        assert!(list.contains(&shifted, CardNumber(1 << 32)));
        assert!(!list.contains(&shifted, CardNumber(17)));
    }

    #[test]
    fn a_list_alone_is_read_as_in_the_body() {
        let nums = [3u64, 300, 70_000, 1 << 33];
        let bytes = crate::wire::to_cbor(&nums.to_vec());
        let list = read_alone(&bytes).unwrap();
        assert_eq!(list.len(), 4);
        assert!(nums.iter().all(|&n| list.contains(&bytes, CardNumber(n))));
        assert!(!list.contains(&bytes, CardNumber(4)));
        assert_eq!(read_alone(&crate::wire::to_cbor(&Vec::<u64>::new())).unwrap().len(), 0);
        let mut trailing = bytes.clone();
        trailing.push(0);
        for bad in [&trailing[..], &bytes[..bytes.len() - 1], &crate::wire::to_cbor(&vec![5u64, 3]), &[0x01], &[]] {
            assert_eq!(read_alone(bad).unwrap_err(), EncodingError::Malformed, "{bad:?}");
        }
    }

    #[test]
    fn unsorted_repeated_and_out_of_range_lists_are_named() {
        for (nums, want) in [
            (&[5u64, 3][..], "revoked card number 3 is not above the one before it"),
            (&[5, 5], "revoked card number 5 is not above the one before it"),
            (&[1 << 32, 300], "revoked card number 300 is not above the one before it"),
            (&[1, 1 << 40], "revoked card number 1099511627776 is out of range"),
        ] {
            assert_eq!(split_body(&body_with(nums)).unwrap().problem.as_deref(), Some(want), "{nums:?}");
        }
    }

    #[test]
    fn non_shortest_and_non_integer_entries_are_refused() {
        let body = body_with(&[1, 2]);
        let at = body.len() - 2;
        // 2 written as 0x18 0x02 (not shortest).
        let mut long = body[..at].to_vec();
        long.extend_from_slice(&[0x01, 0x18, 0x02]);
        assert_eq!(split_body(&long).unwrap_err(), EncodingError::NonCanonical);
        // A negative number, a text and an indefinite-length array.
        for bad in [&[0x01, 0x21][..], &[0x01, 0x61]] {
            let mut b = body[..at].to_vec();
            b.extend_from_slice(bad);
            assert_eq!(split_body(&b).unwrap_err(), EncodingError::Malformed, "{bad:?}");
        }
        let mut indefinite = body[..at - 1].to_vec();
        indefinite.extend_from_slice(&[0x9f, 0x01, 0xff]);
        assert_eq!(split_body(&indefinite).unwrap_err(), EncodingError::Malformed);
        // Cut short, and a body without the list.
        assert_eq!(split_body(&body[..body.len() - 1]).unwrap_err(), EncodingError::Malformed);
        assert_eq!(split_body(&crate::wire::to_cbor(&[("version", 1)])).unwrap_err(), EncodingError::Malformed);
    }
}
