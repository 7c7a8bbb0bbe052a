//! A command that checks or redeems one card opens the installed bundle
//! with its list of blocked cards left in the file
//! (`VenueStore::open_for_one_card`, SPEC §6.5): blocked cards are refused
//! as before, and a file changed after the start or a read that fails never
//! answers "not blocked": the lookup is an error, nothing is recorded, and
//! the installation opened again whole refuses a tampered file.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use shared::ed25519_dalek::SigningKey;
use shared::wire::{self, CardNumber, Claims, KeyId, PublicKeyBytes, TokenId};
use shared::{
    Benefit, BundleBody, BundleError, CardType, CardTypeId, Catalogue, Category, Day, Fingerprint, ListUnreadable,
    Period, Quota, SigningKeyEntry, Timestamp, ValidityRule, Venue,
};
use std::os::unix::fs::FileExt as _;
use std::path::Path;
use verifier::VerifierError;
use verifier::check::check_at_venue;
use verifier::i18n::{Lang, Messages};
use verifier::log::RedemptionLog;
use verifier::redeem::redeem;
use verifier::store::VenueStore;

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

fn root() -> SigningKey {
    SigningKey::from_bytes(&[1; 32])
}

fn signer() -> SigningKey {
    SigningKey::from_bytes(&[2; 32])
}

/// Issued Monday 2026-11-16 08:00 Oslo.
fn t0() -> Timestamp {
    day(2026, 11, 16).oslo_midnight().plus_seconds(8 * 3600)
}

fn bundle(version: u64, revoked: Vec<CardNumber>) -> Vec<u8> {
    let pk = signer().verifying_key().to_bytes();
    let benefit = Benefit {
        id: "kino".into(),
        names: [("nb".to_string(), "Kino".to_string())].into_iter().collect(),
        venues: vec!["kino".into()],
        quotas: vec![Quota { count: 5, per: Period::Week }],
        companion_free: false,
    };
    let body = BundleBody {
        version,
        issued_at: t0(),
        expires_at: t0().plus_seconds(60 * 86_400),
        root_key_id: KeyId::of(&root().verifying_key().to_bytes()),
        signing_keys: vec![SigningKeyEntry {
            key_id: KeyId::of(&pk),
            public_key: PublicKeyBytes(pk),
            valid_from: day(2026, 1, 1),
            valid_until: day(2027, 12, 31),
        }],
        catalogue: Catalogue {
            scheme_name: "Test".into(),
            public_base_url: "https://kort.larvik.kommune.no".into(),
            venues: vec![Venue {
                id: "kino".into(),
                name: "Kino".into(),
                category: Category::Cinema,
                address: "x".into(),
                ..Default::default()
            }],
            card_types: vec![CardType {
                id: CardTypeId(1),
                names: [("nb".to_string(), "Barn".to_string())].into_iter().collect(),
                age_min: 0,
                age_max: 18,
                validity: ValidityRule::Days { days: 400 },
                benefits: vec![benefit],
            }],
            contact: None,
        },
        revoked,
    };
    shared::sign_bundle(&root(), vec![], &body)
}

/// A card valid from 2026-11-01 for 400 days, with token id `[n; 16]`.
fn card(n: u8) -> (String, CardNumber) {
    let pk = signer().verifying_key().to_bytes();
    let claims = Claims {
        key_id: KeyId::of(&pk),
        token_id: TokenId([n; 16]),
        card_type: CardTypeId(1),
        valid_from: day(2026, 11, 1),
        valid_until: day(2027, 12, 4),
        issued_on: day(2026, 11, 1),
    };
    (wire::encode_decimal(&shared::sign_token(&signer(), &claims)), CardNumber::of(&TokenId([n; 16])))
}

/// The venue's directory with a bundle blocking card 10 among 20 000
/// numbers of every width, and card 11 not blocked.
fn venue(dir: &Path) -> Vec<u8> {
    let mut blocked: Vec<CardNumber> = (0..20_000u64).map(|i| CardNumber(i * 54_975_581 + 5)).collect();
    blocked.push(card(10).1);
    blocked.sort();
    blocked.dedup();
    let bytes = bundle(1, blocked);
    let fp = Fingerprint::of(&root().verifying_key().to_bytes());
    VenueStore::init(dir, &bytes, &fp, "kino", t0()).unwrap();
    bytes
}

fn visits(dir: &Path) -> u64 {
    RedemptionLog::open(dir).unwrap().report(None, None).unwrap().iter().map(|r| r.count).sum()
}

