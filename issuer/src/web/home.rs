//! The administrator's navigation (one list of the admin areas on every
//! page an administrator sees, the current area marked) and the words of
//! the start page's to-do list and status lines. The rules of what needs
//! doing are [`crate::admin_status`]'s.

use super::ctx::Ctx;
use crate::accounts::Role;
use crate::admin_status::{Status, Todo};
use crate::i18n::Messages;

/// The admin areas in the navigation: link, label's message id, and the
/// path prefixes of the pages that belong to it (its sub-pages and forms).
/// The start page is the header's first link (marked as the current page
/// there), so it is not repeated here.
const AREAS: [(&str, &str, &[&str]); 9] = [
    ("/admin/staff", "nav-staff", &["/admin/staff", "/admin/agencies", "/admin/users"]),
    (
        "/admin/catalogue",
        "nav-catalogue",
        &["/admin/catalogue", "/admin/venues", "/admin/card-types", "/admin/benefits"],
    ),
    ("/admin/scheme", "nav-scheme", &["/admin/scheme"]),
    ("/admin/venue-setup", "nav-venue-setup", &["/admin/venue-setup"]),
    ("/admin/venue-keys", "nav-venue-keys", &["/admin/venue-keys"]),
    ("/admin/usage", "nav-usage", &["/admin/usage"]),
    ("/admin/texts", "nav-texts", &["/admin/texts"]),
    ("/admin/activity", "nav-activity", &["/admin/activity", "/admin/keys"]),
    ("/block", "nav-block", &["/block"]),
];

/// A link of the admin navigation.
#[derive(Debug)]
pub struct AreaLink {
    pub(crate) href: &'static str,
    pub(crate) label: String,
    pub(crate) current: bool,
}

/// Whether `path` is a page of the area at `href` with `prefixes`.
fn in_area(path: &str, href: &str, prefixes: &[&str]) -> bool {
    path == href
        || prefixes.iter().any(|p| path == *p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')))
}

/// The admin navigation for this request: the areas when an administrator
/// (who need not change their password first) is logged in, else none.
pub fn admin_areas(ctx: &Ctx) -> Vec<AreaLink> {
    match &ctx.user {
        Some(u) if u.role == Role::Admin && !u.must_change_password => AREAS
            .iter()
            .map(|(href, id, prefixes)| AreaLink {
                href,
                label: ctx.t.get(id),
                current: in_area(&ctx.path, href, prefixes),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The label's message id of the area at `href` (the start page's when
/// none).
pub fn area_label(href: &str) -> &'static str {
    AREAS.iter().find(|(h, _, _)| *h == href).map_or("nav-home", |(_, id, _)| id)
}

/// A month as the pages name it ("november 2026").
fn month_name(t: &Messages, month: shared::Month) -> String {
    format!("{} {}", t.get(&format!("month-{}", month.number())), month.year())
}

/// What the start page says of `todo`.
pub fn todo_text(ctx: &Ctx, todo: &Todo) -> String {
    let t = ctx.t;
    match todo {
        Todo::VenueKeysWaiting { count } => {
            t.format("home-todo-venue-keys", &[("count", webkit::fluent::FluentValue::from(*count as i64))])
        }
        Todo::VenuesNotSetUp { venues } => t.get_with("home-todo-not-set-up", &[("venues", &venues.join(", "))]),
        Todo::NotReported { month, venues } => {
            t.get_with("home-todo-not-reported", &[("month", &month_name(t, *month)), ("venues", &venues.join(", "))])
        }
        Todo::NeverReported { venues } => t.get_with("home-todo-never-reported", &[("venues", &venues.join(", "))]),
        Todo::BudgetLow { venue, benefit, left, full } => {
            let args = [("venue", venue.as_str()), ("benefit", benefit.as_str())];
            if *full {
                t.get_with("usage-budget-full", &args)
            } else {
                t.get_with("usage-budget-warn", &[args[0], args[1], ("left", &left.to_string())])
            }
        }
        Todo::NoSigningKey => t.get("home-todo-no-signing-key"),
        Todo::SigningKeyEnds { until, days_left } => t.get_with(
            "home-todo-signing-key-ends",
            &[("until", &until.display_nb()), ("days", &days_left.to_string())],
        ),
        Todo::Delegation(w) => crate::backup::root_key::warning_text(*w, ctx.lang),
        Todo::NoCaseworker => t.get("home-todo-no-caseworker"),
        Todo::NoContact => t.get("home-todo-no-contact"),
    }
}

/// The status lines: the bundle venues should have, and how many venues
/// have a station.
pub fn status_lines(t: &Messages, status: &Status) -> Vec<String> {
    let bundle = match status.bundle {
        Some((version, at)) => {
            t.get_with("home-status-bundle", &[("version", &version.to_string()), ("when", &super::admin::when(at))])
        }
        None => t.get("home-status-no-bundle"),
    };
    let venues = t.get_with(
        "home-status-venues",
        &[("set_up", &status.venues_set_up.to_string()), ("venues", &status.venues.to_string())],
    );
    vec![bundle, venues]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_pages_belong_to_their_area_and_no_page_to_two() {
        let area = |path: &str| {
            AREAS.iter().filter(|(href, _, prefixes)| in_area(path, href, prefixes)).map(|a| a.0).collect::<Vec<_>>()
        };
        assert!(area("/").is_empty());
        assert_eq!(area("/admin/venues/edit"), ["/admin/catalogue"]);
        assert_eq!(area("/admin/card-types/duplicate-check"), ["/admin/catalogue"]);
        assert_eq!(area("/admin/texts/review"), ["/admin/texts"]);
        assert_eq!(area("/admin/usage"), ["/admin/usage"]);
        assert_eq!(area("/admin/venue-keys"), ["/admin/venue-keys"]);
        assert_eq!(area("/admin/venue-setup"), ["/admin/venue-setup"]);
        assert_eq!(area("/admin/keys/rotate-signing"), ["/admin/activity"]);
        assert!(area("/admin/usagex").is_empty());
        assert!(area("/account/password").is_empty());
    }
}
