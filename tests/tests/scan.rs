//! `verifier scan` driven through a pseudo-terminal (tmux): scanned lines
//! typed like a USB scanner does, the screen read back.

use e2e::{Server, Setup, bin_path, s};
use std::process::Command;
use std::time::Duration;

/// A tmux server of its own (own socket) running one command in a pane.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(cmd: &str) -> Tmux {
        let socket = format!("e2e-scan-{}-{}", std::process::id(), rand_suffix());
        let t = Tmux { socket };
        let ok = t.tmux(&["-f", "/dev/null", "new-session", "-d", "-s", "scan", "-x", "110", "-y", "40", cmd]);
        assert!(ok.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&ok.stderr));
        t
    }

    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("running tmux")
    }

    fn type_line(&self, line: &str) {
        if !line.is_empty() {
            assert!(self.tmux(&["send-keys", "-t", "scan", "-l", line]).status.success());
        }
        assert!(self.tmux(&["send-keys", "-t", "scan", "Enter"]).status.success());
    }

    fn keys(&self, key: &str) {
        assert!(self.tmux(&["send-keys", "-t", "scan", key]).status.success());
    }

    /// The visible screen; with `escapes`, with its colour codes.
    fn screen(&self, escapes: bool) -> String {
        let mut args = vec!["capture-pane", "-p", "-t", "scan"];
        if escapes {
            args.push("-e");
        }
        String::from_utf8_lossy(&self.tmux(&args).stdout).into_owned()
    }

    /// Wait until the screen contains `needle`; the screen.
    fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("«{needle}»"), |screen| screen.contains(needle))
    }

    /// Wait (20 s at most) until `done` holds for the screen; the screen.
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let shown = || format!("{what}; the screen:\n{}", self.screen(false));
        e2e::wait_until(Duration::from_secs(20), shown, || Some(self.screen(false)).filter(|s| done(s)))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

fn have_tmux() -> bool {
    Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success())
}

fn scan_command(setup: &Setup, lang: &str) -> String {
    scan_command_with(setup, lang, "")
}

/// The command with more arguments `extra` for `verifier scan`.
fn scan_command_with(setup: &Setup, lang: &str, extra: &str) -> String {
    format!(
        "{} --lang {lang} scan --data {} {extra}; echo \"EXIT=$?\"; \
         echo \"MODE=$(stty -a | tr ' ;' '\\n\\n' | grep -x -e '-*icanon' -e '-*echo' | tr '\\n' ' ')\"; sleep 30",
        s(&bin_path("verifier")),
        s(&setup.venue)
    )
}

