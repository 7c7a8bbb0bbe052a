//! `verifier update`: install a newer trust bundle (fetched, or from a
//! file), then send the usage reports of the previous and current month if
//! the issuer was reached. The work is the library's one update path
//! ([`verifier::autoupdate::update`], also run in the background by `serve`,
//! `scan` and `redeem -`); this prints what it did.

use super::{Ctx, out};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::autoupdate::{self, Reports, Source};
use verifier::report::Resend;
use verifier::store::{UpdateOutcome, VenueStore};

/// `verifier update`: exit code 0 when the installed bundle is the newest
/// one, 2 when the update failed (the installed bundle stays in use). The
/// report step never changes the exit code.
pub fn run(dir: &Path, file: Option<&Path>, url: Option<&str>, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let mut store = VenueStore::open(dir, ctx.now)?;
    let source = match file {
        Some(file) => Source::File(file),
        None => {
            if let Some(u) = url.or(store.bundle_url()) {
                out::note(ctx.t.get("fetching", &[("url", u)]));
            }
            Source::Url(url)
        }
    };
    let attempt = autoupdate::update(&mut store, source, ctx.now, ctx.lang, Resend::Always);
    let code = print_outcome(&store, &attempt.bundle, ctx)?;
    print_reports(&store, attempt.reports, ctx)?;
    if let Some(e) = attempt.status_error {
        out::note(ctx.t.warning_line(&e));
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

/// One line per month; a failure before sending is a warning.
fn print_reports(store: &VenueStore, reports: Reports, ctx: &Ctx) -> Result<(), VerifierError> {
    let t = &ctx.t;
    match reports {
        Reports::NotReached => out::line(t.get("reports-not-sent", &[])),
        Reports::Failed(e) => {
            out::note(t.warning_line(&e));
            out::line(t.get("reports-not-sent", &[]))
        }
        Reports::Months(months) => {
            for m in &months {
                out::line(autoupdate::month_line(t, store, m))?;
            }
            Ok(())
        }
    }
}
