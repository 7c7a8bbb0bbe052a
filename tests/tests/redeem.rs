//! End to end with the real binaries: `verifier redeem`, `undo`, `report`,
//! `settings`; 16 processes on one card; and the durability test that
//! SIGKILLs `verifier redeem -` during bursts of scans.

use e2e::{Batch, Setup, command, run, run_ok, s, stderr};
use serde_json::Value;
use std::io::{Read as _, Write as _};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn text(card: &Value, field: &str) -> String {
    card[field].as_str().unwrap_or_else(|| panic!("card has no {field}: {card}")).to_string()
}

fn now() -> shared::Timestamp {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    shared::Timestamp(secs as i64)
}

fn db(setup: &Setup) -> rusqlite::Connection {
    rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("open the redemption log")
}

/// A small seeded generator (SplitMix64), so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn redeem_undo_report_and_settings_from_the_command_line() {
    let setup = Setup::new("bolgen-kino");
    let data = s(&setup.venue);
    let cards = setup.issue(1, 3, &[]);
    let youth = &setup.issue(2, 1, &[])[0];
    let qr = text(&cards[0], "qr_text");

    // Valid: the companion is stated; the visit is recorded.
    let out = run_ok("verifier", &["redeem", "--data", data, &qr], 0);
    assert!(out.starts_with("GYLDIG · Kino · 1 barn + 1 ledsager\n"), "{out}");
    assert!(out.contains(&text(&cards[0], "card_number")), "{out}");
    // The same card as a phone link (another text): used until next Monday.
    let next_monday = now().oslo_day().week_start().plus(7);
    let out = run_ok("verifier", &["redeem", "--data", data, &text(&cards[0], "url")], 1);
    assert!(out.starts_with("BRUKT · neste gang fra mandag "), "{out}");
    assert!(out.contains("Kino: 1 per uke er brukt opp."), "{out}");
    let out = run_ok("verifier", &["--lang", "en", "redeem", "--data", data, &qr], 1);
    assert!(out.starts_with("USED · next from Monday "), "{out}");
    let (code, v) = setup.redeem(&qr.to_lowercase());
    assert_eq!((code, v["valid"].as_bool(), v["code"].as_str()), (1, Some(false), Some("quota_exhausted")));
    assert_eq!(v["next_use"], next_monday.to_string());
    assert_eq!(v["limit"], "1/week");
    assert_eq!(v["benefit"]["id"], "kino");

    // Youth card: no companion.
    let (code, v) = setup.redeem(&text(youth, "qr_text"));
    assert_eq!((code, v["code"].as_str(), v["benefit"]["companion_free"].as_bool()), (0, Some("ok"), Some(false)));
    // Not a card: refused with its reason, nothing recorded.
    let (code, v) = setup.redeem("12345");
    assert_eq!((code, v["code"].as_str()), (1, Some("bad_encoding")));
    let out = run_ok("verifier", &["redeem", "--data", data, "12345"], 1);
    assert!(out.starts_with("KODEN KUNNE IKKE LESES"), "{out}");

    // Undo marks the command line's last visit undone if at most 5 minutes
    // old (the youth card's, named by its card type and time: the log holds
    // pseudonyms, from which no card number can be had), once: a second
    // undo does not reach the first card's visit.
    let out = run_ok("verifier", &["undo", "--data", data], 0);
    assert!(out.starts_with("ANGRET · Kino registrert "), "{out}");
    assert!(out.contains("\n14–18 år · registrert "), "{out}");
    assert!(!out.contains(&text(youth, "card_number")), "{out}");
    let out = run("verifier", &["undo", "--data", data]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("det finnes ikke noe registrert besøk å angre"), "{}", stderr(&out));
    // The undone card can be used again; the first card stays used.
    assert_eq!(setup.redeem(&text(youth, "qr_text")).0, 0);
    assert_eq!(setup.redeem(&qr).1["code"], "quota_exhausted");
    let out = run_ok("verifier", &["--lang", "en", "undo", "--data", data], 0);
    assert!(out.starts_with("UNDONE · Cinema recorded "), "{out}");

    // Batch mode: one answer line per scanned line, blank lines skipped.
    let mut child = command("verifier")
        .args(["redeem", "--companion", "--data", data, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input =
        format!("{}\n\n{}\r\nnot a card\n{}\n", text(&cards[1], "qr_text"), text(&cards[1], "url"), "9".repeat(5000));
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[0], "GYLDIG · Kino · 1 barn + 1 ledsager");
    assert!(lines[1].starts_with("BRUKT · neste gang fra mandag "), "{lines:?}");
    assert_eq!(lines[2], "KODEN KUNNE IKKE LESES");
    assert_eq!(lines[3], "KODEN KUNNE IKKE LESES");

    // Report: per day, card type and benefit; only the companion recorded
    // with `--companion` (the batch's visit) counts, not the first visit's.
    let today = now().oslo_day().to_string();
    let out = run_ok("verifier", &["report", "--data", data, "--json"], 0);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0]["day"].as_str(), rows[0]["card_type"].as_u64(), rows[0]["benefit"].as_str()),
        (Some(today.as_str()), Some(1), Some("kino"))
    );
    assert_eq!((rows[0]["count"].as_u64(), rows[0]["companions"].as_u64()), (Some(2), Some(1)));
    let out = run_ok("verifier", &["report", "--data", data], 0);
    assert_eq!(out, format!("{today}  0–13 år med ledsager · Kino: 2 besøk + 1 ledsager\n"));
    let out = run_ok("verifier", &["report", "--data", data, "--json", "--from", "2099-01-01"], 0);
    assert_eq!(out.trim(), "[]");
    let out = run("verifier", &["report", "--data", data, "--from", "2026-12-01", "--until", "2026-11-01"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run("verifier", &["report", "--data", data, "--from", "1.13.2026"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    // check never records.
    let c2 = text(&cards[2], "qr_text");
    for _ in 0..2 {
        assert_eq!(setup.check(&c2).0, 0);
    }
    assert_eq!(setup.redeem(&c2).0, 0);

    // Settings: validated, persisted.
    let out = run("verifier", &["settings", "--data", data, "--stale-warn-days", "40"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("grensene 40/30 dager er ikke tillatt"), "{}", stderr(&out));
    run_ok("verifier", &["settings", "--data", data, "--stale-warn-days", "3", "--stale-refuse-days", "60"], 0);
    let out = run_ok("verifier", &["settings", "--data", data], 0);
    assert!(out.contains("advarsel fra 3 dager, kort avvises fra 60 dager"), "{out}");

    // The log holds no scanned text and no card number, in any form.
    let conn = db(&setup);
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    let mut files = Vec::new();
    for name in ["redemptions.db", "redemptions.db-wal"] {
        files.push(std::fs::read(setup.venue.join(name)).unwrap_or_default());
    }
    for card in cards.iter().chain([youth]) {
        let number = text(card, "card_number");
        let qr = text(card, "qr_text");
        let needles = [number.clone(), number.replace('-', ""), number.to_lowercase(), qr[..32].to_string()];
        for needle in &needles {
            for f in &files {
                assert!(!f.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} found in the log");
            }
        }
    }
    // Undone visits are kept, marked, and not counted.
    let count: i64 =
        conn.query_row("SELECT count(*) FROM redemption WHERE undone_at IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 3);
    let undone: i64 =
        conn.query_row("SELECT count(*) FROM redemption WHERE undone_at IS NOT NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(undone, 2);
}

#[test]
fn a_clock_set_back_a_week_is_refused() {
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 2, &[]);
    assert_eq!(setup.redeem(&text(&cards[0], "qr_text")).0, 0);
    // Pretend a visit was recorded a week from now: this computer's clock
    // is now a week behind the latest time seen.
    let week_ahead = now().0 + 7 * 86_400;
    db(&setup).execute("UPDATE high_water SET at = ?1", [week_ahead]).unwrap();
    let qr = text(&cards[1], "qr_text");
    let out = run("verifier", &["redeem", "--data", s(&setup.venue), &qr]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("STOPP · klokka på maskinen er feil\n"), "{stdout}");
    assert!(stderr(&out).contains("minutter for sakte); rett dato, klokkeslett og tidssone"), "{}", stderr(&out));
    let (code, v) = setup.redeem(&qr);
    assert_eq!((code, v["code"].as_str()), (2, Some("clock_rollback")));
    // check refuses too; nothing was recorded.
    let out = run("verifier", &["--lang", "en", "check", "--data", s(&setup.venue), &qr]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("STOP · this computer's clock is wrong\n"));
    assert!(stderr(&out).contains("this computer's clock says"), "{}", stderr(&out));
    let count: i64 = db(&setup).query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 1);
}

#[test]
fn sixteen_processes_redeem_one_card_exactly_once() {
    let setup = Setup::new("bolgen-kino");
    let qr = text(&setup.issue(1, 1, &[])[0], "qr_text");
    // The log does not exist yet: the first openers race to create it too.
    assert!(!setup.venue.join("redemptions.db").exists());
    let children: Vec<_> = (0..16)
        .map(|_| {
            command("verifier")
                .args(["redeem", "--data", s(&setup.venue), "--json", &qr])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    let codes: Vec<Option<i32>> = outs.iter().map(|o| o.status.code()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == Some(0)).count(),
        1,
        "{codes:?} {:?}",
        outs.iter().map(stderr).collect::<Vec<_>>()
    );
    assert_eq!(codes.iter().filter(|c| **c == Some(1)).count(), 15, "{codes:?}");
    for o in outs.iter().filter(|o| o.status.code() == Some(1)) {
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["code"], "quota_exhausted");
    }
    let count: i64 = db(&setup).query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 1);
}

/// Kill `verifier redeem --json -` with SIGKILL at random moments during
/// bursts of scans; after each kill the log must be sound and hold every
/// visit the process had reported as valid, and no card may have more
/// visits than its quota allows.
#[test]
fn killed_during_a_burst_the_log_keeps_every_reported_visit() {
    const ITERATIONS: usize = 120;
    const SEED: u64 = 0x0A4B_2026_1121;
    let started = Instant::now();
    let setup = Setup::new("bolgen-kino");
    let mut cards: Vec<String> = Vec::new();
    for _ in 0..4 {
        cards.extend(setup.issue(1, 500, &[]).iter().map(|c| text(c, "qr_text")));
    }
    let ids: Vec<Vec<u8>> = cards.iter().map(|c| Setup::pseudonym(&setup.venue, c)).collect();
    let mut rng = Rng(SEED);
    let mut fresh = 0usize;
    let (mut reported_valid, mut reported_used, mut killed_silent, mut mid_burst) = (0usize, 0usize, 0usize, 0usize);
    let mut confirmed: Vec<usize> = Vec::new();
    for iteration in 0..ITERATIONS {
        // 10–29 scans: mostly cards not seen yet, some already used.
        let n = 10 + rng.below(20) as usize;
        let mut burst = Vec::new();
        for _ in 0..n {
            let pick = if (fresh > 0 && rng.below(4) == 0) || fresh >= cards.len() {
                rng.below(fresh.max(1) as u64) as usize
            } else {
                fresh += 1;
                fresh - 1
            };
            burst.push(pick);
        }
        let input: String = burst.iter().map(|&i| format!("{}\n", cards[i])).collect();
        let mut child = command("verifier")
            .args(["redeem", "--data", s(&setup.venue), "--json", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(input.as_bytes()); // may fail if it died already
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut out = String::new();
        // Kill at a random moment. Odd iterations: after a random delay of
        // up to 30 ms (start-up, mid-burst, or idle after it, since stdin
        // stays open). Even iterations: once k of the n answers have arrived,
        // plus up to 1.5 ms, so most kills land inside the burst.
        let (how, wait) = if iteration % 2 == 1 {
            let delay = Duration::from_micros(rng.below(30_000));
            std::thread::sleep(delay);
            ("delay", delay)
        } else {
            let k = rng.below(n as u64);
            for _ in 0..k {
                if std::io::BufRead::read_line(&mut stdout, &mut out).unwrap() == 0 {
                    break;
                }
            }
            let delay = Duration::from_micros(rng.below(1_500));
            std::thread::sleep(delay);
            ("after answers", delay)
        };
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        drop(stdin);
        stdout.read_to_string(&mut out).unwrap();

        // Every complete line is a verdict; a valid one must be in the log.
        let complete = out.rfind('\n').map_or("", |end| &out[..end]);
        let answered: Vec<&str> = complete.lines().collect();
        if answered.is_empty() {
            killed_silent += 1;
        }
        if answered.len() < n {
            mid_burst += 1;
        }
        let conn = rusqlite::Connection::open(setup.venue.join("redemptions.db")).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "iteration {iteration} (seed {SEED:#x}), killed {how} {wait:?}");
        for (line, &card) in answered.iter().zip(&burst) {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("iteration {iteration}: {e}: {line}"));
            match v["code"].as_str() {
                Some("ok") => {
                    reported_valid += 1;
                    confirmed.push(card);
                }
                Some("quota_exhausted") => reported_used += 1,
                other => panic!("iteration {iteration}: unexpected {other:?}: {line}"),
            }
        }
        let has_table: bool = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'redemption'", [], |r| r.get::<_, i64>(0))
            .unwrap()
            > 0;
        if has_table {
            for &card in &confirmed {
                let n: i64 = conn
                    .query_row("SELECT count(*) FROM redemption WHERE pseudonym = ?1", [&ids[card]], |r| r.get(0))
                    .unwrap();
                assert!(n >= 1, "iteration {iteration} (seed {SEED:#x}): a visit reported valid is not in the log");
            }
        } else {
            assert!(confirmed.is_empty(), "iteration {iteration}: visits reported but no log");
        }
    }
    // No card got more visits than its quota (1 a week), reported or not.
    let conn = rusqlite::Connection::open(setup.venue.join("redemptions.db")).unwrap();
    let mut per_week = std::collections::HashMap::new();
    let mut stmt = conn.prepare("SELECT pseudonym, at FROM redemption").unwrap();
    for row in stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?))).unwrap() {
        let (id, at) = row.unwrap();
        *per_week.entry((id, shared::Timestamp(at).oslo_day().week_start())).or_insert(0) += 1;
    }
    assert!(per_week.values().all(|&n| n == 1), "a card has two visits in one week");
    let rows: i64 = conn.query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).unwrap();
    assert!(rows as usize >= reported_valid);
    eprintln!(
        "durability: {ITERATIONS} kills (seed {SEED:#x}) in {:.1} s: {reported_valid} visits reported valid, \
         {reported_used} used, {rows} rows in the log, {killed_silent} runs killed before their first answer, {mid_burst} before their last",
        started.elapsed().as_secs_f64()
    );
    assert!(reported_valid > ITERATIONS, "too few answers before the kills to test anything");
    assert!(killed_silent < ITERATIONS / 2);
    assert!(mid_burst > ITERATIONS / 3, "too few kills inside a burst");
}

