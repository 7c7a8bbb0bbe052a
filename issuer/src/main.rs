//! `issuer`: the municipality's command-line tool. Parsing and wiring only;
//! the logic is in the library.

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};
use issuer::accounts::Role;
use issuer::config::{Config, Flags, ProcessEnv};
use issuer::issue::{IssueRequest, QrForm, issue_cards};
use issuer::store::{CLI_ACTOR, Store};
use keys::SystemClock;
use shared::model::name_in;
use shared::{CardNumber, CardTypeId, Clock as _, Day};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "issuer", version, about = "Activity card issuer: keys, cards and the trust bundle")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DataArg {
    /// The issuer's data directory (keys, catalogue, state).
    #[arg(long, value_name = "DIR", env = "ISSUER_DATA", default_value = "issuer-data")]
    data: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Create the root and signing keys and a demo catalogue (Larvik).
    Init {
        #[command(flatten)]
        data: DataArg,
    },
    /// Issue new cards. Nothing about them is stored.
    Issue {
        #[command(flatten)]
        data: DataArg,
        /// Card type number (see `issuer catalogue`).
        #[arg(long, value_name = "ID")]
        profile: u16,
        /// How many cards (1–500).
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// First valid day (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        valid_from: Option<Day>,
        /// Last valid day (YYYY-MM-DD); default: the card type's end.
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        valid_until: Option<Day>,
        /// What the QR code holds: the phone-card URL (printed cards: a phone
        /// camera opens the card) or the bare token (smallest code).
        #[arg(long, value_enum, default_value_t = QrForm::Url)]
        qr: QrForm,
        /// Print a JSON array, one object per card.
        #[arg(long)]
        json: bool,
        /// Write one PNG QR image per card into this directory.
        #[arg(long, value_name = "DIR")]
        png: Option<PathBuf>,
        /// Write one SVG QR image per card into this directory.
        #[arg(long, value_name = "DIR")]
        svg: Option<PathBuf>,
        /// Write a printable PDF sheet of the cards (10 per A4 page) to this file.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Sign and write the trust bundle that venues install (version + 1).
    Bundle {
        #[command(flatten)]
        data: DataArg,
        /// Where to write the bundle file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Block a lost card by its card number (takes effect in the next bundle).
    Revoke {
        #[command(flatten)]
        data: DataArg,
        /// The card number printed on the card, e.g. 7KX-M2Q-9DA.
        card_number: String,
    },
    /// Print the root key fingerprint that a venue pins at set-up.
    RootFingerprint {
        #[command(flatten)]
        data: DataArg,
    },
    /// Print the venues and card types with their ids.
    Catalogue {
        #[command(flatten)]
        data: DataArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Replace the catalogue with this JSON file (as printed by --json),
        /// after checking it. Venues see the change with the next bundle.
        #[arg(long, value_name = "FILE", conflicts_with = "json")]
        import: Option<PathBuf>,
    },
    /// Start a new signing key today; cards signed earlier keep working.
    RotateSigningKey {
        #[command(flatten)]
        data: DataArg,
    },
    /// Replace the root key; the old root signs the hand-over so venues follow.
    RotateRoot {
        #[command(flatten)]
        data: DataArg,
    },
    /// Agencies that hand out cards (NAV, school health service, …).
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// Staff accounts of the web app.
    #[command(subcommand)]
    User(UserCommand),
    /// Run the web app for caseworkers and administrators. Creates keys and
    /// a database under the data directory on first run and prints a
    /// one-time link to set up the first administrator.
    Serve {
        /// Configuration file (TOML); default: <data>/issuer.toml if present.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Data directory (default: issuer-data, or ISSUER_DATA).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Address to listen on (default 127.0.0.1:8080, or ISSUER_LISTEN).
        #[arg(long, value_name = "ADDR:PORT")]
        listen: Option<String>,
        /// Public base URL of this server (default http://127.0.0.1:8080).
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
    },
}

#[derive(Subcommand)]
enum AgencyCommand {
    /// Add an agency.
    Add {
        #[command(flatten)]
        data: DataArg,
        /// Its name, e.g. "NAV Larvik".
        name: String,
    },
    /// List the agencies.
    List {
        #[command(flatten)]
        data: DataArg,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a staff account. The password is read from a file (or `-` for
    /// standard input), never from the command line.
    Add {
        #[command(flatten)]
        data: DataArg,
        /// admin or caseworker.
        #[arg(long, value_enum)]
        role: Role,
        /// The caseworker's agency (its name).
        #[arg(long, required_if_eq("role", "caseworker"))]
        agency: Option<String>,
        /// File holding the password (12–128 characters), or - for stdin.
        #[arg(long, value_name = "FILE")]
        password_file: PathBuf,
        /// Login name.
        username: String,
    },
}

/// A password from a file or standard input (one trailing newline removed).
fn read_password(path: &Path) -> Result<String> {
    use std::io::Read as _;
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin().take(1024).read_to_string(&mut text).context("reading the password from standard input")?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(1024).read_to_string(&mut text))
            .with_context(|| format!("reading the password from {}", path.display()))?;
    }
    Ok(text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text).to_string())
}

fn parse_day(s: &str) -> Result<Day, String> {
    Day::parse(s).map_err(|e| e.to_string())
}

/// Read a catalogue file, refusing anything larger than 1 MiB.
fn read_catalogue_file(path: &Path) -> Result<String> {
    use std::io::Read as _;
    let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut text = String::new();
    f.take(1 << 20 | 1)
        .read_to_string(&mut text)
        .with_context(|| format!("reading {} (UTF-8 JSON)", path.display()))?;
    anyhow::ensure!(text.len() <= 1 << 20, "{} is larger than 1 MiB; that is not a catalogue", path.display());
    Ok(text)
}

fn write_images(dir: &Path, cards: &[issuer::issue::IssuedCard], png: bool) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for card in cards {
        let qr = shared::qr::encode(&card.qr_text)?;
        let (name, bytes) = if png {
            (format!("{}.png", card.card_number), qr.to_png(8))
        } else {
            (format!("{}.svg", card.card_number), qr.to_svg().into_bytes())
        };
        let path = dir.join(name);
        // The image holds the card itself: readable by the caseworker only.
        keys::atomic_write(&path, &bytes, 0o600).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn serve(flags: Flags) -> Result<()> {
    webkit::init_tracing();
    let config = Config::load(&flags, &ProcessEnv)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {} (is another program using it?)", config.listen))?;
        let addr = listener.local_addr()?;
        let public_url = config.effective_public_url(addr)?;
        let (store, setup_link) = issuer::web::prepare(&config.data, &public_url, SystemClock.now())?;
        eprintln!("Activity card issuer on http://{addr} (public URL {public_url}, data {})", config.data.display());
        if let Some(link) = setup_link {
            eprintln!("Set up the first administrator (this link works once, for 24 hours):\n  {link}");
        }
        let state = issuer::web::AppState::new(store, Box::new(SystemClock), config.trust_forwarded_for);
        issuer::web::serve(listener, state).await?;
        eprintln!("Stopped.");
        Ok(())
    })
}

