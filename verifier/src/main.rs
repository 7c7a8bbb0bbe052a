//! `verifier`: the venue's offline scanner. Parsing and wiring only: each
//! command is a module of `cli`.
//!
//! Exit codes: 0 valid, 1 rejected, 2 usage or configuration error.

mod cli;

use clap::{Parser, Subcommand, ValueEnum};
use cli::{check, init, key, redeem, report, scan, serve, settings, undo, update};
use keys::SystemClock;
use shared::Clock as _;
use std::process::ExitCode;
use verifier::i18n::Lang;

#[derive(Parser)]
#[command(name = "verifier", version, about = "Activity card verifier for venues (works offline)")]
struct Cli {
    /// Language of messages.
    #[arg(long, global = true, value_enum, env = "VERIFIER_LANG", default_value = "nb")]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
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

#[derive(Subcommand)]
enum Command {
    /// Set up this venue: fetch (or read) the first bundle, pin the root key,
    /// choose the venue.
    Init(init::Args),
    /// Fetch and install a newer trust bundle from the remembered URL (an
    /// older or tampered one is refused; the installed one stays in use).
    /// Then, if the issuer was reached, send the usage reports of the
    /// previous and the current month; a report that cannot be sent is a
    /// warning (printed), not a failure: the exit code is the bundle's.
    Update(update::Args),
    /// Check a card without recording a visit.
    Check(check::Args),
    /// Redeem a card: check it, apply its quota here and record the visit.
    /// With `-`, read scanned lines from standard input and answer each on
    /// one line as soon as its visit is recorded.
    Redeem(redeem::Args),
    /// Undo the last recorded visit (a mistaken scan), if at most 5 minutes old.
    Undo(undo::Args),
    /// Visits per day, card type and benefit (no card numbers, no token ids).
    Report(report::Args),
    /// Show this venue's key for usage reports: the venue id, the public key
    /// (for the administrator of an offline venue to paste) and its
    /// fingerprint.
    Key(key::KeyArgs),
    /// Register this venue's key with the issuer again (made now if it is
    /// missing); an administrator approves it.
    Register(key::RegisterArgs),
    /// The terminal mode for a USB QR scanner that types like a keyboard:
    /// every scanned line is redeemed and answered full-screen in colour.
    /// Ctrl-C or Ctrl-D quits.
    Scan(scan::Args),
    /// A local web page for a tablet or second screen on the venue's network:
    /// a field for a keyboard-wedge scanner, camera photos, undo. Every
    /// device shares this station's redemption log.
    Serve(serve::Args),
    /// Show or change this venue's settings: how old the trust bundle may get.
    Settings(settings::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = cli::Ctx::new(cli.lang.into(), SystemClock.now());
    let result = match cli.command {
        Command::Init(a) => init::run(a, &ctx),
        Command::Update(a) => update::run(a, &ctx),
        Command::Check(a) => check::run(a, &ctx),
        Command::Redeem(a) => redeem::run(a, &ctx),
        Command::Undo(a) => undo::run(a, &ctx),
        Command::Report(a) => report::run(a, &ctx),
        Command::Key(a) => key::show(a, &ctx),
        Command::Register(a) => key::run_register(a, &ctx),
        Command::Scan(a) => scan::run(a, &ctx),
        Command::Serve(a) => serve::run(a, &ctx),
        Command::Settings(a) => settings::run(a, &ctx),
    };
    result.unwrap_or_else(|e| {
        cli::out::note(ctx.t.error_line(&e));
        ExitCode::from(2)
    })
}
