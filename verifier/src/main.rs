//! `verifier`: the venue's offline scanner. Parsing and wiring only: the
//! command line is declared here, and each command is a function of the
//! `cli` module that takes its arguments as plain values.
//!
//! Exit codes: 0 valid, 1 rejected, 2 usage or configuration error.

mod cli;

use clap::{Parser, Subcommand, ValueEnum};
use cli::{check, clock, devices, init, key, redeem, report, scan, serve, service, settings, undo, update};
use keys::SystemClock;
use shared::Clock as _;
use shared::Day;
use std::path::PathBuf;
use std::process::ExitCode;
use verifier::i18n::Lang;

#[derive(Parser)]
#[command(name = "verifier", version, about = "Activity card verifier for venues (works offline)")]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// The options every command takes.
#[derive(clap::Args)]
struct Global {
    /// Language of messages.
    #[arg(long, global = true, value_enum, env = "VERIFIER_LANG", default_value = "nb")]
    lang: LangArg,
    /// Trust the certificate authorities in this PEM file instead of the
    /// built-in Mozilla roots when fetching from the issuer over HTTPS (an
    /// issuer with a certificate from the municipality's own CA).
    #[arg(long, global = true, value_name = "FILE", env = "VERIFIER_CA_FILE")]
    ca_file: Option<PathBuf>,
}

/// `verifier check …` as [`Cli`] would parse it, by a parser that knows no
/// other command: building all of [`Command`]'s arguments costs a fifth of
/// the check's own work at every start (issue 17). Only a command line it
/// accepts is taken from it; for anything else (help, version, a mistake)
/// [`Cli`] parses again, so every help and error text is [`Cli`]'s.
#[derive(Parser)]
#[command(name = "verifier", version, about = "Activity card verifier for venues (works offline)")]
struct CheckCli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: CheckOnly,
}

#[derive(Subcommand)]
enum CheckOnly {
    /// Check a card without recording a visit. The card text is never read
    /// as an option (`verifier help check` shows this help).
    #[command(disable_help_flag = true)]
    Check(CheckArgs),
}

/// `verifier check`'s arguments.
#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    data: DataArg,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Read the QR code from a PNG image instead.
    #[arg(long, value_name = "PNG", conflicts_with = "text")]
    image: Option<PathBuf>,
    /// The scanned text (digits or the card link); a text starting with
    /// `-` is card text too (put `--` before it to be sure).
    #[arg(required_unless_present = "image", allow_hyphen_values = true)]
    text: Option<String>,
}

#[derive(clap::Args)]
struct DataArg {
    /// The venue's data directory.
    #[arg(long, value_name = "DIR", env = "VERIFIER_DATA", default_value = "verifier-data")]
    data: PathBuf,
}

/// `--update-every`: how often a running station updates itself.
#[derive(clap::Args)]
struct UpdateArg {
    /// How often to fetch the trust bundle and send due usage reports in
    /// the background while this runs: 30s, 15m, 1h … (1s to 24h; ±10 %
    /// jitter, a quick retry after a failure), or off.
    #[arg(long, value_name = "INTERVAL", env = "VERIFIER_UPDATE_EVERY", default_value = "15m")]
    update_every: String,
}

