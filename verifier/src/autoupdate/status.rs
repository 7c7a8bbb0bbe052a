//! The update status: `DIR/update-status.json`, written after every fetch
//! from the issuer (background or `verifier update`), and its words for the
//! staff ([`status_lines`]) on the scan screen and the station's page.
//!
//! The file holds times, a failure count and the reasons of the last
//! failures as text in each language (URLs and file paths at most): no card,
//! token or visit.

use super::{Attempt, Reports};
use crate::VerifierError;
use crate::i18n::{Lang, Localised, Messages};
use crate::report::MonthSent;
use crate::store::{BundleAge, VenueStore};
use serde::{Deserialize, Serialize};
use shared::Timestamp;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Message ids of the status in words (checked in both languages by a test).
pub const STATUS_MESSAGE_IDS: &[&str] = &[
    "update-seconds",
    "update-start",
    "update-auto-on",
    "update-auto-off",
    "update-auto-no-url",
    "update-last-ok",
    "update-failed",
    "update-fix",
    "update-stale",
    "update-too-old",
    "update-reports-sent",
    "update-reports-failed",
];

/// The status file's name in the venue's data directory.
pub const STATUS_FILE: &str = "update-status.json";
/// Largest status file read (it is a few hundred bytes).
const MAX_STATUS_BYTES: u64 = 64 << 10;

/// A text in every language: language tag (`nb`, `en`) → text.
pub type Words = BTreeMap<String, String>;

/// `f`'s text in every language.
pub fn in_every_language(f: impl Fn(&Messages) -> String) -> Words {
    Lang::ALL.iter().map(|l| (l.tag().to_string(), f(Messages::of(*l)))).collect()
}

/// `DIR/update-status.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateStatus {
    /// When the last fetch from the issuer was tried (Unix seconds).
    #[serde(default)]
    pub last_attempt: Option<i64>,
    /// When a fetch last left the newest bundle installed (Unix seconds).
    #[serde(default)]
    pub last_success: Option<i64>,
    /// Fetches that failed in a row since then.
    #[serde(default)]
    pub failures: u32,
    /// Why the last fetch failed, in words (none after a success).
    #[serde(default)]
    pub error: Option<Words>,
    /// When usage reports were last stored by the issuer (Unix seconds).
    #[serde(default)]
    pub reports_sent: Option<i64>,
    /// Why a usage report was last not sent, in words (none once all due
    /// reports went through).
    #[serde(default)]
    pub reports_error: Option<Words>,
}

impl UpdateStatus {
    /// The status in `dir`; a missing or damaged file is no status yet (it
    /// is written again after the next attempt).
    pub fn load(dir: &Path) -> UpdateStatus {
        use std::io::Read as _;
        let mut bytes = Vec::new();
        let read =
            std::fs::File::open(dir.join(STATUS_FILE)).and_then(|f| f.take(MAX_STATUS_BYTES).read_to_end(&mut bytes));
        read.ok().and_then(|_| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    /// Write it atomically.
    pub fn save(&self, dir: &Path) -> Result<(), VerifierError> {
        let mut json = serde_json::to_vec_pretty(self).map_err(VerifierError::Json)?;
        json.push(b'\n');
        Ok(keys::atomic_write(&dir.join(STATUS_FILE), &json, 0o600)?)
    }

    /// The last outcome, for the schedule.
    pub fn last(&self) -> super::schedule::Last {
        use super::schedule::Last;
        match (self.last_attempt, self.failures) {
            (None, _) => Last::Never,
            (Some(at), 0) => Last::Succeeded { at: Timestamp(at) },
            (Some(at), failures) => Last::Failed { at: Timestamp(at), failures },
        }
    }

    /// Take in what an attempt at `now` from the issuer did; a month's
    /// report that failed is kept as `month_words` say it.
    pub fn record(&mut self, attempt: &Attempt, month_words: impl Fn(&MonthSent) -> Words, now: Timestamp) {
        self.last_attempt = Some(now.0);
        match &attempt.bundle {
            Ok(_) => {
                self.last_success = Some(now.0);
                self.failures = 0;
                self.error = None;
            }
            Err(e) => {
                self.failures = self.failures.saturating_add(1);
                self.error = Some(error_words(e));
            }
        }
        match &attempt.reports {
            Reports::NotReached => {}
            Reports::Failed(e) => self.reports_error = Some(error_words(e)),
            Reports::Months(months) => {
                if let Some(failed) = months.iter().find(|m| matches!(m.result, Some(Err(_)))) {
                    self.reports_error = Some(month_words(failed));
                } else {
                    if months.iter().any(|m| matches!(m.result, Some(Ok(_)))) {
                        self.reports_sent = Some(now.0);
                    }
                    self.reports_error = None;
                }
            }
        }
    }
}

/// How a status line is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// All is well.
    Ok,
    /// Worth knowing; nothing to do yet.
    Info,
    /// Needs someone to act.
    Warn,
}

impl Level {
    /// Its CSS class on the station's page: `status-ok`, `status-info`,
    /// `status-warn`.
    pub fn class(self) -> &'static str {
        match self {
            Level::Ok => "status-ok",
            Level::Info => "status-info",
            Level::Warn => "status-warn",
        }
    }
}

