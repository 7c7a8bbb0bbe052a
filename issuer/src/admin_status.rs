//! What the administrator's start page says needs doing, and the status
//! beside it: each rule here, read from the store; the page
//! ([`crate::web::pages::home`]) only words and links them.
//!
//! A to-do item appears only while it applies, and goes when it is done:
//!
//! - venue keys waiting for approval (from before registration codes);
//! - venues with no set-up code and no station (no approved key) yet;
//! - venues set up before this month that sent no report covering the
//!   last complete month, and venues set up since that never sent one;
//! - ticket budgets at 80 % or more used ([`crate::usage_budgets`]'s rule,
//!   with its small-cell suppression: a hidden count warns of nothing);
//! - no signing key for today, or the current one ending within
//!   [`SIGNING_KEY_WARN_DAYS`] (cards cannot be issued after that);
//! - the root key away and its delegation ending, ended or missing
//!   ([`keys::KeyRing::delegation_warning`], the rule `issuer serve` and the
//!   activity page warn by).
//!
//! Nothing here is about a card or a person: counts of keys, venues and
//! visits, and dates.

use crate::cells::Threshold;
use crate::db::DbError;
use crate::i18n::Messages;
use crate::store::Store;
use crate::usage::{KeyStatus, UsageError};
use keys::DelegationWarning;
use shared::{Day, Month, Timestamp};

/// From how many days before the current signing key's window ends the
/// start page says to start a new one: the delegation's warning time
/// ([`keys::DELEGATION_WARN_DAYS`]).
pub const SIGNING_KEY_WARN_DAYS: i64 = keys::DELEGATION_WARN_DAYS;

/// One thing that needs doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Todo {
    /// Venue keys wait for an administrator's approval.
    VenueKeysWaiting {
        /// How many.
        count: usize,
    },
    /// Venues with neither a set-up code made nor an approved key: no
    /// station checks cards there yet.
    VenuesNotSetUp {
        /// Their names, in catalogue order.
        venues: Vec<String>,
    },
    /// Venues set up before `month` ended that sent no report covering it.
    NotReported {
        /// The last complete month.
        month: Month,
        /// Their names, in catalogue order.
        venues: Vec<String>,
    },
    /// Venues set up in the current month that never sent a report.
    NeverReported {
        /// Their names, in catalogue order.
        venues: Vec<String>,
    },
    /// A venue's ticket budget is 80 % or more used.
    BudgetLow {
        /// The venue's name.
        venue: String,
        /// The offer's name.
        benefit: String,
        /// Visits left in the period.
        left: u64,
        /// All used: stations refuse the offer until the next period.
        full: bool,
    },
    /// No signing key is valid today: no card can be issued.
    NoSigningKey,
    /// The current signing key signs cards only until `until`.
    SigningKeyEnds {
        /// Its last issue day.
        until: Day,
        /// Whole days from today.
        days_left: i64,
    },
    /// The root key is away and its delegation to the bundle key ends
    /// soon, has ended, or is missing.
    Delegation(DelegationWarning),
    /// No active caseworker: nobody can issue cards yet (a new scheme).
    NoCaseworker,
    /// The scheme has no contact details: families see nobody to ask.
    NoContact,
}

impl Todo {
    /// Where it is done.
    pub fn link(&self) -> &'static str {
        match self {
            Todo::VenueKeysWaiting { .. } => "/admin/venue-keys",
            Todo::VenuesNotSetUp { .. } => "/admin/venue-setup",
            Todo::NotReported { .. } | Todo::NeverReported { .. } | Todo::BudgetLow { .. } => "/admin/usage",
            Todo::NoSigningKey | Todo::SigningKeyEnds { .. } | Todo::Delegation(_) => "/admin/activity",
            Todo::NoCaseworker => "/admin/staff",
            Todo::NoContact => "/admin/scheme",
        }
    }

    /// A stable name for the page (an element id) and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Todo::VenueKeysWaiting { .. } => "venue-keys",
            Todo::VenuesNotSetUp { .. } => "not-set-up",
            Todo::NotReported { .. } => "not-reported",
            Todo::NeverReported { .. } => "never-reported",
            Todo::BudgetLow { .. } => "budget",
            Todo::NoSigningKey | Todo::SigningKeyEnds { .. } => "signing-key",
            Todo::Delegation(_) => "root-key",
            Todo::NoCaseworker => "no-caseworker",
            Todo::NoContact => "no-contact",
        }
    }
}

/// The status beside the to-do list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What needs doing, most urgent kinds first.
    pub todos: Vec<Todo>,
    /// The bundle venues should have now: its version and when it was
    /// signed (`None` before the first).
    pub bundle: Option<(u64, Timestamp)>,
    /// Venues with at least one approved key (a station set up).
    pub venues_set_up: usize,
    /// Venues in the catalogue.
    pub venues: usize,
}

