//! `verifier scan`: the terminal mode for USB QR scanners that type the code
//! like a keyboard. Each scanned line is redeemed; the answer fills the
//! screen in colour (green for a granted visit, red with the reason for a
//! refusal, with a bell), and the station is ready for the next scan at once.
//!
//! Plain ANSI escape codes only. The scanned text is never written anywhere
//! but to the redemption (the terminal's own echo of the typed line is
//! cleared by the next screen).

use crate::VerifierError;
use crate::autoupdate::status::{Level, Station, StatusLine, UpdateStatus, status_lines};
use crate::i18n::{Lang, Messages, VerdictText};
use crate::log::RedemptionLog;
use crate::redeem::redeem;
use crate::store::VenueStore;
use shared::{Clock, Timestamp};
use std::io::{BufRead, Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError};

/// Longest scanned line kept; longer lines are answered as unreadable.
pub const MAX_LINE: u64 = 4096;

/// Clear the screen and move the cursor home.
const CLEAR: &str = "\x1b[2J\x1b[H";
/// Reset all attributes and show the cursor.
pub const RESET: &str = "\x1b[0m\x1b[?25h";
const GREEN: &str = "\x1b[42;97;1m";
const RED: &str = "\x1b[41;97;1m";
const YELLOW: &str = "\x1b[43;30;1m";
/// Erase to the end of the line (in the current background colour).
const EOL: &str = "\x1b[K";

/// Message ids of the terminal mode (checked in both languages by a test).
pub const SCAN_MESSAGE_IDS: &[&str] = &["scan-title", "scan-ready", "scan-bye", "scan-error", "scan-at"];

/// One answer on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// Whether the visit was granted.
    pub valid: bool,
    /// The verdict's lines.
    pub text: VerdictText,
}

/// The terminal mode's state: the venue, the log and the messages.
pub struct Scanner<'a> {
    store: &'a mut VenueStore,
    log: &'a mut RedemptionLog,
    lang: Lang,
    msgs: &'static Messages,
    venue_name: String,
    /// The interval of the background updates (`None`: off).
    updates: Option<std::time::Duration>,
    /// The last answer on screen and when it was given.
    last: Option<(Screen, Timestamp)>,
    /// The update status lines on screen.
    status: Vec<StatusLine>,
    /// The last granted visit whose benefit lets a companion in free, and
    /// the benefit's name: the `+` key records that a companion came.
    companion_visit: Option<(i64, String)>,
}

/// The line (a key, then Enter) that records a companion for the last
/// visit.
pub const COMPANION_KEY: &str = "+";

impl std::fmt::Debug for Scanner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner").field("venue", &self.venue_name).finish()
    }
}

