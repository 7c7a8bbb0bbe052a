//! `verifier serve`: the local web page for a tablet or a second screen.

use super::{Ctx, open};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;

/// `verifier serve`: until Ctrl-C or SIGTERM.
pub fn run(dir: &Path, listen: &str, allow_hosts: &[String], ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let (store, log) = open(dir, ctx)?;
    verifier::serve::run(store, log, listen, ctx.lang, allow_hosts)?;
    Ok(ExitCode::SUCCESS)
}
