//! `verifier check`: the verdict on a card, without recording a visit.

use super::{Ctx, lines, out, verdict_code};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::check::{Verdict, check_at_venue};
use verifier::store::VenueStore;

/// `verifier check`: exit code 0 valid, 1 rejected, 2 when the station
/// refuses (clock behind, bundle too old) or cannot check.
pub fn run(
    dir: &Path,
    image: Option<&Path>,
    text: Option<String>,
    json: bool,
    ctx: &Ctx,
) -> Result<ExitCode, VerifierError> {
    let mut store = VenueStore::open_for_one_card(dir, ctx.now)?;
    let text = match (image, text) {
        (Some(path), _) => verifier::image::qr_text_from_file(path)?,
        (None, Some(t)) => t,
        (None, None) => String::new(),
    };
    match store.again_whole_if_unreadable(ctx.now, |s| check_at_venue(s, &text, ctx.now, ctx.lang.tag())) {
        Ok(verdict) => {
            print_verdict(&verdict, json, ctx)?;
            Ok(verdict_code(verdict.valid))
        }
        Err(e) => {
            // The station refuses (clock, stale bundle): say so in the staff's language too.
            if let (false, Some(t)) = (json, ctx.t.station_error(&e)) {
                out::line(lines(&t, false))?;
            }
            Err(e)
        }
    }
}

fn print_verdict(verdict: &Verdict, json: bool, ctx: &Ctx) -> Result<(), VerifierError> {
    if json { out::json(verdict) } else { out::line(lines(&ctx.t.verdict(verdict), false)) }
}
