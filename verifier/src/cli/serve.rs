//! `verifier serve`: the local web page for a tablet or a second screen.

use super::{Ctx, open};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;
use verifier::VerifierError;

/// `verifier serve`: until Ctrl-C or SIGTERM, with background updates every
/// `updates` (`None`: off).
pub fn run(
    dir: &Path,
    listen: &str,
    allow_hosts: &[String],
    updates: Option<Duration>,
    ctx: &Ctx,
) -> Result<ExitCode, VerifierError> {
    let (store, log) = open(dir, ctx)?;
    verifier::autoupdate::spawn(dir, updates, ctx.lang);
    verifier::serve::run(store, log, listen, ctx.lang, allow_hosts, updates)?;
    Ok(ExitCode::SUCCESS)
}
