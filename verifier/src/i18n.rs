//! Staff-facing text through Project Fluent (`i18n/*.ftl`, embedded):
//! verdicts, the commands' lines, and every error that reaches the staff
//! ([`Localised`]; the texts of this crate's error types are in
//! [`errors`], an error type of another module implements it there).

mod errors;

use crate::VerifierError;
use crate::check::{StaleWarning, Verdict};
use crate::log::Undone;
use crate::redeem::RedeemVerdict;
use crate::store::VenueStore;
use shared::{Day, Timestamp, TokenError, VerifiedBundle};
use webkit::fluent::{FluentValue, Resource};
use webkit::lang::PerLanguage;

pub use errors::ERROR_MESSAGE_IDS;

/// A display language of the verifier (bokmål, the default, and English;
/// the same as the issuer's staff pages).
pub use webkit::lang::{StaffLang as Lang, UnknownLang};

/// The message file of a language.
fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::Nb => include_str!("../i18n/nb.ftl"),
        Lang::En => include_str!("../i18n/en.ftl"),
    }
}

/// Something the staff are told about, in their language: an error of the
/// verifier (or one it carries) that has its messages in `i18n/*.ftl`.
pub trait Localised {
    /// The text in `t`'s language.
    fn text(&self, t: &Messages) -> String;
}

/// Every message id the code uses; a test checks each file has them all.
pub const MESSAGE_IDS: &[&str] = &[
    "verdict-valid",
    "verdict-expired",
    "verdict-not-yet-valid",
    "verdict-revoked",
    "verdict-not-valid-here",
    "verdict-invalid",
    "verdict-unreadable",
    "verdict-unknown",
    "hint-bad-encoding",
    "hint-unsupported-version",
    "hint-unknown-key",
    "hint-bad-signature",
    "hint-key-not-valid",
    "hint-unknown-card-type",
    "hint-validity-too-long",
    "hint-revoked",
    "hint-expired",
    "hint-not-yet-valid",
    "hint-not-valid-here",
    "verdict-list-unreadable",
    "hint-revoked-list-unreadable",
    "card-line",
    "init-done",
    "register-setup-without-code",
    "register-refused-at-init",
    "service-unit-next",
    "init-url",
    "fetching",
    "update-installed",
    "update-current",
    "update-kept",
    "age-minutes",
    "age-hours",
    "age-days",
    "fetch-bad-url",
    "fetch-no-network",
    "fetch-host-not-found",
    "fetch-refused",
    "fetch-timeout",
    "fetch-tls",
    "fetch-status-missing",
    "fetch-status-forbidden",
    "fetch-status-server",
    "fetch-status-other",
    "fetch-too-large",
    "fetch-redirects",
    "fetch-broken",
    "no-bundle-url",
    "verdict-used-next",
    "verdict-used",
    "hint-quota-exhausted",
    "quota-limit",
    "verdict-clock-behind",
    "hint-clock-behind",
    "verdict-bundle-too-old",
    "hint-bundle-too-old",
    "warning-stale",
    "undo-done",
    "report-row",
    "report-empty",
    "post-refused",
    "post-status",
    "key-venue",
    "key-public",
    "key-fingerprint",
    "key-fingerprint-full",
    "key-register-later",
    "key-made",
    "register-pending",
    "register-approved",
    "register-refused",
    "register-failed",
    "report-sent",
    "report-older",
    "report-not-approved",
    "report-refused",
    "report-failed",
    "report-skipped",
    "reports-not-sent",
    "report-written",
    "settings-limits",
    "settings-fresh",
    "settings-old",
    "pair-made",
    "pair-how",
    "pair-title",
    "pair-intro",
    "pair-code",
    "pair-label",
    "pair-submit",
    "serve-not-paired",
    "serve-not-paired-hint",
    "serve-pair-code",
    "undo-confirm",
    "undo-confirm-yes",
    "undo-card",
    "undo-card-type",
    "devices-none",
    "devices-row",
    "devices-active",
    "devices-revoked",
    "devices-no-label",
    "device-revoked",
    "device-already-revoked",
    "pair-too-many",
    "verdict-budget-exhausted",
    "hint-budget-exhausted",
    "warning-budget",
    "budget-period",
    "companion-ask",
    "companion-came",
    "companion-none",
    "serve-companion-yes",
    "serve-companion-no",
    "settings-budget-share",
];

