//! `verifier key` (show this venue's key for usage reports) and `verifier
//! register` (register it with the issuer again; also the last step of an
//! online `verifier init`).

use super::{Ctx, out};
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::fetch::FetchError;
use verifier::store::VenueStore;
use verifier::venue_key::{self, PublicKeyInfo, Registration};

/// `verifier key` of the venue in `dir`.
pub fn show(dir: &Path, json: bool, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let store = VenueStore::open(dir, ctx.now)?;
    let key = PublicKeyInfo::of(&venue_key::load_key(dir)?);
    if json {
        out::json(&serde_json::json!({
            "venue_id": store.venue_id(),
            "public_key": key.public_key_hex(),
            "fingerprint": key.fingerprint.to_string(),
            "fingerprint_short": key.short_fingerprint(),
        }))?;
    } else {
        let t = &ctx.t;
        out::line(t.get("key-venue", &[("id", store.venue_id())]))?;
        out::line(t.get("key-public", &[("hex", &key.public_key_hex())]))?;
        out::line(t.get("key-fingerprint", &[("fingerprint", &key.short_fingerprint())]))?;
        out::line(t.get("key-fingerprint-full", &[("fingerprint", &key.fingerprint.to_string())]))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `verifier register [--setup CODE]`: the key is made first if it is
/// missing; a set-up code's registration code is kept for the registration
/// when the code is for this venue and root key.
pub fn run_register(dir: &Path, setup: Option<&str>, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let store = VenueStore::open(dir, ctx.now)?;
    if let Some(text) = setup {
        let s = shared::setup::VenueSetup::parse(text)?;
        if s.venue != store.venue_id() || s.root != store.trusted_root() {
            return Err(VerifierError::SetupForOther { venue: s.venue, here: store.venue_id().to_string() });
        }
        match &s.registration {
            Some(code) => venue_key::save_registration(dir, code)?,
            None => out::note(ctx.t.get("register-setup-without-code", &[])),
        }
    }
    if venue_key::ensure_key(dir)? {
        out::line(ctx.t.get("key-made", &[]))?;
    }
    let key = PublicKeyInfo::of(&venue_key::load_key(dir)?);
    register(&store, &key, ctx, false)
}

/// Register the venue key and print the outcome; the exit code of
/// `verifier register` (0 registered, 1 refused, 2 not reached). At `init`
/// a failure only says to run `verifier register` later.
pub fn register(store: &VenueStore, key: &PublicKeyInfo, ctx: &Ctx, at_init: bool) -> Result<ExitCode, VerifierError> {
    let result = venue_key::register(store, key, &ctx.post_config());
    print_registration(store, key, &result, ctx, at_init)
}

fn print_registration(
    store: &VenueStore,
    key: &PublicKeyInfo,
    result: &Result<Registration, FetchError>,
    ctx: &Ctx,
    at_init: bool,
) -> Result<ExitCode, VerifierError> {
    let t = &ctx.t;
    let fingerprint = key.short_fingerprint();
    match result {
        Ok(Registration::Pending) => {
            let admin = venue_key::issuer_url(&store.bundle().catalogue().public_base_url, "admin/venue-keys");
            out::line(t.get("register-pending", &[("fingerprint", &fingerprint), ("url", &admin)]))?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(Registration::Approved) => {
            out::line(t.get("register-approved", &[("fingerprint", &fingerprint)]))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(FetchError::Refused { message, code, .. }) if !at_init => {
            let message = if message.is_empty() { code } else { message };
            out::note(t.get("register-refused", &[("message", message)]));
            Ok(ExitCode::from(1))
        }
        Err(e) => {
            match e {
                // Refused at init: trying again later will not help.
                FetchError::Refused { message, .. } => {
                    let reason = t.get("register-refused", &[("message", message)]);
                    out::note(t.get("register-refused-at-init", &[("reason", &reason)]));
                }
                other => out::note(t.get("register-failed", &[("reason", &t.error(other))])),
            }
            out::line(t.get("key-fingerprint", &[("fingerprint", &fingerprint)]))?;
            Ok(ExitCode::from(if matches!(e, FetchError::Refused { .. }) { 1 } else { 2 }))
        }
    }
}
