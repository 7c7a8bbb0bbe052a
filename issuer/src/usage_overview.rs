//! The usage overview of one month, as the administrator's usage page and
//! its CSV show it: cards issued (from the issuer's own counts) per month,
//! card type and agency, visits (from the venues' reports) per venue and
//! per offer, and the estimated share of quota used. Every number comes
//! from stored counts: no card, token id or person is behind them.

use crate::cells::{CellId, Cells, Shown, Threshold};
use crate::i18n::Messages;
use crate::store::{IssuanceCount, Store};
use crate::usage::{UsageError, UsageRow};
use shared::model::{Catalogue, Period, name_in};
use shared::{CardTypeId, Month};
use std::collections::BTreeMap;

/// Visits at one venue (or of one benefit) in the month.
#[derive(Debug, Clone)]
pub struct UseLine {
    /// Venue id, or `card type/benefit id`.
    pub id: String,
    /// What people read.
    pub name: String,
    /// Visits.
    pub visits: Shown,
    /// Visits with a free companion.
    pub companions: Shown,
}

/// The estimated share of quota used, for one benefit with a yearly or
/// whole-validity quota.
#[derive(Debug, Clone)]
pub struct QuotaLine {
    /// The card type's name.
    pub card_type: String,
    /// The offer's name.
    pub benefit: String,
    /// The quota, e.g. `2 / year` (in the page's language).
    pub quota: String,
    /// Visits of the offer in the month.
    pub visits: Shown,
    /// Cards of the card type issued in the last 12 months.
    pub issued: Shown,
    /// `issued` × the quota's count (hidden when `issued` is).
    pub allowance: Shown,
    /// `visits` ÷ `allowance` in percent, `–`, or `x` when either is
    /// hidden.
    pub share: String,
}

/// Everything the usage page and the overview CSV show for one month, every
/// count suppressed by the rule of [`crate::cells`].
#[derive(Debug)]
pub struct Overview {
    /// The month.
    pub month: Month,
    /// The threshold the counts were suppressed with.
    pub threshold: Threshold,
    /// Card types of chart (a): (id, name).
    pub card_types: Vec<(CardTypeId, String)>,
    /// Per month of the last 12: cards issued per card type (same order).
    pub issued_12: Vec<(Month, Vec<Shown>)>,
    /// Visits per venue.
    pub venues: Vec<UseLine>,
    /// Visits and companions of all venues.
    pub venue_total: (Shown, Shown),
    /// Visits per offer.
    pub benefits: Vec<UseLine>,
    /// (agency, card type, cards) issued in the month.
    pub issued_month: Vec<(String, String, Shown)>,
    /// Share of quota used, per offer with a yearly or whole-validity quota.
    pub quota: Vec<QuotaLine>,
    /// Card types with 1 to threshold − 1 cards issued in the last 12
    /// months: their counts will mostly be hidden.
    pub small_types: Vec<String>,
    /// Agencies with 1 to threshold − 1 cards issued in the last 12 months.
    pub small_agencies: Vec<String>,
}

/// The name of card type `id` in `cat` in `lang`, or its number when it is
/// not there (any more).
pub fn type_name(cat: &Catalogue, lang: &str, id: CardTypeId) -> String {
    cat.card_type(id).map_or_else(|| id.0.to_string(), |ct| name_in(&ct.names, lang).to_string())
}

/// The name of offer `benefit` of card type `ct` in `cat` in `lang`, or its
/// id when it is not there (any more).
pub fn benefit_name(cat: &Catalogue, lang: &str, ct: CardTypeId, benefit: &str) -> String {
    cat.card_type(ct)
        .and_then(|c| c.benefits.iter().find(|b| b.id == benefit))
        .map_or_else(|| benefit.to_string(), |b| name_in(&b.names, lang).to_string())
}

/// The name of venue `id` in `cat`, or the id when it is not there (any
/// more).
pub fn venue_name(cat: &Catalogue, id: &str) -> String {
    cat.venues.iter().find(|v| v.id == id).map_or_else(|| id.to_string(), |v| v.name.clone())
}

/// Percent with one decimal (a decimal comma in bokmål), `–` when nothing
/// was issued.
fn percent(part: u64, whole: u64, lang: &str) -> String {
    if whole == 0 {
        return "–".into();
    }
    let tenths = (part as u128 * 1000 + whole as u128 / 2) / whole as u128;
    let point = if lang == "nb" { ',' } else { '.' };
    format!("{}{point}{} %", tenths / 10, tenths % 10)
}

/// The stored counts an [`Overview`] of one month is made from: read under
/// the store's lock, added up after.
#[derive(Debug)]
pub struct Counts {
    month: Month,
    cat: Catalogue,
    issued: Vec<IssuanceCount>,
    rows: Vec<UsageRow>,
    agencies: Vec<(i64, String)>,
}

