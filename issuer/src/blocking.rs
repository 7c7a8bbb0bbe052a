//! Blocking a lost card, and an administrator undoing a block. Either
//! change publishes a new trust bundle at once: venues refuse a blocked
//! card (and accept an unblocked one again) after their next update, and
//! the families' phone card learns the list with its keys. Each change has
//! its audit line ([`crate::store::Bundles::revoke`],
//! [`crate::store::Bundles::unrevoke`]).

use crate::IssuerError;
use crate::accounts::Role;
use crate::store::Store;
use shared::wire::CardNumberError;
use shared::{CardNumber, Timestamp};

/// Why a block or an unblock was refused. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum BlockError {
    /// The typed card number is not one (format or check character).
    #[error("«{typed}»: {source}")]
    Number {
        /// What was typed (at most 40 characters).
        typed: String,
        /// Why it is not a card number.
        #[source]
        source: CardNumberError,
    },
    /// The card is blocked already.
    #[error("card {0} is already blocked")]
    AlreadyBlocked(CardNumber),
    /// Unblocking a card that is not blocked.
    #[error("card {0} is not blocked")]
    NotBlocked(CardNumber),
    /// Only an administrator may undo a block.
    #[error("only an administrator can undo a block")]
    AdminOnly,
    /// The change is saved but the new bundle could not be published.
    #[error("the block list was changed but not published: {0}")]
    Publish(#[source] IssuerError),
    /// The block list could not be read or written.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

/// A card number as typed in a form or on the command line.
pub fn parse(typed: &str) -> Result<CardNumber, BlockError> {
    CardNumber::parse(typed).map_err(|source| BlockError::Number { typed: typed.chars().take(40).collect(), source })
}

/// Block card `n` and publish a bundle; the bundle's version.
pub fn block(store: &Store, n: CardNumber, actor: &str, now: Timestamp) -> Result<u64, BlockError> {
    if !store.bundles().revoke(n, actor, now)? {
        return Err(BlockError::AlreadyBlocked(n));
    }
    publish(store, actor, now)
}

/// Undo the block of card `n` (administrators only: `role`) and publish a
/// bundle without it; the bundle's version. The card is accepted again
/// where it is otherwise valid.
pub fn unblock(store: &Store, n: CardNumber, role: Role, actor: &str, now: Timestamp) -> Result<u64, BlockError> {
    if role != Role::Admin {
        return Err(BlockError::AdminOnly);
    }
    if !store.bundles().unrevoke(n, actor, now)? {
        return Err(BlockError::NotBlocked(n));
    }
    publish(store, actor, now)
}

fn publish(store: &Store, actor: &str, now: Timestamp) -> Result<u64, BlockError> {
    store.bundles().publish(actor, now).map_err(BlockError::Publish)?;
    Ok(store.bundles().latest_version()?.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_796_000_000);

    /// Whether the latest bundle blocks `n`, and how many it blocks.
    fn in_latest(store: &Store, n: CardNumber) -> (bool, usize) {
        let (_, bytes) = store.bundles().latest().unwrap().unwrap();
        let root = store.ring().root_fingerprint();
        let bundle = shared::bundle::verify_bundle(&bytes, &root, NOW).unwrap();
        (bundle.is_revoked(n), bundle.revoked_count())
    }

    #[test]
    fn a_block_is_published_and_an_administrator_undoes_it_with_audit_lines() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::init(&tmp.path().join("i"), NOW).unwrap();
        let n = CardNumber(0x12_3456_789a);
        let v1 = block(&store, n, "kari", NOW).unwrap();
        assert_eq!(in_latest(&store, n), (true, 1));
        assert!(matches!(block(&store, n, "kari", NOW), Err(BlockError::AlreadyBlocked(m)) if m == n));
        // A caseworker cannot undo it; nothing changes.
        assert!(matches!(unblock(&store, n, Role::Caseworker, "kari", NOW), Err(BlockError::AdminOnly)));
        assert!(store.bundles().is_revoked(n).unwrap());
        let v2 = unblock(&store, n, Role::Admin, "anne", NOW).unwrap();
        assert_eq!(v2, v1 + 1);
        assert_eq!(in_latest(&store, n), (false, 0));
        assert!(!store.bundles().is_revoked(n).unwrap());
        assert!(matches!(unblock(&store, n, Role::Admin, "anne", NOW), Err(BlockError::NotBlocked(m)) if m == n));
        let audit: Vec<(String, String, String)> =
            store.audit().recent(10).unwrap().into_iter().map(|a| (a.actor, a.action, a.detail)).collect();
        let card = format!("card {n}");
        assert!(audit.contains(&("kari".into(), "revoke".into(), card.clone())), "{audit:?}");
        assert!(audit.contains(&("anne".into(), "unrevoke".into(), card)), "{audit:?}");
    }

    #[test]
    fn a_typo_in_the_card_number_is_refused_with_its_reason() {
        assert!(matches!(
            parse("7KX-M2Q"),
            Err(BlockError::Number { source: CardNumberError::Format, ref typed }) if typed == "7KX-M2Q"
        ));
        let good = CardNumber(0x12_3456_789a).to_string();
        let mut typo: Vec<char> = good.chars().collect();
        let last = typo.len() - 1;
        typo[last] = if typo[last] == '0' { '1' } else { '0' };
        let typo: String = typo.into_iter().collect();
        assert!(matches!(parse(&typo), Err(BlockError::Number { source: CardNumberError::Check, .. })));
        assert_eq!(parse(&good).unwrap(), CardNumber(0x12_3456_789a));
    }
}