/// Formatted messages in one language ([`Messages::of`]). Each message is
/// parsed from its own lines of the language's file when it is first
/// formatted, then kept: a `verifier check` formats four of the file's two
/// hundred, and parsing the whole file was a quarter of the instructions
/// of its start (issue 17). The files have no terms and no references
/// from one message to another, so a message alone parses as it does in
/// its file (test `i18n::tests::a_message_parsed_alone_formats_as_in_its_file`).
#[derive(Debug)]
pub struct Messages {
    lang: Lang,
    messages: std::sync::RwLock<webkit::fluent::Messages>,
}

/// The lines of message `id` in `source`: its `id =` line and every line
/// after it up to the next that starts an entry or a comment (a letter,
/// `-` or `#` at its start; a message's other lines are indented, empty,
/// or start with `[`, `*`, `.` or `}`).
fn entry<'a>(source: &'a str, id: &str) -> Option<&'a str> {
    let starts_entry = |line: &str| line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-' || c == '#');
    let mut start = None;
    let mut pos = 0;
    for line in source.split_inclusive('\n') {
        match start {
            Some(s) if starts_entry(line) => return source.get(s..pos),
            None if line.strip_prefix(id).is_some_and(|rest| rest.trim_start_matches(' ').starts_with('=')) => {
                start = Some(pos);
            }
            _ => {}
        }
        pos += line.len();
    }
    start.and_then(|s| source.get(s..))
}

/// The three lines shown for a verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerdictText {
    /// Big answer, e.g. "GYLDIG · Kino · 1 barn + 1 ledsager".
    pub headline: String,
    /// What it means / what to do (empty when valid).
    pub hint: String,
    /// Card number, type and validity (empty when the signature did not verify).
    pub card: String,
    /// The stale-bundle warning (empty unless the bundle is past the
    /// venue's warning age).
    pub warning: String,
}

impl Messages {
    fn load(lang: Lang) -> Messages {
        // The files are compiled in and checked by tests; a broken entry
        // would show its id instead of failing.
        Messages { lang, messages: std::sync::RwLock::new(webkit::fluent::Messages::new(lang.tag(), [])) }
    }

    /// `f` of the messages, with `id` parsed (if the file has it).
    fn with<R>(&self, id: &str, f: impl FnOnce(&webkit::fluent::Messages) -> R) -> R {
        use std::sync::PoisonError;
        {
            let messages = self.messages.read().unwrap_or_else(PoisonError::into_inner);
            if messages.has(id) {
                return f(&messages);
            }
        }
        let mut messages = self.messages.write().unwrap_or_else(PoisonError::into_inner);
        if !messages.has(id)
            && let Some(text) = entry(source(self.lang), id)
        {
            messages.add(Resource::parse(text));
        }
        f(&messages)
    }

    /// Whether message `id` exists.
    pub fn has(&self, id: &str) -> bool {
        self.with(id, |m| m.has(id))
    }

