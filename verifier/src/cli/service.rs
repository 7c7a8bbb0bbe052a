//! `verifier service-unit`: print the systemd unit that runs `verifier
//! serve` for this venue at boot ([`verifier::service`]).

use super::{Ctx, out};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::service::{self, UNIT_NAME, UnitSpec};
use verifier::store::VenueStore;

/// What `verifier serve` will be run with.
pub struct ServeArgs<'a> {
    /// `--listen`.
    pub listen: &'a str,
    /// `--allow-host`, each.
    pub allow_hosts: &'a [String],
    /// The system user.
    pub user: &'a str,
}

/// `verifier service-unit`: the unit on standard output, what to do with
/// it on standard error. The data directory must be set up already, so the
/// service does not start into an error.
pub fn run(dir: &Path, serve: ServeArgs<'_>, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let store = VenueStore::open(dir, ctx.now)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| VerifierError::Io { path, source }
    };
    let data = std::fs::canonicalize(dir).map_err(io(dir))?;
    let binary = std::env::current_exe().map_err(io(Path::new("verifier")))?;
    let venue = store.venue_name();
    let unit = service::unit(&UnitSpec {
        binary: &binary,
        data: &data,
        venue: &venue,
        listen: serve.listen,
        allow_hosts: serve.allow_hosts,
        lang: ctx.lang.tag(),
        user: serve.user,
    })?;
    out::line(unit.trim_end())?;
    out::note(ctx.t.get("service-unit-next", &[("unit", UNIT_NAME), ("user", serve.user)]));
    Ok(ExitCode::SUCCESS)
}