/// A running `redeem -` answers each line with the bundle installed at that
/// moment (SPEC §11): a card blocked by a bundle that `verifier update`
/// installed while it ran is refused as revoked, and a card signed with a
/// signing key rotated in since is accepted, without a restart.
#[test]
fn a_running_batch_follows_each_installed_bundle() {
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 2, &[]);
    let mut batch = Batch::start(&setup.venue, &[]);
    assert_eq!(batch.ask(&text(&cards[0], "qr_text"))["code"], "ok");
    let (rotated, bundle) = setup.block_and_rotate(&cards[1]);
    // Published but not installed: the station does not know the new key.
    assert_eq!(batch.ask(&rotated)["code"], "unknown_key");
    setup.install(&bundle, 2);
    let v = batch.ask(&text(&cards[1], "qr_text"));
    assert_eq!((v["code"].as_str(), v["bundle_version"].as_u64()), (Some("revoked"), Some(2)), "{v}");
    let v = batch.ask(&rotated);
    assert_eq!((v["code"].as_str(), v["bundle_version"].as_u64()), (Some("ok"), Some(2)), "{v}");
    batch.finish();
    // The blocked card left no visit.
    let blocked = Setup::pseudonym(&setup.venue, &text(&cards[1], "qr_text"));
    let n: i64 =
        db(&setup).query_row("SELECT count(*) FROM redemption WHERE pseudonym = ?1", [&blocked], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}