#[test]
fn scanning_cards_in_the_terminal() {
    assert!(
        have_tmux(),
        "the terminal test drives `verifier scan` through tmux: apt-get install tmux (bash test.sh installs it)"
    );
    let setup = Setup::new("bolgen-kino");
    let card = &setup.issue(1, 1, &[])[0];
    let qr = card["qr_text"].as_str().expect("qr_text").to_string();
    let number = card["card_number"].as_str().expect("card_number").to_string();
    let t = Tmux::start(&scan_command(&setup, "nb"));
    let screen = t.wait_for("Klar – skann et kort");
    assert!(screen.contains("Aktivitetskort · "), "{screen}");

    // A valid card: green, the benefit and the companion.
    t.type_line(&qr);
    let screen = t.wait_for("GYLDIG · Kino · 1 barn + 1 ledsager");
    assert!(screen.contains("G Y L D I G"), "{screen}");
    assert!(screen.contains(&number), "{screen}");
    assert!(screen.contains("Klar – skann et kort"), "{screen}");
    let coloured = t.screen(true);
    assert!(coloured.contains("42m") || coloured.contains(";42"), "green background expected:\n{coloured:?}");

    // An empty line (a double Enter) changes nothing: once the prompt is
    // drawn again below the first, the answer is still on the screen.
    t.type_line("");
    let screen = t.wait_until("a second prompt", |screen| {
        let lines: Vec<&str> = screen.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect();
        lines.ends_with(&[">", ">"])
    });
    assert!(screen.contains("GYLDIG · Kino"), "{screen}");
    assert!(screen.contains("Trykk + for å registrere ledsageren"), "staff are asked about a companion: {screen}");

    // One key, no Enter: a companion came with this visit (SPEC §11.12).
    t.keys("+");
    let screen = t.wait_for("LEDSAGER REGISTRERT · Kino");
    assert!(screen.contains("Klar – skann et kort"), "{screen}");
    // Again: no visit to go with it any more; refused, nothing changes.
    t.keys("+");
    t.wait_for("FEIL · ingenting registrert");
    // A mistyped line is corrected with backspace before Enter: the
    // terminal reads key by key, and the program erases.
    t.keys("9");
    t.keys("BSpace");

    // The same card again: used this week (quota 1 per week), red.
    t.type_line(&qr);
    let screen = t.wait_for("BRUKT · neste gang fra mandag");
    assert!(screen.contains("Kino: 1 per uke er brukt opp."), "{screen}");
    let coloured = t.screen(true);
    assert!(coloured.contains("41m") || coloured.contains(";41"), "red background expected:\n{coloured:?}");

    // Garbage: not a card, nothing lost, still ready.
    t.type_line("hello there");
    let screen = t.wait_for("KODEN KUNNE IKKE LESES");
    assert!(screen.contains("Klar – skann et kort"), "{screen}");
    // Not "invalid card" (a child hears "fake"): what to try, and when.
    assert!(!screen.contains("UGYLDIG"), "{screen}");
    assert!(screen.contains("Skru opp lysstyrken på telefonen"), "{screen}");
    assert!(screen.contains("kl. "), "{screen}");

    // And a fresh card still works after the garbage.
    let second = &setup.issue(1, 1, &[])[0];
    t.type_line(second["qr_text"].as_str().expect("qr_text"));
    t.wait_for("GYLDIG · Kino");

    // Ctrl-D (end of input): a clean exit with a goodbye.
    t.keys("C-d");
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("Skanning avsluttet"), "{screen}");
    assert!(screen.contains("EXIT=0"), "{screen}");
    // The terminal reads lines and echoes again, as before the scan.
    let screen = t.wait_for("MODE=");
    assert!(screen.contains("MODE=icanon echo"), "the terminal's settings were not restored: {screen}");

    // Two visits recorded, nothing else.
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    let n: i64 = db.query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).expect("count");
    assert_eq!(n, 2);
    let companions: Vec<i64> = db
        .prepare("SELECT companion FROM redemption ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("companions");
    assert_eq!(companions, [1, 0], "the first visit's companion, the second not confirmed");
}

#[test]
fn ctrl_c_quits_cleanly_in_english() {
    assert!(
        have_tmux(),
        "the terminal test drives `verifier scan` through tmux: apt-get install tmux (bash test.sh installs it)"
    );
    let setup = Setup::new("bolgen-kino");
    let t = Tmux::start(&scan_command(&setup, "en"));
    t.wait_for("Ready – scan a card");
    t.type_line("not a card");
    t.wait_for("COULD NOT READ THE CODE");
    t.keys("C-c");
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("Scanning stopped. Goodbye!"), "{screen}");
    assert!(screen.contains("EXIT=0"), "{screen}");
    let screen = t.wait_for("MODE=");
    assert!(screen.contains("MODE=icanon echo"), "Ctrl-C left the terminal in key mode: {screen}");
}

/// The blocked card's scan is refused as blocked, the rotated key's card
/// granted; then Ctrl-D quits cleanly.
fn blocked_refused_rotated_granted(t: &Tmux, blocked: &str, rotated: &str) {
    t.type_line(blocked);
    let screen = t.wait_for("SPERRET");
    assert!(screen.contains("Kortet er meldt tapt eller sperret."), "{screen}");
    t.type_line(rotated);
    t.wait_for("GYLDIG · Kino");
    t.keys("C-d");
    assert!(t.wait_for("EXIT=").contains("EXIT=0"));
}

/// A running `verifier scan` answers with the bundle installed at that
/// moment (SPEC §11): after `verifier update` installs a bundle that blocks
/// a card and knows a newly rotated signing key, the blocked card is
/// refused and the new key's card granted, without a restart.
#[test]
fn a_running_scan_follows_the_installed_bundle() {
    assert!(have_tmux(), "the terminal test drives `verifier scan` through tmux: apt-get install tmux");
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 2, &[]);
    let qr = |i: usize| cards[i]["qr_text"].as_str().expect("qr_text").to_string();
    let t = Tmux::start(&scan_command(&setup, "nb"));
    t.wait_for("Klar – skann et kort");
    t.type_line(&qr(0));
    t.wait_for("GYLDIG · Kino");
    let (rotated, bundle) = setup.block_and_rotate(&cards[1]);
    // Published but not installed: the key is unknown here.
    t.type_line(&rotated);
    t.wait_for("UKJENT KORT");
    setup.install(&bundle, 2);
    blocked_refused_rotated_granted(&t, &qr(1), &rotated);
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    let n: i64 = db.query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).expect("count");
    assert_eq!(n, 2, "the blocked card left no visit");
}

