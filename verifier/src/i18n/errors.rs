//! The staff's text of every error of the verifier and of the errors of
//! `shared` and `keys` it carries. `Display` stays the English text (for
//! tests and logs); these give it in the staff's language, from the
//! `error-*`, `bundle-*`, `setup-*` and `keyfile-*` messages.

use super::{Localised, Messages};
use crate::VerifierError;
use crate::devices::PairError;
use crate::log::LogProblem;
use crate::service::UnitError;
use keys::KeyError;
use shared::BundleError;
use shared::setup::SetupError;
use std::path::Path;

/// Every message id of this module; a test checks each file has them all.
pub const ERROR_MESSAGE_IDS: &[&str] = &[
    "error-line",
    "warning-line",
    "error-io",
    "error-already-initialised",
    "error-not-initialised",
    "error-bad-config",
    "error-no-setup",
    "error-no-bundle-source",
    "error-json",
    "error-bad-fingerprint",
    "error-unknown-venue",
    "error-venue-removed",
    "error-image",
    "error-bad-setup",
    "error-bad-staleness",
    "error-log",
    "log-sqlite",
    "log-not-wal",
    "log-newer",
    "log-pre-upgrade-copy",
    "error-clock-behind",
    "error-bundle-too-old",
    "error-nothing-to-undo",
    "error-undo-too-late",
    "error-undo-changed",
    "error-unknown-device",
    "pair-malformed",
    "pair-no-code",
    "pair-wrong",
    "pair-expired",
    "pair-void",
    "error-bad-report-range",
    "error-bad-month",
    "error-venue-key-missing",
    "error-bad-venue-key",
    "error-unit",
    "error-setup-for-other",
    "unit-not-absolute",
    "unit-control-character",
    "unit-bad-user",
    "unit-temporary",
    "error-bad-update-interval",
    "error-bad-station-secret",
    "bundle-too-large",
    "bundle-encoding",
    "bundle-unsupported-format",
    "bundle-untrusted-root",
    "bundle-bad-root-rotation",
    "bundle-bad-signature",
    "bundle-invalid-content",
    "bundle-from-the-future",
    "bundle-rollback",
    "setup-not-setup",
    "setup-bad-field",
    "keyfile-exists",
    "keyfile-insecure",
    "keyfile-bad-file",
    "keyfile-bad-ring",
    "keyfile-no-signing-key",
    "keyfile-random",
    "image-not-an-image",
    "image-broken",
    "image-truncated",
    "image-too-large",
    "image-file-too-large",
    "image-no-qr",
    "error-companion-too-late",
    "error-bad-budget-share",
    "error-ca-file-unreadable",
    "error-ca-file-empty",
    "bundle-bad-delegation",
    "bundle-outside-delegation",
    "keyfile-issuer-root",
    "error-revoked-list-unreadable",
];

/// "PATH: what happened", naming the common cases in the staff's language.
pub(crate) fn io_text(t: &Messages, path: &Path, e: &std::io::Error) -> String {
    let kind = match e.kind() {
        std::io::ErrorKind::NotFound => "not-found",
        std::io::ErrorKind::PermissionDenied => "permission-denied",
        _ => "other",
    };
    t.get("error-io", &[("path", &path.display().to_string()), ("kind", kind), ("reason", &e.to_string())])
}

/// The selector of `error-revoked-list-unreadable`.
fn list_kind(why: shared::ListUnreadable) -> &'static str {
    match why {
        shared::ListUnreadable::Read => "read",
        shared::ListUnreadable::Changed => "changed",
    }
}

fn dir_arg(dir: &Path) -> String {
    dir.display().to_string()
}

