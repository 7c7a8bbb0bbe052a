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
use verifier::i18n::{Lang, Messages};
use verifier::store::{UpdateOutcome, VenueStore, read_bundle_file};

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
    /// Set up this venue: install a bundle, pin the root key, choose the venue.
    Init {
        #[command(flatten)]
        data: DataArg,
        /// The trust bundle file from the issuer.
        #[arg(long, value_name = "FILE")]
        bundle: PathBuf,
        /// The root key fingerprint from the administrator (64 hex digits).
        #[arg(long, value_name = "FP", required_unless_present = "setup", conflicts_with = "setup")]
        root_fingerprint: Option<String>,
        /// This venue's id (see `issuer catalogue`).
        #[arg(long, value_name = "ID", required_unless_present = "setup", conflicts_with = "setup")]
        venue: Option<String>,
        /// The set-up code from the issuer's "Set-up for venues" page (holds
        /// the root fingerprint and the venue id).
        #[arg(long, value_name = "CODE")]
        setup: Option<String>,
    },
    /// Install a newer trust bundle (an older or tampered one is refused).
    Update {
        #[command(flatten)]
        data: DataArg,
        /// The trust bundle file.
        #[arg(long, value_name = "FILE")]
        bundle: PathBuf,
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
    match cli.command {
        Command::Init { data, bundle, root_fingerprint, venue, setup } => {
            let (fp, venue) = match (setup, root_fingerprint, venue) {
                (Some(code), _, _) => {
                    let s = shared::setup::VenueSetup::parse(&code)?;
                    (s.root, s.venue)
                }
                (None, Some(fp), Some(venue)) => {
                    let parsed = Fingerprint::parse(&fp)
                        .ok_or_else(|| VerifierError::BadFingerprint(fp.chars().take(80).collect()))?;
                    (parsed, venue)
                }
                _ => return Err(VerifierError::BadConfig("give --setup, or --root-fingerprint and --venue".into())),
            };
            let bytes = read_bundle_file(&bundle)?;
            let store = VenueStore::init(&data.data, &bytes, &fp, &venue, now)?;
            let name = store.bundle().catalogue().venue(&venue).map(|v| v.name.clone()).unwrap_or_default();
            println!("Set up for {name} ({venue}) with trust bundle version {}.", store.bundle().version());
        }
        Command::Update { data, bundle } => {
            let mut store = VenueStore::open(&data.data, now)?;
            let bytes = read_bundle_file(&bundle)?;
            match store.update(&bytes, now)? {
                UpdateOutcome::Installed { from, to } => println!("Installed trust bundle version {to} (was {from})."),
                UpdateOutcome::AlreadyCurrent(v) => println!("Trust bundle version {v} is already installed."),
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
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