/// `--data` of `verifier devices`, also after its `revoke`.
#[derive(clap::Args)]
struct DevicesDataArg {
    /// The venue's data directory.
    #[arg(long, global = true, value_name = "DIR", env = "VERIFIER_DATA", default_value = "verifier-data")]
    data: PathBuf,
    /// Print JSON.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum DevicesAction {
    /// Revoke a paired device (its number from `verifier devices`): a
    /// running `verifier serve` refuses it from its next request.
    Revoke {
        /// The device's number.
        id: i64,
    },
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
        /// Where the venue has several stations: this station is number N of
        /// M, and gives its part of the venue's ticket budgets (default 1/1,
        /// the whole budget). Changed later with `verifier settings`.
        #[arg(long, value_name = "N/M")]
        budget_share: Option<String>,
    },
    /// Fetch and install a newer trust bundle from the remembered URL (an
    /// older or tampered one is refused; the installed one stays in use).
    /// Then, if the issuer was reached, send the usage reports of the
    /// previous and the current month; a report that cannot be sent is a
    /// warning (printed), not a failure: the exit code is the bundle's.
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
    /// Check a card without recording a visit. The card text is never read
    /// as an option (`verifier help check` shows this help).
    #[command(disable_help_flag = true)]
    Check(CheckArgs),
    /// Redeem a card: check it, apply its quota here and record the visit.
    /// With `-`, read scanned lines from standard input and answer each on
    /// one line as soon as its visit is recorded. The card text is never
    /// read as an option (`verifier help redeem` shows this help).
    #[command(disable_help_flag = true)]
    Redeem {
        #[command(flatten)]
        data: DataArg,
        /// Print JSON (one object per line with `-`).
        #[arg(long)]
        json: bool,
        /// The scanned text (digits or the card link), or `-` for standard
        /// input; a text starting with `-` is card text too (put `--` before
        /// it to be sure).
        #[arg(allow_hyphen_values = true)]
        text: String,
        /// An adult companion came with the child: recorded with the visit
        /// when the benefit lets a companion in free (without it, no
        /// companion is counted for the visit).
        #[arg(long)]
        companion: bool,
        #[command(flatten)]
        updates: UpdateArg,
    },
    /// Undo the last visit recorded from the command line (a mistaken
    /// scan), if at most 5 minutes old, once: it is marked undone, no longer
    /// counted. Visits made at `verifier serve` are undone on their device.
    Undo {
        #[command(flatten)]
        data: DataArg,
    },
    /// After this computer's clock ran far ahead and was corrected: set the
    /// latest time seen back to now (only with --confirm; recorded in the
    /// log). Visits already recorded stay counted.
    ClockReset {
        #[command(flatten)]
        data: DataArg,
        /// Do it (without it, only say what would change).
        #[arg(long)]
        confirm: bool,
    },
    /// Visits per day, card type and benefit (no card numbers, no token ids).
    Report {
        #[command(flatten)]
        data: DataArg,
        /// Print JSON: an array of rows, each with a `count` and `companions`
        /// (with --month: an object with `venue_id`, `report_id`, `from`,
        /// `until` and `rows`).
        #[arg(long)]
        json: bool,
        /// First day (YYYY-MM-DD), inclusive.
        #[arg(long, value_name = "DATE", value_parser = parse_day, conflicts_with = "month")]
        from: Option<Day>,
        /// Last day (YYYY-MM-DD), inclusive.
        #[arg(long, value_name = "DATE", value_parser = parse_day, conflicts_with = "month")]
        until: Option<Day>,
        /// A calendar month (YYYY-MM): its report, from the 1st to the last day.
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// Write the signed usage report file of --month (default: the
        /// current month) to FILE, for the administrator to upload when this
        /// computer is offline.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["from", "until"])]
        out: Option<PathBuf>,
    },
    /// Show this venue's key for usage reports: the venue id, the public key
    /// (for the administrator of an offline venue to paste) and its
    /// fingerprint.
    Key {
        #[command(flatten)]
        data: DataArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Register this venue's key with the issuer again (made now if it is
    /// missing); an administrator approves it.
    Register {
        #[command(flatten)]
        data: DataArg,
        /// A new set-up code for this venue from the administrator: its
        /// one-time registration code approves the key.
        #[arg(long, value_name = "CODE")]
        setup: Option<String>,
    },
    /// The terminal mode for a USB QR scanner that types like a keyboard:
    /// every scanned line is redeemed and answered full-screen in colour.
    /// Ctrl-C or Ctrl-D quits.
    Scan {
        #[command(flatten)]
        data: DataArg,
        #[command(flatten)]
        updates: UpdateArg,
    },
    /// A local web page for a tablet or second screen on the venue's network:
    /// a field for a keyboard-wedge scanner, camera photos, undo. Every
    /// device shares this station's redemption log; only devices paired
    /// with a code from `verifier pair` may redeem or undo.
    Serve {
        #[command(flatten)]
        data: DataArg,
        /// Address and port to listen on (use 0.0.0.0:8090 for other devices
        /// on the venue's network).
        #[arg(long, value_name = "ADDR:PORT", env = "VERIFIER_LISTEN", default_value = "127.0.0.1:8090")]
        listen: String,
        /// Another name this station answers to (e.g. `kino.lan`), besides
        /// its address, `localhost` and its host name; repeatable. Requests
        /// naming any other host are refused (DNS rebinding).
        #[arg(long, value_name = "NAME")]
        allow_host: Vec<String>,
        #[command(flatten)]
        updates: UpdateArg,
    },
    /// Print a systemd unit that runs `verifier serve` for this venue at
    /// boot, restarted if it stops, with least privilege (see the README,
    /// "Run the station as a service").
    ServiceUnit {
        #[command(flatten)]
        data: DataArg,
        /// `verifier serve --listen` (0.0.0.0:8090 for tablets on the
        /// venue's network).
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8090")]
        listen: String,
        /// `verifier serve --allow-host`; repeatable.
        #[arg(long, value_name = "NAME")]
        allow_host: Vec<String>,
        /// The system user the station runs as; it must own the data
        /// directory.
        #[arg(long, value_name = "NAME", default_value = verifier::service::DEFAULT_USER)]
        user: String,
    },
    /// Make a one-time pairing code for a tablet or phone to use `verifier
    /// serve` (8 digits, valid 10 minutes, once); works while serve runs.
    Pair {
        #[command(flatten)]
        data: DataArg,
        /// A name for the device (used unless the device gives one).
        #[arg(long, value_name = "NAME", default_value = "")]
        name: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the devices paired with `verifier serve`; `revoke ID` revokes one.
    Devices {
        #[command(flatten)]
        data: DevicesDataArg,
        #[command(subcommand)]
        action: Option<DevicesAction>,
    },
    /// Show or change this venue's settings: how old the trust bundle may get.
    Settings {
        #[command(flatten)]
        data: DataArg,
        /// Warn on every answer once the bundle is this many days old.
        #[arg(long, value_name = "N")]
        stale_warn_days: Option<u32>,
        /// Refuse cards once the bundle is this many days old (until updated).
        #[arg(long, value_name = "N")]
        stale_refuse_days: Option<u32>,
        /// This station is number N of M stations of the venue: it gives
        /// its part of the venue's ticket budgets (1/1: the whole budget).
        #[arg(long, value_name = "N/M")]
        budget_share: Option<String>,
    },
}

impl Command {
    /// Whether the command was asked for JSON: then every exit, errors
    /// included, prints one JSON object on standard output (SPEC §11.6).
    fn json(&self) -> bool {
        match self {
            Command::Check(CheckArgs { json, .. })
            | Command::Redeem { json, .. }
            | Command::Report { json, .. }
            | Command::Key { json, .. }
            | Command::Pair { json, .. } => *json,
            Command::Devices { data, .. } => data.json,
            _ => false,
        }
    }
}

/// The `--update-every` interval (`None`: off), or why it is not one.
fn every(arg: &UpdateArg) -> Result<Option<std::time::Duration>, verifier::VerifierError> {
    verifier::autoupdate::schedule::parse_every(&arg.update_every)
}

fn parse_day(s: &str) -> Result<Day, String> {
    Day::parse(s).map_err(|e| e.to_string())
}

/// `--lang`: the library's [`Lang`], named for clap here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    /// Norsk bokmål.
    Nb,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Nb => Lang::Nb,
            LangArg::En => Lang::En,
        }
    }
}