/// One line of the status in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusLine {
    /// How it is shown.
    pub level: Level,
    /// The words.
    pub text: String,
}

/// An interval in words: "15 min", "30 s", "1 h".
pub fn every_words(t: &Messages, every: Duration) -> String {
    let secs = every.as_secs();
    let (id, n) = if secs.is_multiple_of(3600) {
        ("age-hours", secs / 3600)
    } else if secs.is_multiple_of(60) {
        ("age-minutes", secs / 60)
    } else {
        ("update-seconds", secs)
    };
    t.format(id, &[("n", n.into())])
}

/// What the status in words says about the station itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Station {
    /// The interval of the background updates (`None`: off).
    pub updates: Option<Duration>,
    /// Whether a bundle URL is known (else there is nothing to fetch).
    pub has_url: bool,
    /// The installed bundle's version.
    pub version: u64,
    /// Its age against the venue's limits.
    pub age: BundleAge,
}

impl Station {
    /// The station of the venue in `store` at `now`.
    pub fn of(store: &VenueStore, updates: Option<Duration>, now: Timestamp) -> Station {
        Station {
            updates,
            has_url: store.bundle_url().is_some(),
            version: store.bundle().version(),
            age: store.bundle_age(now),
        }
    }
}

/// The station's update state in words, in `lang`: whether it updates by
/// itself and how often, when the last update from the issuer succeeded,
/// why the last attempt failed, a warning when the installed bundle is
/// getting old (the venue's `--stale-warn-days`) with what to do, and how
/// the usage reports went.
pub fn status_lines(lang: Lang, station: &Station, status: &UpdateStatus) -> Vec<StatusLine> {
    let t = Messages::of(lang);
    let line = |level, text| StatusLine { level, text };
    let words = |w: &Words| w.get(lang.tag()).or_else(|| w.values().next()).cloned().unwrap_or_default();
    let when = |secs: i64| crate::oslo_local(Timestamp(secs));
    let version = station.version.to_string();
    let mut lines = vec![match (station.updates, station.has_url) {
        (_, false) => line(Level::Info, t.get("update-auto-no-url", &[])),
        (None, true) => line(Level::Info, t.get("update-auto-off", &[])),
        (Some(e), true) => line(Level::Info, t.get("update-auto-on", &[("every", &every_words(t, e))])),
    }];
    if let Some(at) = status.last_success {
        lines.push(line(Level::Ok, t.get("update-last-ok", &[("when", &when(at)), ("version", &version)])));
    }
    let age = station.age;
    let stale = !matches!(age, BundleAge::Fresh);
    if let (Some(at), Some(error), true) = (status.last_attempt, &status.error, status.failures > 0) {
        let level = if stale { Level::Warn } else { Level::Info };
        lines.push(line(level, t.get("update-failed", &[("when", &when(at)), ("reason", &words(error))])));
        lines.push(line(level, t.get("update-fix", &[("version", &version)])));
    }
    match age {
        BundleAge::Fresh => {}
        BundleAge::Warn { age_days, days_left } => lines
            .push(line(Level::Warn, t.format("update-stale", &[("age", age_days.into()), ("left", days_left.into())]))),
        BundleAge::TooOld { age_days, .. } => {
            lines.push(line(Level::Warn, t.format("update-too-old", &[("age", age_days.into())])));
        }
    }
    if let Some(error) = &status.reports_error {
        lines.push(line(Level::Info, t.get("update-reports-failed", &[("reason", &words(error))])));
    } else if let Some(at) = status.reports_sent {
        lines.push(line(Level::Ok, t.get("update-reports-sent", &[("when", &when(at))])));
    }
    lines
}

