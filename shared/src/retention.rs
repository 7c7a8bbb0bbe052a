//! Retention of a station's visits (SPEC §11.10), pure: the first day a
//! visit must still be kept, so that the `verifier` binary's log and the
//! station page (SPEC §16) remove the same visits.
//!
//! For a visit of benefit `B` of card type `T` on day `v`, the longest span
//! of days after `v` in which a quota of `B` can still count it: a `day`
//! quota 0, `week` 6, `month` 30, `year` 365 (a period holding `v` ends at
//! most that many days later), `validity` as long as a card of `T` can
//! still be valid (its rule: `calendar_year` 365, `days: N` N − 1, a fixed
//! window until its last day). Reports need the current and the previous
//! month. So a visit is kept while it is on or after the earlier of the
//! first day of the previous month and today − span − grace, and removed
//! after. A venue's ticket budget of `B` (SPEC §11.11) counts as a quota of
//! its period.

use crate::Day;
use crate::model::{CardType, Catalogue, Period, Quota, ValidityRule};

/// Days kept beyond the longest span (the clock tolerance, a late final
/// monthly report, time zones).
pub const GRACE_DAYS: u32 = 7;

/// `n` days before `d`.
fn minus(d: Day, n: u32) -> Day {
    Day(d.0.saturating_sub(n))
}

/// The first day kept for a quota `q` of a card type with `rule`, on day
/// `today`; `None`: every visit is kept.
fn keep_from_quota(q: Quota, rule: &ValidityRule, today: Day) -> Option<Day> {
    let span = match (q.per, rule) {
        (Period::Day, _) => 0,
        (Period::Week, _) => 6,
        (Period::Month, _) => 30,
        (Period::Year, _) => 365,
        (Period::Validity, ValidityRule::Fixed { until, .. }) => {
            // Every visit counts while a card can be valid; after, none.
            return if today.0 <= until.0.saturating_add(GRACE_DAYS) { None } else { Some(minus(today, GRACE_DAYS)) };
        }
        // calendar_year 365 (426 with a roll-over), days N − 1, months: the longest.
        (Period::Validity, rule) => crate::validity::longest_window(rule).saturating_sub(1),
    };
    Some(minus(today, span.saturating_add(GRACE_DAYS)))
}

/// The first day of the month before the one of `today` (reports need the
/// current and the previous month).
pub fn report_start(today: Day) -> Day {
    minus(today.month_start(), 1).month_start()
}

/// The first day kept for benefit `benefit` of `card_type` on day `today`
/// (`None`: every visit is kept).
pub fn keep_from(card_type: &CardType, quotas: &[Quota], today: Day) -> Option<Day> {
    let mut from = report_start(today);
    for q in quotas {
        from = from.min(keep_from_quota(*q, &card_type.validity, today)?);
    }
    Some(from)
}

/// The quotas that count the visits of benefit `benefit` (`quotas` its
/// own): those, and every venue budget of its id as a quota of the
/// budget's period (SPEC §11.11; any venue's: more is kept, never less).
pub fn counting_quotas(cat: &Catalogue, benefit: &str, quotas: &[Quota]) -> Vec<Quota> {
    let budgets = cat.venues.iter().flat_map(|v| &v.budgets).filter(|x| x.benefit == benefit);
    quotas.iter().copied().chain(budgets.map(|x| Quota { count: x.count, per: x.per })).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).expect("day")
    }

    fn card_type(validity: ValidityRule) -> CardType {
        CardType {
            id: crate::CardTypeId(1),
            names: Default::default(),
            age_min: 0,
            age_max: 18,
            validity,
            benefits: vec![],
        }
    }

    #[test]
    fn the_longest_quota_or_the_previous_month_decides() {
        let today = day(2026, 11, 16);
        let q = |count, per| Quota { count, per };
        let days = card_type(ValidityRule::Days { days: 400 });
        assert_eq!(report_start(today), day(2026, 10, 1));
        assert_eq!(report_start(day(2026, 1, 31)), day(2025, 12, 1));
        // Short quotas: the previous month (for reports) is longer.
        assert_eq!(keep_from(&days, &[q(1, Period::Day), q(2, Period::Week)], today), Some(day(2026, 10, 1)));
        assert_eq!(keep_from(&days, &[q(1, Period::Month)], today), Some(day(2026, 10, 1)));
        assert_eq!(keep_from(&days, &[], today), Some(day(2026, 10, 1)));
        // A year: 365 days and the grace.
        assert_eq!(keep_from(&days, &[q(1, Period::Year)], today), Some(day(2025, 11, 9)));
        // The whole validity: as long as a card of the type can be valid.
        assert_eq!(keep_from(&days, &[q(12, Period::Validity)], today), Some(minus(today, 399 + 7)));
        let year = card_type(ValidityRule::CALENDAR_YEAR);
        assert_eq!(keep_from(&year, &[q(2, Period::Validity)], today), Some(day(2025, 11, 9)));
        // Rolled over on 1 November: up to 427 days (1.11. to 31.12. next year).
        let rolled = card_type(ValidityRule::CalendarYear { roll_over: crate::RollOver::new(11, 1) });
        assert_eq!(keep_from(&rolled, &[q(2, Period::Validity)], today), Some(minus(today, 426 + 7)));
        let months = card_type(ValidityRule::Months { months: 6 });
        assert_eq!(keep_from(&months, &[q(2, Period::Validity)], today), Some(minus(today, 183 + 7)));
        let fixed = card_type(ValidityRule::Fixed { from: day(2026, 6, 1), until: day(2026, 11, 10) });
        assert_eq!(keep_from(&fixed, &[q(1, Period::Validity)], today), None);
        assert_eq!(keep_from(&fixed, &[q(1, Period::Validity)], day(2026, 11, 18)), Some(day(2026, 10, 1)));
    }

    #[test]
    fn a_yearly_venue_budget_keeps_its_visits_a_year() {
        let today = day(2026, 11, 16);
        let mut cat = Catalogue {
            scheme_name: "x".into(),
            public_base_url: "https://x.no".into(),
            venues: vec![crate::Venue {
                id: "bad".into(),
                name: "Bad".into(),
                category: crate::Category::Swimming,
                address: String::new(),
                budgets: vec![crate::VenueBudget { benefit: "svom".into(), count: 100, per: Period::Year }],
                ..Default::default()
            }],
            card_types: vec![],
            contact: None,
        };
        let week = [Quota { count: 2, per: Period::Week }];
        let quotas = counting_quotas(&cat, "svom", &week);
        assert_eq!(quotas, [week[0], Quota { count: 100, per: Period::Year }]);
        let days = card_type(ValidityRule::Days { days: 400 });
        assert_eq!(keep_from(&days, &quotas, today), Some(day(2025, 11, 9)));
        // Another benefit's budget keeps nothing more.
        assert_eq!(counting_quotas(&cat, "kino", &week), week);
        cat.venues[0].budgets.clear();
        assert_eq!(keep_from(&days, &counting_quotas(&cat, "svom", &week), today), Some(day(2026, 10, 1)));
    }
}
