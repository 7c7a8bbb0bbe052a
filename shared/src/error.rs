//! Typed errors of the core. Each variant says what is wrong; the binaries
//! turn them into messages for staff and stable reason codes.

use crate::day::Day;

/// Why bytes or text are not a well-formed token or bundle (SPEC §2–§4).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodingError {
    /// Nothing was given (empty after trimming whitespace).
    #[error("the code is empty")]
    Empty,
    /// The input is longer than any valid code (checked before parsing).
    #[error("the code is too long to be a card ({len} > {max})")]
    TooLong {
        /// Length seen.
        len: usize,
        /// Largest accepted length.
        max: usize,
    },
    /// A character that the text form does not use.
    #[error("the code contains a character that does not belong in it")]
    InvalidCharacter,
    /// A digit count that no byte string encodes to.
    #[error("the code has a wrong number of digits (damaged or cut off)")]
    InvalidDigitCount,
    /// A 17-digit group (or shorter last group) larger than its bytes allow.
    #[error("the code has a digit group out of range (damaged)")]
    DigitGroupOutOfRange,
    /// A URL that is not of the form `https://HOST/k#DIGITS` (or `http://`,
    /// for a venue's local network).
    #[error("the link is not a card link (expected https://…/k#…)")]
    BadUrl,
    /// The bytes end before the token or bundle does.
    #[error("the code is cut off")]
    Truncated,
    /// Bytes after the end of the token or bundle.
    #[error("the code has extra data at its end")]
    TrailingBytes,
    /// Not the expected CBOR structure (wrong types, counts or sizes).
    #[error("the code is not a card of this system")]
    Malformed,
    /// Valid CBOR, but not the one canonical encoding of its content
    /// (non-minimal integers, indefinite lengths, …).
    #[error("the code is not canonically encoded")]
    NonCanonical,
}

/// Why a token was not accepted (SPEC §5). Each variant maps to a stable
/// reason code, see [`TokenError::code`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a well-formed token: damaged, cut off, mistyped or not a card.
    #[error("not a readable card: {0}")]
    BadEncoding(#[from] EncodingError),
    /// A token format version this verifier does not know.
    #[error("card format version {0} is not known to this verifier (update the software)")]
    UnsupportedVersion(u64),
    /// No signing key with this key id in the trust bundle.
    #[error("the card was signed with a key this venue does not know (update the trust bundle)")]
    UnknownKey,
    /// The Ed25519 signature does not verify (strictly) under the key.
    #[error("the card's signature is not valid (forged or damaged)")]
    BadSignature,
    /// The card's issue day is outside the signing key's validity window.
    #[error("the card's signing key was not valid on its issue day")]
    KeyNotValid,
    /// The card type number is not in the trust bundle.
    #[error("the card's type is not known (update the trust bundle)")]
    UnknownCardType,
    /// The validity window is longer than (or outside what) the card type allows.
    #[error("the card's validity is longer than its card type allows")]
    ValidityTooLong,
    /// The card number is on the revocation list.
    #[error("the card is blocked")]
    Revoked,
    /// Today is before the first valid day.
    #[error("the card is not valid until {0}")]
    NotYetValid(Day),
    /// Today is after the last valid day.
    #[error("the card expired on {0}")]
    Expired(Day),
    /// The card type gives nothing at this venue.
    #[error("the card gives nothing at this venue")]
    NotValidHere,
    /// The bundle's revoked list, left in the installed file
    /// ([`crate::installed::reopen_in_place`]), could not be read to look
    /// the card up: not an answer about the card, but the station's own
    /// problem (look again with the bundle read whole).
    #[error("the list of blocked cards could not be read: {0}")]
    RevokedListUnreadable(#[source] ListUnreadable),
}

/// Why a revoked list left in the installed bundle file could not be
/// looked up ([`crate::installed::InstalledFile`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ListUnreadable {
    /// Reading the file failed (an I/O error, or the file is shorter now).
    #[error("the installed bundle file could not be read")]
    Read,
    /// The file is no longer the one opened (written, touched or replaced
    /// since): its bytes are not the verified ones.
    #[error("the installed bundle file changed after it was opened")]
    Changed,
}

impl TokenError {
    /// The stable reason code (documented in `docs/SPEC.md` §7).
    pub fn code(&self) -> &'static str {
        match self {
            TokenError::BadEncoding(_) => "bad_encoding",
            TokenError::UnsupportedVersion(_) => "unsupported_version",
            TokenError::UnknownKey => "unknown_key",
            TokenError::BadSignature => "bad_signature",
            TokenError::KeyNotValid => "key_not_valid",
            TokenError::UnknownCardType => "unknown_card_type",
            TokenError::ValidityTooLong => "validity_too_long",
            TokenError::Revoked => "revoked",
            TokenError::NotYetValid(_) => "not_yet_valid",
            TokenError::Expired(_) => "expired",
            TokenError::NotValidHere => "not_valid_here",
            TokenError::RevokedListUnreadable(_) => "revoked_list_unreadable",
        }
    }
}

/// Why a trust bundle was not accepted (SPEC §6).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// The file is larger than any bundle may be (checked before parsing).
    #[error("the bundle file is too large ({len} bytes > {max})")]
    TooLarge {
        /// Size seen.
        len: usize,
        /// Largest accepted size.
        max: usize,
    },
    /// Not a bundle file, or damaged.
    #[error("the file is not a trust bundle, or it is damaged: {0}")]
    Encoding(EncodingError),
    /// A bundle format version this verifier does not know.
    #[error("trust bundle format {0} is not known to this verifier (update the software)")]
    UnsupportedFormat(u64),
    /// The bundle's root key is not the pinned one, and no valid rotation
    /// chain leads from the pinned root to it.
    #[error("the bundle is not signed by the root key this venue trusts (check the root fingerprint)")]
    UntrustedRoot,
    /// A root rotation link does not verify.
    #[error("the bundle's root key rotation chain is not valid")]
    BadRootRotation,
    /// The root's signature over the bundle does not verify.
    #[error("the bundle's signature is not valid (tampered or damaged)")]
    BadSignature,
    /// The signed content is inconsistent (key ids, weak keys, catalogue).
    #[error("the bundle content is not valid: {0}")]
    InvalidContent(String),
    /// Issued more than the allowed skew after "now": the bundle or the
    /// local clock is wrong.
    #[error("the bundle claims to be issued in the future; check this computer's clock")]
    FromTheFuture,
    /// A lower version than the installed one.
    #[error("the bundle is older (version {offered}) than the one in use (version {current}); kept the current one")]
    Rollback {
        /// Installed version.
        current: u64,
        /// Offered version.
        offered: u64,
    },
    /// The root's delegation to the bundle key does not verify, or the
    /// bundle key is weak or not canonical (SPEC §6.6, §6.4 step 4a).
    #[error("the bundle's signing key is not vouched for by the root key (forged or damaged)")]
    BadDelegation,
    /// Issued outside the window the root delegated to the bundle key
    /// (SPEC §6.4 step 6).
    #[error("the bundle was made outside the time its signing key was allowed to sign bundles")]
    OutsideDelegation,
}
