//! `verifier scan`: the full-screen terminal mode for a USB QR scanner.

use super::{Ctx, open};
use keys::SystemClock;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use verifier::VerifierError;
use verifier::i18n::Lang;
use verifier::scan::Scanner;

/// `verifier scan`: answer scanned lines until end of input or Ctrl-C (or
/// SIGTERM), which waits for an answer being drawn, then resets the
/// terminal and says goodbye. Background updates run every `updates`
/// (`None`: off); the screen says so.
pub fn run(dir: &Path, updates: Option<Duration>, ctx: &Ctx) -> Result<ExitCode, VerifierError> {
    let (mut store, mut log) = open(dir, ctx)?;
    verifier::autoupdate::spawn(dir, updates, ctx.lang);
    let lang = ctx.lang;
    let busy = Arc::new(Mutex::new(()));
    let guard = busy.clone();
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return;
        };
        rt.block_on(async { webkit::shutdown::signal().await });
        let _busy = guard.lock().unwrap_or_else(|e| e.into_inner());
        goodbye(lang);
        std::process::exit(0);
    });
    let mut scanner = Scanner::new(&mut store, &mut log, lang, updates);
    // At a terminal, key by key (one key records a companion); from a pipe
    // or a file, line by line.
    let lines = if verifier::terminal::keys_mode() {
        verifier::scan::read_keys(std::io::BufReader::new(std::io::stdin()), std::io::stdout())
    } else {
        verifier::scan::read_lines(std::io::BufReader::new(std::io::stdin()))
    };
    let result = scanner.run(&lines, &mut std::io::stdout(), &SystemClock, &busy);
    let _busy = busy.lock().unwrap_or_else(|e| e.into_inner());
    goodbye(lang);
    result.map(|()| ExitCode::SUCCESS)
}

/// Reset the terminal (its input mode too) and say goodbye (nothing if the
/// terminal is gone).
fn goodbye(lang: Lang) {
    verifier::terminal::restore();
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(Scanner::goodbye(lang).as_bytes());
    let _ = out.flush();
}
