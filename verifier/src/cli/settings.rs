//! `verifier settings`: show or change how old the trust bundle may get.

use super::{Ctx, out};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::store::{BundleAge, Staleness, VenueStore};

/// `verifier settings`.
pub fn run(dir: &Path, warn_days: Option<u32>, refuse_days: Option<u32>, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let mut store = VenueStore::open(dir, ctx.now)?;
    let current = store.staleness();
    if warn_days.is_some() || refuse_days.is_some() {
        let limits =
            Staleness::new(warn_days.unwrap_or(current.warn_days), refuse_days.unwrap_or(current.refuse_days))?;
        store.set_staleness(limits)?;
    }
    print_settings(&store, ctx)?;
    Ok(ExitCode::SUCCESS)
}

fn print_settings(store: &VenueStore, ctx: &Ctx) -> Result<(), VerifierError> {
    let s = store.staleness();
    out::line(format_args!(
        "Trust bundle age: warn from {} days, refuse cards from {} days (change with --stale-warn-days N \
         --stale-refuse-days N).",
        s.warn_days, s.refuse_days
    ))?;
    let version = store.bundle().version();
    match store.bundle_age(ctx.now) {
        BundleAge::Fresh => out::line(format_args!("The installed bundle (version {version}) is fresh.")),
        BundleAge::Warn { age_days, .. } | BundleAge::TooOld { age_days, .. } => out::line(format_args!(
            "The installed bundle (version {version}) is {age_days} days old: run `verifier update`."
        )),
    }
}