fn run(cli: Cli) -> Result<()> {
    let now = SystemClock.now();
    match cli.command {
        Command::Serve { config, data, listen, public_url } => {
            return serve(Flags { config, data, listen, public_url });
        }
        Command::Init { data } => {
            let store = Store::init(&data.data, now)?;
            println!("Created an issuer in {}", data.data.display());
            println!("Root key fingerprint (give this to venues): {}", store.ring().root_fingerprint());
            println!("Demo catalogue (see `issuer catalogue`; change it with `issuer catalogue --import FILE`):");
            for ct in &store.catalogue().card_types {
                println!("  card type {}: {}", ct.id.0, name_in(&ct.names, "nb"));
            }
            println!("Next: issuer issue --data {} --profile 1 --count 1", data.data.display());
        }
        Command::Issue { data, profile, count, valid_from, valid_until, qr, json, png, svg, pdf } => {
            let mut store = Store::open(&data.data)?;
            let req = IssueRequest { card_type: CardTypeId(profile), count, valid_from, valid_until, qr_form: qr };
            let cards = issue_cards(store.catalogue(), store.ring(), &req, now.oslo_day())?;
            let sheet = match &pdf {
                Some(_) => Some(issuer::pdf::card_sheet(&cards, store.catalogue(), issuer::pdf::Lang::Nb)?),
                None => None,
            };
            // Counted (never stored) before any card is handed out.
            store.record_issuance(req.card_type, req.count, 0, CLI_ACTOR, now)?;
            if let Some(dir) = &png {
                write_images(dir, &cards, true)?;
            }
            if let Some(dir) = &svg {
                write_images(dir, &cards, false)?;
            }
            if let (Some(path), Some(bytes)) = (&pdf, &sheet) {
                // The sheet holds the cards themselves: readable by the caseworker only.
                keys::atomic_write(path, bytes, 0o600)?;
                eprintln!("Wrote {} cards to {} ({} bytes)", cards.len(), path.display(), bytes.len());
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&cards)?);
            } else {
                for c in &cards {
                    println!("{}  {} – {}  {}", c.card_number, c.valid_from, c.valid_until, c.url);
                }
            }
        }
        Command::Bundle { data, out } => {
            let mut store = Store::open(&data.data)?;
            let bytes = store.publish_bundle(CLI_ACTOR, now)?;
            keys::atomic_write(&out, &bytes, 0o644)?;
            eprintln!("Wrote trust bundle to {} ({} bytes)", out.display(), bytes.len());
        }
        Command::Revoke { data, card_number } => {
            let n = CardNumber::parse(&card_number).map_err(|e| anyhow::anyhow!("«{card_number}»: {e}"))?;
            let mut store = Store::open(&data.data)?;
            if store.revoke(n, CLI_ACTOR, now)? {
                println!("Card {n} is blocked. Publish it to venues with `issuer bundle`.");
            } else {
                println!("Card {n} was already blocked.");
            }
        }
        Command::RootFingerprint { data } => {
            let store = Store::open(&data.data)?;
            println!("{}", store.ring().root_fingerprint());
        }
        Command::Catalogue { data, json, import } => {
            let mut store = Store::open(&data.data)?;
            if let Some(path) = import {
                let text = read_catalogue_file(&path)?;
                let catalogue: shared::model::Catalogue = serde_json::from_str(&text).with_context(|| {
                    format!("{} is not a catalogue in JSON (see `issuer catalogue --json`)", path.display())
                })?;
                store.replace_catalogue(catalogue, CLI_ACTOR, now)?;
                println!("Catalogue replaced. Publish it to venues with `issuer bundle`.");
                return Ok(());
            }
            let cat = store.catalogue();
            if json {
                println!("{}", serde_json::to_string_pretty(cat)?);
            } else {
                println!("Venues:");
                for v in &cat.venues {
                    println!("  {:<24} {} ({})", v.id, v.name, v.address);
                }
                println!("Card types:");
                for ct in &cat.card_types {
                    println!("  {:<4} {}", ct.id.0, name_in(&ct.names, "nb"));
                    for b in &ct.benefits {
                        println!("       {:<12} at {}", name_in(&b.names, "nb"), b.venues.join(", "));
                    }
                }
            }
        }
        Command::RotateSigningKey { data } => {
            let mut store = Store::open(&data.data)?;
            let id = store.rotate_signing_key(CLI_ACTOR, now)?;
            println!("New signing key {id}. Publish it to venues with `issuer bundle` before issuing cards with it.");
        }
        Command::Agency(AgencyCommand::Add { data, name }) => {
            let mut store = Store::open(&data.data)?;
            let id = store.create_agency(&name, CLI_ACTOR, now)?;
            println!("Added agency {id}: {}", name.trim());
        }
        Command::Agency(AgencyCommand::List { data }) => {
            for (id, name) in Store::open(&data.data)?.agencies()? {
                println!("{id:>4}  {name}");
            }
        }
        Command::User(UserCommand::Add { data, role, agency, password_file, username }) => {
            let mut store = Store::open(&data.data)?;
            let agency_id = match (&role, &agency) {
                (Role::Caseworker, Some(name)) => {
                    let agencies = store.agencies()?;
                    let found = agencies.iter().find(|(_, n)| n.eq_ignore_ascii_case(name.trim())).map(|(id, _)| *id);
                    let known: Vec<&str> = agencies.iter().map(|(_, n)| n.as_str()).collect();
                    Some(found.with_context(|| {
                        format!(
                            "there is no agency «{name}»; known agencies: {} (add one with `issuer agency add`)",
                            known.join(", ")
                        )
                    })?)
                }
                _ => None,
            };
            let password = read_password(&password_file)?;
            store.create_user(&username, &password, role, agency_id, CLI_ACTOR, now)?;
            println!("Added {} {username}.", if role == Role::Admin { "administrator" } else { "caseworker" });
        }
        Command::RotateRoot { data } => {
            let mut store = Store::open(&data.data)?;
            let fp = store.rotate_root(CLI_ACTOR, now)?;
            println!("New root key fingerprint: {fp}");
            println!("Venues follow automatically on their next update; new venues pin this fingerprint.");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
