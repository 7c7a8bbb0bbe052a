//! `verifier serve`: the local web page for a tablet or a second screen.

use super::{Ctx, DataArg};
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::log::RedemptionLog;
use verifier::store::VenueStore;

/// The arguments of `verifier serve`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArg,
    /// Address and port to listen on (use 0.0.0.0:8090 for other devices
    /// on the venue's network).
    #[arg(long, value_name = "ADDR:PORT", env = "VERIFIER_LISTEN", default_value = "127.0.0.1:8090")]
    listen: String,
}

/// `verifier serve`: until Ctrl-C or SIGTERM.
pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let store = VenueStore::open(&a.data.data, ctx.now)?;
    let log = RedemptionLog::open(&a.data.data)?;
    verifier::serve::run(store, log, &a.listen, ctx.lang)?;
    Ok(ExitCode::SUCCESS)
}
