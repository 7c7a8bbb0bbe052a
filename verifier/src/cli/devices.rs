//! `verifier pair` (a one-time pairing code for a tablet) and `verifier
//! devices` (list, revoke): the paired browsers of `verifier serve`. They
//! work while `serve` runs: both use the data directory's redemption log.

use super::{Ctx, open, out};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::devices::Devices;
use verifier::oslo_local;

/// `verifier pair`: print a new pairing code (labelled `name`) and what to do.
pub fn pair(dir: &Path, name: &str, json: bool, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let (_, log) = open(dir, ctx)?;
    let code = Devices::open(&log)?.new_code(name, ctx.now)?;
    if json {
        out::json(&serde_json::json!({ "code": code.code, "expires_at": code.expires_at }))?;
    } else {
        out::line(ctx.t.get("pair-made", &[("code", &code.code), ("time", &oslo_local(code.expires_at))]))?;
        out::line(ctx.t.get("pair-how", &[]))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `verifier devices`: every paired device, or with `revoke`, revoke one.
pub fn run(dir: &Path, revoke: Option<i64>, json: bool, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let (_, log) = open(dir, ctx)?;
    let mut devices = Devices::open(&log)?;
    if let Some(id) = revoke {
        let changed = devices.revoke(id, ctx.now)?;
        if json {
            out::json(&serde_json::json!({ "id": id, "revoked": true, "changed": changed }))?;
        } else {
            let msg = if changed { "device-revoked" } else { "device-already-revoked" };
            out::line(ctx.t.format(msg, &[("id", id.into())]))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let list = devices.list()?;
    if json {
        out::json(&list)?;
    } else if list.is_empty() {
        out::line(ctx.t.get("devices-none", &[]))?;
    }
    for d in list.iter().filter(|_| !json) {
        let status = match d.revoked_at {
            Some(t) => ctx.t.get("devices-revoked", &[("time", &oslo_local(t))]),
            None => ctx.t.get("devices-active", &[]),
        };
        let label = if d.label.is_empty() { ctx.t.get("devices-no-label", &[]) } else { d.label.clone() };
        let args =
            [("id", d.id.to_string()), ("label", label), ("paired", oslo_local(d.paired_at)), ("status", status)];
        out::line(ctx.t.get("devices-row", &args.each_ref().map(|(k, v)| (*k, v.as_str()))))?;
    }
    Ok(ExitCode::SUCCESS)
}
