//! `verifier redeem`: check a card, apply its quota here and record the
//! visit; with `-`, one answer line per scanned line of standard input.

use super::{Ctx, lines, open, open_for_one_card, out, verdict_code};
use keys::SystemClock;
use shared::Clock as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;
use verifier::VerifierError;
use verifier::i18n::Messages;
use verifier::log::RedemptionLog;
use verifier::redeem::{RedeemVerdict, redeem_with_companion};
use verifier::store::VenueStore;

/// Longest scanned line read in batch mode; longer lines are answered as
/// unreadable without being kept in memory.
const MAX_LINE: u64 = 4096;

/// `verifier redeem`: exit code 0 granted, 1 refused, 2 when the station
/// refuses or cannot record; with `-`, 0 unless the log fails, and with
/// background updates every `updates` (`None`: off) while it runs.
pub fn run(
    dir: &Path,
    text: &str,
    json: bool,
    companion: bool,
    updates: Option<Duration>,
    ctx: &Ctx,
) -> Result<ExitCode, VerifierError> {
    if text == "-" {
        let (mut store, mut log) = open(dir, ctx)?;
        verifier::autoupdate::spawn(dir, updates, ctx.lang);
        redeem_stdin(&mut store, &mut log, json, companion, ctx)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (mut store, mut log) = open_for_one_card(dir, ctx)?;
    let result = store.again_whole_if_unreadable(ctx.now, |s| {
        redeem_with_companion(s, &mut log, text, ctx.now, ctx.lang.tag(), companion)
    });
    match result {
        Ok(ref v) => {
            print_redeem(&result, json, false, ctx.t)?;
            Ok(verdict_code(v.valid))
        }
        // With --json, main prints the error's object.
        Err(e) if json => Err(e),
        Err(e) => {
            if let Some(t) = ctx.t.station_error(&e) {
                out::line(lines(&t, false))?;
            }
            Err(e)
        }
    }
}

/// Print a redemption's answer (one line with `one_line`).
fn print_redeem(
    result: &Result<RedeemVerdict, VerifierError>,
    json: bool,
    one_line: bool,
    msgs: &Messages,
) -> Result<(), VerifierError> {
    match (result, json) {
        (Ok(v), true) => out::json_line(v),
        (Err(e), true) => out::json_line(&out::error_object(e, msgs)),
        (Ok(v), false) => out::line(lines(&msgs.redeem_verdict(v), one_line)),
        (Err(e), false) => match msgs.station_error(e) {
            Some(t) => out::line(lines(&t, one_line)),
            None => out::line(msgs.error_line(e)),
        },
    }
}

/// Answer every scanned line of standard input as soon as its visit is
/// recorded, each with the bundle and settings installed at that moment;
/// stops at the end of input or when the log fails. With `companion`, every
/// visit is recorded with a companion (where the benefit has one).
fn redeem_stdin(
    store: &mut VenueStore,
    log: &mut RedemptionLog,
    json: bool,
    companion: bool,
    ctx: &Ctx,
) -> Result<(), VerifierError> {
    use std::io::{BufRead as _, Read as _};
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let io = |source| VerifierError::Io { path: "standard input".into(), source };
    loop {
        let mut buf = Vec::new();
        let n = (&mut input).take(MAX_LINE).read_until(b'\n', &mut buf).map_err(io)?;
        if n == 0 {
            return Ok(());
        }
        if buf.last() != Some(&b'\n') && n as u64 == MAX_LINE {
            // Too long: skip the rest of the line; verification refuses it.
            let mut rest = Vec::new();
            input.read_until(b'\n', &mut rest).map_err(io)?;
        }
        let text = String::from_utf8_lossy(&buf);
        if text.trim().is_empty() {
            continue;
        }
        let result = redeem_with_companion(store, log, &text, SystemClock.now(), ctx.lang.tag(), companion);
        let log_failed = matches!(result, Err(VerifierError::Log { .. }));
        // A failed log stops the input; with --json, main prints its object
        // (exactly one for the line).
        if !(log_failed && json) {
            print_redeem(&result, json, true, ctx.t)?;
        }
        if log_failed {
            return result.map(|_| ());
        }
    }
}
