//! `verifier`: the venue's offline scanner. Parsing and wiring only.
//!
//! Exit codes: 0 valid, 1 rejected, 2 usage or configuration error.

use clap::{Parser, Subcommand};
use keys::SystemClock;
use shared::Clock as _;
use shared::Day;
use shared::model::name_in;
use shared::wire::Fingerprint;
use std::path::PathBuf;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::check::check_at_venue;
use verifier::fetch::{self, FetchConfig};
use verifier::i18n::{Lang, Messages, VerdictText};
use verifier::log::RedemptionLog;
use verifier::redeem::{RedeemVerdict, redeem};
use verifier::store::{BundleAge, Origin, Staleness, UpdateOutcome, VenueStore, read_bundle_file};

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
    /// Redeem a card: check it, apply its quota here and record the visit.
    /// With `-`, read scanned lines from standard input and answer each on
    /// one line as soon as its visit is recorded.
    Redeem {
        #[command(flatten)]
        data: DataArg,
        /// Print JSON (one object per line with `-`).
        #[arg(long)]
        json: bool,
        /// The scanned text (digits or the card link), or `-` for standard input.
        text: String,
    },
    /// Undo the last recorded visit (a mistaken scan), if at most 5 minutes old.
    Undo {
        #[command(flatten)]
        data: DataArg,
    },
    /// Visits per day, card type and benefit (no card numbers, no token ids).
    Report {
        #[command(flatten)]
        data: DataArg,
        /// Print JSON: an array of rows, each with a `count`.
        #[arg(long)]
        json: bool,
        /// First day (YYYY-MM-DD), inclusive.
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        from: Option<Day>,
        /// Last day (YYYY-MM-DD), inclusive.
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        until: Option<Day>,
    },
    /// The terminal mode for a USB QR scanner that types like a keyboard:
    /// every scanned line is redeemed and answered full-screen in colour.
    /// Ctrl-C or Ctrl-D quits.
    Scan {
        #[command(flatten)]
        data: DataArg,
    },
    /// A local web page for a tablet or second screen on the venue's network:
    /// a field for a keyboard-wedge scanner, camera photos, undo. Every
    /// device shares this station's redemption log.
    Serve {
        #[command(flatten)]
        data: DataArg,
        /// Address and port to listen on (use 0.0.0.0:8090 for other devices
        /// on the venue's network).
        #[arg(long, value_name = "ADDR:PORT", env = "VERIFIER_LISTEN", default_value = "127.0.0.1:8090")]
        listen: String,
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
    },
}