#[test]
fn a_start_for_one_card_leaves_the_list_in_the_file_and_still_refuses_blocked_cards() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = venue(tmp.path());
    let now = t0().plus_seconds(3600);
    let mut store = VenueStore::open_for_one_card(tmp.path(), now).unwrap();
    assert!(store.is_sealed() && store.bundle().list_in_place());
    assert_eq!((store.bundle().bytes(), store.bundle().revoked_count()), (None, 20_001));
    let (blocked, free) = (card(10), card(11));
    let v = check_at_venue(&store, &blocked.0, now, "nb").unwrap();
    assert_eq!((v.valid, v.reason), (false, "revoked"));
    assert!(check_at_venue(&store, &free.0, now, "nb").unwrap().valid);
    // The same answers as the bundle read whole, for every width.
    let whole = VenueStore::open(tmp.path(), now).unwrap();
    assert!(!whole.bundle().list_in_place() && whole.bundle().bytes() == Some(bytes.as_slice()));
    for n in (0..20_000u64).step_by(97).map(|i| i * 54_975_581 + 5).flat_map(|n| [n - 1, n, n + 1]) {
        assert_eq!(store.bundle().revoked(CardNumber(n)), Ok(whole.bundle().is_revoked(CardNumber(n))), "{n}");
    }
    // Redeeming: the blocked card is refused and not recorded, the other is.
    let mut log = RedemptionLog::open(tmp.path()).unwrap();
    let v = redeem(&mut store, &mut log, &blocked.0, now, "nb").unwrap();
    assert_eq!((v.valid, v.code), (false, "revoked"));
    assert!(redeem(&mut store, &mut log, &free.0, now, "nb").unwrap().valid);
    assert_eq!(visits(tmp.path()), 1);
}

#[test]
fn a_lookup_in_a_file_changed_after_the_start_fails_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = venue(tmp.path());
    let now = t0().plus_seconds(3600);
    let path = tmp.path().join("bundle.akb");
    let (blocked, free) = (card(10), card(11));
    let mut store = VenueStore::open_for_one_card(tmp.path(), now).unwrap();
    assert!(store.bundle().list_in_place());

    // After the start, card 10's entry is changed in place (same size): read
    // without the file's identity, the list would no longer block it.
    let entry = bytes.windows(9).position(|w| w[0] == 0x1b && w[1..] == blocked.1.0.to_be_bytes()[..]).unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.write_all_at(&[bytes[entry + 8] ^ 1], entry as u64 + 8).unwrap();
    assert_eq!(store.bundle().revoked(blocked.1), Err(ListUnreadable::Changed));
    assert_eq!(store.bundle().revoked(free.1), Err(ListUnreadable::Changed));
    assert!(store.bundle().is_revoked(free.1), "unread is never \"not blocked\"");
    // Checking and redeeming are the station's error, with nothing recorded.
    for text in [&blocked.0, &free.0] {
        let e = check_at_venue(&store, text, now, "nb").unwrap_err();
        assert!(matches!(e, VerifierError::RevokedListUnreadable(ListUnreadable::Changed)), "{e:?}");
        let mut log = RedemptionLog::open(tmp.path()).unwrap();
        let e = redeem(&mut store, &mut log, text, now, "nb").unwrap_err();
        assert!(matches!(e, VerifierError::RevokedListUnreadable(ListUnreadable::Changed)), "{e:?}");
    }
    assert_eq!(visits(tmp.path()), 0);
    let said = Messages::of(Lang::Nb).station_error(&VerifierError::RevokedListUnreadable(ListUnreadable::Changed));
    assert_eq!(said.unwrap().headline, "STOPP · kunne ikke lese sperrelisten");
    // Opened again whole, the tampered file is verified in full and refused.
    let e = store.again_whole_if_unreadable(now, |s| check_at_venue(s, &free.0, now, "nb")).unwrap_err();
    assert!(matches!(e, VerifierError::Bundle(BundleError::BadSignature)), "{e:?}");

    // A file cut short after the start: the read fails.
    keys::atomic_write(&path, &bytes, 0o600).unwrap();
    let mut store = VenueStore::open(tmp.path(), now).unwrap();
    store.seal();
    let store = VenueStore::open_for_one_card(tmp.path(), now).unwrap();
    assert!(store.bundle().list_in_place());
    let list_start = store.bundle().layout().list_range().0;
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(list_start as u64).unwrap();
    assert_eq!(store.bundle().revoked(blocked.1), Err(ListUnreadable::Read));
    let e = check_at_venue(&store, &free.0, now, "nb").unwrap_err();
    assert!(matches!(e, VerifierError::RevokedListUnreadable(ListUnreadable::Read)), "{e:?}");
}

#[test]
fn a_new_install_after_the_start_is_never_read_as_the_old_list() {
    let tmp = tempfile::tempdir().unwrap();
    venue(tmp.path());
    let now = t0().plus_seconds(3600);
    let blocked = card(10);
    let mut store = VenueStore::open_for_one_card(tmp.path(), now).unwrap();
    // Another process installs version 2, which blocks nothing.
    let mut other = VenueStore::open(tmp.path(), now).unwrap();
    other.update(&bundle(2, vec![]), now).unwrap();
    // The file opened at the start still holds the verified bytes of
    // version 1; if its identity moved (unlinked), the lookup is an error.
    match store.bundle().revoked(blocked.1) {
        Ok(found) => assert!(found, "version 1 blocks card 10"),
        Err(why) => assert_eq!(why, ListUnreadable::Changed),
    }
    // Run again whole when unreadable: either answer is one of a verified bundle.
    let v = store.again_whole_if_unreadable(now, |s| check_at_venue(s, &blocked.0, now, "nb")).unwrap();
    match v.bundle_version {
        1 => assert_eq!(v.reason, "revoked"),
        _ => assert!(v.valid && v.bundle_version == 2, "{v:?}"),
    }
}