impl Counts {
    /// The counts of `month` (and, for cards issued, the 11 months before).
    pub fn load(store: &Store, month: Month) -> Result<Counts, UsageError> {
        let (from12, _) = month.last_n(12).first().copied().unwrap_or(month).days();
        let (first, last) = month.days();
        let issued = store.issuance().between(from12, last)?;
        let rows = store.usage().usage_rows(first, last)?;
        let agencies = store.accounts().agencies()?;
        Ok(Counts { month, cat: store.catalogue().clone(), issued, rows, agencies })
    }
}

/// The name of agency `id`, its number when it is not there (any more), `–`
/// for none.
fn agency_name(agencies: &[(i64, String)], id: i64) -> String {
    agencies
        .iter()
        .find(|(a, _)| *a == id)
        .map_or_else(|| if id == 0 { "–".to_string() } else { id.to_string() }, |(_, n)| n.clone())
}

/// Visits and companions per key, as cells, with the totals as the groups'
/// totals.
struct VisitCells<K> {
    lines: Vec<(K, CellId, CellId)>,
}

impl<K: Ord + Clone> VisitCells<K> {
    fn new(cells: &mut Cells, sums: &BTreeMap<K, (u64, u64)>, totals: (CellId, CellId)) -> VisitCells<K> {
        let lines: Vec<(K, CellId, CellId)> =
            sums.iter().map(|(k, (v, c))| (k.clone(), cells.cell(*v), cells.cell(*c))).collect();
        cells.group(lines.iter().map(|l| l.1).collect(), totals.0);
        cells.group(lines.iter().map(|l| l.2).collect(), totals.1);
        VisitCells { lines }
    }

    fn visits_of(&self, key: &K) -> Option<CellId> {
        self.lines.iter().find(|l| l.0 == *key).map(|l| l.1)
    }
}

/// Cards issued, as cells: per month of the 12 and card type (each card
/// type's column adding up to its 12-month total), and per agency and card
/// type in the month (adding up to the month's cell of the card type).
struct IssuedCells {
    ids: Vec<CardTypeId>,
    grid: Vec<Vec<CellId>>,
    type_total: Vec<CellId>,
    agency_cells: Vec<((String, String, CardTypeId), CellId)>,
    issued_12_of: BTreeMap<CardTypeId, u64>,
    agency_12: BTreeMap<String, u64>,
}

fn issued_cells(
    cells: &mut Cells,
    cat: &Catalogue,
    lang: &str,
    issued: &[IssuanceCount],
    agencies: &[(i64, String)],
    month: Month,
) -> IssuedCells {
    let months = month.last_n(12);
    let (first, _) = month.days();
    // (a) issued per month and card type; per agency and card type in the
    // month; per card type and per agency over the 12 months.
    let mut ids: Vec<CardTypeId> = cat.card_types.iter().map(|c| c.id).collect();
    for c in issued {
        if !ids.contains(&c.card_type) {
            ids.push(c.card_type);
        }
    }
    let mut per_month: BTreeMap<(Month, CardTypeId), u64> = BTreeMap::new();
    let mut issued_12_of: BTreeMap<CardTypeId, u64> = BTreeMap::new();
    let mut by_agency: BTreeMap<(String, String, CardTypeId), u64> = BTreeMap::new();
    let mut agency_12: BTreeMap<String, u64> = BTreeMap::new();
    for c in issued {
        *per_month.entry((Month::of(c.day), c.card_type)).or_default() += c.count;
        *issued_12_of.entry(c.card_type).or_default() += c.count;
        let agency = agency_name(agencies, c.agency);
        *agency_12.entry(agency.clone()).or_default() += c.count;
        if c.day >= first {
            *by_agency.entry((agency, type_name(cat, lang, c.card_type), c.card_type)).or_default() += c.count;
        }
    }
    let grid: Vec<Vec<CellId>> = months
        .iter()
        .map(|m| ids.iter().map(|id| cells.cell(per_month.get(&(*m, *id)).copied().unwrap_or(0))).collect())
        .collect();
    let type_total: Vec<CellId> = ids.iter().map(|id| cells.cell(issued_12_of.get(id).copied().unwrap_or(0))).collect();
    for (k, total) in type_total.iter().enumerate() {
        cells.group(grid.iter().map(|row| row[k]).collect(), *total);
    }
    let agency_cells: Vec<((String, String, CardTypeId), CellId)> =
        by_agency.into_iter().map(|(key, n)| (key, cells.cell(n))).collect();
    let this_month = months.iter().position(|m| *m == month).unwrap_or(months.len().saturating_sub(1));
    for (k, id) in ids.iter().enumerate() {
        let members = agency_cells.iter().filter(|((_, _, ct), _)| ct == id).map(|(_, c)| *c).collect();
        if let Some(row) = grid.get(this_month) {
            cells.group(members, row[k]);
        }
    }

    IssuedCells { ids, grid, type_total, agency_cells, issued_12_of, agency_12 }
}

