//! The commands of the `verifier` binary, one module each, with their
//! arguments as plain values (clap stays in `main.rs`). A command's `run`
//! does its work through the library and hands what came out to its own
//! printing functions; every line for the staff goes through [`out`].

pub mod check;
pub mod clock;
pub mod devices;
pub mod init;
pub mod key;
pub mod out;
pub mod redeem;
pub mod report;
pub mod scan;
pub mod serve;
pub mod service;
pub mod settings;
pub mod undo;
pub mod update;

use shared::Timestamp;
use std::path::Path;
use std::process::ExitCode;
use verifier::VerifierError;
use verifier::fetch::FetchConfig;
use verifier::i18n::{Lang, Messages, VerdictText};
use verifier::log::RedemptionLog;
use verifier::store::VenueStore;

/// What every command is given: the staff's language, its messages and the
/// time the command started.
pub struct Ctx {
    /// The staff's language (`--lang`).
    pub lang: Lang,
    /// Messages in that language.
    pub t: &'static Messages,
    /// The computer's clock when the command started.
    pub now: Timestamp,
}

impl Ctx {
    /// The context for `lang` at `now`.
    pub fn new(lang: Lang, now: Timestamp) -> Ctx {
        Ctx { lang, t: Messages::of(lang), now }
    }

    /// The limits of a POST to the issuer, asking for its messages in the
    /// staff's language.
    pub fn post_config(&self) -> FetchConfig {
        FetchConfig { accept_language: Some(self.lang.tag().to_string()), ..FetchConfig::default() }
    }
}

/// The venue in `dir` and its redemption log, pruned to what the quotas
/// and reports of the installed bundle need ([`verifier::retention`]).
pub fn open(dir: &Path, ctx: &Ctx) -> Result<(VenueStore, RedemptionLog), VerifierError> {
    let store = VenueStore::open(dir, ctx.now)?;
    let mut log = RedemptionLog::open(dir)?;
    verifier::retention::prune(&mut log, store.bundle())?;
    Ok((store, log))
}

/// [`open`] for a command that checks or redeems one card and exits: the
/// bundle's revoked list is looked up where it lies in the installed file
/// ([`VenueStore::open_for_one_card`]).
pub fn open_for_one_card(dir: &Path, ctx: &Ctx) -> Result<(VenueStore, RedemptionLog), VerifierError> {
    let store = VenueStore::open_for_one_card(dir, ctx.now)?;
    let mut log = RedemptionLog::open(dir)?;
    verifier::retention::prune(&mut log, store.bundle())?;
    Ok((store, log))
}

/// A verdict as text: the headline, then hint, card and warning lines (those
/// not empty); with `one_line`, the headline and the warning on one line.
pub fn lines(t: &VerdictText, one_line: bool) -> String {
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

/// Exit code 0 for a valid card, 1 for a rejected one.
pub fn verdict_code(valid: bool) -> ExitCode {
    if valid { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
