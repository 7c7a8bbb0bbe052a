//! `verifier update`: install a newer trust bundle (fetched, or from a
//! file), then send the usage reports of the previous and current month if
//! the issuer was reached.

use super::{Ctx, out};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::fetch::{self, FetchConfig, FetchError};
use verifier::log::RedemptionLog;
use verifier::report::{MonthSent, Sent};
use verifier::store::{UpdateOutcome, VenueStore, read_bundle_file};
use verifier::venue_key::{self, PublicKeyInfo};

/// `verifier update`: exit code 0 when the installed bundle is the newest
/// one, 2 when the update failed (the installed bundle stays in use). The
/// report step never changes the exit code.
pub fn run(dir: &Path, file: Option<&Path>, url: Option<&str>, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let mut store = VenueStore::open(dir, ctx.now)?;
    let from_file = file.is_some();
    let result = match file {
        Some(file) => read_bundle_file(file).and_then(|bytes| store.update(&bytes, ctx.now)),
        None => {
            if let Some(u) = url.or(store.bundle_url()) {
                out::note(ctx.t.get("fetching", &[("url", u)]));
            }
            fetch::update_from_url(&mut store, url, ctx.now, &FetchConfig::default())
        }
    };
    // The issuer answered (with a bundle, a 304, or bytes that were refused).
    let reached = !from_file && !matches!(result, Err(VerifierError::Fetch(_) | VerifierError::NoBundleUrl(_)));
    let code = print_outcome(&store, &result, ctx)?;
    if reached {
        let sent = send_reports(&store, ctx);
        print_reports(&store, sent, ctx)?;
    } else {
        out::line(ctx.t.get("reports-not-sent", &[]))?;
    }
    Ok(code)
}

/// Say what the update did; the exit code.
fn print_outcome(
    store: &VenueStore,
    result: &Result<UpdateOutcome, VerifierError>,
    ctx: &Ctx,
) -> Result<ExitCode, VerifierError> {
    let t = &ctx.t;
    let (issued, age) = t.issued_and_age(store.bundle(), ctx.now);
    let version = store.bundle().version().to_string();
    let current = [("version", version.as_str()), ("issued", &issued), ("age", &age)];
    match result {
        Ok(UpdateOutcome::Installed { from, to }) => {
            out::line(t.format("update-installed", &[("from", (*from).into()), ("to", (*to).into())]))?;
        }
        Ok(UpdateOutcome::AlreadyCurrent(_) | UpdateOutcome::NotModified(_)) => {
            out::line(t.get("update-current", &current))?;
        }
        Err(e) => {
            out::note(t.error_line(e));
            out::note(t.get("update-kept", &current));
            return Ok(ExitCode::from(2));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The report step: the months' outcomes, or why none was sent.
fn send_reports(store: &VenueStore, ctx: &Ctx) -> Result<Vec<MonthSent>, VerifierError> {
    let dir = store.dir();
    let key = venue_key::load_key(dir)?;
    let log = RedemptionLog::open(dir)?;
    let config = ctx.post_config();
    verifier::report::send_reports(dir, &log, store.bundle(), store.venue_id(), &key, ctx.now, &config)
}

/// One line per month; a failure before sending is a warning.
fn print_reports(
    store: &VenueStore,
    sent: Result<Vec<MonthSent>, VerifierError>,
    ctx: &Ctx,
) -> Result<(), VerifierError> {
    let t = &ctx.t;
    let sent = match sent {
        Ok(sent) => sent,
        Err(e) => {
            out::note(t.warning_line(&e));
            return out::line(t.get("reports-not-sent", &[]));
        }
    };
    let dir = store.dir();
    let fingerprint = venue_key::load_key(dir).map(|k| PublicKeyInfo::of(&k).short_fingerprint()).unwrap_or_default();
    let admin = venue_key::issuer_url(&store.bundle().catalogue().public_base_url, "admin/venue-keys");
    for m in sent {
        let month = m.month.to_string();
        let line = match m.result {
            None => t.get("report-skipped", &[("month", &month)]),
            Some(Ok(Sent::Stored { rows })) => {
                t.format("report-sent", &[("month", month.as_str().into()), ("rows", rows.into())])
            }
            Some(Ok(Sent::Older)) => t.get("report-older", &[("month", &month)]),
            Some(Err(FetchError::Refused { code, .. })) if code == "unknown_key" => {
                t.get("report-not-approved", &[("month", &month), ("fingerprint", &fingerprint), ("url", &admin)])
            }
            Some(Err(FetchError::Refused { message, code, .. })) => {
                let message = if message.is_empty() { code } else { message };
                t.get("report-refused", &[("month", &month), ("message", &message)])
            }
            Some(Err(e)) => t.get("report-failed", &[("month", &month), ("reason", &t.error(&e))]),
        };
        out::line(line)?;
    }
    Ok(())
}
