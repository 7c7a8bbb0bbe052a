//! `verifier`: the venue's offline scanner. Parsing and wiring only.
//!
//! Exit codes: 0 valid, 1 rejected, 2 usage or configuration error.

use clap::{Parser, Subcommand};
use keys::SystemClock;
use shared::Clock as _;
use shared::Day;
use shared::Month;
use shared::model::name_in;
use shared::wire::Fingerprint;
use std::path::PathBuf;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::check::check_at_venue;
use verifier::fetch::{self, FetchConfig, FetchError};
use verifier::i18n::{Lang, Messages, VerdictText};
use verifier::log::RedemptionLog;
use verifier::redeem::{RedeemVerdict, redeem};
use verifier::report::Sent;
use verifier::store::{BundleAge, Origin, Staleness, UpdateOutcome, VenueStore, read_bundle_file};
use verifier::venue_key::{self, PublicKeyInfo, Registration};

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
            let online = bundle.is_none();
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
            let made = venue_key::ensure_key(&data.data)?;
            let key = PublicKeyInfo::of(&venue_key::load_key(&data.data)?);
            if made {
                println!("{}", t.get("key-made", &[]));
            }
            if online {
                print_registration(&store, &key, &t, &post_config(cli.lang), true);
            } else {
                println!("{}", t.get("key-fingerprint", &[("fingerprint", &key.short_fingerprint())]));
                println!("{}", t.get("key-register-later", &[]));
            }
        }
        Command::Update { data, bundle, url } => {
            let mut store = VenueStore::open(&data.data, now)?;
            let from_file = bundle.is_some();
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
            // The issuer answered (with a bundle, a 304, or bytes that were refused).
            let reached = !from_file && !matches!(result, Err(VerifierError::Fetch(_) | VerifierError::NoBundleUrl(_)));
            let report_step = |store: &VenueStore| {
                if reached {
                    send_month_reports(store, now, &t, &post_config(cli.lang));
                } else {
                    println!("{}", t.get("reports-not-sent", &[]));
                }
            };
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
                    report_step(&store);
                    return Ok(ExitCode::from(2));
                }
            }
            report_step(&store);
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
        Command::Report { data, json, month, out, .. } if month.is_some() || out.is_some() => {
            let month = match month {
                Some(m) => verifier::report::parse_month(&m)?,
                None => Month::of(now.oslo_day()),
            };
            let store = VenueStore::open(&data.data, now)?;
            let log = RedemptionLog::open(&data.data)?;
            let body = verifier::report::month_report(&log, store.bundle(), store.venue_id(), month, now)?;
            if let Some(path) = &out {
                let key = venue_key::load_key(&data.data)?;
                verifier::report::write_report_file(path, &verifier::report::signed(&key, &body))?;
                let url = venue_key::issuer_url(&store.bundle().catalogue().public_base_url, "admin/usage");
                let msg = t.get(
                    "report-written",
                    &[
                        ("month", &month.to_string()),
                        ("rows", &body.rows.len().to_string()),
                        ("plural", if body.rows.len() == 1 { "one" } else { "other" }),
                        ("path", &path.display().to_string()),
                        ("url", &url),
                    ],
                );
                if json { eprintln!("{msg}") } else { println!("{msg}") }
            }
            let rows = report_json(&store, &body.rows, cli.lang.tag());
            if json {
                let v = serde_json::json!({
                    "venue_id": body.venue_id,
                    "report_id": body.report_id,
                    "from": body.from.to_string(),
                    "until": body.until.to_string(),
                    "rows": rows,
                });
                let text = serde_json::to_string_pretty(&v).map_err(|e| VerifierError::BadConfig(e.to_string()))?;
                println!("{text}");
            } else if out.is_none() {
                print_report_rows(&rows, &t);
            }
        }
        Command::Report { data, json, from, until, .. } => {
            if let (Some(from), Some(until)) = (from, until)
                && from > until
            {
                return Err(VerifierError::BadReportRange { from, until });
            }
            let store = VenueStore::open(&data.data, now)?;
            let log = RedemptionLog::open(&data.data)?;
            let rows: Vec<shared::report::ReportRow> = log
                .report(from, until)?
                .into_iter()
                .map(|r| {
                    let count = u32::try_from(r.count).unwrap_or(u32::MAX);
                    shared::report::ReportRow {
                        day: r.day,
                        benefit: r.benefit,
                        card_type: shared::CardTypeId(r.card_type),
                        count,
                        companions: 0,
                    }
                })
                .collect();
            let out = report_json(&store, &rows, cli.lang.tag());
            if json {
                let text = serde_json::to_string_pretty(&out).map_err(|e| VerifierError::BadConfig(e.to_string()))?;
                println!("{text}");
            } else {
                print_report_rows(&out, &t);
            }
        }
        Command::Key { data, json } => {
            let store = VenueStore::open(&data.data, now)?;
            let key = PublicKeyInfo::of(&venue_key::load_key(&data.data)?);
            if json {
                let v = serde_json::json!({
                    "venue_id": store.venue_id(),
                    "public_key": key.public_key_hex(),
                    "fingerprint": key.fingerprint.to_string(),
                    "fingerprint_short": key.short_fingerprint(),
                });
                let text = serde_json::to_string_pretty(&v).map_err(|e| VerifierError::BadConfig(e.to_string()))?;
                println!("{text}");
            } else {
                println!("{}", t.get("key-venue", &[("id", store.venue_id())]));
                println!("{}", t.get("key-public", &[("hex", &key.public_key_hex())]));
                println!("{}", t.get("key-fingerprint", &[("fingerprint", &key.short_fingerprint())]));
                println!("{}", t.get("key-fingerprint-full", &[("fingerprint", &key.fingerprint.to_string())]));
            }
        }
        Command::Register { data } => {
            let store = VenueStore::open(&data.data, now)?;
            if venue_key::ensure_key(&data.data)? {
                println!("{}", t.get("key-made", &[]));
            }
            let key = PublicKeyInfo::of(&venue_key::load_key(&data.data)?);
            return Ok(print_registration(&store, &key, &t, &post_config(cli.lang), false));
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

/// The rows of a report as JSON objects with names in `lang`; `companions`
/// follows the benefit's `companion_free` in the installed bundle.
fn report_json(store: &VenueStore, rows: &[shared::report::ReportRow], lang: &str) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|r| {
            let ct = store.bundle().card_type(r.card_type);
            let benefit = ct.and_then(|ct| ct.benefits.iter().find(|b| b.id == r.benefit));
            let companions = if benefit.is_some_and(|b| b.companion_free) { r.count } else { 0 };
            serde_json::json!({
                "day": r.day.to_string(),
                "card_type": r.card_type.0,
                "card_type_name": ct.map(|c| name_in(&c.names, lang)).unwrap_or_default(),
                "benefit": r.benefit,
                "benefit_name": benefit.map(|b| name_in(&b.names, lang)).unwrap_or(&r.benefit),
                "count": r.count,
                "companions": companions,
            })
        })
        .collect()
}