/// A running `verifier scan` keeps itself current (SPEC §11.9): with a
/// short `--update-every`, a venue set up from a running `issuer serve`'s
/// code refuses a card the administrator blocked and grants a card of a
/// newly rotated signing key, with nobody running `verifier update`; the
/// screen says it updates itself, how often, and when it last did.
#[test]
fn a_running_scan_updates_itself_from_the_issuer() {
    assert!(have_tmux(), "the terminal test drives `verifier scan` through tmux: apt-get install tmux");
    let setup = Setup::new("bolgen-kino");
    let issuer = Server::start(&setup.issuer);
    setup.set_up_from(&issuer);
    let cards = setup.issue(1, 2, &[]);
    let qr = |i: usize| cards[i]["qr_text"].as_str().expect("qr_text").to_string();
    let t = Tmux::start(&scan_command_with(&setup, "nb", "--update-every 1s"));
    let screen = t.wait_for("Oppdaterer seg selv hvert 1 s.");
    assert!(screen.contains("Klar – skann et kort"), "{screen}");
    t.type_line(&qr(0));
    let screen = t.wait_for("GYLDIG · Kino");
    assert!(screen.contains("Sist oppdatert fra utstederen: "), "{screen}");
    let (rotated, _) = setup.block_and_rotate(&cards[1]);
    // `check` reads the installed bundle: once the background update of
    // the running scan installed it, the scan answers with it.
    e2e::wait_until(
        Duration::from_secs(60),
        || "the blocking bundle installed".into(),
        || (setup.check(&qr(1)).1["reason"] == "revoked").then_some(()),
    );
    blocked_refused_rotated_granted(&t, &qr(1), &rotated);
    assert!(issuer.stop());
}

/// The waiting scan screen follows the update status without a scan (SPEC
/// §11.9): with the issuer gone and a bundle 8 days old it shows the
/// failure and the staleness warning, still answers a card, and once the
/// issuer is back and the station caught up, the warning is gone.
#[test]
fn the_waiting_scan_screen_follows_the_update_status() {
    assert!(have_tmux(), "the terminal test drives `verifier scan` through tmux: apt-get install tmux");
    let setup = Setup::new("bolgen-kino");
    let issuer = Server::start(&setup.issuer);
    setup.set_up_from(&issuer);
    let addr = issuer.addr.clone();
    let card = setup.issue(1, 1, &[])[0]["qr_text"].as_str().expect("qr_text").to_string();
    let t = Tmux::start(&scan_command_with(&setup, "en", "--update-every 1s"));
    t.wait_for("Last update from the issuer: ");
    assert!(issuer.stop());
    setup.install(&setup.aged_bundle("aged.akb", 8), 3);
    // The footer's warning, drawn while nobody scans.
    let screen = t.wait_for("Cards are still checked, but in 22 days");
    assert!(screen.contains("Warning: the trust bundle is 8 days old."), "{screen}");
    assert!(screen.contains("The last attempt ("), "{screen}");
    assert!(screen.contains("Ready – scan a card"), "{screen}");
    let coloured = t.screen(true);
    assert!(coloured.contains("[43m") || coloured.contains(";43m"), "the warning in yellow:\n{coloured:?}");
    t.type_line(&card);
    let screen = t.wait_for("VALID");
    assert!(screen.contains("Cards are still checked, but in 22 days"), "{screen}");

    setup.bundle("fresh.akb");
    let back = Server::start_at(&setup.issuer, &addr);
    let screen = t.wait_until("caught up", |s| s.contains("(trust bundle version 4)"));
    assert!(!screen.contains("Cards are still checked, but in"), "{screen}");
    assert!(!screen.contains("The last attempt ("), "{screen}");
    assert!(screen.contains("VALID"), "the last answer stays on screen: {screen}");
    t.keys("C-d");
    assert!(t.wait_for("EXIT=").contains("EXIT=0"));
    assert!(back.stop());
}