/// Why the status could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    /// The database.
    #[error(transparent)]
    Db(#[from] DbError),
    /// Reading the usage reports.
    #[error(transparent)]
    Usage(#[from] UsageError),
}

/// What needs doing and how things stand at `now`, budgets counted with
/// `threshold` ([`crate::cells`]); offer names in `t`'s language.
pub fn status(store: &Store, now: Timestamp, t: &Messages, threshold: Threshold) -> Result<Status, StatusError> {
    let today = now.oslo_day();
    let mut todos = Vec::new();
    todos.extend(key_todos(store, now, today));
    let staff = store.accounts().staff_accounts()?;
    if !staff.iter().any(|a| a.active && a.role == crate::accounts::Role::Caseworker) {
        todos.push(Todo::NoCaseworker);
    }
    let keys = store.usage().venue_keys(now)?;
    let pending = keys.iter().filter(|k| k.status == KeyStatus::Pending).count();
    if pending > 0 {
        todos.push(Todo::VenueKeysWaiting { count: pending });
    }
    let cat = store.catalogue();
    // When each venue's first approved key arrived: its station's set-up.
    let set_up = |venue: &str| {
        keys.iter().filter(|k| k.venue_id == venue && k.status == KeyStatus::Approved).map(|k| k.received_at).min()
    };
    let codes = store.usage().venues_with_setup_codes()?;
    let not_set_up: Vec<String> = cat
        .venues
        .iter()
        .filter(|v| !keys.iter().any(|k| k.venue_id == v.id) && !codes.contains(&v.id))
        .map(|v| v.name.clone())
        .collect();
    if !not_set_up.is_empty() {
        todos.push(Todo::VenuesNotSetUp { venues: not_set_up });
    }
    let this_month = Month::of(today);
    let month_start = this_month.days().0.oslo_midnight();
    if let Some(last) = this_month.previous() {
        let (from, until) = last.days();
        let seen = store.usage().reports_seen(from, until)?;
        let (mut missing, mut never) = (Vec::new(), Vec::new());
        for v in &cat.venues {
            let Some(since) = set_up(&v.id) else { continue };
            let report = seen.iter().find(|s| s.venue_id == v.id);
            if since < month_start {
                if !report.is_some_and(|s| s.covers) {
                    missing.push(v.name.clone());
                }
            } else if report.is_none() {
                never.push(v.name.clone());
            }
        }
        if !missing.is_empty() {
            todos.push(Todo::NotReported { month: last, venues: missing });
        }
        if !never.is_empty() {
            todos.push(Todo::NeverReported { venues: never });
        }
    }
    for line in crate::usage_budgets::budget_lines(store, today, t, threshold)? {
        if let (true, Some(left)) = (line.warn || line.full, line.left.count()) {
            todos.push(Todo::BudgetLow { venue: line.venue, benefit: line.benefit, left, full: line.full });
        }
    }
    if cat.contact.is_none() {
        todos.push(Todo::NoContact);
    }
    let venues_set_up = cat.venues.iter().filter(|v| set_up(&v.id).is_some()).count();
    Ok(Status { todos, bundle: store.bundles().latest_published()?, venues_set_up, venues: cat.venues.len() })
}

/// The keys' items: the signing key for today, the root key's delegation.
fn key_todos(store: &Store, now: Timestamp, today: Day) -> Vec<Todo> {
    let ring = store.ring();
    let until = ring
        .signing_keys()
        .iter()
        .filter(|k| k.valid_from <= today && today <= k.valid_until)
        .map(|k| k.valid_until)
        .max();
    let mut todos = Vec::new();
    match until {
        None => todos.push(Todo::NoSigningKey),
        Some(until) => {
            let days_left = i64::from(until.0) - i64::from(today.0);
            if days_left < SIGNING_KEY_WARN_DAYS {
                todos.push(Todo::SigningKeyEnds { until, days_left });
            }
        }
    }
    if let Some(w) = ring.delegation_warning(now) {
        todos.push(Todo::Delegation(w));
    }
    todos
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::Role;
    use crate::i18n::Lang;
    use shared::ed25519_dalek::SigningKey;
    use shared::model::{Period, SchemeContact, VenueBudget};
    use shared::report::{REPORT_FORMAT, ReportBody, ReportRow, report_id, sign_report, verify_report};
    use shared::{CardTypeId, Fingerprint};

    /// 5 December 2026, noon in Oslo.
    fn day(m: u32, d: u32) -> Day {
        Day::from_ymd(2026, m, d).unwrap()
    }

    fn at(m: u32, d: u32) -> Timestamp {
        Timestamp(day(m, d).oslo_midnight().0 + 12 * 3600)
    }

    fn now() -> Timestamp {
        at(12, 5)
    }

    fn todos(store: &Store, now: Timestamp) -> Vec<Todo> {
        let t = Messages::of(Lang::En);
        status(store, now, t, Threshold::new(5).unwrap()).unwrap().todos
    }

    /// Register `key` for `venue` at `when` with a new set-up code's
    /// registration code, as a station does.
    fn set_up(store: &Store, venue: &str, key: &SigningKey, when: Timestamp) {
        let (code, _) = store.usage().new_registration(venue, "anne", when).unwrap();
        store.usage().register_venue_key(venue, &key.verifying_key().to_bytes(), Some(&code), when).unwrap();
    }

    /// A report of `venue` for month `m` with `visits` visits of `benefit`.
    fn report(store: &Store, key: &SigningKey, venue: &str, m: u32, benefit: &str, visits: u32) {
        let (from, until) = Month::new(2026, m).unwrap().days();
        let body = ReportBody {
            format: REPORT_FORMAT,
            venue_id: venue.into(),
            report_id: report_id(venue, from, until),
            from,
            until,
            generated_at: now(),
            rows: (visits > 0)
                .then(|| ReportRow {
                    day: from,
                    benefit: benefit.into(),
                    card_type: CardTypeId(1),
                    count: visits,
                    companions: 0,
                })
                .into_iter()
                .collect(),
        };
        let verified = verify_report(&sign_report(key, &body), now()).unwrap();
        store.usage().store_report(&verified, now()).unwrap();
    }

    #[test]
    fn each_item_appears_while_it_applies_and_goes_when_done() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::init(&tmp.path().join("issuer"), at(11, 1)).unwrap();
        // Two venues: the cinema and the swimming hall.
        let keep = ["bolgen-kino", "larvik-svommehall"];
        let others: Vec<String> =
            store.catalogue().venues.iter().map(|v| v.id.clone()).filter(|id| !keep.contains(&id.as_str())).collect();
        crate::catalogue::apply(&mut store, "anne", at(11, 1), |d| {
            others.iter().try_for_each(|id| d.remove_venue(id).map(|_| ()))
        })
        .unwrap();
        let cat = store.catalogue().clone();
        let names =
            |ids: &[&str]| -> Vec<String> { ids.iter().map(|id| cat.venue(id).unwrap().name.clone()).collect() };
        let status0 = status(&store, now(), Messages::of(Lang::En), Threshold::default()).unwrap();
        assert_eq!(status0.todos, [Todo::NoCaseworker, Todo::VenuesNotSetUp { venues: names(&keep) }, Todo::NoContact]);
        assert_eq!(status0.bundle.map(|(v, _)| v), Some(1), "the change was published");
        assert_eq!((status0.venues_set_up, status0.venues), (0, 2));
        // A new scheme's first things: a caseworker (an administrator does
        // not count; a deactivated caseworker would not) and a contact.
        let accounts = store.accounts();
        let agency = accounts.create_agency("NAV Larvik", "anne", now()).unwrap();
        let kari = crate::accounts::NewCredentials::new("kari", "otter kettle 93 saffron").unwrap();
        let kari = accounts.create_user(&kari, Role::Caseworker, Some(agency), "anne", now()).unwrap();
        assert_eq!(todos(&store, now()), [Todo::VenuesNotSetUp { venues: names(&keep) }, Todo::NoContact]);
        store.accounts().set_user_active(kari, false, None, "anne", now()).unwrap();
        assert_eq!(todos(&store, now())[0], Todo::NoCaseworker);
        store.accounts().set_user_active(kari, true, None, "anne", now()).unwrap();
        let contact = SchemeContact { email: "aktivitetskort@larvik.kommune.no".into(), ..Default::default() };
        crate::catalogue::apply(&mut store, "anne", now(), |d| d.set_scheme("Aktivitetskort Larvik", contact)).unwrap();
        assert_eq!(todos(&store, now()), [Todo::VenuesNotSetUp { venues: names(&keep) }]);

        // The cinema's station was set up in November and sent nothing for
        // November; the swimming hall has a set-up code, not used yet.
        let cinema = SigningKey::from_bytes(&[1; 32]);
        set_up(&store, "bolgen-kino", &cinema, at(11, 10));
        store.usage().new_registration("larvik-svommehall", "anne", now()).unwrap();
        let november = Month::new(2026, 11).unwrap();
        assert_eq!(todos(&store, now()), [Todo::NotReported { month: november, venues: names(&["bolgen-kino"]) }]);
        // A report for December does not cover November.
        report(&store, &cinema, "bolgen-kino", 12, "kino", 0);
        assert_eq!(todos(&store, now()), [Todo::NotReported { month: november, venues: names(&["bolgen-kino"]) }]);
        report(&store, &cinema, "bolgen-kino", 11, "kino", 0);
        assert_eq!(todos(&store, now()), []);

        // The swimming hall's station, set up this month, never reported.
        let pool = SigningKey::from_bytes(&[2; 32]);
        set_up(&store, "larvik-svommehall", &pool, at(12, 2));
        assert_eq!(todos(&store, now()), [Todo::NeverReported { venues: names(&["larvik-svommehall"]) }]);
        report(&store, &pool, "larvik-svommehall", 12, "svomming", 0);
        let s = status(&store, now(), Messages::of(Lang::En), Threshold::default()).unwrap();
        assert_eq!((s.todos.as_slice(), s.venues_set_up), ([].as_slice(), 2));

        // A key waiting from before registration codes, until approved.
        let legacy = SigningKey::from_bytes(&[3; 32]);
        let fp = Fingerprint::of(&legacy.verifying_key().to_bytes());
        store
            .db()
            .conn()
            .execute(
                "INSERT INTO venue_key (fingerprint, venue_id, public_key, status, received_at)
                 VALUES (?1, 'bolgen-kino', ?2, 'pending', ?3)",
                rusqlite::params![fp.to_string(), legacy.verifying_key().to_bytes().as_slice(), now().0],
            )
            .unwrap();
        assert_eq!(todos(&store, now()), [Todo::VenueKeysWaiting { count: 1 }]);
        store.usage().approve_venue_key(&fp, "anne", now()).unwrap();
        assert_eq!(todos(&store, now()), []);

        // A budget of 10 cinema visits a month: 9 used warns, 10 is full.
        let budget = VenueBudget { benefit: "kino".into(), count: 10, per: Period::Month };
        crate::catalogue::apply(&mut store, "anne", now(), |d| d.set_budget("bolgen-kino", budget)).unwrap();
        assert_eq!(todos(&store, now()), []);
        report(&store, &cinema, "bolgen-kino", 12, "kino", 9);
        let cinema_name = names(&["bolgen-kino"]).remove(0);
        let low = |left, full| Todo::BudgetLow { venue: cinema_name.clone(), benefit: "Cinema".into(), left, full };
        assert_eq!(todos(&store, now()), [low(1, false)]);
        report(&store, &cinema, "bolgen-kino", 12, "kino", 10);
        assert_eq!(todos(&store, now()), [low(0, true)]);
        // Under a threshold of 20, 10 visits are a small count: no warning.
        let t = Messages::of(Lang::En);
        assert_eq!(status(&store, now(), t, Threshold::new(20).unwrap()).unwrap().todos, []);
    }

    #[test]
    fn the_signing_key_and_the_root_keys_delegation_warn_before_they_end() {
        let tmp = tempfile::tempdir().unwrap();
        let start = at(11, 1);
        let mut store = Store::init(&tmp.path().join("issuer"), start).unwrap();
        let keys_of = |todos: Vec<Todo>| -> Vec<Todo> {
            todos.into_iter().filter(|t| matches!(t.kind(), "signing-key" | "root-key")).collect()
        };
        let until = store.ring().signing_keys()[0].valid_until;
        let days_before = |n: u32| Timestamp(Day(until.0 - n).oslo_midnight().0 + 3600);
        assert_eq!(keys_of(todos(&store, days_before(90))), []);
        assert_eq!(keys_of(todos(&store, days_before(89))), [Todo::SigningKeyEnds { until, days_left: 89 }]);
        let after = Timestamp(until.plus(1).oslo_midnight().0 + 3600);
        assert_eq!(keys_of(todos(&store, after)), [Todo::NoSigningKey]);
        // A new signing key: no warning.
        store.keys().rotate_signing("anne", days_before(30)).unwrap();
        assert_eq!(keys_of(todos(&store, days_before(30))), []);

        // The root key taken off the server: its delegation warns in its
        // last 90 days, as on the activity page.
        let secret = store.ring().root_secret().unwrap();
        store.keys().remove_root(&secret, "anne", start).unwrap();
        let (_, end) = store.ring().delegation_window().unwrap();
        let soon = Timestamp(end.0 - 10 * 86_400);
        let warning = store.ring().delegation_warning(soon).unwrap();
        assert!(matches!(warning, DelegationWarning::EndsSoon { days_left: 10, .. }), "{warning:?}");
        assert!(keys_of(todos(&store, soon)).contains(&Todo::Delegation(warning)));
        assert_eq!(Todo::Delegation(warning).link(), "/admin/activity");
    }
}
