//! `verifier scan`'s terminal: read key by key (non-canonical input, the
//! program echoes), so that one key — `+`, the companion — answers at once
//! (SPEC §11.12), and give the terminal back as it was on every way out.
//! Ctrl-C still interrupts (signals are left on).

use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex, Termios};
use std::sync::Mutex;

/// The terminal's settings before [`keys_mode`], to restore.
static SAVED: Mutex<Option<Termios>> = Mutex::new(None);

/// Put standard input, when it is a terminal, in key-by-key mode without
/// the terminal's own echo. Whether it did (not for a pipe or a file).
pub fn keys_mode() -> bool {
    let stdin = std::io::stdin();
    if !termios::isatty(&stdin) {
        return false;
    }
    let Ok(old) = termios::tcgetattr(&stdin) else {
        return false;
    };
    let mut keys = old.clone();
    keys.local_modes.remove(LocalModes::ICANON | LocalModes::ECHO);
    keys.special_codes[SpecialCodeIndex::VMIN] = 1;
    keys.special_codes[SpecialCodeIndex::VTIME] = 0;
    if termios::tcsetattr(&stdin, OptionalActions::Now, &keys).is_err() {
        return false;
    }
    *SAVED.lock().unwrap_or_else(|e| e.into_inner()) = Some(old);
    true
}

/// Give the terminal its settings back (nothing when [`keys_mode`] did not
/// change them, or they were given back already).
pub fn restore() {
    if let Some(old) = SAVED.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let _ = termios::tcsetattr(std::io::stdin(), OptionalActions::Now, &old);
    }
}
