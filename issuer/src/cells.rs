//! No small cells: which counts of the usage overview may be shown.
//!
//! Every count the issuer shows or exports beyond the venue that produced
//! it is a cell of a table. A cell of 1 to `threshold − 1` would tell who
//! did what to anyone who knows one fact about a child, so it is never
//! shown: it reads `< threshold` ([`Shown::Small`], *primary*
//! suppression). Zero is shown.
//!
//! Tables hold totals too, and a total minus the other shown cells would
//! give a hidden cell back. Cells are therefore put in *groups*: a total
//! and the cells it adds up (a cell may be in several groups, and a total
//! may itself be a cell of another group). The rule, applied until nothing
//! changes (*secondary* suppression, [`Shown::Hidden`]):
//!
//! 1. When a cell of a group is hidden, the group's total is hidden too.
//! 2. When exactly one number of a group (its cells and its total) is
//!    hidden, the smallest other shown cell that is not zero is hidden as
//!    well (a zero one if there is no other).
//!
//! So every group shows either all its numbers or at least two hidden
//! ones, and never a total with a hidden cell below it: no hidden cell is
//! a shown total minus shown cells. Hidden cells still have bounds (a
//! `< 5` is 1 to 4; a hidden total is at least its shown cells).

/// The threshold when none is configured.
pub const DEFAULT_THRESHOLD: u64 = 5;
/// The lowest threshold accepted: below 3, a `< 2` is a 1.
pub const MIN_THRESHOLD: u64 = 3;
/// The highest threshold accepted.
pub const MAX_THRESHOLD: u64 = 1000;

/// The smallest count shown: counts from 1 to `threshold − 1` are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold(u64);

impl Threshold {
    /// `n`, if it is from [`MIN_THRESHOLD`] to [`MAX_THRESHOLD`].
    pub fn new(n: u64) -> Option<Threshold> {
        (MIN_THRESHOLD..=MAX_THRESHOLD).contains(&n).then_some(Threshold(n))
    }

    /// The number.
    pub fn get(self) -> u64 {
        self.0
    }

    /// Whether `n` is a small count (1 to threshold − 1).
    pub fn is_small(self, n: u64) -> bool {
        n > 0 && n < self.0
    }
}

impl Default for Threshold {
    fn default() -> Threshold {
        Threshold(DEFAULT_THRESHOLD)
    }
}

/// What a cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The count.
    Count(u64),
    /// A count from 1 to `below − 1`, shown as `< below`.
    Small {
        /// The threshold.
        below: u64,
    },
    /// Hidden so that no small count can be worked out from a total:
    /// shown as `x`.
    Hidden,
}

impl Shown {
    /// The count if it is shown.
    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            _ => None,
        }
    }

    /// The height a chart may draw: the count, or 0 when it is not shown.
    pub fn chart_value(self) -> u64 {
        self.count().unwrap_or(0)
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shown::Count(n) => write!(f, "{n}"),
            Shown::Small { below } => write!(f, "< {below}"),
            Shown::Hidden => f.write_str("x"),
        }
    }
}

/// A cell of a [`Cells`] table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellId(usize);

/// Counts and the groups (a total and its cells) they are in.
#[derive(Debug, Default, Clone)]
pub struct Cells {
    values: Vec<u64>,
    groups: Vec<(Vec<CellId>, CellId)>,
}

impl Cells {
    /// No cells yet.
    pub fn new() -> Cells {
        Cells::default()
    }

    /// A new cell holding `n`.
    pub fn cell(&mut self, n: u64) -> CellId {
        self.values.push(n);
        CellId(self.values.len() - 1)
    }

    /// The value of a cell (what it would show unsuppressed).
    pub fn value(&self, id: CellId) -> u64 {
        self.values[id.0]
    }

    /// `total` adds up `members` (the caller makes sure it does).
    pub fn group(&mut self, members: Vec<CellId>, total: CellId) {
        self.groups.push((members, total));
    }