fn main() -> ExitCode {
    let cli = parse();
    let ctx = cli::Ctx::new(cli.global.lang.into(), SystemClock.now());
    let json = cli.command.json();
    let roots = cli.global.ca_file.as_deref().map_or(Ok(()), verifier::fetch::trust_ca_file);
    let result = roots.and_then(|()| run(cli.command, &ctx));
    result.unwrap_or_else(|e| {
        cli::out::note(ctx.t.error_line(&e));
        if json {
            // Printed once, here: the commands leave their errors to main.
            let _ = cli::out::json_line(&cli::out::error_object(&e, ctx.t));
        }
        ExitCode::from(2)
    })
}

/// The command line: `verifier check …` by [`CheckCli`] when it accepts
/// it, everything else (and anything it refuses) by [`Cli`], which exits
/// with its help, version or error text.
fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "check")
        && let Ok(CheckCli { global, command: CheckOnly::Check(check) }) = CheckCli::try_parse_from(&args)
    {
        return Cli { global, command: Command::Check(check) };
    }
    Cli::try_parse_from(&args).unwrap_or_else(|e| {
        // A usage error of a command asked for JSON still answers in JSON
        // (help and version are not errors).
        if e.use_stderr() && args.iter().any(|a| a == "--json") {
            let message = e.kind().as_str().unwrap_or("usage error");
            let _ = cli::out::json_line(&cli::out::failure("usage", message));
        }
        e.exit()
    })
}

