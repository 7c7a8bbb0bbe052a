//! `verifier`: the venue's offline scanner. Parsing and wiring only.
//!
//! Exit codes: 0 valid, 1 rejected, 2 usage or configuration error.

use clap::{Parser, Subcommand};
use keys::SystemClock;
use shared::Clock as _;
use shared::wire::Fingerprint;
use std::path::PathBuf;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::check::check;
use verifier::fetch::{self, FetchConfig};
use verifier::i18n::{Lang, Messages};
use verifier::store::{Origin, UpdateOutcome, VenueStore, read_bundle_file};

#[derive(Parser)]
#[command(name = "verifier", version, about = "Activity card verifier for venues (works offline)")]
struct Cli {
    /// Language of messages.
    #[arg(long, global = true, value_enum, env = "VERIFIER_LANG", default_value = "nb")]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DataArg {
    /// The venue's data directory.
    #[arg(long, value_name = "DIR", env = "VERIFIER_DATA", default_value = "verifier-data")]
    data: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Set up this venue: fetch (or read) the first bundle, pin the root key,
    /// choose the venue.
    Init {
        #[command(flatten)]
        data: DataArg,
        /// Install this trust bundle file instead of fetching it (offline
        /// set-up; the URL in a set-up code is still remembered).
        #[arg(long, value_name = "FILE", conflicts_with = "bundle_url")]
        bundle: Option<PathBuf>,
        /// Where the issuer publishes the trust bundle (`https://…/bundle`);
        /// fetched now and by `verifier update` later.
        #[arg(long, value_name = "URL", conflicts_with = "setup")]
        bundle_url: Option<String>,
        /// The root key fingerprint from the administrator (64 hex digits).
        #[arg(long, value_name = "FP", required_unless_present = "setup", conflicts_with = "setup")]
        root_fingerprint: Option<String>,
        /// This venue's id (see `issuer catalogue`).
        #[arg(long, value_name = "ID", required_unless_present = "setup", conflicts_with = "setup")]
        venue: Option<String>,
        /// The set-up code from the issuer's "Set-up for venues" page (holds
        /// the bundle URL, the root fingerprint and the venue id).
        #[arg(long, value_name = "CODE")]
        setup: Option<String>,
    },
    /// Fetch and install a newer trust bundle from the remembered URL (an
    /// older or tampered one is refused; the installed one stays in use).
    Update {
        #[command(flatten)]
        data: DataArg,
        /// Install this trust bundle file instead (offline).
        #[arg(long, value_name = "FILE")]
        bundle: Option<PathBuf>,
        /// Fetch from this URL instead, and remember it once a bundle from
        /// it verifies.
        #[arg(long, value_name = "URL", conflicts_with = "bundle")]
        url: Option<String>,
    },
    /// Check a card without recording a visit.
    Check {
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
    },
}

fn run(cli: Cli) -> Result<ExitCode, VerifierError> {
    let now = SystemClock.now();
    let t = Messages::new(cli.lang);
    match cli.command {
        Command::Init { data, bundle, bundle_url, root_fingerprint, venue, setup } => {
            let (url, fp, venue) = match (setup, root_fingerprint, venue) {
                (Some(code), _, _) => {
                    let s = shared::setup::VenueSetup::parse(&code)?;
                    (Some(s.bundle_url), s.root, s.venue)
                }
                (None, Some(fp), Some(venue)) => {
                    let parsed = Fingerprint::parse(&fp)
                        .ok_or_else(|| VerifierError::BadFingerprint(fp.chars().take(80).collect()))?;
                    (bundle_url, parsed, venue)
                }
                _ => return Err(VerifierError::BadConfig("give --setup, or --root-fingerprint and --venue".into())),
            };
            let store = match (bundle, url) {
                (Some(file), url) => {
                    let bytes = read_bundle_file(&file)?;
                    let origin = url.map(|url| Origin { url, etag: None });
                    VenueStore::init_from(&data.data, &bytes, &fp, &venue, now, origin)?
                }
                (None, Some(url)) => {
                    if VenueStore::is_initialised(&data.data) {
                        return Err(VerifierError::AlreadyInitialised(data.data));
                    }
                    eprintln!("{}", t.get("fetching", &[("url", &url)]));
                    fetch::init_from_url(&data.data, &url, &fp, &venue, now, &FetchConfig::default())?
                }
                (None, None) => {
                    return Err(VerifierError::BadConfig(
                        "give --setup CODE, --bundle-url URL or --bundle FILE".into(),
                    ));
                }
            };
            let name = store.bundle().catalogue().venue(&venue).map(|v| v.name.clone()).unwrap_or_default();
            let version = store.bundle().version().to_string();
            println!("{}", t.get("init-done", &[("venue", &name), ("id", &venue), ("version", &version)]));
            if let Some(url) = store.bundle_url() {
                println!("{}", t.get("init-url", &[("url", url)]));
            }
        }
        Command::Update { data, bundle, url } => {
            let mut store = VenueStore::open(&data.data, now)?;
            let result = match bundle {
                Some(file) => read_bundle_file(&file).and_then(|bytes| store.update(&bytes, now)),
                None => {
                    if let Some(u) = url.as_deref().or(store.bundle_url()) {
                        eprintln!("{}", t.get("fetching", &[("url", u)]));
                    }
                    fetch::update_from_url(&mut store, url.as_deref(), now, &FetchConfig::default())
                }
            };
            let (issued, age) = t.issued_and_age(store.bundle(), now);
            let version = store.bundle().version().to_string();
            let current = [("version", version.as_str()), ("issued", &issued), ("age", &age)];
            match result {
                Ok(UpdateOutcome::Installed { from, to }) => {
                    println!("{}", t.get("update-installed", &[("from", &from.to_string()), ("to", &to.to_string())]));
                }
                Ok(UpdateOutcome::AlreadyCurrent(_) | UpdateOutcome::NotModified(_)) => {
                    println!("{}", t.get("update-current", &current));
                }
                Err(e) => {
                    eprintln!("error: {}", t.error(&e));
                    eprintln!("{}", t.get("update-kept", &current));
                    return Ok(ExitCode::from(2));
                }
            }
        }
        Command::Check { data, json, image, text } => {
            let store = VenueStore::open(&data.data, now)?;
            let text = match (image, text) {
                (Some(path), _) => verifier::image::qr_text_from_png(&path)?,
                (None, Some(t)) => t,
                (None, None) => String::new(),
            };
            let verdict = check(store.bundle(), store.venue_id(), &text, now, cli.lang.tag());
            if json {
                let out =
                    serde_json::to_string_pretty(&verdict).map_err(|e| VerifierError::BadConfig(e.to_string()))?;
                println!("{out}");
            } else {
                let t = Messages::new(cli.lang).verdict(&verdict);
                println!("{}", t.headline);
                for line in [t.hint, t.card] {
                    if !line.is_empty() {
                        println!("{line}");
                    }
                }
            }
            return Ok(if verdict.valid { ExitCode::SUCCESS } else { ExitCode::from(1) });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let t = Messages::new(cli.lang);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", t.error(&e));
            ExitCode::from(2)
        }
    }
}
