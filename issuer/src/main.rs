//! `issuer`: the municipality's command-line tool. Parsing and wiring only:
//! each command is a function of [`cli`], the logic is in the library.

mod cli;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use issuer::accounts::Role;
use issuer::config::Flags;
use issuer::i18n::Lang;
use issuer::issue::{IssueRequest, QrForm};
use keys::SystemClock;
use shared::{CardTypeId, Clock as _, Day};
use std::path::PathBuf;
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
        #[arg(long, value_name = "ID", alias = "profile")]
        card_type: u16,
        /// How many cards (1–500).
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// First valid day (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        valid_from: Option<Day>,
        /// Last valid day (YYYY-MM-DD); default: the card type's end.
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        valid_until: Option<Day>,
        /// The period (year) the cards are for, e.g. next year's: 2027;
        /// default: the card type's current period (next year's once it has
        /// rolled over). Calendar-year card types only.
        #[arg(long, value_name = "YEAR")]
        period: Option<i32>,
        /// Cards of another card type in the same run and on the same sheet
        /// (siblings), as TYPE:COUNT, e.g. `--also 2:1`; repeatable.
        #[arg(long, value_name = "TYPE:COUNT", value_parser = parse_also)]
        also: Vec<(u16, u32)>,
        /// What the QR code holds: the phone-card URL (printed cards: a phone
        /// camera opens the card) or the bare token (smallest code).
        #[arg(long, value_enum, default_value_t = QrArg::from(QrForm::default()))]
        qr: QrArg,
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
    /// Undo the block of a card (takes effect in the next bundle): venues
    /// accept it again after their next update.
    #[command(alias = "unblock")]
    Unrevoke {
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
        /// With --import: accept a card type's validity rule that no longer
        /// allows the dates of cards already handed out (venues will refuse
        /// those cards), as the web page's confirmation box does.
        #[arg(long, requires = "import")]
        confirm_narrower: bool,
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
    /// Write one encrypted backup (database and keys) while the server
    /// runs: SQLite's online backup, encrypted with age.
    Backup {
        #[command(flatten)]
        data: DataArg,
        /// Where to write the backup (`-`: standard output).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        secret: SecretArgs,
        /// Encrypt to this age public key (`age1…`) instead of a passphrase;
        /// repeatable. Restoring then needs the matching identity file.
        #[arg(long, value_name = "AGE1…", conflicts_with = "passphrase_file")]
        recipient: Vec<String>,
    },
    /// Restore a backup into a new or empty data directory, after checking
    /// all of it; nothing is written if any check fails.
    Restore {
        /// The backup file (`-`: standard input).
        file: PathBuf,
        #[command(flatten)]
        data: DataArg,
        #[command(flatten)]
        secret: SecretArgs,
        /// The age identity file (`AGE-SECRET-KEY-1…`) of a backup made
        /// with --recipient.
        #[arg(long, value_name = "FILE", conflicts_with = "passphrase_file")]
        identity: Option<PathBuf>,
        /// Restore even though the data directory is not empty: the existing
        /// directory is moved aside (next to it, never deleted).
        #[arg(long, alias = "force")]
        replace_existing: bool,
    },
    /// Keep the root key off the server: export it encrypted, remove it,
    /// bring it back for a root rotation (see the README, "Disasters and
    /// the root key").
    #[command(subcommand)]
    Keys(KeysCommand),
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

/// The passphrase of `issuer backup` and `issuer restore`, and the
/// language of their messages.
#[derive(clap::Args)]
struct SecretArgs {
    /// File holding the passphrase (`-`: standard input); or set
    /// ISSUER_BACKUP_PASSPHRASE.
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// Language of the messages: nb or en.
    #[arg(long, value_name = "LANG", env = "ISSUER_LANG", default_value = "nb", value_parser = parse_lang)]
    lang: Lang,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_tag(s).ok_or_else(|| format!("«{s}»: nb or en"))
}

#[derive(Subcommand)]
#[allow(clippy::enum_variant_names)] // they name the commands: export-root, remove-root, import-root
enum KeysCommand {
    /// Write the root key, encrypted with a passphrase (age), for safekeeping
    /// offline. The key stays on the server until `keys remove-root`.
    ExportRoot {
        #[command(flatten)]
        data: DataArg,
        /// Where to write it (`-`: standard output).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// Remove the root key from this server, after checking that its export
    /// opens with the passphrase and holds this root. Bundles are then
    /// signed by the bundle key the root delegates to (two years from now).
    RemoveRoot {
        #[command(flatten)]
        data: DataArg,
        /// The file `keys export-root` wrote (`-`: standard input).
        #[arg(long, value_name = "FILE")]
        export: PathBuf,
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// Bring the root key back from its export (for a root rotation, or to
    /// renew the bundle key for two years).
    ImportRoot {
        /// The file `keys export-root` wrote (`-`: standard input).
        file: PathBuf,
        #[command(flatten)]
        data: DataArg,
        #[command(flatten)]
        secret: SecretArgs,
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
        role: RoleArg,
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

/// `TYPE:COUNT` of `--also`.
fn parse_also(s: &str) -> Result<(u16, u32), String> {
    let bad = || format!("«{s}» is not TYPE:COUNT, e.g. 2:1");
    let (t, n) = s.trim().split_once(':').ok_or_else(bad)?;
    Ok((t.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?))
}

fn parse_day(s: &str) -> Result<Day, String> {
    Day::parse(s).map_err(|e| e.to_string())
}

/// `--qr`: what the QR code holds (the library's [`QrForm`]).
#[derive(Clone, Copy, ValueEnum)]
enum QrArg {
    /// The bare token as decimal digits (smallest code).
    Token,
    /// The phone-card URL (what printed cards hold).
    Url,
}

impl From<QrForm> for QrArg {
    fn from(f: QrForm) -> QrArg {
        match f {
            QrForm::Token => QrArg::Token,
            QrForm::Url => QrArg::Url,
        }
    }
}

impl From<QrArg> for QrForm {
    fn from(a: QrArg) -> QrForm {
        match a {
            QrArg::Token => QrForm::Token,
            QrArg::Url => QrForm::Url,
        }
    }
}

/// `--role`: a staff member's role (the library's [`Role`]).
#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    /// Manages the catalogue, agencies, users and keys.
    Admin,
    /// Issues cards for an agency.
    Caseworker,
}

impl From<RoleArg> for Role {
    fn from(a: RoleArg) -> Role {
        match a {
            RoleArg::Admin => Role::Admin,
            RoleArg::Caseworker => Role::Caseworker,
        }
    }
}

fn backup_secret(args: SecretArgs, recipients: Vec<String>, identity: Option<PathBuf>) -> cli::backup::Secret {
    cli::backup::Secret {
        passphrase_file: args.passphrase_file,
        passphrase_env: std::env::var(cli::backup::PASSPHRASE_ENV).ok(),
        recipients,
        identity,
    }
}

fn run(command: Command) -> Result<()> {
    let now = SystemClock.now();
    let stdout = std::io::stdout();
    let out = &mut stdout.lock();
    match command {
        Command::Serve { config, data, listen, public_url } => cli::serve(Flags { config, data, listen, public_url }),
        Command::Init { data } => cli::init(out, &data.data, now),
        Command::Issue { data, card_type, count, valid_from, valid_until, period, also, qr, json, png, svg, pdf } => {
            let qr_form = qr.into();
            let req = |card_type, count| IssueRequest {
                card_type: CardTypeId(card_type),
                count,
                valid_from,
                valid_until,
                qr_form,
                period,
            };
            let reqs: Vec<IssueRequest> =
                std::iter::once(req(card_type, count)).chain(also.into_iter().map(|(t, n)| req(t, n))).collect();
            cli::issue(out, &data.data, &reqs, &cli::IssueOutput { json, png, svg, pdf }, now)
        }
        Command::Bundle { data, out: file } => cli::bundle(&data.data, &file, now),
        Command::Revoke { data, card_number } => cli::revoke(out, &data.data, &card_number, now),
        Command::Unrevoke { data, card_number } => cli::unrevoke(out, &data.data, &card_number, now),
        Command::RootFingerprint { data } => cli::root_fingerprint(out, &data.data),
        Command::Catalogue { data, import: Some(file), confirm_narrower, .. } => {
            cli::import_catalogue(out, &data.data, &file, confirm_narrower, now)
        }
        Command::Catalogue { data, json, import: None, .. } => cli::show_catalogue(out, &data.data, json),
        Command::RotateSigningKey { data } => cli::rotate_signing_key(out, &data.data, now),
        Command::RotateRoot { data } => cli::rotate_root(out, &data.data, now),
        Command::Backup { data, out: file, secret, recipient } => {
            let lang = secret.lang;
            let secret = backup_secret(secret, recipient, None);
            cli::backup::backup(&data.data, &file, &secret, lang, now.0)
        }
        Command::Restore { file, data, secret, identity, replace_existing } => {
            let lang = secret.lang;
            let secret = backup_secret(secret, Vec::new(), identity);
            cli::backup::restore(&file, &data.data, &secret, replace_existing, lang)
        }
        Command::Keys(KeysCommand::ExportRoot { data, out: file, secret }) => {
            let lang = secret.lang;
            cli::root_key::export_root(&data.data, &file, &backup_secret(secret, Vec::new(), None), lang)
        }
        Command::Keys(KeysCommand::RemoveRoot { data, export, secret }) => {
            let lang = secret.lang;
            cli::root_key::remove_root(&data.data, &export, &backup_secret(secret, Vec::new(), None), lang, now)
        }
        Command::Keys(KeysCommand::ImportRoot { file, data, secret }) => {
            let lang = secret.lang;
            cli::root_key::import_root(&data.data, &file, &backup_secret(secret, Vec::new(), None), lang, now)
        }
        Command::Agency(AgencyCommand::Add { data, name }) => cli::add_agency(out, &data.data, &name, now),
        Command::Agency(AgencyCommand::List { data }) => cli::list_agencies(out, &data.data),
        Command::User(UserCommand::Add { data, role, agency, password_file, username }) => {
            let user = cli::NewUser { username, role: role.into(), agency, password_file };
            cli::add_user(out, &data.data, &user, now)
        }
    }
}

/// Whether `e` is a write to a closed pipe (`issuer catalogue --json | head`):
/// the reader has all it wants, so the command ends quietly.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

/// The language of a failure's message: `ISSUER_LANG` (nb or en), else
/// bokmål.
fn message_lang() -> Lang {
    std::env::var("ISSUER_LANG").ok().and_then(|l| Lang::from_tag(&l)).unwrap_or(Lang::Nb)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            match cli::localised_failure(&e, message_lang()) {
                Some(message) => eprintln!("error: {message}"),
                None => eprintln!("error: {e:#}"),
            }
            ExitCode::from(1)
        }
    }
}
