//! `verifier undo`: remove the last recorded visit (a mistaken scan), if
//! at most five minutes old.

use super::{Ctx, DataArg, out};
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::log::RedemptionLog;
use verifier::store::VenueStore;

/// The arguments of `verifier undo`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArg,
}

/// `verifier undo`.
pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let store = VenueStore::open(&a.data.data, ctx.now)?;
    let mut log = RedemptionLog::open(&a.data.data)?;
    let undone = log.undo_last(ctx.now, store.bundle().body().issued_at)?;
    out::line(ctx.t.undone(&store, &undone))?;
    Ok(ExitCode::SUCCESS)
}
