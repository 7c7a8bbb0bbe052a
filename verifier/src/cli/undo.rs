//! `verifier undo`: mark the command line's last recorded visit undone (a
//! mistaken scan), if at most five minutes old, once; it names the benefit,
//! the card type and the time (the log holds pseudonyms, so it cannot name
//! the card number, and this process did not see the scan).

use super::{Ctx, open, out};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;

/// `verifier undo`.
pub fn run(dir: &Path, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let (store, mut log) = open(dir, ctx)?;
    let undone = log.undo_last(ctx.now, store.bundle().body().issued_at)?;
    out::line(ctx.t.undone(&store, &undone))?;
    out::line(ctx.t.undo_card(&store, &undone, None))?;
    Ok(ExitCode::SUCCESS)
}
