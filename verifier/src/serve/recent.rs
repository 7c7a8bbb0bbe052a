//! What `verifier serve` remembers of its own answers, in memory only: per
//! paired device, the last visit it granted and that visit's card number,
//! for at most the undo window. The redemption log holds pseudonyms (SPEC
//! §11.3), from which no card number can be had, so this is where an
//! undo's confirmation gets the card number from; after a restart, or for
//! a visit made elsewhere, the confirmation names the card type and time
//! instead.

use crate::log::UNDO_WINDOW_SECS;
use shared::Timestamp;
use std::collections::HashMap;
use std::sync::Mutex;

/// A device's last granted visit.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Remembered {
    visit: i64,
    card: String,
    at: Timestamp,
}

/// The last granted visit per device, with its card number.
#[derive(Debug, Default)]
pub struct Recent {
    by_device: Mutex<HashMap<i64, Remembered>>,
}

impl Recent {
    /// `device` was granted `visit` of the card numbered `card` at `at`
    /// (replaces its earlier one); entries older than the undo window at
    /// `at` are forgotten.
    pub fn remember(&self, device: i64, visit: i64, card: &str, at: Timestamp) {
        let mut map = self.by_device.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, r| at.0.saturating_sub(r.at.0) <= UNDO_WINDOW_SECS);
        map.insert(device, Remembered { visit, card: card.to_string(), at });
    }

    /// The card number of `device`'s last granted visit, if that is `visit`
    /// and not older than the undo window at `now`.
    pub fn card(&self, device: i64, visit: i64, now: Timestamp) -> Option<String> {
        let map = self.by_device.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&device)
            .filter(|r| r.visit == visit && now.0.saturating_sub(r.at.0) <= UNDO_WINDOW_SECS)
            .map(|r| r.card.clone())
    }

    /// Forget `device`'s last visit (it was undone).
    pub fn forget(&self, device: i64) {
        self.by_device.lock().unwrap_or_else(|e| e.into_inner()).remove(&device);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_s_last_visit_is_remembered_for_the_undo_window_only() {
        let r = Recent::default();
        let t = Timestamp(1_800_000_000);
        r.remember(1, 10, "248-H24-8HP", t);
        r.remember(2, 11, "111-111-111", t);
        assert_eq!(r.card(1, 10, t.plus_seconds(UNDO_WINDOW_SECS)).as_deref(), Some("248-H24-8HP"));
        assert_eq!(r.card(1, 11, t), None, "another visit");
        assert_eq!(r.card(3, 10, t), None, "another device");
        assert_eq!(r.card(1, 10, t.plus_seconds(UNDO_WINDOW_SECS + 1)), None, "too old");
        // A later visit replaces the device's earlier one, and drops what is too old.
        r.remember(1, 12, "222-222-222", t.plus_seconds(UNDO_WINDOW_SECS + 1));
        assert_eq!(r.card(1, 10, t), None);
        assert_eq!(r.by_device.lock().expect("lock").len(), 1);
        r.forget(1);
        assert_eq!(r.card(1, 12, t.plus_seconds(UNDO_WINDOW_SECS + 1)), None);
    }
}
