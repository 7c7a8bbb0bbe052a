//! The usage overview of one month, as the administrator's usage page and
//! its CSV show it: cards issued (from the issuer's own counts) per month,
//! card type and agency, visits (from the venues' reports) per venue and
//! per offer, and the estimated share of quota used. Every number comes
//! from stored counts: no card, token id or person is behind them.

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
    pub visits: u64,
    /// Visits with a free companion.
    pub companions: u64,
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
    pub visits: u64,
    /// Cards of the card type issued in the last 12 months.
    pub issued: u64,
    /// `issued` × the quota's count.
    pub allowance: u64,
    /// `visits` ÷ `allowance` in percent, or `–`.
    pub share: String,
}

/// Everything the usage page and the overview CSV show for one month.
#[derive(Debug)]
pub struct Overview {
    /// The month.
    pub month: Month,
    /// Card types of chart (a): (id, name).
    pub card_types: Vec<(CardTypeId, String)>,
    /// Per month of the last 12: cards issued per card type (same order).
    pub issued_12: Vec<(Month, Vec<u64>)>,
    /// Visits per venue.
    pub venues: Vec<UseLine>,
    /// Visits per offer.
    pub benefits: Vec<UseLine>,
    /// (agency, card type, cards) issued in the month.
    pub issued_month: Vec<(String, String, u64)>,
    /// Share of quota used, per offer with a yearly or whole-validity quota.
    pub quota: Vec<QuotaLine>,
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

/// Add up `counts` into the overview, its names in `t`'s language.
pub fn overview(counts: Counts, t: &Messages) -> Overview {
    let Counts { month, cat, issued, rows, agencies } = counts;
    let lang = t.lang().tag();
    let months = month.last_n(12);
    let (first, _) = month.days();

    // (a) issued per month and card type.
    let mut ids: Vec<CardTypeId> = cat.card_types.iter().map(|c| c.id).collect();
    for c in &issued {
        if !ids.contains(&c.card_type) {
            ids.push(c.card_type);
        }
    }
    let mut per_month: BTreeMap<(Month, CardTypeId), u64> = BTreeMap::new();
    let mut issued_12_of: BTreeMap<CardTypeId, u64> = BTreeMap::new();
    let mut by_agency: BTreeMap<(String, String), u64> = BTreeMap::new();
    for c in &issued {
        *per_month.entry((Month::of(c.day), c.card_type)).or_default() += c.count;
        *issued_12_of.entry(c.card_type).or_default() += c.count;
        if c.day >= first {
            let agency = agencies
                .iter()
                .find(|(id, _)| *id == c.agency)
                .map_or_else(|| if c.agency == 0 { "–".to_string() } else { c.agency.to_string() }, |(_, n)| n.clone());
            *by_agency.entry((agency, type_name(&cat, lang, c.card_type))).or_default() += c.count;
        }
    }
    let issued_12 = months
        .iter()
        .map(|m| (*m, ids.iter().map(|id| per_month.get(&(*m, *id)).copied().unwrap_or(0)).collect()))
        .collect();

    // (b), (c) visits per venue and per benefit.
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
    let venue_lines = venues
        .into_iter()
        .map(|(id, (visits, companions))| UseLine { name: venue_name(&cat, &id), id, visits, companions })
        .collect();
    let benefit_lines = benefits
        .iter()
        .map(|((ct, b), (visits, companions))| UseLine {
            id: format!("{}/{b}", ct.0),
            name: format!("{} · {}", benefit_name(&cat, lang, *ct, b), type_name(&cat, lang, *ct)),
            visits: *visits,
            companions: *companions,
        })
        .collect();

    // Share of quota used: visits this month ÷ (cards issued in the last
    // 12 months × the quota's count), for yearly and whole-validity quotas.
    let mut quota = Vec::new();
    for ct in &cat.card_types {
        for b in &ct.benefits {
            for q in b.quotas.iter().filter(|q| matches!(q.per, Period::Year | Period::Validity)) {
                let visits = benefits.get(&(ct.id, b.id.clone())).map_or(0, |v| v.0);
                let issued = issued_12_of.get(&ct.id).copied().unwrap_or(0);
                let allowance = issued.saturating_mul(u64::from(q.count));
                quota.push(QuotaLine {
                    card_type: name_in(&ct.names, lang).to_string(),
                    benefit: name_in(&b.names, lang).to_string(),
                    quota: format!("{} / {}", q.count, t.get(&format!("period-{}", q.per.code()))),
                    visits,
                    issued,
                    allowance,
                    share: percent(visits, allowance, lang),
                });
            }
        }
    }
    Overview {
        month,
        card_types: ids.iter().map(|id| (*id, type_name(&cat, lang, *id))).collect(),
        issued_12,
        venues: venue_lines,
        benefits: benefit_lines,
        issued_month: by_agency.into_iter().map(|((a, c), n)| (a, c, n)).collect(),
        quota,
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
