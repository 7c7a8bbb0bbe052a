//! `verifier report`: visits per day, card type and benefit (no card
//! numbers, no token ids); with `--month`, the month's usage report, which
//! `--out` writes as a signed file for the administrator.

use super::{Ctx, open, out};
use shared::report::{ReportBody, ReportRow};
use shared::{CardTypeId, Day, Month};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::store::VenueStore;
use verifier::{report, venue_key};

/// Which visits: `--from`/`--until`, or `--month` (and `--out`).
pub struct Range {
    /// First day, inclusive.
    pub from: Option<Day>,
    /// Last day, inclusive.
    pub until: Option<Day>,
    /// A calendar month, `YYYY-MM`.
    pub month: Option<String>,
    /// Where to write the signed report file of the month.
    pub out: Option<PathBuf>,
}

/// `verifier report` of the venue in `dir`.
pub fn run(dir: &Path, range: Range, json: bool, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    if range.month.is_some() || range.out.is_some() {
        return run_month(dir, range.month.as_deref(), range.out.as_deref(), json, ctx);
    }
    if let (Some(from), Some(until)) = (range.from, range.until)
        && from > until
    {
        return Err(VerifierError::BadReportRange { from, until });
    }
    let (store, log) = open(dir, ctx)?;
    let rows: Vec<ReportRow> = log
        .report(range.from, range.until)?
        .into_iter()
        .map(|r| ReportRow {
            companions: verifier::report::companions_counted(store.bundle(), &r),
            day: r.day,
            benefit: r.benefit,
            card_type: CardTypeId(r.card_type),
            count: u32::try_from(r.count).unwrap_or(u32::MAX),
        })
        .collect();
    let rows = named_rows(&store, &rows, ctx.lang.tag());
    if json { out::json(&rows) } else { print_rows(&rows, ctx) }?;
    Ok(ExitCode::SUCCESS)
}

/// `verifier report --month` (and `--out`).
fn run_month(
    dir: &Path,
    month: Option<&str>,
    file: Option<&Path>,
    json: bool,
    ctx: &Ctx,
) -> Result<ExitCode, VerifierError> {
    let month = match month {
        Some(m) => report::parse_month(m)?,
        None => Month::of(ctx.now.oslo_day()),
    };
    let (store, log) = open(dir, ctx)?;
    let body = report::month_report(&log, store.bundle(), store.venue_id(), month, ctx.now)?;
    if let Some(path) = file {
        let key = venue_key::load_key(dir)?;
        report::write_report_file(path, &report::signed(&key, &body))?;
        let msg = written(&store, &body, month, path, ctx);
        if json { out::note(msg) } else { out::line(msg)? }
    }
    let rows = named_rows(&store, &body.rows, ctx.lang.tag());
    if json {
        out::json(&serde_json::json!({
            "venue_id": body.venue_id,
            "report_id": body.report_id,
            "from": body.from.to_string(),
            "until": body.until.to_string(),
            "rows": rows,
        }))?;
    } else if file.is_none() {
        print_rows(&rows, ctx)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// "Wrote the signed usage report … An administrator uploads it at …".
fn written(store: &VenueStore, body: &ReportBody, month: Month, path: &Path, ctx: &Ctx) -> String {
    let url = venue_key::issuer_url(&store.bundle().catalogue().public_base_url, "admin/usage");
    ctx.t.format(
        "report-written",
        &[
            ("month", month.to_string().into()),
            ("rows", body.rows.len().into()),
            ("path", path.display().to_string().into()),
            ("url", url.into()),
        ],
    )
}

/// The rows of a report as JSON objects with names in `lang`; `companions`
/// are those counted ([`verifier::report::companions_counted`]).
fn named_rows(store: &VenueStore, rows: &[ReportRow], lang: &str) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|r| {
            let ct = store.bundle().card_type(r.card_type);
            let benefit = store.benefit(r.card_type, &r.benefit);
            serde_json::json!({
                "day": r.day.to_string(),
                "card_type": r.card_type.0,
                "card_type_name": ct.map(|c| shared::model::name_in(&c.names, lang)).unwrap_or_default(),
                "benefit": r.benefit,
                "benefit_name": benefit.map(|b| shared::model::name_in(&b.names, lang)).unwrap_or(&r.benefit),
                "count": r.count,
                "companions": r.companions,
            })
        })
        .collect()
}

fn print_rows(rows: &[serde_json::Value], ctx: &Ctx) -> Result<(), VerifierError> {
    if rows.is_empty() {
        out::line(ctx.t.get("report-empty", &[]))?;
    }
    for j in rows {
        let s = |k: &str| j[k].as_str().unwrap_or_default().to_string();
        let n = |k: &str| j[k].as_u64().unwrap_or(0);
        out::line(ctx.t.report_row(&s("day"), &s("card_type_name"), &s("benefit_name"), n("count"), n("companions")))?;
    }
    Ok(())
}