impl Localised for VerifierError {
    fn text(&self, t: &Messages) -> String {
        use VerifierError as E;
        match self {
            E::Io { path, source } => io_text(t, path, source),
            E::AlreadyInitialised(dir) => t.get("error-already-initialised", &[("dir", &dir_arg(dir))]),
            E::NotInitialised(dir) => t.get("error-not-initialised", &[("dir", &dir_arg(dir))]),
            E::BadConfig { path, source } => {
                t.get("error-bad-config", &[("path", &path.display().to_string()), ("reason", &source.to_string())])
            }
            E::NoSetup => t.get("error-no-setup", &[]),
            E::NoBundleSource => t.get("error-no-bundle-source", &[]),
            E::Json(e) => t.get("error-json", &[("reason", &e.to_string())]),
            E::BadFingerprint(text) => t.get("error-bad-fingerprint", &[("text", text)]),
            E::Bundle(e) => e.text(t),
            E::UnknownVenue { venue, known } => {
                t.get("error-unknown-venue", &[("venue", venue), ("known", &known.join(", "))])
            }
            E::VenueRemoved(venue) => t.get("error-venue-removed", &[("venue", venue)]),
            E::Image { path, source } => {
                t.get("error-image", &[("path", &path.display().to_string()), ("reason", &source.text(t))])
            }
            E::BadSetup(e) => t.get("error-bad-setup", &[("reason", &e.text(t))]),
            E::Key(e) => e.text(t),
            E::Fetch(e) => e.text(t),
            E::NoBundleUrl(_) => t.get("no-bundle-url", &[]),
            E::BadStaleness { warn_days, refuse_days, max } => t.format(
                "error-bad-staleness",
                &[("warn", (*warn_days).into()), ("refuse", (*refuse_days).into()), ("max", (*max).into())],
            ),
            E::Log { path, source } => {
                t.get("error-log", &[("path", &path.display().to_string()), ("reason", &source.text(t))])
            }
            E::ClockBehind { now, seen, behind_minutes } => t.format(
                "error-clock-behind",
                &[("now", now.as_str().into()), ("seen", seen.as_str().into()), ("minutes", (*behind_minutes).into())],
            ),
            E::BundleTooOld { age_days, refuse_days } => {
                t.format("error-bundle-too-old", &[("age", (*age_days).into()), ("limit", (*refuse_days).into())])
            }
            E::NothingToUndo => t.get("error-nothing-to-undo", &[]),
            E::UndoTooLate { benefit, at, window_minutes } => t.format(
                "error-undo-too-late",
                &[
                    ("benefit", benefit.as_str().into()),
                    ("at", at.as_str().into()),
                    ("minutes", (*window_minutes).into()),
                ],
            ),
            E::UndoChanged => t.get("error-undo-changed", &[]),
            E::UnknownDevice(id) => t.format("error-unknown-device", &[("id", (*id).into())]),
            E::BadReportRange { from, until } => {
                t.get("error-bad-report-range", &[("from", &from.to_string()), ("until", &until.to_string())])
            }
            E::BadMonth(text) => t.get("error-bad-month", &[("text", text)]),
            E::VenueKeyMissing(dir) => t.get("error-venue-key-missing", &[("dir", &dir_arg(dir))]),
            E::BadVenueKey { path, source } => {
                t.get("error-bad-venue-key", &[("path", &path.display().to_string()), ("reason", &source.text(t))])
            }
            E::BadUpdateInterval(text) => t.get("error-bad-update-interval", &[("text", text)]),
            E::BadStationSecret { path, source } => {
                t.get("error-bad-station-secret", &[("path", &path.display().to_string()), ("reason", &source.text(t))])
            }
            E::Unit(e) => t.get("error-unit", &[("reason", &e.text(t))]),
            E::SetupForOther { venue, here } => t.get("error-setup-for-other", &[("venue", venue), ("here", here)]),
            E::CompanionTooLate { window_minutes } => {
                t.format("error-companion-too-late", &[("minutes", (*window_minutes).into())])
            }
            E::BadBudgetShare(text) => t.get("error-bad-budget-share", &[("text", text)]),
            E::CaFileUnreadable { path, source } => {
                t.get("error-ca-file-unreadable", &[("reason", &io_text(t, path, source))])
            }
            E::CaFileEmpty(path) => t.get("error-ca-file-empty", &[("path", &path.display().to_string())]),
            E::RevokedListUnreadable(why) => t.get("error-revoked-list-unreadable", &[("kind", list_kind(*why))]),
        }
    }
}