/// A running `redeem -` follows `verifier settings` and a fresh bundle: a
/// bundle 10 days old warns (default 7/30 days), is refused once the venue
/// sets 3/5 days, and the next scan after a fresh bundle is installed is
/// granted again (SPEC §11).
#[test]
fn a_running_batch_follows_settings_and_a_fresh_bundle() {
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 2, &[]);
    setup.install(&setup.aged_bundle("aged.akb", 10), 2);
    let mut batch = Batch::start(&setup.venue, &[]);
    let v = batch.ask(&text(&cards[0], "qr_text"));
    assert_eq!((v["code"].as_str(), v["stale"]["age_days"].as_u64()), (Some("ok"), Some(10)), "{v}");
    let data = s(&setup.venue);
    run_ok("verifier", &["settings", "--data", data, "--stale-warn-days", "3", "--stale-refuse-days", "5"], 0);
    let v = batch.ask(&text(&cards[1], "qr_text"));
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("bundle_too_old")), "{v}");
    setup.install(&setup.bundle("fresh.akb"), 3);
    let v = batch.ask(&text(&cards[1], "qr_text"));
    assert_eq!((v["code"].as_str(), v["bundle_version"].as_u64()), (Some("ok"), Some(3)), "{v}");
    assert!(v.get("stale").is_none(), "{v}");
    batch.finish();
}
