//! Usage reports from the venue (SPEC §13): one signed report per calendar
//! month, made from the redemption log's counts per Oslo day, card type and
//! benefit. Nothing of a card leaves the venue: the rows hold a day, a
//! benefit id, a card type number and counts ([`shared::report::ReportRow`]
//! has no other field), and no time of day.
//!
//! `DIR/reports.json` remembers, per report id, the `generated_at` of the
//! last report the issuer stored (SPEC §13.4), so that `verifier update`
//! skips a month with no visits that it never sent, sends again a month it
//! sent before (its counts may have gone down by an undo), and never sends
//! a report older than one already stored after the clock was set back. It
//! also keeps a digest of the rows last stored, so that the station's own
//! background updates ([`crate::autoupdate`]) send a month again only when
//! it is due ([`report_due`]): changed, a day old, or final after its month.

use crate::VerifierError;
use crate::fetch::{self, FetchConfig, FetchError, PostBody};
use crate::log::RedemptionLog;
use crate::store::VenueStore;
use crate::venue_key::issuer_url;
use serde::{Deserialize, Serialize};
use shared::ed25519_dalek::SigningKey;
use shared::report::{REPORT_FORMAT, ReportBody, ReportRow, report_id, sign_report};
use shared::{CardTypeId, Day, Month, Timestamp, VerifiedBundle};
use std::collections::BTreeMap;
use std::path::Path;

/// The state file's name in the venue's data directory.
pub const STATE_FILE: &str = "reports.json";

/// Read a `--month` argument (`YYYY-MM`): [`VerifierError::BadMonth`] otherwise.
pub fn parse_month(s: &str) -> Result<Month, VerifierError> {
    Month::parse(s).ok_or_else(|| VerifierError::BadMonth(s.trim().chars().take(40).collect()))
}

/// Whether a benefit of a card type lets a companion in free, by the
/// installed bundle (false if the bundle no longer knows it).
fn companion_free(bundle: &VerifiedBundle, card_type: u16, benefit: &str) -> bool {
    bundle
        .card_type(CardTypeId(card_type))
        .and_then(|ct| ct.benefits.iter().find(|b| b.id == benefit))
        .is_some_and(|b| b.companion_free)
}

/// The companions a day's row counts (SPEC §13.1): those staff confirmed,
/// and, for the visits recorded before the log kept companions (whether one
/// came is unknown), one per visit of a benefit with `companion_free`, as
/// before. A visit recorded since without a confirmed companion counts none.
pub fn companions_counted(bundle: &VerifiedBundle, r: &crate::log::ReportRow) -> u32 {
    let unknown = if companion_free(bundle, r.card_type, &r.benefit) { r.companions_unknown } else { 0 };
    u32::try_from((r.companions + unknown).min(r.count)).unwrap_or(u32::MAX)
}

/// The report rows for `from ..= until`: the log's counts per Oslo day, card
/// type and benefit, with the companions counted ([`companions_counted`]),
/// ordered by day, card type, benefit.
pub fn report_rows(
    log: &RedemptionLog,
    bundle: &VerifiedBundle,
    from: Day,
    until: Day,
) -> Result<Vec<ReportRow>, VerifierError> {
    let mut rows: Vec<ReportRow> = log
        .report(Some(from), Some(until))?
        .into_iter()
        .filter(|r| r.count > 0)
        .map(|r| {
            let count = u32::try_from(r.count).unwrap_or(u32::MAX);
            let companions = companions_counted(bundle, &r);
            ReportRow { day: r.day, benefit: r.benefit, card_type: CardTypeId(r.card_type), count, companions }
        })
        .collect();
    rows.sort_by(|a, b| (a.day, a.card_type, &a.benefit).cmp(&(b.day, b.card_type, &b.benefit)));
    Ok(rows)
}

/// The report of `venue_id` for a whole month (SPEC §13.1): from the 1st to
/// the last day, also while the month runs, made at `now`.
pub fn month_report(
    log: &RedemptionLog,
    bundle: &VerifiedBundle,
    venue_id: &str,
    month: Month,
    now: Timestamp,
) -> Result<ReportBody, VerifierError> {
    let (from, until) = month.days();
    Ok(ReportBody {
        format: REPORT_FORMAT,
        venue_id: venue_id.to_string(),
        report_id: report_id(venue_id, from, until),
        from,
        until,
        generated_at: now,
        rows: report_rows(log, bundle, from, until)?,
    })
}

/// The signed report file of a body (SPEC §13.2).
pub fn signed(key: &SigningKey, body: &ReportBody) -> Vec<u8> {
    sign_report(key, body)
}

