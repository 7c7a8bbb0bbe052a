//! `verifier clock-reset`: after a clock that ran far ahead was corrected,
//! set the latest time seen back to now, deliberately (`--confirm`). The
//! reset is recorded in the redemption log; recorded visits stay counted.

use super::{Ctx, open, out};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::log::ClockReset;
use verifier::oslo_local;

/// `verifier clock-reset`: exit 0 when reset or not needed, 2 when not
/// confirmed (nothing changed).
pub fn run(dir: &Path, confirm: bool, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let (store, mut log) = open(dir, ctx)?;
    let outcome = log.reset_clock(ctx.now, store.bundle().body().issued_at, confirm)?;
    let (text, code) = match outcome {
        ClockReset::NotBehind => (ctx.t.get("clock-reset-not-behind", &[("now", &oslo_local(ctx.now))]), 0),
        ClockReset::Unconfirmed { mark, now } => {
            let args = [("mark", oslo_local(mark)), ("now", oslo_local(now))];
            (ctx.t.get("clock-reset-unconfirmed", &args.each_ref().map(|(k, v)| (*k, v.as_str()))), 2)
        }
        ClockReset::Lowered { from, to } => {
            let args = [("from", oslo_local(from)), ("to", oslo_local(to))];
            (ctx.t.get("clock-reset-done", &args.each_ref().map(|(k, v)| (*k, v.as_str()))), 0)
        }
    };
    out::line(text)?;
    Ok(ExitCode::from(code))
}
