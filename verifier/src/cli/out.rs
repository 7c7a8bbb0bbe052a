//! Printing. Every line to standard output goes through [`line`] or
//! [`json`]: when the reader has gone (`verifier report | head`), the
//! process stops quietly with exit code 0, as a filter cut short by its
//! reader does (ripgrep does the same), instead of panicking in `println!`.
//! A `pipefail` shell then still sees success: the reader chose to stop. Any
//! other write error (a full disk) is an error of the command. Notes to the
//! staff on standard error go through [`note`], which never fails.

use std::fmt::Display;
use std::io::{ErrorKind, Write as _};
use verifier::VerifierError;
use verifier::i18n::Messages;

/// Print one line (or several, separated by `\n`) and flush.
pub fn line(text: impl Display) -> Result<(), VerifierError> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(0),
        Err(source) => Err(VerifierError::Io { path: "standard output".into(), source }),
    }
}

/// Print a value as pretty JSON.
pub fn json(v: &impl serde::Serialize) -> Result<(), VerifierError> {
    line(serde_json::to_string_pretty(v).map_err(VerifierError::Json)?)
}

/// Print a value as JSON on one line.
pub fn json_line(v: &impl serde::Serialize) -> Result<(), VerifierError> {
    line(serde_json::to_string(v).map_err(VerifierError::Json)?)
}

/// The JSON answer of a failure (SPEC §11.6): `{"valid": false, "code",
/// "message"}`.
pub fn failure(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({"valid": false, "code": code, "message": message})
}

/// The JSON answer of an error: its [`VerifierError::code`] and its text in
/// the staff's language.
pub fn error_object(e: &VerifierError, t: &Messages) -> serde_json::Value {
    failure(e.code(), &t.error(e))
}

/// A line on standard error; dropped if standard error is closed.
pub fn note(text: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