impl<'a> Scanner<'a> {
    /// A scanner for the venue in `store`, recording into `log`, whose
    /// background updates run every `updates` (`None`: off).
    pub fn new(
        store: &'a mut VenueStore,
        log: &'a mut RedemptionLog,
        lang: Lang,
        updates: Option<std::time::Duration>,
    ) -> Scanner<'a> {
        let venue_name = store.venue_name();
        Scanner {
            store,
            log,
            lang,
            msgs: Messages::of(lang),
            venue_name,
            updates,
            last: None,
            status: Vec::new(),
            companion_visit: None,
        }
    }

    /// Redeem one scanned line at `now` (with the bundle and settings
    /// installed now) and say what to show. A refusal of the station (clock
    /// behind, bundle too old, log not writable) is shown in red too;
    /// nothing was recorded then.
    pub fn answer(&mut self, line: &str, now: Timestamp) -> Screen {
        if line.trim() == COMPANION_KEY {
            return self.companion(now);
        }
        let answer = redeem(self.store, self.log, line, now, self.lang.tag());
        // The bundle may have been replaced: the venue may have a new name.
        self.venue_name = self.store.venue_name();
        self.companion_visit = None;
        match answer {
            Ok(v) => {
                let mut text = self.msgs.redeem_verdict(&v);
                if let (Some(false), Some(visit)) = (v.companion, v.visit) {
                    let name = v.benefit.as_ref().map(|b| b.name.clone()).unwrap_or_default();
                    self.companion_visit = Some((visit, name));
                    text.hint = self.msgs.get("companion-ask", &[]);
                }
                Screen { valid: v.valid, text }
            }
            Err(e) => Screen { valid: false, text: self.msgs.refusal(&e) },
        }
    }

    /// The `+` key: record that a companion came with the last visit
    /// (only right after it: the rule of an undo).
    fn companion(&mut self, now: Timestamp) -> Screen {
        let floor = self.store.bundle().body().issued_at;
        let Some((visit, name)) = self.companion_visit.take() else {
            let e = VerifierError::CompanionTooLate { window_minutes: crate::log::UNDO_WINDOW_SECS / 60 };
            return Screen { valid: false, text: self.msgs.refusal(&e) };
        };
        match self.log.set_companion(crate::log::COMMAND_LINE, visit, true, now, floor) {
            Ok(_) => {
                let headline = self.msgs.get("companion-came", &[("benefit", &name)]);
                Screen { valid: true, text: VerdictText { headline, ..VerdictText::default() } }
            }
            Err(e) => Screen { valid: false, text: self.msgs.refusal(&e) },
        }
    }

    /// The update status at `now` (the installed bundle's age, the status
    /// file as the last update left it).
    fn status_now(&mut self, now: Timestamp) -> Vec<StatusLine> {
        self.store.refresh(now);
        self.venue_name = self.store.venue_name();
        let station = Station::of(self.store, self.updates, now);
        status_lines(self.lang, &station, &UpdateStatus::load(self.store.dir()))
    }

    /// The whole screen for an answer given at `now` (ANSI escapes), with
    /// the update status at `now`.
    pub fn render(&mut self, screen: Option<&Screen>, now: Timestamp) -> String {
        self.last = screen.map(|s| (s.clone(), now));
        self.status = self.status_now(now);
        render(self.msgs, &self.venue_name, screen, &self.status, now)
    }

    /// The screen again if the update status changed since it was drawn
    /// (the last answer as it was, without its bell), else `None`.
    fn redraw(&mut self, now: Timestamp) -> Option<String> {
        let status = self.status_now(now);
        if status == self.status {
            return None;
        }
        self.status = status;
        let (screen, at) = self.last.as_ref().map_or((None, now), |(s, at)| (Some(s), *at));
        Some(render(self.msgs, &self.venue_name, screen, &self.status, at).replace('\x07', ""))
    }

    /// Answer the scanned lines from `lines` (see [`read_lines`]) until the
    /// end of input, on `out`; while waiting, look at the update status
    /// every [`STATUS_CHECK`] and redraw the screen when it changed. `busy`
    /// is held while a line is redeemed and its answer drawn (or the screen
    /// redrawn), so that Ctrl-C (handled elsewhere) waits for it.
    pub fn run(
        &mut self,
        lines: &Receiver<std::io::Result<Vec<u8>>>,
        out: &mut dyn Write,
        clock: &dyn Clock,
        busy: &std::sync::Mutex<()>,
    ) -> Result<(), VerifierError> {
        let io = |source| VerifierError::Io { path: "terminal".into(), source };
        {
            let _guard = busy.lock().unwrap_or_else(|e| e.into_inner());
            out.write_all(self.render(None, clock.now()).as_bytes()).map_err(io)?;
            out.flush().map_err(io)?;
        }
        loop {
            let buf = match lines.recv_timeout(STATUS_CHECK) {
                Ok(line) => line.map_err(io)?,
                Err(RecvTimeoutError::Timeout) => {
                    let _guard = busy.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(screen) = self.redraw(clock.now()) {
                        out.write_all(screen.as_bytes()).map_err(io)?;
                        out.flush().map_err(io)?;
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let text = String::from_utf8_lossy(&buf);
            let _guard = busy.lock().unwrap_or_else(|e| e.into_inner());
            if text.trim().is_empty() {
                // Redraw the prompt only (the echoed empty line moved it).
                out.write_all(b"> ").map_err(io)?;
                out.flush().map_err(io)?;
                continue;
            }
            let now = clock.now();
            let screen = self.answer(&text, now);
            out.write_all(self.render(Some(&screen), now).as_bytes()).map_err(io)?;
            out.flush().map_err(io)?;
        }
        Ok(())
    }

    /// The last words: attributes reset, cursor shown, goodbye.
    pub fn goodbye(lang: Lang) -> String {
        format!("{RESET}\n{}\n", Messages::of(lang).get("scan-bye", &[]))
    }
}

/// How often the waiting screen looks at the update status again (and
/// redraws itself when it changed).
pub const STATUS_CHECK: std::time::Duration = std::time::Duration::from_secs(5);

/// The scanned lines of `input`, read in a thread of their own so that the
/// screen can follow the update status while it waits: each line (at most
/// [`MAX_LINE`] bytes kept, the rest of a longer line skipped), or the read
/// error; the channel closes at the end of input.
pub fn read_lines(mut input: impl BufRead + Send + 'static) -> Receiver<std::io::Result<Vec<u8>>> {
    let (tx, rx) = std::sync::mpsc::sync_channel(16);
    std::thread::spawn(move || {
        loop {
            let mut buf = Vec::new();
            let read = (&mut input).take(MAX_LINE).read_until(b'\n', &mut buf).and_then(|n| {
                if buf.last() != Some(&b'\n') && n as u64 == MAX_LINE {
                    input.read_until(b'\n', &mut Vec::new())?;
                }
                Ok(n)
            });
            let done = !matches!(read, Ok(n) if n > 0);
            let sent = match read {
                Ok(0) => Ok(()),
                Ok(_) => tx.send(Ok(buf)),
                Err(e) => tx.send(Err(e)),
            };
            if done || sent.is_err() {
                return;
            }
        }
    });
    rx
}

/// The lines typed on a terminal in key-by-key mode
/// ([`crate::terminal::keys_mode`]), read in a thread of their own like
/// [`read_lines`]: each key is echoed on `echo` (backspace erases the last
/// one), Enter ends a line, and [`COMPANION_KEY`] at the start of a line is
/// a line of its own at once, without Enter. Ctrl-D on an empty line ends
/// the input, as a terminal's end of file does.
pub fn read_keys(
    input: impl Read + Send + 'static,
    mut echo: impl Write + Send + 'static,
) -> Receiver<std::io::Result<Vec<u8>>> {
    let (tx, rx) = std::sync::mpsc::sync_channel(16);
    std::thread::spawn(move || {
        let mut buf: Vec<u8> = Vec::new();
        let mut input = input;
        let mut one = [0u8; 1];
        loop {
            let byte = match input.read(&mut one) {
                Ok(0) => break,
                Ok(_) => {
                    let [b] = one;
                    b
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            let (line, shown): (Option<Vec<u8>>, &[u8]) = match byte {
                b'+' if buf.is_empty() => (Some(b"+\n".to_vec()), b""),
                b'\n' | b'\r' => {
                    let mut line = std::mem::take(&mut buf);
                    line.push(b'\n');
                    (Some(line), b"\r\n")
                }
                0x7f | 0x08 => (None, if buf.pop().is_some() { b"\x08 \x08" } else { b"" }),
                0x04 if buf.is_empty() => return,
                _ if (buf.len() as u64) < MAX_LINE => {
                    buf.push(byte);
                    (None, std::slice::from_ref(&byte))
                }
                _ => (None, b""),
            };
            // The terminal may be gone; the input decides when to stop.
            let _ = echo.write_all(shown).and_then(|()| echo.flush());
            if let Some(line) = line
                && tx.send(Ok(line)).is_err()
            {
                return;
            }
        }
        if !buf.is_empty() {
            let _ = tx.send(Ok(buf));
        }
    });
    rx
}

/// The whole screen at venue `venue` for an answer given at `now` (ANSI
/// escapes): the answer in green or red (with a bell when refused), the
/// stale-bundle warning in yellow, then the venue, the update status
/// (what needs someone to act in yellow) and the "ready" line.
pub fn render(msgs: &Messages, venue: &str, screen: Option<&Screen>, status: &[StatusLine], now: Timestamp) -> String {
    let mut s = String::from(CLEAR);
    if let Some(sc) = screen {
        let colour = if sc.valid { GREEN } else { RED };
        let blank = format!("{colour}{EOL}\x1b[0m\n");
        let line = |t: &str| format!("{colour}  {t}{EOL}\x1b[0m\n");
        s.push_str(&blank);
        s.push_str(&blank);
        // The first word spaced out so it reads from a distance, then the
        // whole answer.
        s.push_str(&line(&spaced(&sc.text.headline)));
        s.push_str(&blank);
        s.push_str(&line(&sc.text.headline));
        s.push_str(&blank);
        for l in [&sc.text.hint, &sc.text.card] {
            if !l.is_empty() {
                s.push_str(&line(l));
            }
        }
        let secs = now.oslo_seconds_of_day();
        let time = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
        s.push_str(&line(&msgs.get("scan-at", &[("time", &time)])));
        s.push_str(&blank);
        if !sc.text.warning.is_empty() {
            s.push_str(&format!("{YELLOW}  {}{EOL}\x1b[0m\n", sc.text.warning));
        }
        if !sc.valid {
            s.push('\x07');
        }
    }
    s.push_str(&format!("\n{}\n", msgs.get("scan-title", &[("venue", venue)])));
    for l in status {
        match l.level {
            Level::Warn => s.push_str(&format!("{YELLOW}  {}{EOL}\x1b[0m\n", l.text)),
            Level::Ok | Level::Info => s.push_str(&format!("  {}\n", l.text)),
        }
    }
    s.push_str(&format!("\n\x1b[1m{}\x1b[0m\n> ", msgs.get("scan-ready", &[])));
    s
}

/// "GYLDIG · Kino" → "G Y L D I G" (the first word, letters spaced).
fn spaced(headline: &str) -> String {
    let word = headline.split(" · ").next().unwrap_or(headline);
    let mut s = String::new();
    for (i, c) in word.chars().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push(c);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_messages_exist_in_both_languages() {
        for lang in [Lang::Nb, Lang::En] {
            let m = Messages::of(lang);
            for id in SCAN_MESSAGE_IDS {
                assert_ne!(m.get(id, &[("venue", "x"), ("time", "y")]), *id, "{lang:?} lacks {id}");
            }
        }
    }

    fn text(headline: &str, warning: &str) -> VerdictText {
        VerdictText { headline: headline.into(), hint: "hint".into(), card: String::new(), warning: warning.into() }
    }

    #[test]
    fn screens() {
        let m = Messages::of(Lang::Nb);
        let now = Timestamp(1_795_262_400);
        let idle = render(m, "Bølgen kino", None, &[], now);
        assert!(idle.starts_with(CLEAR) && idle.contains("Aktivitetskort · Bølgen kino"), "{idle:?}");
        assert!(idle.contains("Klar – skann et kort") && !idle.contains('\x07'), "{idle:?}");
        let ok = Screen { valid: true, text: text("GYLDIG · Kino", "") };
        let s = render(m, "v", Some(&ok), &[], now);
        assert!(s.contains(GREEN) && !s.contains(RED) && !s.contains('\x07') && !s.contains(YELLOW), "{s:?}");
        assert!(s.contains("G Y L D I G") && s.contains("GYLDIG · Kino") && s.contains("kl. "), "{s:?}");
        let used = Screen { valid: false, text: text("BRUKT", "Advarsel: tillitspakken er 8 dager gammel.") };
        let s = render(m, "v", Some(&used), &[], now);
        assert!(s.contains(RED) && s.contains('\x07') && !s.contains(GREEN), "{s:?}");
        assert!(s.contains(&format!("{YELLOW}  Advarsel: tillitspakken er 8 dager gammel.")), "{s:?}");
        assert!(s.ends_with("> "), "ready for the next scan: {s:?}");
    }

    #[test]
    fn the_update_status_is_shown_below_the_title() {
        let m = Messages::of(Lang::En);
        let status = [
            StatusLine { level: Level::Info, text: "Updates itself every 15 min.".into() },
            StatusLine { level: Level::Warn, text: "Warning: the trust bundle is 8 days old.".into() },
        ];
        let s = render(m, "v", None, &status, Timestamp(1_795_262_400));
        let title = s.find("Activity card · v").expect("title");
        let info = s.find("  Updates itself every 15 min.\n").expect("info line");
        let warn = s.find(&format!("{YELLOW}  Warning: the trust bundle is 8 days old.")).expect("warning in yellow");
        let ready = s.find("Ready – scan a card").expect("ready");
        assert!(title < info && info < warn && warn < ready, "{s:?}");
        assert!(s.ends_with("> "), "{s:?}");
    }

    #[test]
    fn lines_are_read_in_their_own_thread_until_the_end() {
        let mut input = b"first\n\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_LINE as usize + 10));
        input.extend_from_slice(b"\nlast");
        let rx = read_lines(std::io::Cursor::new(input));
        let got: Vec<Vec<u8>> = rx.iter().map(|l| l.expect("read")).collect();
        assert_eq!(got.len(), 4, "{:?}", got.iter().map(Vec::len).collect::<Vec<_>>());
        assert_eq!(
            (got[0].as_slice(), got[1].as_slice(), got[3].as_slice()),
            (&b"first\n"[..], &b"\n"[..], &b"last"[..])
        );
        assert_eq!(got[2].len(), MAX_LINE as usize, "a long line is cut, its rest skipped");
    }

    #[test]
    fn spacing() {
        assert_eq!(spaced("GYLDIG · Kino"), "G Y L D I G");
        assert_eq!(spaced("UGYLDIG KORT"), "U G Y L D I G   K O R T");
    }

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn keys_make_lines_the_companion_key_at_once_and_backspace_erases() {
        let echo = Shared::default();
        let typed = b"12\x7f3\n+9+\x08\n\x7f\n+".to_vec();
        let rx = read_keys(std::io::Cursor::new(typed), echo.clone());
        let lines: Vec<Vec<u8>> = rx.iter().map(Result::unwrap).collect();
        let lines: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
        // "12", erase, "3"; then + alone at once; a + inside a line is text
        // (and erased here); backspace on an empty line does nothing.
        assert_eq!(lines, [&b"13\n"[..], b"+\n", b"9\n", b"\n", b"+\n"]);
        let shown = echo.0.lock().unwrap().clone();
        assert_eq!(String::from_utf8(shown).unwrap(), "12\x08 \x083\r\n9+\x08 \x08\r\n\r\n");
        // Ctrl-D on an empty line ends the input; a line cut off by the end
        // of input is still answered.
        let rx = read_keys(std::io::Cursor::new(b"77\n\x04\n88".to_vec()), Shared::default());
        assert_eq!(rx.iter().map(Result::unwrap).collect::<Vec<_>>(), [b"77\n".to_vec()]);
        let rx = read_keys(std::io::Cursor::new(b"77\n88".to_vec()), Shared::default());
        assert_eq!(rx.iter().map(Result::unwrap).collect::<Vec<_>>(), [b"77\n".to_vec(), b"88".to_vec()]);
    }
}
