//! `verifier init`: set up this venue from a set-up code, or from a root
//! fingerprint and a venue id, with a bundle fetched or read from a file.

use super::{Ctx, key, out};
use shared::setup::RegistrationCode;
use shared::wire::Fingerprint;
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::fetch::{self, FetchConfig};
use verifier::store::{Origin, VenueStore, read_bundle_file};
use verifier::venue_key::{self, PublicKeyInfo};

/// Where the set-up comes from: a set-up code, or a root fingerprint and
/// a venue id (and the bundle URL, if fetched).
pub struct Source {
    /// `--setup CODE`.
    pub setup: Option<String>,
    /// `--root-fingerprint FP`.
    pub root_fingerprint: Option<String>,
    /// `--venue ID`.
    pub venue: Option<String>,
    /// `--bundle-url URL`.
    pub bundle_url: Option<String>,
}

/// What the venue is set up with.
struct Setup {
    url: Option<String>,
    root: Fingerprint,
    venue: String,
    registration: Option<RegistrationCode>,
}

/// The bundle URL, root and venue from the set-up code or the flags.
fn setup_of(a: Source) -> Result<Setup, VerifierError> {
    match (a.setup, a.root_fingerprint, a.venue) {
        (Some(code), _, _) => {
            let s = shared::setup::VenueSetup::parse(&code)?;
            Ok(Setup { url: Some(s.bundle_url), root: s.root, venue: s.venue, registration: s.registration })
        }
        (None, Some(fp), Some(venue)) => {
            let root =
                Fingerprint::parse(&fp).ok_or_else(|| VerifierError::BadFingerprint(fp.chars().take(80).collect()))?;
            Ok(Setup { url: a.bundle_url, root, venue, registration: None })
        }
        _ => Err(VerifierError::NoSetup),
    }
}

/// Install the first bundle, from the file or fetched from the URL.
fn install(dir: &Path, file: Option<&Path>, s: Setup, ctx: &Ctx) -> Result<VenueStore, VerifierError> {
    match (file, s.url) {
        (Some(file), url) => {
            let bytes = read_bundle_file(file)?;
            let origin = url.map(|url| Origin { url, etag: None });
            VenueStore::init_from(dir, &bytes, &s.root, &s.venue, ctx.now, origin)
        }
        (None, Some(url)) => {
            if VenueStore::is_initialised(dir) {
                return Err(VerifierError::AlreadyInitialised(dir.to_path_buf()));
            }
            out::note(ctx.t.get("fetching", &[("url", &url)]));
            fetch::init_from_url(dir, &url, &s.root, &s.venue, ctx.now, &FetchConfig::default())
        }
        (None, None) => Err(VerifierError::NoBundleSource),
    }
}

/// `verifier init` in `dir`, with the bundle from `file` or fetched; with
/// `share`, this station's share of the venue's ticket budgets.
pub fn run(
    dir: &Path,
    file: Option<&Path>,
    source: Source,
    share: Option<shared::budget::Share>,
    ctx: &Ctx,
) -> Result<ExitCode, VerifierError> {
    let mut setup = setup_of(source)?;
    let venue = setup.venue.clone();
    let online = file.is_none();
    let registration = setup.registration.take();
    let mut store = install(dir, file, setup, ctx)?;
    if let Some(share) = share {
        store.set_budget_share(share)?;
    }
    // The redemption log's pseudonym secret, made once, never sent anywhere.
    verifier::pseudonym::StationSecret::load_or_create(dir)?;
    print_installed(&store, &venue, ctx)?;
    if let Some(code) = &registration {
        venue_key::save_registration(dir, code)?;
    }
    let made = venue_key::ensure_key(dir)?;
    let key = PublicKeyInfo::of(&venue_key::load_key(dir)?);
    if made {
        out::line(ctx.t.get("key-made", &[]))?;
    }
    if online {
        key::register(&store, &key, ctx, true)?;
    } else {
        out::line(ctx.t.get("key-fingerprint", &[("fingerprint", &key.short_fingerprint())]))?;
        out::line(ctx.t.get("key-register-later", &[]))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_installed(store: &VenueStore, venue: &str, ctx: &Ctx) -> Result<(), VerifierError> {
    let name = store.venue_name();
    let version = store.bundle().version().to_string();
    out::line(ctx.t.get("init-done", &[("venue", &name), ("id", venue), ("version", &version)]))?;
    if let Some(url) = store.bundle_url() {
        out::line(ctx.t.get("init-url", &[("url", url)]))?;
    }
    Ok(())
}
