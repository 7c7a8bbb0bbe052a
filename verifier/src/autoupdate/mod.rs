//! The station keeps itself current (SPEC §11.9): while `serve`, `scan` or
//! `redeem -` runs, a background thread fetches the trust bundle from the
//! issuer every interval ([`schedule`]: 15 minutes by default, with jitter,
//! and a quick retry with backoff after a failure), installs it with the
//! same checks as `verifier update`, and sends the usage reports that are
//! due. The running answers pick the new bundle up by themselves
//! ([`VenueStore::refresh`]).
//!
//! [`update`] is the one update path: `verifier update` prints what it did,
//! the background keeps it in the status file ([`status`]) that the scan
//! screen and the station's page show in words. Being offline is normal:
//! an attempt that fails changes nothing but the status, and scanning never
//! waits for it (the thread has its own store and log).

pub mod schedule;
pub mod status;

use crate::VerifierError;
use crate::fetch::{self, FetchConfig, FetchError};
use crate::i18n::{Lang, Messages};
use crate::log::RedemptionLog;
use crate::report::{self, MonthSent, Resend, Sent};
use crate::store::{UpdateOutcome, VenueStore, read_bundle_file};
use crate::venue_key::{self, PublicKeyInfo};
use schedule::Last;
use shared::{Clock, Timestamp};
use status::UpdateStatus;
use std::path::Path;
use std::time::Duration;