impl Localised for UnitError {
    fn text(&self, t: &Messages) -> String {
        match self {
            UnitError::NotAbsolute(path) => t.get("unit-not-absolute", &[("path", path)]),
            UnitError::ControlCharacter(value) => t.get("unit-control-character", &[("value", &format!("{value:?}"))]),
            UnitError::Temporary(path) => t.get("unit-temporary", &[("path", path)]),
            UnitError::BadUser(user) => t.get("unit-bad-user", &[("user", &format!("{user:?}"))]),
        }
    }
}

impl Localised for PairError {
    fn text(&self, t: &Messages) -> String {
        match self {
            PairError::Malformed => t.get("pair-malformed", &[]),
            PairError::NoCode => t.get("pair-no-code", &[]),
            PairError::Wrong { left } => t.format("pair-wrong", &[("left", (*left).into())]),
            PairError::Expired => t.get("pair-expired", &[]),
            PairError::Void => t.get("pair-void", &[]),
            PairError::Station(e) => e.text(t),
        }
    }
}

impl Localised for LogProblem {
    fn text(&self, t: &Messages) -> String {
        match self {
            LogProblem::Sqlite(e) => t.get("log-sqlite", &[("reason", &e.to_string())]),
            LogProblem::NotWal(mode) => t.get("log-not-wal", &[("mode", mode)]),
            LogProblem::Newer { applied, known } => {
                t.format("log-newer", &[("applied", (*applied).into()), ("known", (*known).into())])
            }
            LogProblem::PreUpgradeCopy(e) => t.get("log-pre-upgrade-copy", &[("reason", &e.to_string())]),
        }
    }
}

impl Localised for BundleError {
    fn text(&self, t: &Messages) -> String {
        use BundleError as E;
        match self {
            E::TooLarge { len, max } => t.format("bundle-too-large", &[("len", (*len).into()), ("max", (*max).into())]),
            E::Encoding(e) => t.get("bundle-encoding", &[("reason", &e.to_string())]),
            E::UnsupportedFormat(format) => t.format("bundle-unsupported-format", &[("format", (*format).into())]),
            E::UntrustedRoot => t.get("bundle-untrusted-root", &[]),
            E::BadRootRotation => t.get("bundle-bad-root-rotation", &[]),
            E::BadSignature => t.get("bundle-bad-signature", &[]),
            E::InvalidContent(reason) => t.get("bundle-invalid-content", &[("reason", reason)]),
            E::FromTheFuture => t.get("bundle-from-the-future", &[]),
            E::Rollback { current, offered } => {
                t.format("bundle-rollback", &[("current", (*current).into()), ("offered", (*offered).into())])
            }
            E::BadDelegation => t.get("bundle-bad-delegation", &[]),
            E::OutsideDelegation => t.get("bundle-outside-delegation", &[]),
        }
    }
}

impl Localised for SetupError {
    fn text(&self, t: &Messages) -> String {
        match self {
            SetupError::NotSetup => t.get("setup-not-setup", &[("prefix", shared::setup::SETUP_PREFIX)]),
            SetupError::BadField(field) => t.get("setup-bad-field", &[("field", field)]),
        }
    }
}

