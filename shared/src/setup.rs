//! The venue set-up string (SPEC §10): what an administrator hands a venue
//! so that `verifier init` is one step. It names where to fetch the trust
//! bundle, the root key fingerprint to pin, and the venue's id:
//!
//! ```text
//! aktivitetskort-setup:1;bundle=https://kort.larvik.kommune.no/bundle;root=<64 hex>;venue=bolgen-kino
//! ```
//!
//! It is shown as text and as a QR code. What makes the bundle trustworthy
//! is public (the fingerprint pinned); the one secret is the optional
//! `reg=` part, a single-use registration code that lets this venue's
//! computer register its key for usage reports (SPEC §10, §13.4).

use crate::model::is_valid_slug;
use crate::wire::Fingerprint;

/// The prefix and version of a set-up string.
pub const SETUP_PREFIX: &str = "aktivitetskort-setup:1;";
/// Longest set-up string accepted.
pub const MAX_SETUP_LEN: usize = 600;

/// Bytes of a [`RegistrationCode`].
pub const REGISTRATION_BYTES: usize = 16;

/// The single-use code in a set-up string that lets a venue's computer
/// register its key (SPEC §13.4): 128 random bits, written as 32 lower-case
/// hex digits. Its `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistrationCode(pub [u8; REGISTRATION_BYTES]);

impl std::fmt::Debug for RegistrationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RegistrationCode(…)")
    }
}

impl RegistrationCode {
    /// 32 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        crate::wire::hex_encode(&self.0)
    }

    /// Exactly 32 hex digits (surrounding whitespace ignored).
    pub fn parse(text: &str) -> Option<RegistrationCode> {
        let text = text.trim();
        if text.len() != 2 * REGISTRATION_BYTES {
            return None;
        }
        crate::wire::hex_decode(text)?.try_into().ok().map(RegistrationCode)
    }
}

/// A venue's set-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueSetup {
    /// Where the trust bundle is published (`https://…/bundle`).
    pub bundle_url: String,
    /// The root key fingerprint to pin.
    pub root: Fingerprint,
    /// The venue's id in the catalogue.
    pub venue: String,
    /// The code that lets the venue register its key (codes made before
    /// registration codes existed have none).
    pub registration: Option<RegistrationCode>,
}

/// Why a set-up string was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    /// Not a set-up string of this system (or of a newer version).
    #[error("this is not a venue set-up string (it starts with {SETUP_PREFIX}…)")]
    NotSetup,
    /// A part is missing or wrong: names which.
    #[error("the set-up string's «{0}» is missing or not valid")]
    BadField(&'static str),
}

impl VenueSetup {
    /// The set-up string.
    pub fn to_text(&self) -> String {
        let mut text = format!("{SETUP_PREFIX}bundle={};root={};venue={}", self.bundle_url, self.root, self.venue);
        if let Some(code) = &self.registration {
            text.push_str(";reg=");
            text.push_str(&code.to_hex());
        }
        text
    }

    /// Read a set-up string (surrounding whitespace ignored).
    pub fn parse(text: &str) -> Result<VenueSetup, SetupError> {
        if text.len() > MAX_SETUP_LEN {
            return Err(SetupError::NotSetup);
        }
        let rest = text.trim().strip_prefix(SETUP_PREFIX).ok_or(SetupError::NotSetup)?;
        let (mut bundle, mut root, mut venue, mut reg) = (None, None, None, None);
        for part in rest.split(';') {
            match part.split_once('=') {
                Some(("bundle", v)) => bundle = Some(v),
                Some(("root", v)) => root = Some(v),
                Some(("venue", v)) => venue = Some(v),
                Some(("reg", v)) => reg = Some(v),
                _ => {}
            }
        }
        let bundle_url = bundle
            .filter(|u| {
                let host = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"));
                host.is_some_and(|h| !h.is_empty() && !h.starts_with('/') && !h.contains([' ', '#']))
            })
            .ok_or(SetupError::BadField("bundle"))?
            .to_string();
        let root = root.and_then(Fingerprint::parse).ok_or(SetupError::BadField("root"))?;
        let venue = venue.filter(|v| is_valid_slug(v)).ok_or(SetupError::BadField("venue"))?.to_string();
        let registration = match reg {
            None => None,
            Some(v) => Some(RegistrationCode::parse(v).ok_or(SetupError::BadField("reg"))?),
        };
        Ok(VenueSetup { bundle_url, root, venue, registration })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let s = VenueSetup {
            bundle_url: "https://kort.example.no/bundle".into(),
            root: Fingerprint::of(&[5u8; 32]),
            venue: "bolgen-kino".into(),
            registration: None,
        };
        let text = s.to_text();
        assert!(text.starts_with("aktivitetskort-setup:1;bundle=https://kort.example.no/bundle;root="));
        assert_eq!(VenueSetup::parse(&format!("  {text}\n")), Ok(s.clone()));
        assert_eq!(VenueSetup::parse("hello"), Err(SetupError::NotSetup));
        assert_eq!(VenueSetup::parse("aktivitetskort-setup:2;bundle=x"), Err(SetupError::NotSetup));
        let no_root = text.replace(&format!("root={}", s.root), "root=abc");
        assert_eq!(VenueSetup::parse(&no_root), Err(SetupError::BadField("root")));
        let bad_venue = text.replace("venue=bolgen-kino", "venue=Bølgen");
        assert_eq!(VenueSetup::parse(&bad_venue), Err(SetupError::BadField("venue")));
        let bad_url = text.replace("https://kort.example.no/bundle", "ftp://x");
        assert_eq!(VenueSetup::parse(&bad_url), Err(SetupError::BadField("bundle")));
        assert_eq!(VenueSetup::parse(&"x".repeat(700)), Err(SetupError::NotSetup));
    }

    #[test]
    fn the_registration_code_round_trips_and_a_bad_one_is_named() {
        let code = RegistrationCode([0xab; REGISTRATION_BYTES]);
        let s = VenueSetup {
            bundle_url: "https://kort.example.no/bundle".into(),
            root: Fingerprint::of(&[5u8; 32]),
            venue: "bolgen-kino".into(),
            registration: Some(code.clone()),
        };
        let text = s.to_text();
        assert!(text.ends_with(&format!(";venue=bolgen-kino;reg={}", "ab".repeat(16))), "{text}");
        assert_eq!(VenueSetup::parse(&text), Ok(s));
        assert_eq!(format!("{code:?}"), "RegistrationCode(…)", "Debug does not show the code");
        for bad in ["abc", &"ab".repeat(17), &"zz".repeat(16), ""] {
            let t = text.replace(&"ab".repeat(16), bad);
            assert_eq!(VenueSetup::parse(&t), Err(SetupError::BadField("reg")), "{bad}");
        }
        assert_eq!(RegistrationCode::parse(&format!(" {} ", "AB".repeat(16))), Some(code));
    }
}
