//! Retention of the redemption log (SPEC §11.10): visits are removed once
//! no quota of the installed bundle can count them any more and no usage
//! report needs them, plus [`GRACE_DAYS`].
//!
//! For a visit of benefit `B` of card type `T` on day `v`, the longest span
//! of days after `v` in which a quota of `B` can still count it: a `day`
//! quota 0, `week` 6, `month` 30, `year` 365 (a period holding `v` ends at
//! most that many days later), `validity` as long as a card of `T` can
//! still be valid (its rule: `calendar_year` 365, `days: N` N − 1, a fixed
//! window until its last day). Reports need the current and the previous
//! month. So a visit is kept while it is on or after the earlier of the
//! first day of the previous month and today − span − grace, and removed
//! after. Visits of a card type or benefit that the bundle does not know
//! are kept. A venue's ticket budget of `B` (SPEC §11.11) counts as a
//! quota of its period.
//!
//! "Today" is the installed bundle's issue day, not the computer's clock:
//! a clock set far ahead must not remove visits that quotas still count,
//! and the bundle's issue time is signed and never ahead of the real date
//! by more than the skew (an old bundle only makes pruning later).

use crate::VerifierError;
use crate::log::RedemptionLog;
use shared::VerifiedBundle;
pub use shared::retention::{GRACE_DAYS, counting_quotas, keep_from, report_start};

/// Remove the visits of `log` that no quota of `bundle` can count any more
/// and no report needs ([`keep_from`] for each card type and benefit, with
/// the bundle's issue day as today), and round the times of the visits that
/// can no longer be undone to their day ([`RedemptionLog::coarsen`]).
/// Returns how many were removed.
pub fn prune(log: &mut RedemptionLog, bundle: &VerifiedBundle) -> Result<usize, VerifierError> {
    let today = bundle.body().issued_at.oslo_day();
    let mut before = Vec::new();
    let cat = &bundle.body().catalogue;
    for ct in &cat.card_types {
        for b in &ct.benefits {
            if let Some(day) = keep_from(ct, &counting_quotas(cat, &b.id, &b.quotas), today) {
                before.push((ct.id.0, b.id.clone(), day.oslo_midnight()));
            }
        }
    }
    let removed = log.remove_before(&before)?;
    log.coarsen()?;
    Ok(removed)
}