    /// The messages of `lang` (parsed on first use, then kept).
    pub fn of(lang: Lang) -> &'static Messages {
        static ALL: PerLanguage<Lang, Messages, 2> = PerLanguage::new(&Lang::ALL, Messages::load);
        ALL.get(lang)
    }

    /// Format message `id` with string arguments.
    pub fn get(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.with(id, |m| m.format(id, &webkit::fluent::string_args(args)))
    }

    /// Format message `id` with Fluent values: a number is a number, so
    /// `{ $rows -> [one] … *[other] … }` picks the language's plural form.
    pub fn format(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.with(id, |m| m.format(id, args))
    }

    /// An error (or anything [`Localised`]) for the staff.
    pub fn error(&self, e: &dyn Localised) -> String {
        e.text(self)
    }

    /// "error: …", the last line of a failed command.
    pub fn error_line(&self, e: &dyn Localised) -> String {
        self.get("error-line", &[("message", &e.text(self))])
    }

    /// "warning: …", for an error that does not fail the command.
    pub fn warning_line(&self, e: &dyn Localised) -> String {
        self.get("warning-line", &[("message", &e.text(self))])
    }

    /// What a screen shows when redeeming failed: the station's refusal
    /// (clock behind, bundle too old), else "ERROR · nothing recorded" and
    /// the error.
    pub fn refusal(&self, e: &VerifierError) -> VerdictText {
        self.station_error(e).unwrap_or_else(|| VerdictText {
            headline: self.get("scan-error", &[]),
            hint: self.error(e),
            card: String::new(),
            warning: String::new(),
        })
    }

    /// "UNDONE · Cinema recorded 2026-11-20 14:03": a visit undone at the
    /// venue in `store`.
    pub fn undone(&self, store: &VenueStore, undone: &Undone) -> String {
        self.undo_line("undo-done", store, undone)
    }

    /// Message `id` with the benefit's name and the time of an undone visit.
    fn undo_line(&self, id: &str, store: &VenueStore, undone: &Undone) -> String {
        let benefit = store
            .benefit(shared::CardTypeId(undone.card_type), &undone.benefit)
            .map(|b| shared::model::name_in(&b.names, self.lang.tag()).to_string())
            .unwrap_or_else(|| undone.benefit.clone());
        self.get(id, &[("benefit", &benefit), ("time", &crate::oslo_local(undone.at))])
    }

    /// "UNDO? · Cinema recorded 2026-11-20 14:03": the confirmation of an
    /// undo at `verifier serve`.
    pub fn undo_confirm(&self, store: &VenueStore, undone: &Undone) -> String {
        self.undo_line("undo-confirm", store, undone)
    }

    /// "Card 123-456-789 · recorded 2026-11-20 14:03": which visit an undo
    /// is about, with the card number (as `verifier check` shows it) when
    /// the caller remembers it (`verifier serve`); else "0–13 · recorded
    /// 2026-11-20 14:03", the card type's name: the log holds pseudonyms,
    /// from which no card number can be had.
    pub fn undo_card(&self, store: &VenueStore, undone: &Undone, card: Option<&str>) -> String {
        let time = crate::oslo_local(undone.at);
        match card {
            Some(card) => self.get("undo-card", &[("card", card), ("time", &time)]),
            None => {
                let name = store.bundle().card_type(shared::CardTypeId(undone.card_type)).map_or_else(
                    || undone.card_type.to_string(),
                    |ct| shared::model::name_in(&ct.names, self.lang.tag()).to_string(),
                );
                self.get("undo-card-type", &[("type", &name), ("time", &time)])
            }
        }
    }

    /// When a bundle was issued (Oslo time, `dd.mm.yyyy hh:mm`) and how long
    /// ago, e.g. `("20.11.2026 14:03", "3 h")`.
    pub fn issued_and_age(&self, bundle: &VerifiedBundle, now: Timestamp) -> (String, String) {
        let issued = bundle.body().issued_at;
        let secs = issued.oslo_seconds_of_day();
        let when = format!("{} {:02}:{:02}", issued.oslo_day().display_nb(), secs / 3600, secs / 60 % 60);
        let ago = now.0.saturating_sub(issued.0).max(0);
        let (id, n) = if ago < 2 * 3600 {
            ("age-minutes", ago / 60)
        } else if ago < 2 * 86_400 {
            ("age-hours", ago / 3600)
        } else {
            ("age-days", ago / 86_400)
        };
        let age = self.format(id, &[("n", n.into())]);
        (when, age)
    }

    /// The staff's text for a verdict.
    pub fn verdict(&self, v: &Verdict) -> VerdictText {
        let (headline, hint) = match &v.error {
            None => {
                let names: Vec<&str> = v.benefits.iter().map(|b| b.name.as_str()).collect();
                let companion = if v.benefits.iter().any(|b| b.companion_free) { "yes" } else { "no" };
                (self.get("verdict-valid", &[("benefit", &names.join(" + ")), ("companion", companion)]), String::new())
            }
            Some(e) => self.token_error(e),
        };
        let card = self.card_line(&v.card_number, &v.card_type, &v.valid_from, &v.valid_until);
        VerdictText { headline, hint, card, warning: self.stale(v.stale.as_ref()) }
    }

    /// Headline and hint for a card refusal.
    fn token_error(&self, e: &TokenError) -> (String, String) {
        let date = match e {
            TokenError::Expired(d) | TokenError::NotYetValid(d) => d.display_nb(),
            _ => String::new(),
        };
        let args = [("date", date.as_str())];
        let headline = match e {
            TokenError::Expired(_) => self.get("verdict-expired", &args),
            TokenError::NotYetValid(_) => self.get("verdict-not-yet-valid", &args),
            TokenError::Revoked => self.get("verdict-revoked", &[]),
            TokenError::NotValidHere => self.get("verdict-not-valid-here", &[]),
            TokenError::UnknownKey | TokenError::UnknownCardType | TokenError::UnsupportedVersion(_) => {
                self.get("verdict-unknown", &[])
            }
            TokenError::BadEncoding(_) => self.get("verdict-unreadable", &[]),
            TokenError::BadSignature | TokenError::KeyNotValid | TokenError::ValidityTooLong => {
                self.get("verdict-invalid", &[])
            }
            // The station's problem, not the card's.
            TokenError::RevokedListUnreadable(_) => self.get("verdict-list-unreadable", &[]),
        };
        let hint_id = format!("hint-{}", e.code().replace('_', "-"));
        (headline, self.get(&hint_id, &args))
    }

    fn card_line(
        &self,
        number: &Option<String>,
        card_type: &Option<crate::check::CardTypeInfo>,
        from: &Option<String>,
        until: &Option<String>,
    ) -> String {
        let nb_date =
            |d: &Option<String>| d.as_deref().and_then(|s| Day::parse(s).ok()).map(Day::display_nb).unwrap_or_default();
        match (number, card_type) {
            (Some(n), Some(ct)) => self.get(
                "card-line",
                &[("number", n), ("cardtype", &ct.name), ("from", &nb_date(from)), ("until", &nb_date(until))],
            ),
            _ => String::new(),
        }
    }

    /// The stale-bundle warning line, or an empty string.
    pub fn stale(&self, w: Option<&StaleWarning>) -> String {
        match w {
            Some(w) => self.format("warning-stale", &[("age", w.age_days.into()), ("left", w.days_left.into())]),
            None => String::new(),
        }
    }

    /// A quota as staff read it, e.g. "1 per uke".
    pub fn quota(&self, q: shared::Quota) -> String {
        self.format("quota-limit", &[("count", q.count.into()), ("per", q.per.code().into())])
    }

    /// The staff's text for a redemption.
    pub fn redeem_verdict(&self, v: &RedeemVerdict) -> VerdictText {
        let benefit = v.benefit.as_ref();
        let name = benefit.map(|b| b.name.as_str()).unwrap_or_default();
        let (headline, hint) = match (&v.error, v.valid) {
            (Some(e), _) => self.token_error(e),
            (None, true) => {
                let companion = if benefit.is_some_and(|b| b.companion_free) { "yes" } else { "no" };
                (self.get("verdict-valid", &[("benefit", name), ("companion", companion)]), String::new())
            }
            (None, false) if v.code == crate::redeem::CODE_BUDGET_EXHAUSTED => {
                let b = v.budget.as_ref();
                let (count, portion) = b.map_or((0, 0), |b| (b.count, b.portion));
                let period = b.map(|b| self.budget_period(b)).unwrap_or_default();
                let divided = if count == portion { "no" } else { "yes" };
                let headline = self.format(
                    "verdict-budget-exhausted",
                    &[
                        ("count", count.into()),
                        ("portion", portion.into()),
                        ("divided", divided.into()),
                        ("period", period.into()),
                    ],
                );
                (headline, self.get("hint-budget-exhausted", &[("benefit", name)]))
            }
            (None, false) => {
                let headline = match v.next_day {
                    Some(d) => self.next_day(d, v.today),
                    None => self.get("verdict-used", &[]),
                };
                let limit = v.used_quota.map(|q| self.quota(q)).unwrap_or_default();
                let next = if v.next_day.is_some() { "yes" } else { "no" };
                (headline, self.get("hint-quota-exhausted", &[("benefit", name), ("limit", &limit), ("next", next)]))
            }
        };
        let card = self.card_line(&v.card_number, &v.card_type, &v.valid_from, &v.valid_until);
        let mut warning = self.stale(v.stale.as_ref());
        if let Some(b) = v.budget.as_ref().filter(|_| v.valid) {
            let budget = self.format(
                "warning-budget",
                &[
                    ("used", b.used.into()),
                    ("portion", b.portion.into()),
                    ("left", b.left.into()),
                    ("period", self.budget_period(b).into()),
                ],
            );
            warning = if warning.is_empty() { budget } else { format!("{warning} · {budget}") };
        }
        VerdictText { headline, hint, card, warning }
    }

    /// A budget's current period as staff read it: "2026", "november
    /// 2026", "uka fra 16.11.2026", "20.11.2026".
    pub fn budget_period(&self, b: &crate::redeem::BudgetState) -> String {
        let (y, m, _) = b.from_day.ymd();
        self.format(
            "budget-period",
            &[
                ("per", b.per.into()),
                ("year", y.to_string().into()),
                ("month", m.into()),
                ("from", b.from_day.display_nb().into()),
            ],
        )
    }

    /// "BRUKT · neste gang fra mandag 24.11." (the year only if not `today`'s).
    fn next_day(&self, d: Day, today: Day) -> String {
        const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
        let (y, m, dd) = d.ymd();
        let weekday = WEEKDAYS.get(d.weekday() as usize).copied().unwrap_or("sun");
        let monthname = MONTHS.get(m.saturating_sub(1) as usize).copied().unwrap_or("dec");
        let sameyear = if y == today.year() { "yes" } else { "no" };
        self.get(
            "verdict-used-next",
            &[
                ("weekday", weekday),
                ("day", &dd.to_string()),
                ("month", &m.to_string()),
                ("monthname", monthname),
                ("year", &y.to_string()),
                ("sameyear", sameyear),
            ],
        )
    }

    /// Headline and hint for a refusal of the station itself (clock behind,
    /// bundle too old), or `None` for other errors.
    pub fn station_error(&self, e: &VerifierError) -> Option<VerdictText> {
        let (headline, hint) = match e {
            VerifierError::ClockBehind { now, seen, behind_minutes } => (
                self.get("verdict-clock-behind", &[]),
                self.format(
                    "hint-clock-behind",
                    &[
                        ("now", now.as_str().into()),
                        ("seen", seen.as_str().into()),
                        ("minutes", (*behind_minutes).into()),
                    ],
                ),
            ),
            VerifierError::BundleTooOld { age_days, refuse_days } => (
                self.get("verdict-bundle-too-old", &[]),
                self.format("hint-bundle-too-old", &[("age", (*age_days).into()), ("limit", (*refuse_days).into())]),
            ),
            VerifierError::RevokedListUnreadable(_) => {
                (self.get("verdict-list-unreadable", &[]), self.get("hint-revoked-list-unreadable", &[]))
            }
            _ => return None,
        };
        Some(VerdictText { headline, hint, card: String::new(), warning: String::new() })
    }

    /// One line of `verifier report`: "2026-11-20  0–13 år · Kino: 2 besøk
    /// + 2 ledsagere" (plural forms by the numbers).
    pub fn report_row(&self, day: &str, cardtype: &str, benefit: &str, count: u64, companions: u64) -> String {
        self.format(
            "report-row",
            &[
                ("day", day.into()),
                ("cardtype", cardtype.into()),
                ("benefit", benefit.into()),
                ("count", count.into()),
                ("companions", companions.into()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_parsed_alone_formats_as_in_its_file() {
        let args: Vec<(&str, FluentValue<'_>)> = ["count", "rows", "days", "n", "name", "venue", "version", "age"]
            .into_iter()
            .map(|name| (name, FluentValue::from(2)))
            .collect();
        for lang in Lang::ALL {
            let whole = webkit::fluent::Messages::new(lang.tag(), [Resource::parse(source(lang))]);
            let ids: Vec<&str> = source(lang)
                .lines()
                .filter_map(|line| line.split_once(" =").map(|(id, _)| id))
                .filter(|id| id.starts_with(|c: char| c.is_ascii_alphabetic()) && !id.contains(' '))
                .collect();
            assert!(ids.len() >= MESSAGE_IDS.len(), "{lang:?}: {} ids", ids.len());
            let alone = Messages::load(lang);
            for id in ids.iter().chain(MESSAGE_IDS).chain(ERROR_MESSAGE_IDS) {
                assert!(whole.has(id), "{lang:?}: {id}");
                for args in [&args[..], &[]] {
                    assert_eq!(alone.format(id, args), whole.format(id, args), "{lang:?}: {id}");
                }
            }
        }
        // A message's lines end where the next entry or comment starts.
        let source =
            "a = A\n    on two lines\n\nb = { $n ->\n[one] one\n*[other] more\n}\n    .title = T\n# c\nab = AB\n";
        assert_eq!(entry(source, "a"), Some("a = A\n    on two lines\n\n"));
        assert_eq!(entry(source, "b"), Some("b = { $n ->\n[one] one\n*[other] more\n}\n    .title = T\n"));
        assert_eq!(entry(source, "ab"), Some("ab = AB\n"));
        assert_eq!(entry(source, "c"), None);
    }

    #[test]
    fn every_message_exists_in_every_language() {
        for lang in Lang::ALL {
            let res = Resource::try_parse(source(lang));
            assert!(res.is_ok(), "{lang:?}: {:?}", res.err());
            let m = Messages::of(lang);
            for id in MESSAGE_IDS.iter().chain(ERROR_MESSAGE_IDS) {
                assert!(m.has(id), "{lang:?} lacks {id}");
            }
        }
        // Every hint the code can ask for is listed.
        for code in [
            "bad_encoding",
            "unsupported_version",
            "unknown_key",
            "bad_signature",
            "key_not_valid",
            "unknown_card_type",
            "validity_too_long",
            "revoked",
            "expired",
            "not_yet_valid",
            "not_valid_here",
        ] {
            let id = format!("hint-{}", code.replace('_', "-"));
            assert!(MESSAGE_IDS.contains(&id.as_str()), "{id}");
        }
    }

    #[test]
    fn an_unreadable_code_is_not_called_a_fake_card() {
        let garbled = TokenError::BadEncoding(shared::EncodingError::InvalidCharacter);
        let (nb, en) = (Messages::of(Lang::Nb), Messages::of(Lang::En));
        let (headline, hint) = nb.token_error(&garbled);
        assert_eq!(headline, "KODEN KUNNE IKKE LESES");
        assert_eq!(
            hint,
            "Skru opp lysstyrken på telefonen, hold koden i ro, eller bruk det trykte kortet. Går det fortsatt \
             ikke, kan kortet være skadet: be familien kontakte den som delte ut kortet."
        );
        assert_eq!(en.token_error(&garbled).0, "COULD NOT READ THE CODE");
        assert!(en.token_error(&garbled).1.starts_with("Turn up the phone's brightness, hold the code still"));
        // A forged or altered card keeps the "not a valid card" answer.
        assert_eq!(nb.token_error(&TokenError::BadSignature).0, "UGYLDIG KORT");
        assert_eq!(en.token_error(&TokenError::BadSignature).0, "INVALID CARD");
        assert_eq!(nb.token_error(&TokenError::BadSignature).1, "Kortet er ikke ekte eller er skadet.");
    }

    #[test]
    fn formatting_with_arguments() {
        let m = Messages::of(Lang::Nb);
        assert_eq!(
            m.get("verdict-valid", &[("benefit", "Kino"), ("companion", "yes")]),
            "GYLDIG · Kino · 1 barn + 1 ledsager"
        );
        assert_eq!(m.get("verdict-valid", &[("benefit", "Kino"), ("companion", "no")]), "GYLDIG · Kino");
        assert_eq!(m.get("verdict-expired", &[("date", "31.12.2026")]), "UTLØPT 31.12.2026");
        let m = Messages::of(Lang::En);
        assert_eq!(m.get("verdict-revoked", &[]), "BLOCKED");
    }

    #[test]
    fn plurals_come_from_the_numbers() {
        let (nb, en) = (Messages::of(Lang::Nb), Messages::of(Lang::En));
        assert_eq!(nb.report_row("2026-11-20", "T", "Kino", 1, 0), "2026-11-20  T · Kino: 1 besøk");
        assert_eq!(nb.report_row("2026-11-20", "T", "Kino", 2, 1), "2026-11-20  T · Kino: 2 besøk + 1 ledsager");
        assert_eq!(nb.report_row("2026-11-20", "T", "Kino", 2, 2), "2026-11-20  T · Kino: 2 besøk + 2 ledsagere");
        assert_eq!(en.report_row("2026-11-20", "T", "Cinema", 1, 0), "2026-11-20  T · Cinema: 1 visit");
        assert_eq!(en.report_row("2026-11-20", "T", "Cinema", 3, 3), "2026-11-20  T · Cinema: 3 visits + 3 companions");
        let sent =
            |m: &Messages, rows: u64| m.format("report-sent", &[("month", "2026-11".into()), ("rows", rows.into())]);
        assert_eq!(sent(en, 1), "Usage report 2026-11: sent, 1 row.");
        assert_eq!(sent(en, 12), "Usage report 2026-11: sent, 12 rows.");
        assert_eq!(sent(nb, 0), "Bruksrapport 2026-11: sendt, 0 rader.");
        assert_eq!(en.format("age-days", &[("n", 4_194_304.into())]), "4194304 d");
        assert_eq!(
            en.format("settings-limits", &[("warn", 7u32.into()), ("refuse", 30u32.into())]),
            "Trust bundle age: warn from 7 days, refuse cards from 30 days (change with --stale-warn-days N \
             --stale-refuse-days N)."
        );
        assert_eq!(
            en.format("settings-old", &[("version", 12u64.into()), ("age", 8u32.into())]),
            "The installed bundle (version 12) is 8 days old: run `verifier update`."
        );
    }

    #[test]
    fn languages_by_tag() {
        assert_eq!("nb".parse(), Ok(Lang::Nb));
        assert_eq!("EN".parse(), Ok(Lang::En));
        assert_eq!("de".parse::<Lang>(), Err(UnknownLang("de".into())));
        for lang in Lang::ALL {
            assert_eq!(lang.tag().parse(), Ok(lang));
        }
    }
}