/// The line `serve` and `scan` print at start: whether the station updates
/// itself, and how often.
pub fn start_line(lang: Lang, every: Option<Duration>, store: &VenueStore) -> String {
    let t = Messages::of(lang);
    match (every, store.bundle_url()) {
        (_, None) => t.get("update-auto-no-url", &[]),
        (None, Some(_)) => t.get("update-auto-off", &[]),
        (Some(e), Some(url)) => t.get("update-start", &[("every", &every_words(t, e)), ("url", url)]),
    }
}

/// Words of an error for the status (so that [`Localised`] errors of other
/// modules can be kept too).
pub fn error_words(e: &dyn Localised) -> Words {
    in_every_language(|t| t.error(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::FetchError;
    use crate::store::UpdateOutcome;
    use shared::Month;

    const T: Timestamp = Timestamp(1_795_262_400);

    #[test]
    fn status_messages_exist_in_both_languages() {
        for lang in Lang::ALL {
            let m = Messages::of(lang);
            for id in STATUS_MESSAGE_IDS {
                let args = [("every", "x"), ("url", "x"), ("when", "x"), ("version", "1"), ("reason", "x")];
                assert_ne!(m.get(id, &args), *id, "{lang:?} lacks {id}");
            }
        }
    }

    fn refused() -> VerifierError {
        VerifierError::Fetch(FetchError::ConnectionRefused { url: "http://127.0.0.1:9/bundle".into() })
    }

    fn month(result: Option<Result<crate::report::Sent, FetchError>>) -> MonthSent {
        MonthSent { month: Month::parse("2026-11").expect("month"), rows: 1, result }
    }

    #[test]
    fn attempts_are_recorded_with_their_reasons_in_words() {
        let mut s = UpdateStatus::default();
        assert_eq!(s.last(), super::super::schedule::Last::Never);
        let words = |_: &MonthSent| in_every_language(|t| t.get("update-seconds", &[("n", "7")]));
        let failed = Attempt { bundle: Err(refused()), reports: Reports::NotReached, status_error: None };
        s.record(&failed, words, T);
        s.record(&failed, words, T.plus_seconds(60));
        assert_eq!((s.last_attempt, s.last_success, s.failures), (Some(T.0 + 60), None, 2));
        let error = s.error.clone().expect("the reason");
        assert!(error["en"].contains("the connection was refused"), "{error:?}");
        assert!(error["nb"].contains("tilkoblingen ble avvist"), "{error:?}");
        // Reports: a failed month is kept in words, a sent one clears it.
        let unapproved =
            FetchError::Refused { url: "u".into(), status: 400, code: "unknown_key".into(), message: "".into() };
        let ok = Attempt {
            bundle: Ok(UpdateOutcome::NotModified(3)),
            reports: Reports::Months(vec![month(None), month(Some(Err(unapproved)))]),
            status_error: None,
        };
        s.record(&ok, words, T.plus_seconds(120));
        assert_eq!((s.last_success, s.failures, s.error.clone()), (Some(T.0 + 120), 0, None));
        assert_eq!(s.reports_error.as_ref().map(|w| w["en"].as_str()), Some("7 s"));
        assert_eq!(s.reports_sent, None);
        let sent = Attempt {
            bundle: Ok(UpdateOutcome::NotModified(3)),
            reports: Reports::Months(vec![month(Some(Ok(crate::report::Sent::Stored { rows: 1 }))), month(None)]),
            status_error: None,
        };
        s.record(&sent, words, T.plus_seconds(180));
        assert_eq!((s.reports_sent, s.reports_error.clone()), (Some(T.0 + 180), None));
        // Nothing due: the last send stays.
        let quiet = Attempt {
            bundle: Ok(UpdateOutcome::NotModified(3)),
            reports: Reports::Months(vec![month(None)]),
            status_error: None,
        };
        s.record(&quiet, words, T.plus_seconds(240));
        assert_eq!(s.reports_sent, Some(T.0 + 180));
        assert_eq!(s.last(), super::super::schedule::Last::Succeeded { at: T.plus_seconds(240) });
    }

    #[test]
    fn the_file_round_trips_and_a_damaged_one_is_no_status() {
        let tmp = tempfile::tempdir().expect("tempdir");
        assert_eq!(UpdateStatus::load(tmp.path()), UpdateStatus::default());
        let s = UpdateStatus {
            last_attempt: Some(T.0),
            failures: 1,
            error: Some(error_words(&refused())),
            ..UpdateStatus::default()
        };
        s.save(tmp.path()).expect("saved");
        assert_eq!(UpdateStatus::load(tmp.path()), s);
        std::fs::write(tmp.path().join(STATUS_FILE), b"{ damaged").expect("written");
        assert_eq!(UpdateStatus::load(tmp.path()), UpdateStatus::default());
    }

    fn texts(lang: Lang, station: &Station, status: &UpdateStatus) -> Vec<(Level, String)> {
        status_lines(lang, station, status).into_iter().map(|l| (l.level, l.text)).collect()
    }

    #[test]
    fn the_status_in_words() {
        let minutes = |m: u64| Some(Duration::from_secs(m * 60));
        let fresh = Station { updates: minutes(15), has_url: true, version: 4, age: BundleAge::Fresh };
        let at = T.0; // 2026-11-20 10:00 in Oslo
        let when = crate::oslo_local(T);
        let ok = UpdateStatus {
            last_attempt: Some(at),
            last_success: Some(at),
            reports_sent: Some(at),
            ..Default::default()
        };
        assert_eq!(
            texts(Lang::En, &fresh, &ok),
            [
                (Level::Info, "Updates itself every 15 min.".to_string()),
                (Level::Ok, format!("Last update from the issuer: {when} (trust bundle version 4).")),
                (Level::Ok, format!("Usage reports last sent {when}.")),
            ]
        );
        // Offline for a week: the last success, the failure in words, and
        // the staleness warning with what to do.
        let offline = UpdateStatus {
            last_attempt: Some(at + 7 * 86_400),
            failures: 12,
            error: Some(error_words(&refused())),
            ..ok.clone()
        };
        let stale = Station { age: BundleAge::Warn { age_days: 8, days_left: 22 }, ..fresh };
        let lines = texts(Lang::En, &stale, &offline);
        assert_eq!(lines.len(), 6, "{lines:?}");
        assert!(
            lines[2].1.starts_with("The last attempt (") && lines[2].1.contains("the connection was refused"),
            "{lines:?}"
        );
        assert_eq!(lines[2].0, Level::Warn);
        assert_eq!(
            lines[3].1,
            "Cards are still checked, with trust bundle version 4. Check that this machine is online; it tries again by itself."
        );
        assert_eq!(
            lines[4],
            (
                Level::Warn,
                "Warning: the trust bundle is 8 days old. Cards are still checked, but in 22 days none will be \
                 accepted. Check that this machine is online; it updates by itself."
                    .to_string()
            )
        );
        // Failing while the bundle is fresh is worth knowing, not a warning.
        assert!(texts(Lang::Nb, &fresh, &offline).iter().all(|(l, _)| *l != Level::Warn));
        let too_old = Station { age: BundleAge::TooOld { age_days: 31, refuse_days: 30 }, ..fresh };
        assert!(texts(Lang::Nb, &too_old, &offline).iter().any(|(l, t)| *l == Level::Warn
            && t == "Tillitspakken er 31 dager gammel: kort avvises til den er oppdatert. Sjekk at maskinen er på nett; den oppdaterer seg selv."));
        // Off, or nothing to fetch.
        let off = Station { updates: None, ..fresh };
        assert_eq!(
            texts(Lang::En, &off, &UpdateStatus::default())[0].1,
            "Automatic updates are off (--update-every off): run \"verifier update\" regularly."
        );
        let file = Station { has_url: false, ..fresh };
        assert!(
            texts(Lang::Nb, &file, &UpdateStatus::default())[0]
                .1
                .starts_with("Automatisk oppdatering er av: dette stedet ble satt opp fra en fil")
        );
    }

    #[test]
    fn intervals_in_words() {
        let (en, nb) = (Messages::of(Lang::En), Messages::of(Lang::Nb));
        assert_eq!(every_words(en, Duration::from_secs(900)), "15 min");
        assert_eq!(every_words(en, Duration::from_secs(3600)), "1 h");
        assert_eq!(every_words(nb, Duration::from_secs(7200)), "2 t");
        assert_eq!(every_words(en, Duration::from_secs(90)), "90 s");
    }
}