/// Add up `counts` into the overview, its names in `t`'s language, its
/// counts suppressed below `threshold` by the rule of [`crate::cells`].
pub fn overview(counts: Counts, t: &Messages, threshold: Threshold) -> Overview {
    let Counts { month, cat, issued, rows, agencies } = counts;
    let lang = t.lang().tag();
    let months = month.last_n(12);
    let mut cells = Cells::new();

    let IssuedCells { ids, grid, type_total, agency_cells, issued_12_of, agency_12 } =
        issued_cells(&mut cells, &cat, lang, &issued, &agencies, month);

    // (b), (c) visits per venue and per benefit: both add up to the total.
    let mut venues: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut benefits: BTreeMap<(CardTypeId, String), (u64, u64)> = BTreeMap::new();
    for r in &rows {
        let v = venues.entry(r.venue_id.clone()).or_default();
        v.0 += r.visits;
        v.1 += r.companions;
        let b = benefits.entry((r.card_type, r.benefit.clone())).or_default();
        b.0 += r.visits;
        b.1 += r.companions;
    }
    let totals = venues.values().fold((0, 0), |(v, c), (dv, dc)| (v + dv, c + dc));
    let totals = (cells.cell(totals.0), cells.cell(totals.1));
    let venue_cells = VisitCells::new(&mut cells, &venues, totals);
    let benefit_cells = VisitCells::new(&mut cells, &benefits, totals);

    // Share of quota used: visits this month ÷ (cards issued in the last
    // 12 months × the quota's count), for yearly and whole-validity quotas.
    let mut quota_cells = Vec::new();
    for (k, ct) in cat.card_types.iter().enumerate() {
        for b in &ct.benefits {
            for q in b.quotas.iter().filter(|q| matches!(q.per, Period::Year | Period::Validity)) {
                let visits = benefit_cells.visits_of(&(ct.id, b.id.clone())).unwrap_or_else(|| cells.cell(0));
                quota_cells.push((ct, b, q, visits, type_total[k]));
            }
        }
    }

    let s = cells.suppress(threshold);
    let quota = quota_cells
        .into_iter()
        .map(|(ct, b, q, visits, issued)| {
            let allowance = cells.value(issued).saturating_mul(u64::from(q.count));
            let (visits, issued) = (s[visits], s[issued]);
            let allowance = if issued.count().is_some() { Shown::Count(allowance) } else { Shown::Hidden };
            let share = match (visits.count(), allowance.count()) {
                (Some(v), Some(a)) => percent(v, a, lang),
                _ => Shown::Hidden.to_string(),
            };
            QuotaLine {
                card_type: name_in(&ct.names, lang).to_string(),
                benefit: name_in(&b.names, lang).to_string(),
                quota: format!("{} / {}", q.count, t.get(&format!("period-{}", q.per.code()))),
                visits,
                issued,
                allowance,
                share,
            }
        })
        .collect();
    let small = |n: &u64| threshold.is_small(*n);
    Overview {
        month,
        threshold,
        card_types: ids.iter().map(|id| (*id, type_name(&cat, lang, *id))).collect(),
        issued_12: months.iter().zip(&grid).map(|(m, row)| (*m, row.iter().map(|c| s[*c]).collect())).collect(),
        venues: venue_cells
            .lines
            .iter()
            .map(|(id, v, c)| UseLine { name: venue_name(&cat, id), id: id.clone(), visits: s[*v], companions: s[*c] })
            .collect(),
        venue_total: (s[totals.0], s[totals.1]),
        benefits: benefit_cells
            .lines
            .iter()
            .map(|((ct, b), v, c)| UseLine {
                id: format!("{}/{b}", ct.0),
                name: format!("{} · {}", benefit_name(&cat, lang, *ct, b), type_name(&cat, lang, *ct)),
                visits: s[*v],
                companions: s[*c],
            })
            .collect(),
        issued_month: agency_cells.into_iter().map(|((a, n, _), c)| (a, n, s[c])).collect(),
        quota,
        small_types: ids
            .iter()
            .filter(|id| issued_12_of.get(id).is_some_and(small))
            .map(|id| type_name(&cat, lang, *id))
            .collect(),
        small_agencies: agency_12.iter().filter(|(_, n)| small(n)).map(|(a, _)| a.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(1, 3, "en"), "33.3 %");
        assert_eq!(percent(2, 3, "nb"), "66,7 %");
        assert_eq!(percent(0, 0, "nb"), "–");
    }
}
