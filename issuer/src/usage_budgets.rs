//! Ticket budgets on the usage page (SPEC §11.11): per venue and offer, the
//! budget of the period that contains today, how much of it the venue's
//! stations have reported used, and what is left, with a warning from
//! [`ADMIN_WARN_PERCENT`] used so that the municipality can buy more
//! tickets before children are turned away.
//!
//! "Used" is the venue's total for the offer over the budget's period: the
//! visits of every station of the venue (every venue key), every card type
//! and day, from the stored usage reports. Nothing finer is shown. The
//! small-cell rule of [`crate::cells`] applies to it as to any count of
//! visits: a count from 1 to threshold − 1 shows as `< threshold`, and then
//! "left" (the budget minus it) and the warning are not shown either
//! (`docs/PRIVACY.md`, "Ticket budgets").

use crate::cells::{Shown, Threshold};
use crate::i18n::Messages;
use crate::store::Store;
use crate::usage::{UsageError, UsageRow};
use shared::Day;
use shared::budget::{ADMIN_WARN_PERCENT, period_of, warns};
use shared::model::{Catalogue, name_in};

/// One budget of one venue as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    /// Venue id.
    pub venue_id: String,
    /// The venue's name.
    pub venue: String,
    /// The offer's name (of the first card type that gives it there).
    pub benefit: String,
    /// The budget, e.g. `100 / år`.
    pub budget: String,
    /// The budget's count.
    pub count: u32,
    /// The current period, `dd.mm.yyyy–dd.mm.yyyy`.
    pub period: String,
    /// Visits reported in the period (suppressed when small).
    pub used: Shown,
    /// The budget minus `used` (hidden when `used` is).
    pub left: Shown,
    /// `used` is shown and at least 80 % of the budget.
    pub warn: bool,
    /// `used` is shown and at least the budget.
    pub full: bool,
    /// The administrator's warning when `warn`: used up, or how many are
    /// left.
    pub warning: Option<String>,
}

/// The name of offer `benefit` at `venue`, from the first card type that
/// gives it there (the id when none does).
fn offer_name(cat: &Catalogue, venue: &str, benefit: &str, lang: &str) -> String {
    cat.card_types
        .iter()
        .find_map(|ct| ct.benefits_at(venue).find(|b| b.id == benefit))
        .map_or_else(|| benefit.to_string(), |b| name_in(&b.names, lang).to_string())
}

/// The venue's visits of `benefit` (every card type) in `from ..= until`.
pub fn used_in(rows: &[UsageRow], venue: &str, benefit: &str, from: Day, until: Day) -> u64 {
    rows.iter()
        .filter(|r| r.venue_id == venue && r.benefit == benefit && r.day >= from && r.day <= until)
        .map(|r| r.visits)
        .sum()
}

/// Every budget of the catalogue in `store` as it stands on `today`, its
/// counts suppressed below `threshold`.
pub fn budget_lines(
    store: &Store,
    today: Day,
    t: &Messages,
    threshold: Threshold,
) -> Result<Vec<BudgetLine>, UsageError> {
    let cat = store.catalogue();
    let periods: Vec<(Day, Day)> =
        cat.venues.iter().flat_map(|v| &v.budgets).filter_map(|b| period_of(b.per, today)).collect();
    let (Some(first), Some(last)) = (periods.iter().map(|p| p.0).min(), periods.iter().map(|p| p.1).max()) else {
        return Ok(Vec::new());
    };
    let rows = store.usage().usage_rows(first, last)?;
    Ok(lines(cat, &rows, today, t, threshold))
}

/// [`budget_lines`] from the usage rows already read.
pub fn lines(cat: &Catalogue, rows: &[UsageRow], today: Day, t: &Messages, threshold: Threshold) -> Vec<BudgetLine> {
    let lang = t.lang().tag();
    let mut out = Vec::new();
    for v in &cat.venues {
        for b in &v.budgets {
            let Some((from, until)) = period_of(b.per, today) else { continue };
            let used = used_in(rows, &v.id, &b.benefit, from, until);
            let shown = threshold.is_small(used).then_some(Shown::Small { below: threshold.get() });
            let used_shown = shown.unwrap_or(Shown::Count(used));
            let left = match used_shown {
                Shown::Count(n) => Shown::Count(u64::from(b.count).saturating_sub(n)),
                _ => Shown::Hidden,
            };
            let visible = used_shown.count();
            let used32 = visible.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
            let benefit = offer_name(cat, &v.id, &b.benefit, lang);
            let warn = used32.is_some_and(|n| warns(n, b.count, ADMIN_WARN_PERCENT));
            let full = used32.is_some_and(|n| n >= b.count);
            let args = [("venue", v.name.as_str()), ("benefit", benefit.as_str())];
            let warning = if full {
                Some(t.get_with("usage-budget-full", &args))
            } else if warn {
                let left = left.to_string();
                Some(t.get_with("usage-budget-warn", &[args[0], args[1], ("left", left.as_str())]))
            } else {
                None
            };
            out.push(BudgetLine {
                venue_id: v.id.clone(),
                venue: v.name.clone(),
                benefit,
                budget: format!("{} / {}", b.count, t.get(&format!("period-{}", b.per.code()))),
                count: b.count,
                period: format!("{}–{}", from.display_nb(), until.display_nb()),
                used: used_shown,
                left,
                warn,
                full,
                warning,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::CardTypeId;
    use shared::model::{Period, VenueBudget};

    fn row(venue: &str, day: Day, benefit: &str, card_type: u16, visits: u64) -> UsageRow {
        UsageRow {
            venue_id: venue.into(),
            day,
            card_type: CardTypeId(card_type),
            benefit: benefit.into(),
            visits,
            companions: 0,
        }
    }

    #[test]
    fn used_is_the_venue_total_of_the_offer_over_the_period_and_small_counts_are_suppressed() {
        let mut cat = crate::demo::larvik("https://kort.example.no");
        let today = Day::from_ymd(2026, 11, 20).unwrap();
        let venue = cat.venues[0].id.clone();
        let benefit = cat.card_types[0].benefits_at(&venue).next().unwrap().id.clone();
        cat.venues[0].budgets = vec![VenueBudget { benefit: benefit.clone(), count: 10, per: Period::Year }];
        let jan = Day::from_ymd(2026, 1, 5).unwrap();
        let last_year = Day::from_ymd(2025, 12, 31).unwrap();
        let rows = [
            row(&venue, jan, &benefit, 1, 4),
            row(&venue, today, &benefit, 2, 4),
            row(&venue, last_year, &benefit, 1, 50),
            row("other", today, &benefit, 1, 50),
            row(&venue, today, "other", 1, 50),
        ];
        let t = Messages::of(crate::i18n::Lang::En);
        let lines = lines(&cat, &rows, today, t, Threshold::new(5).unwrap());
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        assert_eq!((l.used, l.left, l.warn, l.full), (Shown::Count(8), Shown::Count(2), true, false));
        assert_eq!((l.budget.as_str(), l.period.as_str()), ("10 / year", "01.01.2026–31.12.2026"));
        // 3 used is small under a threshold of 5: neither it nor what is left shows.
        let few = [row(&venue, today, &benefit, 1, 3)];
        let l = &super::lines(&cat, &few, today, t, Threshold::new(5).unwrap())[0];
        assert_eq!((l.used, l.left, l.warn), (Shown::Small { below: 5 }, Shown::Hidden, false));
        let l = &super::lines(&cat, &few, today, t, Threshold::new(3).unwrap())[0];
        assert_eq!((l.used, l.left), (Shown::Count(3), Shown::Count(7)));
    }
}