/// Write a signed report file atomically (mode 0600, as every file of the venue: counts only, but the venue's own).
pub fn write_report_file(path: &Path, bytes: &[u8]) -> Result<(), VerifierError> {
    Ok(keys::atomic_write(path, bytes, 0o600)?)
}

/// `DIR/reports.json`: per report id, the `generated_at` of the last report
/// the issuer acknowledged, and a digest of its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentReports {
    /// Report id → `generated_at` (Unix seconds).
    #[serde(default)]
    pub sent: BTreeMap<String, i64>,
    /// Report id → SHA-256 (hex) of the rows last stored ([`rows_digest`]);
    /// absent in files written before it existed (then the month is due).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub digests: BTreeMap<String, String>,
}

impl SentReports {
    /// Read the state (empty if there is none yet).
    pub fn load(dir: &Path) -> Result<SentReports, VerifierError> {
        let path = dir.join(STATE_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| VerifierError::BadConfig { path, source }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SentReports::default()),
            Err(source) => Err(VerifierError::Io { path, source }),
        }
    }

    /// Write it atomically.
    pub fn save(&self, dir: &Path) -> Result<(), VerifierError> {
        let mut json = serde_json::to_vec_pretty(self).map_err(VerifierError::Json)?;
        json.push(b'\n');
        Ok(keys::atomic_write(&dir.join(STATE_FILE), &json, 0o600)?)
    }

    /// When the issuer last stored the report `id`, if ever.
    pub fn last_sent(&self, id: &str) -> Option<Timestamp> {
        self.sent.get(id).copied().map(Timestamp)
    }
}

/// The issuer's answer to a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// `stored`: it replaced what the issuer had for that month.
    Stored {
        /// Rows stored, as the issuer counted them.
        rows: u64,
    },
    /// `older`: the issuer has a newer report with that id; nothing changed.
    Older,
}

/// `POST <public_base_url>/reports` with a signed report file (SPEC §13.4).
/// A refusal is [`FetchError::Refused`] with the issuer's code, e.g.
/// `unknown_key` while the venue key is not approved.
pub fn send_report(base_url: &str, bytes: &[u8], config: &FetchConfig) -> Result<Sent, FetchError> {
    let url = issuer_url(base_url, "reports");
    let (_, answer) = fetch::post(&url, PostBody::Bytes(bytes), config)?;
    match answer.get("status").and_then(|s| s.as_str()) {
        Some("stored") => Ok(Sent::Stored { rows: answer.get("rows").and_then(|r| r.as_u64()).unwrap_or(0) }),
        Some("older") => Ok(Sent::Older),
        _ => Err(FetchError::Broken { url, reason: "the answer is not the issuer's JSON".into() }),
    }
}

/// What happened to one month's report in [`send_reports`].
#[derive(Debug)]
pub struct MonthSent {
    /// The month.
    pub month: Month,
    /// Rows in the report.
    pub rows: usize,
    /// The outcome; `None` when skipped (no visits and never sent before,
    /// or, with [`Resend::WhenDue`], not due).
    pub result: Option<Result<Sent, FetchError>>,
}

/// Which months [`send_reports`] sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    /// Every month with visits, or sent before (`verifier update`).
    Always,
    /// Only a month that is due ([`report_due`]): the station's background
    /// updates, which run every few minutes.
    WhenDue,
}

/// A report stored this long ago is sent again even when unchanged.
pub const RESEND_AFTER_SECS: i64 = 86_400;

/// SHA-256 (hex) of a report's rows, to tell whether they changed since
/// the report last stored.
pub fn rows_digest(rows: &[ReportRow]) -> String {
    use sha2::Digest as _;
    let json = serde_json::to_vec(rows).unwrap_or_default();
    shared::wire::hex_encode(&sha2::Sha256::digest(&json))
}

/// Whether the background sends `month`'s report at `now`, given when the
/// issuer last stored it (`last`) with which rows digest (`last_digest`),
/// and the digest of its rows now: when it was never stored, its rows
/// changed, it was stored a day ago or more ([`RESEND_AFTER_SECS`]), or the
/// month has ended since it was last stored (its final counts).
pub fn report_due(
    month: Month,
    last: Option<Timestamp>,
    last_digest: Option<&str>,
    digest: &str,
    now: Timestamp,
) -> bool {
    let Some(last) = last else { return true };
    let month_end = month.next().days().0.oslo_midnight();
    last_digest != Some(digest)
        || now.0.saturating_sub(last.0) >= RESEND_AFTER_SECS
        || now.0 < last.0
        || (now >= month_end && last < month_end)
}

