//! `verifier undo`: remove the last recorded visit (a mistaken scan), if
//! at most five minutes old.

use super::{Ctx, open, out};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;

/// `verifier undo`.
pub fn run(dir: &Path, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let (store, mut log) = open(dir, ctx)?;
    let undone = log.undo_last(ctx.now, store.bundle().body().issued_at)?;
    out::line(ctx.t.undone(&store, &undone))?;
    Ok(ExitCode::SUCCESS)
}