fn print_report_rows(rows: &[serde_json::Value], t: &Messages) {
    if rows.is_empty() {
        println!("{}", t.get("report-empty", &[]));
    }
    for j in rows {
        let s = |k: &str| j[k].as_str().unwrap_or_default().to_string();
        let n = |k: &str| j[k].as_u64().unwrap_or(0);
        println!("{}", t.report_row(&s("day"), &s("card_type_name"), &s("benefit_name"), n("count"), n("companions")));
    }
}

/// Register the venue key and print the outcome; the exit code of
/// `verifier register` (0 registered, 1 refused, 2 not reached). At `init`
/// a failure only says to run `verifier register` later.
fn print_registration(
    store: &VenueStore,
    key: &PublicKeyInfo,
    t: &Messages,
    config: &FetchConfig,
    at_init: bool,
) -> ExitCode {
    let fingerprint = key.short_fingerprint();
    let admin = venue_key::issuer_url(&store.bundle().catalogue().public_base_url, "admin/venue-keys");
    match venue_key::register(store, key, config) {
        Ok(Registration::Pending) => {
            println!("{}", t.get("register-pending", &[("fingerprint", &fingerprint), ("url", &admin)]));
            ExitCode::SUCCESS
        }
        Ok(Registration::Approved) => {
            println!("{}", t.get("register-approved", &[("fingerprint", &fingerprint)]));
            ExitCode::SUCCESS
        }
        Err(FetchError::Refused { message, code, .. }) if !at_init => {
            let message = if message.is_empty() { code } else { message };
            eprintln!("{}", t.get("register-refused", &[("message", &message)]));
            ExitCode::from(1)
        }
        Err(e) => {
            let reason = match &e {
                FetchError::Refused { message, .. } => t.get("register-refused", &[("message", message)]),
                other => t.fetch_error(other),
            };
            eprintln!("{}", t.get("register-failed", &[("reason", &reason)]));
            println!("{}", t.get("key-fingerprint", &[("fingerprint", &fingerprint)]));
            ExitCode::from(if matches!(e, FetchError::Refused { .. }) { 1 } else { 2 })
        }
    }
}

/// The limits of a POST to the issuer, asking for its messages in `lang`.
fn post_config(lang: Lang) -> FetchConfig {
    FetchConfig { accept_language: Some(lang.tag().to_string()), ..FetchConfig::default() }
}

/// `verifier update`'s report step: one line per month; never fails.
fn send_month_reports(store: &VenueStore, now: shared::Timestamp, t: &Messages, config: &FetchConfig) {
    let dir = store.dir();
    let attempt = || -> Result<Vec<verifier::report::MonthSent>, VerifierError> {
        let key = venue_key::load_key(dir)?;
        let log = RedemptionLog::open(dir)?;
        verifier::report::send_reports(dir, &log, store.bundle(), store.venue_id(), &key, now, config)
    };
    let sent = match attempt() {
        Ok(sent) => sent,
        Err(e) => {
            eprintln!("warning: {}", t.error(&e));
            println!("{}", t.get("reports-not-sent", &[]));
            return;
        }
    };
    let fingerprint = venue_key::load_key(dir).map(|k| PublicKeyInfo::of(&k).short_fingerprint()).unwrap_or_default();
    let admin = venue_key::issuer_url(&store.bundle().catalogue().public_base_url, "admin/venue-keys");
    for m in sent {
        let month = m.month.to_string();
        let line = match m.result {
            None => t.get("report-skipped", &[("month", &month)]),
            Some(Ok(Sent::Stored { rows })) => t.get(
                "report-sent",
                &[("month", &month), ("rows", &rows.to_string()), ("plural", if rows == 1 { "one" } else { "other" })],
            ),
            Some(Ok(Sent::Older)) => t.get("report-older", &[("month", &month)]),
            Some(Err(FetchError::Refused { code, .. })) if code == "unknown_key" => {
                t.get("report-not-approved", &[("month", &month), ("fingerprint", &fingerprint), ("url", &admin)])
            }
            Some(Err(FetchError::Refused { message, code, .. })) => {
                let message = if message.is_empty() { code } else { message };
                t.get("report-refused", &[("month", &month), ("message", &message)])
            }
            Some(Err(e)) => t.get("report-failed", &[("month", &month), ("reason", &t.fetch_error(&e))]),
        };
        println!("{line}");
    }
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