fn parse_day(s: &str) -> Result<Day, String> {
    Day::parse(s).map_err(|e| e.to_string())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, VerifierError> {
    serde_json::to_string(v).map_err(|e| VerifierError::BadConfig(e.to_string()))
}

/// Print a redemption verdict (one line with `one_line`); flushes stdout.
fn print_redeem(
    result: &Result<RedeemVerdict, VerifierError>,
    json: bool,
    one_line: bool,
    msgs: &Messages,
) -> Result<(), VerifierError> {
    use std::io::Write as _;
    let text = match (result, json) {
        (Ok(v), true) => to_json(v)?,
        (Err(e), true) => to_json(&serde_json::json!({"valid": false, "code": e.code(), "message": e.to_string()}))?,
        (Ok(v), false) => lines(&msgs.redeem_verdict(v), one_line),
        (Err(e), false) => match msgs.station_error(e) {
            Some(t) => lines(&t, one_line),
            None => format!("error: {e}"),
        },
    };
    let mut out = std::io::stdout().lock();
    let io = |source| VerifierError::Io { path: "standard output".into(), source };
    writeln!(out, "{text}").map_err(io)?;
    out.flush().map_err(io)
}

fn lines(t: &VerdictText, one_line: bool) -> String {
    let mut parts = vec![t.headline.clone()];
    if one_line {
        if !t.warning.is_empty() {
            parts.push(t.warning.clone());
        }
        return parts.join(" · ");
    }
    parts.extend([t.hint.clone(), t.card.clone(), t.warning.clone()].into_iter().filter(|l| !l.is_empty()));
    parts.join("\n")
}

/// Longest scanned line read in batch mode; longer lines are answered as
/// unreadable without being kept in memory.
const MAX_LINE: u64 = 4096;

fn redeem_stdin(store: &VenueStore, log: &mut RedemptionLog, json: bool, lang: Lang) -> Result<(), VerifierError> {
    use std::io::{BufRead as _, Read as _};
    let msgs = Messages::new(lang);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let io = |source| VerifierError::Io { path: "standard input".into(), source };
    loop {
        let mut buf = Vec::new();
        let n = (&mut input).take(MAX_LINE).read_until(b'\n', &mut buf).map_err(io)?;
        if n == 0 {
            return Ok(());
        }
        if buf.last() != Some(&b'\n') && n as u64 == MAX_LINE {
            // Too long: skip the rest of the line; verification refuses it.
            let mut rest = Vec::new();
            input.read_until(b'\n', &mut rest).map_err(io)?;
        }
        let text = String::from_utf8_lossy(&buf);
        if text.trim().is_empty() {
            continue;
        }
        let result = redeem(store, log, &text, SystemClock.now(), lang.tag());
        print_redeem(&result, json, true, &msgs)?;
        if let Err(e @ VerifierError::Log { .. }) = result {
            return Err(e);
        }
    }
}

/// `verifier scan`: answer scanned lines until end of input or Ctrl-C (or
/// SIGTERM), which waits for an answer being drawn, then resets the
/// terminal and says goodbye.
fn run_scan(store: &VenueStore, log: &mut RedemptionLog, lang: Lang) -> Result<(), VerifierError> {
    use std::io::Write as _;
    use std::sync::{Arc, Mutex};
    use verifier::scan::Scanner;
    let busy = Arc::new(Mutex::new(()));
    let guard = busy.clone();
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return;
        };
        rt.block_on(verifier::serve::stop_signal());
        let _busy = guard.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(Scanner::goodbye(lang).as_bytes());
        let _ = out.flush();
        std::process::exit(0);
    });
    let mut scanner = Scanner::new(store, log, lang);
    let stdin = std::io::stdin();
    let result = scanner.run(&mut stdin.lock(), &mut std::io::stdout(), &SystemClock, &busy);
    let _busy = busy.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(Scanner::goodbye(lang).as_bytes());
    let _ = out.flush();
    result
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
            let verdict = match check_at_venue(&store, &text, now, cli.lang.tag()) {
                Ok(v) => v,
                Err(e) => {
                    // The station refuses (clock, stale bundle): say so in the staff's language too.
                    if let (false, Some(t)) = (json, Messages::new(cli.lang).station_error(&e)) {
                        println!("{}", lines(&t, false));
                    }
                    return Err(e);
                }
            };
            if json {
                let out =
                    serde_json::to_string_pretty(&verdict).map_err(|e| VerifierError::BadConfig(e.to_string()))?;
                println!("{out}");
            } else {
                let t = Messages::new(cli.lang).verdict(&verdict);
                println!("{}", t.headline);
                for line in [t.hint, t.card, t.warning] {
                    if !line.is_empty() {
                        println!("{line}");
                    }
                }
            }
            return Ok(if verdict.valid { ExitCode::SUCCESS } else { ExitCode::from(1) });
        }
        Command::Redeem { data, json, text } => {
            let store = VenueStore::open(&data.data, now)?;
            let mut log = RedemptionLog::open(&data.data)?;
            if text == "-" {
                redeem_stdin(&store, &mut log, json, cli.lang)?;
                return Ok(ExitCode::SUCCESS);
            }
            let msgs = Messages::new(cli.lang);
            let result = redeem(&store, &mut log, &text, now, cli.lang.tag());
            return match result {
                Ok(ref v) => {
                    print_redeem(&result, json, false, &msgs)?;
                    Ok(if v.valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
                }
                Err(e) => {
                    if json {
                        let failed = Err(e);
                        print_redeem(&failed, json, false, &msgs)?;
                        return failed.map(|_| ExitCode::from(2));
                    }
                    if let Some(t) = msgs.station_error(&e) {
                        println!("{}", lines(&t, false));
                    }
                    Err(e)
                }
            };
        }
        Command::Undo { data } => {
            let store = VenueStore::open(&data.data, now)?;
            let mut log = RedemptionLog::open(&data.data)?;
            let undone = log.undo_last(now, store.bundle().body().issued_at)?;
            let benefit = store
                .bundle()
                .card_type(shared::CardTypeId(undone.card_type))
                .and_then(|ct| ct.benefits.iter().find(|b| b.id == undone.benefit))
                .map(|b| name_in(&b.names, cli.lang.tag()).to_string())
                .unwrap_or_else(|| undone.benefit.clone());
            let time = verifier::oslo_local(undone.at);
            println!("{}", Messages::new(cli.lang).get("undo-done", &[("benefit", &benefit), ("time", &time)]));
        }
        Command::Report { data, json, from, until } => {
            if let (Some(from), Some(until)) = (from, until)
                && from > until
            {
                return Err(VerifierError::BadReportRange { from, until });
            }
            let store = VenueStore::open(&data.data, now)?;
            let log = RedemptionLog::open(&data.data)?;
            let rows = log.report(from, until)?;
            let lang = cli.lang.tag();
            let mut out = Vec::new();
            for r in &rows {
                let ct = store.bundle().card_type(shared::CardTypeId(r.card_type));
                let benefit = ct.and_then(|ct| ct.benefits.iter().find(|b| b.id == r.benefit));
                let companions = if benefit.is_some_and(|b| b.companion_free) { r.count } else { 0 };
                out.push(serde_json::json!({
                    "day": r.day.to_string(),
                    "card_type": r.card_type,
                    "card_type_name": ct.map(|c| name_in(&c.names, lang)).unwrap_or_default(),
                    "benefit": r.benefit,
                    "benefit_name": benefit.map(|b| name_in(&b.names, lang)).unwrap_or(&r.benefit),
                    "count": r.count,
                    "companions": companions,
                }));
            }
            if json {
                let text = serde_json::to_string_pretty(&out).map_err(|e| VerifierError::BadConfig(e.to_string()))?;
                println!("{text}");
            } else {
                let msgs = Messages::new(cli.lang);
                if out.is_empty() {
                    println!("{}", msgs.get("report-empty", &[]));
                }
                for (r, j) in rows.iter().zip(&out) {
                    let s = |k: &str| j[k].as_str().unwrap_or_default().to_string();
                    let companions = j["companions"].as_u64().unwrap_or(0);
                    println!(
                        "{}",
                        msgs.report_row(&s("day"), &s("card_type_name"), &s("benefit_name"), r.count, companions)
                    );
                }
            }
        }
        Command::Scan { data } => {
            let store = VenueStore::open(&data.data, now)?;
            let mut log = RedemptionLog::open(&data.data)?;
            run_scan(&store, &mut log, cli.lang)?;
        }
        Command::Serve { data, listen } => {
            let store = VenueStore::open(&data.data, now)?;
            let log = RedemptionLog::open(&data.data)?;
            verifier::serve::run(store, log, &listen, cli.lang)?;
        }
        Command::Settings { data, stale_warn_days, stale_refuse_days } => {
            let mut store = VenueStore::open(&data.data, now)?;
            let current = store.staleness();
            if stale_warn_days.is_some() || stale_refuse_days.is_some() {
                let limits = Staleness::new(
                    stale_warn_days.unwrap_or(current.warn_days),
                    stale_refuse_days.unwrap_or(current.refuse_days),
                )?;
                store.set_staleness(limits)?;
            }
            let s = store.staleness();
            println!(
                "Trust bundle age: warn from {} days, refuse cards from {} days (change with --stale-warn-days N \
                 --stale-refuse-days N).",
                s.warn_days, s.refuse_days
            );
            match store.bundle_age(now) {
                BundleAge::Fresh => println!("The installed bundle (version {}) is fresh.", store.bundle().version()),
                BundleAge::Warn { age_days, .. } | BundleAge::TooOld { age_days, .. } => println!(
                    "The installed bundle (version {}) is {age_days} days old: run `verifier update`.",
                    store.bundle().version()
                ),
            }
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