/// Run `command`.
fn run(command: Command, ctx: &cli::Ctx) -> Result<ExitCode, verifier::VerifierError> {
    match command {
        Command::Init { data, bundle, bundle_url, root_fingerprint, venue, setup, budget_share } => {
            let source = init::Source { setup, root_fingerprint, venue, bundle_url };
            settings::parse_share(budget_share.as_deref())
                .and_then(|share| init::run(&data.data, bundle.as_deref(), source, share, ctx))
        }
        Command::Update { data, bundle, url } => update::run(&data.data, bundle.as_deref(), url.as_deref(), ctx),
        Command::Check(CheckArgs { data, json, image, text }) => {
            check::run(&data.data, image.as_deref(), text, json, ctx)
        }
        Command::Redeem { data, json, text, companion, updates } => {
            every(&updates).and_then(|u| redeem::run(&data.data, &text, json, companion, u, ctx))
        }
        Command::Undo { data } => undo::run(&data.data, ctx),
        Command::ClockReset { data, confirm } => clock::run(&data.data, confirm, ctx),
        Command::Report { data, json, from, until, month, out } => {
            report::run(&data.data, report::Range { from, until, month, out }, json, ctx)
        }
        Command::Key { data, json } => key::show(&data.data, json, ctx),
        Command::Register { data, setup } => key::run_register(&data.data, setup.as_deref(), ctx),
        Command::Scan { data, updates } => every(&updates).and_then(|u| scan::run(&data.data, u, ctx)),
        Command::Serve { data, listen, allow_host, updates } => {
            every(&updates).and_then(|u| serve::run(&data.data, &listen, &allow_host, u, ctx))
        }
        Command::ServiceUnit { data, listen, allow_host, user } => {
            let serve = service::ServeArgs { listen: &listen, allow_hosts: &allow_host, user: &user };
            service::run(&data.data, serve, ctx)
        }
        Command::Pair { data, name, json } => devices::pair(&data.data, &name, json, ctx),
        Command::Devices { data, action } => {
            let revoke = action.map(|DevicesAction::Revoke { id }| id);
            devices::run(&data.data, revoke, data.json, ctx)
        }
        Command::Settings { data, stale_warn_days, stale_refuse_days, budget_share } => {
            settings::parse_share(budget_share.as_deref())
                .and_then(|share| settings::run(&data.data, stale_warn_days, stale_refuse_days, share, ctx))
        }
    }
}