/// Where an update takes the bundle from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// A bundle file (offline): nothing is fetched or sent.
    File(&'a Path),
    /// The issuer: this URL, or the one remembered (`None`).
    Url(Option<&'a str>),
}

/// What one update did.
#[derive(Debug)]
pub struct Attempt {
    /// The bundle step; on an error the installed bundle stays in use.
    pub bundle: Result<UpdateOutcome, VerifierError>,
    /// The report step.
    pub reports: Reports,
    /// The status file could not be written (the update itself stands).
    pub status_error: Option<VerifierError>,
}

/// What the report step did.
#[derive(Debug)]
pub enum Reports {
    /// The issuer was not reached (or the bundle came from a file): nothing
    /// was sent.
    NotReached,
    /// No report could be made (no venue key, the log unreadable).
    Failed(VerifierError),
    /// Each month's outcome.
    Months(Vec<MonthSent>),
}

/// Update the venue in `store` at `now` (SPEC §11.9): install a newer
/// bundle from `source` (fully verified, rollback refused, atomic), then,
/// if the issuer was reached, send the usage reports (`resend`: all of them
/// or only those due). A fetch is recorded in the status file; a bundle
/// file is not (it says nothing about reaching the issuer). `lang` is the
/// language the issuer is asked to answer in.
pub fn update(store: &mut VenueStore, source: Source<'_>, now: Timestamp, lang: Lang, resend: Resend) -> Attempt {
    let (bundle, fetched) = match source {
        Source::File(path) => (read_bundle_file(path).and_then(|bytes| store.update(&bytes, now)), false),
        Source::Url(url) => (fetch::update_from_url(store, url, now, &FetchConfig::default()), true),
    };
    // The issuer answered (with a bundle, a 304, or bytes that were refused).
    let reached = fetched && !matches!(bundle, Err(VerifierError::Fetch(_) | VerifierError::NoBundleUrl(_)));
    let reports = if reached { send_reports(store, now, lang, resend) } else { Reports::NotReached };
    let mut attempt = Attempt { bundle, reports, status_error: None };
    if fetched && !matches!(attempt.bundle, Err(VerifierError::NoBundleUrl(_))) {
        let mut status = UpdateStatus::load(store.dir());
        let store: &VenueStore = store;
        status.record(&attempt, |m| status::in_every_language(|t| month_line(t, store, m)), now);
        attempt.status_error = status.save(store.dir()).err();
    }
    attempt
}

/// The report step of [`update`].
fn send_reports(store: &VenueStore, now: Timestamp, lang: Lang, resend: Resend) -> Reports {
    let send = || {
        let key = venue_key::load_key(store.dir())?;
        let mut log = RedemptionLog::open(store.dir())?;
        // A running station prunes its log at each update too (a new
        // bundle moves the retention's "today" on).
        crate::retention::prune(&mut log, store.bundle())?;
        let config = FetchConfig { accept_language: Some(lang.tag().to_string()), ..FetchConfig::default() };
        report::send_reports(store, &log, &key, now, &config, resend)
    };
    match send() {
        Ok(months) => Reports::Months(months),
        Err(e) => Reports::Failed(e),
    }
}

/// One month's report outcome in words (as `verifier update` prints it and
/// the status keeps a failure): sent, skipped, or why not, with what to do.
pub fn month_line(t: &Messages, store: &VenueStore, m: &MonthSent) -> String {
    let month = m.month.to_string();
    match &m.result {
        None => t.get("report-skipped", &[("month", &month)]),
        Some(Ok(Sent::Stored { rows })) => {
            t.format("report-sent", &[("month", month.as_str().into()), ("rows", (*rows).into())])
        }
        Some(Ok(Sent::Older)) => t.get("report-older", &[("month", &month)]),
        Some(Err(FetchError::Refused { code, .. })) if code == "unknown_key" => {
            let fingerprint =
                venue_key::load_key(store.dir()).map(|k| PublicKeyInfo::of(&k).short_fingerprint()).unwrap_or_default();
            let admin = venue_key::issuer_url(&store.bundle().catalogue().public_base_url, "admin/venue-keys");
            t.get("report-not-approved", &[("month", &month), ("fingerprint", &fingerprint), ("url", &admin)])
        }
        Some(Err(FetchError::Refused { message, code, .. })) => {
            let message = if message.is_empty() { code } else { message };
            t.get("report-refused", &[("month", &month), ("message", message)])
        }
        Some(Err(e)) => t.get("report-failed", &[("month", &month), ("reason", &t.error(e))]),
    }
}

/// One background attempt at `now` on the venue in `dir`: whether it
/// succeeded, or `None` when there is nothing to fetch (no bundle URL). A
/// venue that cannot be opened is a failed attempt, kept in the status.
pub fn attempt(dir: &Path, lang: Lang, now: Timestamp) -> Option<bool> {
    match VenueStore::open(dir, now) {
        Ok(mut store) if store.bundle_url().is_some() => {
            Some(update(&mut store, Source::Url(None), now, lang, Resend::WhenDue).bundle.is_ok())
        }
        Ok(_) => None,
        Err(e) => {
            let mut status = UpdateStatus::load(dir);
            status.last_attempt = Some(now.0);
            status.failures = status.failures.saturating_add(1);
            status.error = Some(status::error_words(&e));
            // Not writable either: the next attempt tries again.
            let _ = status.save(dir);
            Some(false)
        }
    }
}

/// Start the background updates of the venue in `dir` every `every`
/// (nothing with `None`), in a thread of their own that lives as long as
/// the process. The first attempt is due at once, or one interval after
/// the last one recorded in the status file (a restart does not ask the
/// issuer again right away).
pub fn spawn(dir: &Path, every: Option<Duration>, lang: Lang) {
    let Some(every) = every else { return };
    let dir = dir.to_path_buf();
    let started = std::thread::Builder::new().name("autoupdate".into()).spawn(move || {
        run(&dir, every, lang, &keys::SystemClock);
    });
    // No thread (out of resources): the station works without updates, and
    // the status shows the last update getting old.
    drop(started);
}

/// The background loop: wait until the next attempt is due, try, repeat.
/// The outcome is also kept here, so that a status file that cannot be
/// written never makes it try again at once.
fn run(dir: &Path, every: Duration, lang: Lang, clock: &dyn Clock) {
    let mut last = UpdateStatus::load(dir).last();
    loop {
        std::thread::sleep(schedule::next_attempt(every, last, clock.now(), schedule::random_jitter()));
        let now = clock.now();
        let outcome = std::panic::catch_unwind(|| attempt(dir, lang, now)).unwrap_or(Some(false));
        last = match (outcome, last) {
            (Some(false), Last::Failed { failures, .. }) => Last::Failed { at: now, failures: failures + 1 },
            (Some(false), _) => Last::Failed { at: now, failures: 1 },
            (Some(true) | None, _) => Last::Succeeded { at: now },
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_on_a_venue_that_does_not_open_is_a_failure_in_words() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let now = Timestamp(1_795_262_400);
        assert_eq!(attempt(tmp.path(), Lang::En, now), Some(false));
        assert_eq!(attempt(tmp.path(), Lang::En, now.plus_seconds(60)), Some(false));
        let status = UpdateStatus::load(tmp.path());
        assert_eq!((status.last_attempt, status.last_success, status.failures), (Some(now.0 + 60), None, 2));
        let error = status.error.clone().expect("the reason");
        assert!(error["en"].contains("is not set up yet"), "{error:?}");
        assert!(error["nb"].contains("verifier init"), "{error:?}");
        assert_eq!(status.last(), Last::Failed { at: now.plus_seconds(60), failures: 2 });
    }
}
