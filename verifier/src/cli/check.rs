//! `verifier check`: the verdict on a card, without recording a visit.

use super::{Ctx, DataArg, lines, out, verdict_code};
use std::path::PathBuf;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::check::{Verdict, check_at_venue};
use verifier::store::VenueStore;

/// The arguments of `verifier check`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArg,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Read the QR code from a PNG image instead.
    #[arg(long, value_name = "PNG", conflicts_with = "text")]
    image: Option<PathBuf>,
    /// The scanned text (digits or the card link).
    #[arg(required_unless_present = "image")]
    text: Option<String>,
}

/// `verifier check`: exit code 0 valid, 1 rejected, 2 when the station
/// refuses (clock behind, bundle too old) or cannot check.
pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let store = VenueStore::open(&a.data.data, ctx.now)?;
    let text = match (a.image, a.text) {
        (Some(path), _) => verifier::image::qr_text_from_file(&path)?,
        (None, Some(t)) => t,
        (None, None) => String::new(),
    };
    match check_at_venue(&store, &text, ctx.now, ctx.lang.tag()) {
        Ok(verdict) => {
            print_verdict(&verdict, a.json, ctx)?;
            Ok(verdict_code(verdict.valid))
        }
        Err(e) => {
            // The station refuses (clock, stale bundle): say so in the staff's language too.
            if let (false, Some(t)) = (a.json, ctx.t.station_error(&e)) {
                out::line(lines(&t, false))?;
            }
            Err(e)
        }
    }
}

fn print_verdict(verdict: &Verdict, json: bool, ctx: &Ctx) -> Result<(), VerifierError> {
    if json { out::json(verdict) } else { out::line(lines(&ctx.t.verdict(verdict), false)) }
}