    /// Apply the rule of this module: what each cell shows.
    pub fn suppress(&self, threshold: Threshold) -> Suppressed {
        let mut hidden: Vec<bool> = self.values.iter().map(|&n| threshold.is_small(n)).collect();
        let mut changed = true;
        while changed {
            changed = false;
            for (members, total) in &self.groups {
                if !hidden[total.0] && members.iter().any(|m| hidden[m.0]) {
                    hidden[total.0] = true;
                    changed = true;
                }
                let count = members.iter().filter(|m| hidden[m.0]).count() + usize::from(hidden[total.0]);
                if count == 1 {
                    let pick = members
                        .iter()
                        .filter(|m| !hidden[m.0])
                        .min_by_key(|m| (self.values[m.0] == 0, self.values[m.0], m.0));
                    if let Some(m) = pick {
                        hidden[m.0] = true;
                        changed = true;
                    }
                }
            }
        }
        let shown = self
            .values
            .iter()
            .zip(hidden)
            .map(|(&n, h)| match (h, threshold.is_small(n)) {
                (false, _) => Shown::Count(n),
                (true, true) => Shown::Small { below: threshold.get() },
                (true, false) => Shown::Hidden,
            })
            .collect();
        Suppressed(shown)
    }
}

/// What every cell of a [`Cells`] shows.
#[derive(Debug, Clone)]
pub struct Suppressed(Vec<Shown>);

impl std::ops::Index<CellId> for Suppressed {
    type Output = Shown;
    fn index(&self, id: CellId) -> &Shown {
        &self.0[id.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells with `values`, the first being the total of the others.
    fn row(values: &[u64]) -> (Cells, Vec<CellId>) {
        let mut c = Cells::new();
        let ids: Vec<CellId> = values.iter().map(|&v| c.cell(v)).collect();
        c.group(ids[1..].to_vec(), ids[0]);
        (c, ids)
    }

    fn shown(values: &[u64]) -> Vec<String> {
        let (c, ids) = row(values);
        let s = c.suppress(Threshold::default());
        ids.iter().map(|id| s[*id].to_string()).collect()
    }

    #[test]
    fn thresholds_below_3_are_refused() {
        assert_eq!(Threshold::new(2), None);
        assert_eq!(Threshold::new(0), None);
        assert_eq!(Threshold::new(1001), None);
        assert_eq!(Threshold::new(3).map(Threshold::get), Some(3));
        assert_eq!(Threshold::default().get(), 5);
    }

    #[test]
    fn a_small_cell_hides_its_total_and_no_total_gives_one_back() {
        // Nothing small: everything shown.
        assert_eq!(shown(&[20, 10, 0, 10]), ["20", "10", "0", "10"]);
        // One small cell: the total goes too.
        assert_eq!(shown(&[23, 3, 20]), ["x", "< 5", "20"]);
        // Two small cells summing to a large total: the total goes (4 + 4
        // would otherwise be read off 8).
        assert_eq!(shown(&[8, 4, 4]), ["x", "< 5", "< 5"]);
        // A small total over zeros.
        assert_eq!(shown(&[3, 3, 0]), ["< 5", "< 5", "0"]);
    }

    #[test]
    fn a_total_hidden_elsewhere_takes_one_more_cell_with_it() {
        // Venues and benefits add up to the same total.
        let mut c = Cells::new();
        let total = c.cell(33);
        let venues = vec![c.cell(3), c.cell(30)];
        let benefits = vec![c.cell(13), c.cell(20)];
        c.group(venues.clone(), total);
        c.group(benefits.clone(), total);
        let s = c.suppress(Threshold::default());
        assert_eq!(s[total], Shown::Hidden);
        assert_eq!(s[venues[0]], Shown::Small { below: 5 });
        // The smallest other cell of the benefits, else 33 − 20 = 13 would
        // give the total, and 13 + 20 − 30 the small venue.
        assert_eq!(s[benefits[0]], Shown::Hidden);
        assert_eq!(s[benefits[1]], Shown::Count(20));
        assert_eq!(s[venues[1]], Shown::Count(30));
    }
}
