//! `verifier settings`: show or change how old the trust bundle may get.

use super::{Ctx, out};
use shared::budget::Share;
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::store::{BundleAge, Staleness, VenueStore};

/// Read a `--budget-share N/M` argument: [`VerifierError::BadBudgetShare`]
/// unless 1 ≤ N ≤ M ≤ 100.
pub fn parse_share(arg: Option<&str>) -> Result<Option<Share>, VerifierError> {
    arg.map(|s| Share::parse(s).ok_or_else(|| VerifierError::BadBudgetShare(s.trim().chars().take(40).collect())))
        .transpose()
}

/// `verifier settings`.
pub fn run(
    dir: &Path,
    warn_days: Option<u32>,
    refuse_days: Option<u32>,
    share: Option<Share>,
    ctx: &Ctx,
) -> Result<ExitCode, VerifierError> {
    let mut store = VenueStore::open(dir, ctx.now)?;
    let current = store.staleness();
    if warn_days.is_some() || refuse_days.is_some() {
        let limits =
            Staleness::new(warn_days.unwrap_or(current.warn_days), refuse_days.unwrap_or(current.refuse_days))?;
        store.set_staleness(limits)?;
    }
    if let Some(share) = share {
        store.set_budget_share(share)?;
    }
    print_settings(&store, ctx)?;
    Ok(ExitCode::SUCCESS)
}

fn print_settings(store: &VenueStore, ctx: &Ctx) -> Result<(), VerifierError> {
    let s = store.staleness();
    out::line(ctx.t.format("settings-limits", &[("warn", s.warn_days.into()), ("refuse", s.refuse_days.into())]))?;
    let share = store.budget_share();
    out::line(ctx.t.format("settings-budget-share", &[("station", share.station.into()), ("of", share.of.into())]))?;
    let version = ("version", store.bundle().version().into());
    out::line(match store.bundle_age(ctx.now) {
        BundleAge::Fresh => ctx.t.format("settings-fresh", &[version]),
        BundleAge::Warn { age_days, .. } | BundleAge::TooOld { age_days, .. } => {
            ctx.t.format("settings-old", &[version, ("age", age_days.into())])
        }
    })
}