impl Localised for KeyError {
    fn text(&self, t: &Messages) -> String {
        let shown = |p: &Path| p.display().to_string();
        match self {
            KeyError::Io { path, source } => io_text(t, path, source),
            KeyError::Exists(path) => t.get("keyfile-exists", &[("path", &shown(path))]),
            KeyError::InsecurePermissions { path, mode } => {
                t.get("keyfile-insecure", &[("path", &shown(path)), ("mode", &format!("{mode:o}"))])
            }
            KeyError::BadKeyFile(path) => t.get("keyfile-bad-file", &[("path", &shown(path))]),
            KeyError::BadKeyRing { path, reason } => {
                t.get("keyfile-bad-ring", &[("path", &shown(path)), ("reason", reason)])
            }
            KeyError::NoValidSigningKey(day) => t.get("keyfile-no-signing-key", &[("day", &day.to_string())]),
            KeyError::Random(reason) => t.get("keyfile-random", &[("reason", reason)]),
            // The issuer's root key kept offline (never a verifier's).
            KeyError::RootKeyOffline | KeyError::DelegationExpired { .. } | KeyError::NotThisRoot { .. } => {
                t.get("keyfile-issuer-root", &[("reason", &self.to_string())])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::FetchError;
    use crate::i18n::{Lang, MESSAGE_IDS};
    use crate::image::ImageError;
    use std::path::PathBuf;

    fn key_errors() -> Vec<KeyError> {
        let path = || PathBuf::from("/v/venue.key");
        vec![
            KeyError::Io { path: path(), source: std::io::ErrorKind::PermissionDenied.into() },
            KeyError::Exists(path()),
            KeyError::InsecurePermissions { path: path(), mode: 0o644 },
            KeyError::BadKeyFile(path()),
            KeyError::BadKeyRing { path: path(), reason: "x".into() },
            KeyError::NoValidSigningKey(shared::Day::from_ymd(2026, 11, 20).expect("day")),
            KeyError::Random("x".into()),
        ]
    }

    fn fetch_errors() -> Vec<FetchError> {
        let url = || "https://kort.example.no/bundle".to_string();
        vec![
            FetchError::BadUrl { url: url() },
            FetchError::NoNetwork { url: url() },
            FetchError::HostNotFound { url: url(), host: "kort.example.no".into() },
            FetchError::ConnectionRefused { url: url() },
            FetchError::TimedOut { url: url(), secs: 10 },
            FetchError::Tls { url: url(), reason: "x".into() },
            FetchError::Status { url: url(), status: 404 },
            FetchError::Status { url: url(), status: 403 },
            FetchError::Status { url: url(), status: 500 },
            FetchError::Status { url: url(), status: 302 },
            FetchError::TooLarge { url: url(), max: 4_194_304 },
            FetchError::Redirects { url: url() },
            FetchError::Broken { url: url(), reason: "x".into() },
            FetchError::Refused { url: url(), status: 400, code: "unknown_key".into(), message: "x".into() },
            FetchError::PostStatus { url: url(), status: 502 },
        ]
    }

    fn bundle_errors() -> Vec<BundleError> {
        vec![
            BundleError::TooLarge { len: 5, max: 4 },
            BundleError::Encoding(shared::EncodingError::Empty),
            BundleError::UnsupportedFormat(9),
            BundleError::UntrustedRoot,
            BundleError::BadRootRotation,
            BundleError::BadSignature,
            BundleError::InvalidContent("x".into()),
            BundleError::FromTheFuture,
            BundleError::Rollback { current: 2, offered: 1 },
            BundleError::BadDelegation,
            BundleError::OutsideDelegation,
        ]
    }

    /// One of every variant, nested errors in all their variants.
    fn every_error() -> Vec<VerifierError> {
        use VerifierError as E;
        let dir = || PathBuf::from("/v");
        let images = [
            ImageError::NotAnImage,
            ImageError::Png(png::DecodingError::LimitsExceeded),
            ImageError::Jpeg(jpeg_decoder::Error::Format("x".into())),
            ImageError::Truncated,
            ImageError::TooLarge(5000, 4000),
            ImageError::FileTooLarge,
            ImageError::NoQr,
        ];
        let day = |d| shared::Day::from_ymd(2026, 11, d).expect("day");
        let mut all = vec![
            E::Io { path: dir(), source: std::io::ErrorKind::NotFound.into() },
            E::AlreadyInitialised(dir()),
            E::NotInitialised(dir()),
            E::BadConfig { path: dir(), source: serde_json::from_str::<u8>("x").expect_err("not JSON") },
            E::NoSetup,
            E::NoBundleSource,
            E::Json(serde_json::from_str::<u8>("x").expect_err("not JSON")),
            E::BadFingerprint("x".into()),
            E::UnknownVenue { venue: "x".into(), known: vec!["a".into(), "b".into()] },
            E::VenueRemoved("x".into()),
            E::BadSetup(SetupError::NotSetup),
            E::BadSetup(SetupError::BadField("root")),
            E::NoBundleUrl(dir()),
            E::BadStaleness { warn_days: 40, refuse_days: 30, max: 365 },
            E::Log { path: dir(), source: LogProblem::NotWal("delete".into()) },
            E::Log { path: dir(), source: LogProblem::Newer { applied: 99, known: 1 } },
            E::Log { path: dir(), source: LogProblem::Sqlite(rusqlite::Error::InvalidQuery) },
            E::Log {
                path: dir(),
                source: LogProblem::PreUpgradeCopy(crate::pre_upgrade::CopyError::Sqlite {
                    path: dir(),
                    source: rusqlite::Error::InvalidQuery,
                }),
            },
            E::ClockBehind { now: "2026-11-20 14:03".into(), seen: "2026-11-27 14:03".into(), behind_minutes: 10_080 },
            E::BundleTooOld { age_days: 31, refuse_days: 30 },
            E::NothingToUndo,
            E::UndoTooLate { benefit: "kino".into(), at: "2026-11-20 14:03".into(), window_minutes: 5 },
            E::UndoChanged,
            E::UnknownDevice(7),
            E::BadReportRange { from: day(2), until: day(1) },
            E::BadMonth("x".into()),
            E::VenueKeyMissing(dir()),
            E::SetupForOther { venue: "a".into(), here: "b".into() },
            E::BadUpdateInterval("5x".into()),
            E::CompanionTooLate { window_minutes: 5 },
            E::BadBudgetShare("0/2".into()),
            E::CaFileUnreadable { path: dir(), source: std::io::Error::from(std::io::ErrorKind::NotFound) },
            E::CaFileEmpty(dir()),
            E::RevokedListUnreadable(shared::ListUnreadable::Read),
            E::RevokedListUnreadable(shared::ListUnreadable::Changed),
        ];
        all.extend(bundle_errors().into_iter().map(E::Bundle));
        all.extend(images.into_iter().map(|source| E::Image { path: dir(), source }));
        all.extend(key_errors().into_iter().map(E::Key));
        all.extend(key_errors().into_iter().map(|source| E::BadVenueKey { path: dir(), source }));
        all.extend(key_errors().into_iter().map(|source| E::BadStationSecret { path: dir(), source }));
        all.extend(fetch_errors().into_iter().map(E::Fetch));
        all.extend(
            [
                UnitError::NotAbsolute("d".into()),
                UnitError::ControlCharacter("a\nb".into()),
                UnitError::Temporary("/tmp/v".into()),
                UnitError::BadUser("Root".into()),
            ]
            .map(E::Unit),
        );
        all
    }

    /// The variant's position: no wildcard, so a new variant must be added
    /// here, and then to [`every_error`] for the test to pass.
    fn variant(e: &VerifierError) -> usize {
        use VerifierError as E;
        match e {
            E::Io { .. } => 0,
            E::AlreadyInitialised(_) => 1,
            E::NotInitialised(_) => 2,
            E::BadConfig { .. } => 3,
            E::NoSetup => 4,
            E::NoBundleSource => 5,
            E::Json(_) => 6,
            E::BadFingerprint(_) => 7,
            E::Bundle(_) => 8,
            E::UnknownVenue { .. } => 9,
            E::VenueRemoved(_) => 10,
            E::Image { .. } => 11,
            E::BadSetup(_) => 12,
            E::Key(_) => 13,
            E::Fetch(_) => 14,
            E::NoBundleUrl(_) => 15,
            E::BadStaleness { .. } => 16,
            E::Log { .. } => 17,
            E::ClockBehind { .. } => 18,
            E::BundleTooOld { .. } => 19,
            E::NothingToUndo => 20,
            E::UndoTooLate { .. } => 21,
            E::BadReportRange { .. } => 22,
            E::BadMonth(_) => 23,
            E::VenueKeyMissing(_) => 24,
            E::BadVenueKey { .. } => 25,
            E::Unit(_) => 26,
            E::UndoChanged => 27,
            E::UnknownDevice(_) => 28,
            E::SetupForOther { .. } => 29,
            E::BadUpdateInterval(_) => 30,
            E::BadStationSecret { .. } => 31,
            E::CompanionTooLate { .. } => 32,
            E::BadBudgetShare(_) => 33,
            E::CaFileUnreadable { .. } => 34,
            E::CaFileEmpty(_) => 35,
            E::RevokedListUnreadable(_) => 36,
        }
    }

    #[test]
    fn every_error_has_its_text_in_both_languages() {
        let all = every_error();
        let mut seen: Vec<usize> = all.iter().map(variant).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, (0..=36).collect::<Vec<_>>(), "every variant is walked");
        let (nb, en) = (Messages::of(Lang::Nb), Messages::of(Lang::En));
        for e in &all {
            let (in_nb, in_en) = (nb.error(e), en.error(e));
            for text in [&in_nb, &in_en] {
                assert!(!text.is_empty() && !text.contains('{'), "{e:?}: {text}");
                for id in MESSAGE_IDS.iter().chain(ERROR_MESSAGE_IDS).filter(|id| id.contains('-')) {
                    assert!(!text.contains(id), "{e:?} falls back to the id {id}: {text}");
                }
            }
            assert_ne!(in_nb, in_en, "{e:?} is not translated");
            // English is the error's own text, so `--lang en` prints what it always did.
            if !matches!(e, VerifierError::NoBundleUrl(_)) {
                assert_eq!(in_en, e.to_string(), "{e:?}");
            }
        }
        assert_eq!(nb.error_line(&VerifierError::NothingToUndo), "feil: det finnes ikke noe registrert besøk å angre");
        assert_eq!(en.error_line(&VerifierError::NothingToUndo), "error: there is no recorded visit to undo");
    }

    #[test]
    fn every_pairing_refusal_has_its_text_in_both_languages() {
        let all = [
            PairError::Malformed,
            PairError::NoCode,
            PairError::Wrong { left: 0 },
            PairError::Wrong { left: 1 },
            PairError::Wrong { left: 4 },
            PairError::Expired,
            PairError::Void,
            PairError::Station(VerifierError::UnknownDevice(3)),
        ];
        let (nb, en) = (Messages::of(Lang::Nb), Messages::of(Lang::En));
        for e in &all {
            let (in_nb, in_en) = (nb.error(e), en.error(e));
            for text in [&in_nb, &in_en] {
                assert!(!text.is_empty() && !text.contains('{') && !text.contains("pair-"), "{e:?}: {text}");
            }
            assert_ne!(in_nb, in_en, "{e:?} is not translated");
        }
        assert_eq!(en.error(&PairError::Wrong { left: 1 }), "Wrong pairing code; 1 more try before the code is void.");
        assert!(nb.error(&PairError::Wrong { left: 0 }).contains("ugyldig nå"));
    }

    #[test]
    fn the_venue_key_message_has_no_stray_spaces() {
        let e = VerifierError::BadVenueKey { path: "/v/venue.key".into(), source: KeyError::BadKeyFile("k".into()) };
        for text in [e.to_string(), Messages::of(Lang::En).error(&e), Messages::of(Lang::Nb).error(&e)] {
            assert!(!text.contains("  "), "{text}");
        }
    }
}