/// The report step: the reports of the previous and the current month
/// (Oslo) at `now`, each sent unless it has no rows and was never sent (and,
/// with [`Resend::WhenDue`], unless it is not due). A report's
/// `generated_at` is `now`, or one second after the last one stored if the
/// clock is behind that, so that it replaces it. Acknowledged sends are
/// remembered in `DIR/reports.json`.
pub fn send_reports(
    store: &VenueStore,
    log: &RedemptionLog,
    key: &SigningKey,
    now: Timestamp,
    config: &FetchConfig,
    resend: Resend,
) -> Result<Vec<MonthSent>, VerifierError> {
    let (dir, bundle, venue_id) = (store.dir(), store.bundle(), store.venue_id());
    let mut state = SentReports::load(dir)?;
    let base = bundle.catalogue().public_base_url.clone();
    let current = Month::of(now.oslo_day());
    let mut out = Vec::new();
    for month in current.previous().into_iter().chain([current]) {
        let (from, until) = month.days();
        let id = report_id(venue_id, from, until);
        let last = state.last_sent(&id);
        let at = last.map_or(now, |l| now.max(l.plus_seconds(1)));
        let body = month_report(log, bundle, venue_id, month, at)?;
        let digest = rows_digest(&body.rows);
        let due = resend == Resend::Always
            || report_due(month, last, state.digests.get(&id).map(String::as_str), &digest, now);
        if (body.rows.is_empty() && last.is_none()) || !due {
            out.push(MonthSent { month, rows: body.rows.len(), result: None });
            continue;
        }
        let result = send_report(&base, &signed(key, &body), config);
        if let Ok(Sent::Stored { .. }) = result {
            state.sent.insert(id.clone(), at.0);
            state.digests.insert(id, digest);
            state.save(dir)?;
        }
        out.push(MonthSent { month, rows: body.rows.len(), result: Some(result) });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_argument_is_read_or_refused_by_name() {
        assert_eq!(parse_month(" 2026-02 ").unwrap().to_string(), "2026-02");
        for bad in ["", "2026-13", "2026-01-01", "abcd-ef", "1969-12", "+026-01"] {
            assert!(matches!(parse_month(bad), Err(VerifierError::BadMonth(_))), "{bad}");
        }
        // 23:30 UTC on 31 January is 00:30 on 1 February in Oslo.
        let t = Day::from_ymd(2026, 1, 31).unwrap().oslo_midnight().plus_seconds(86_400 + 1800);
        assert_eq!(Month::of(t.oslo_day()).to_string(), "2026-02");
    }

    #[test]
    fn a_report_is_due_when_new_changed_a_day_old_or_final() {
        let nov = Month::parse("2026-11").unwrap();
        let stored = Day::from_ymd(2026, 11, 20).unwrap().oslo_midnight().plus_seconds(12 * 3600);
        let later = |secs| stored.plus_seconds(secs);
        assert!(report_due(nov, None, None, "a", stored), "never stored");
        assert!(!report_due(nov, Some(stored), Some("a"), "a", later(900)), "unchanged, 15 minutes later");
        assert!(report_due(nov, Some(stored), Some("a"), "b", later(900)), "new visits");
        assert!(report_due(nov, Some(stored), None, "a", later(900)), "stored before digests were kept");
        assert!(!report_due(nov, Some(stored), Some("a"), "a", later(RESEND_AFTER_SECS - 1)));
        assert!(report_due(nov, Some(stored), Some("a"), "a", later(RESEND_AFTER_SECS)), "daily");
        assert!(report_due(nov, Some(stored), Some("a"), "a", later(-60)), "the clock went back");
        // November ends at midnight in Oslo: the final report is due once.
        let dec = Day::from_ymd(2026, 12, 1).unwrap().oslo_midnight();
        let last_evening = dec.plus_seconds(-600);
        assert!(!report_due(nov, Some(last_evening), Some("a"), "a", dec.plus_seconds(-1)));
        assert!(report_due(nov, Some(last_evening), Some("a"), "a", dec.plus_seconds(60)), "month change");
        assert!(
            !report_due(nov, Some(dec.plus_seconds(60)), Some("a"), "a", dec.plus_seconds(960)),
            "sent after it ended"
        );
    }

    #[test]
    fn the_rows_digest_follows_the_counts() {
        let row = |count| ReportRow {
            day: Day::from_ymd(2026, 11, 20).unwrap(),
            benefit: "kino".into(),
            card_type: CardTypeId(1),
            count,
            companions: 0,
        };
        assert_eq!(rows_digest(&[row(1)]), rows_digest(&[row(1)]));
        assert_ne!(rows_digest(&[row(1)]), rows_digest(&[row(2)]));
        assert_ne!(rows_digest(&[]), rows_digest(&[row(1)]));
        assert_eq!(rows_digest(&[]).len(), 64);
    }
}
