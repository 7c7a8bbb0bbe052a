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
//! a report older than one already stored after the clock was set back.

use crate::VerifierError;
use crate::fetch::{self, FetchConfig, FetchError, PostBody};
use crate::log::RedemptionLog;
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

/// The report rows for `from ..= until`: the log's counts per Oslo day, card
/// type and benefit, with `companions` = `count` for a benefit with
/// `companion_free` (0 otherwise), ordered by day, card type, benefit.
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
            let companions = if companion_free(bundle, r.card_type, &r.benefit) { count } else { 0 };
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

/// Write a signed report file atomically (mode 0644: it holds no secrets).
pub fn write_report_file(path: &Path, bytes: &[u8]) -> Result<(), VerifierError> {
    Ok(keys::atomic_write(path, bytes, 0o644)?)
}

/// `DIR/reports.json`: per report id, the `generated_at` of the last report
/// the issuer acknowledged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentReports {
    /// Report id → `generated_at` (Unix seconds).
    #[serde(default)]
    pub sent: BTreeMap<String, i64>,
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
        Ok(keys::atomic_write(&dir.join(STATE_FILE), &json, 0o644)?)
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
    /// The outcome; `None` when skipped (no visits, never sent before).
    pub result: Option<Result<Sent, FetchError>>,
}

/// `verifier update`'s report step: the reports of the previous and the
/// current month (Oslo) at `now`, each sent unless it has no rows and was
/// never sent. A report's `generated_at` is `now`, or one second after the
/// last one stored if the clock is behind that, so that it replaces it.
/// Acknowledged sends are remembered in `DIR/reports.json`.
pub fn send_reports(
    dir: &Path,
    log: &RedemptionLog,
    bundle: &VerifiedBundle,
    venue_id: &str,
    key: &SigningKey,
    now: Timestamp,
    config: &FetchConfig,
) -> Result<Vec<MonthSent>, VerifierError> {
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
        if body.rows.is_empty() && last.is_none() {
            out.push(MonthSent { month, rows: 0, result: None });
            continue;
        }
        let result = send_report(&base, &signed(key, &body), config);
        if let Ok(Sent::Stored { .. }) = result {
            state.sent.insert(id, at.0);
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
}
