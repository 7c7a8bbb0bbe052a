//! Where a verified bundle's parts lie in its file bytes (issue 17): noted
//! by [`crate::verify_bundle`], used by [`crate::installed`] to open the
//! same bytes again.

use crate::revoked::RevokedList;
use crate::wire::PublicKeyBytes;
use serde::{Deserialize, Serialize};

/// Where a verified bundle's parts lie in its file bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// The root key that signed the bundle (its trust was established by
    /// the verification).
    pub(crate) root: PublicKeyBytes,
    /// The body: start and end in the file.
    pub(crate) body: (usize, usize),
    /// The revoked list (its array head and entries): start and end in the
    /// file.
    pub(crate) list: (usize, usize),
    /// For each entry width (1, 2, 3, 5, 9 bytes): the file offset of its
    /// first entry and how many there are.
    pub(crate) runs: [(usize, usize); 5],
}

impl Layout {
    pub(crate) fn new(
        root: &[u8; 32],
        body_at: usize,
        body_len: usize,
        list_in_body: (usize, usize),
        revoked: &RevokedList,
    ) -> Layout {
        Layout {
            root: PublicKeyBytes(*root),
            body: (body_at, body_at + body_len),
            list: (body_at + list_in_body.0, body_at + list_in_body.1),
            runs: revoked.runs(),
        }
    }

    /// Where the revoked list lies in the file (start, end): everything
    /// outside it is what [`crate::installed::reopen_verified`] decodes.
    pub fn list_range(&self) -> (usize, usize) {
        self.list
    }
}

/// The installed bundle file, for a bundle opened with its revoked list
/// left in it ([`crate::installed::reopen_in_place`]). The verifier implements it over the
/// open file with positioned reads; this crate does no I/O itself.
pub trait InstalledFile: std::fmt::Debug + Send + Sync {
    /// Fill `buf` with the file's bytes from `offset` on, all of them (a
    /// short read is [`crate::error::ListUnreadable::Read`]).
    fn read_at(&self, offset: usize, buf: &mut [u8]) -> Result<(), crate::error::ListUnreadable>;

    /// Whether the file is still the one vouched for when it was opened
    /// (its identity unchanged, so no byte of it was written since):
    /// [`crate::error::ListUnreadable::Changed`] if not. Every lookup calls it after its
    /// reads, so that no answer comes from bytes changed meanwhile.
    fn unchanged(&self) -> Result<(), crate::error::ListUnreadable>;
}
