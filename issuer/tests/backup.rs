//! `issuer::backup`: what a restore refuses, with which error, and that a
//! refusal writes nothing (the command-line and the running server: the
//! end-to-end test `tests/tests/backup.rs`).

use issuer::backup::archive::{self, Lock, Member, Unlock};
use issuer::backup::restore::restore;
use issuer::backup::{self, BackupError};
use issuer::i18n::{Lang, Messages};
use issuer::store::{CLI_ACTOR, Store};
use shared::Timestamp;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::str::FromStr as _;
use zeroize::Zeroizing;

const NOW: Timestamp = Timestamp(1_780_000_000);

/// An age key pair (fast: no scrypt), as the identity file's text.
fn key_pair() -> (Lock, String) {
    use age::secrecy::ExposeSecret as _;
    let id = age::x25519::Identity::generate();
    (Lock::Recipients(vec![id.to_public()]), id.to_string().expose_secret().to_string())
}

fn unlock(identity: &str) -> Unlock {
    backup::identities(identity).unwrap()
}

/// An issuer with a published bundle, in `dir`.
fn issuer(dir: &Path) -> String {
    let store = Store::init(dir, NOW).unwrap();
    store.bundles().publish(CLI_ACTOR, NOW).unwrap();
    store.ring().root_fingerprint().to_string()
}

/// What is in `dir` (sorted; nothing if it is missing).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

#[test]
fn a_backup_restores_into_an_empty_directory_owner_only_and_with_the_same_root() {
    let tmp = tempfile::tempdir().unwrap();
    let fingerprint = issuer(&tmp.path().join("old"));
    // What a killed backup left behind goes at the next one.
    std::fs::write(tmp.path().join("old/.backup-0123456789ab.db"), b"SQLite format 3\0").unwrap();
    let (lock, identity) = key_pair();
    let file = backup::create(&tmp.path().join("old"), &lock, NOW.0).unwrap();
    assert_eq!(entries(&tmp.path().join("old")), ["issuer.db", "keys"]);
    let target = tmp.path().join("new");
    std::fs::create_dir(&target).unwrap();
    let done = restore(&file, &unlock(&identity), &target, false).unwrap();
    assert_eq!(done.root_fingerprint, fingerprint);
    assert_eq!(done.made_at, NOW.0);
    assert_eq!(done.moved_aside, None);
    assert_eq!(entries(&target), ["issuer.db", "keys"]);
    assert_eq!(entries(tmp.path()), ["new", "old"], "no staging directory is left");
    assert_eq!(std::fs::metadata(target.join("keys")).unwrap().permissions().mode() & 0o777, 0o700);
    for f in std::fs::read_dir(target.join("keys")).unwrap() {
        let f = f.unwrap();
        assert_eq!(f.metadata().unwrap().permissions().mode() & 0o777, 0o600, "{:?}", f.file_name());
    }
    assert_eq!(std::fs::metadata(target.join("issuer.db")).unwrap().permissions().mode() & 0o777, 0o600);
    let restored = Store::open(&target).unwrap();
    let (version, _) = restored.bundles().latest().unwrap().unwrap();
    assert_eq!(version, 1);
}

#[test]
fn refusals_name_their_reason_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    issuer(&tmp.path().join("old"));
    let (lock, identity) = key_pair();
    let file = backup::create(&tmp.path().join("old"), &lock, NOW.0).unwrap();
    let target = tmp.path().join("new");
    std::fs::create_dir(&target).unwrap();
    let (_, other) = key_pair();

    let wrong = restore(&file, &unlock(&other), &target, false).unwrap_err();
    assert!(matches!(wrong, BackupError::WrongPassphrase), "{wrong:?}");
    let truncated = restore(&file[..file.len() * 2 / 3], &unlock(&identity), &target, false).unwrap_err();
    assert!(matches!(truncated, BackupError::Damaged(_)), "{truncated:?}");
    let mut changed = file.clone();
    let at = changed.len() - 100;
    changed[at] ^= 0x20;
    let changed = restore(&changed, &unlock(&identity), &target, false).unwrap_err();
    assert!(matches!(changed, BackupError::Damaged(_)), "{changed:?}");
    let db = std::fs::read(tmp.path().join("old/issuer.db")).unwrap();
    let not_one = restore(&db, &unlock(&identity), &target, false).unwrap_err();
    assert!(matches!(not_one, BackupError::NotABackup), "{not_one:?}");
    // age, but not our container inside.
    let (lock2, identity2) = key_pair();
    let other_file = archive::encrypt(b"hello", &lock2).unwrap();
    assert!(matches!(restore(&other_file, &unlock(&identity2), &target, false), Err(BackupError::NotABackup)));

    assert_eq!(entries(&target), Vec::<String>::new(), "the target stays empty");
    assert_eq!(entries(tmp.path()), ["new", "old"], "and nothing is written next to it");

    // Not empty: refused before decrypting, and left as it was.
    std::fs::write(target.join("notes.txt"), "mine").unwrap();
    let busy = restore(&file, &unlock(&identity), &target, false).unwrap_err();
    assert!(matches!(&busy, BackupError::TargetNotEmpty(p) if *p == target), "{busy:?}");
    assert_eq!(entries(&target), ["notes.txt"]);
    // Unless asked: the existing directory is moved aside, not deleted.
    let done = restore(&file, &unlock(&identity), &target, true).unwrap();
    let aside = done.moved_aside.unwrap();
    assert_eq!(entries(&aside), ["notes.txt"]);
    assert_eq!(entries(&target), ["issuer.db", "keys"]);
}

/// A container of `members` locked with a fresh key.
fn sealed(members: &[Member]) -> (Vec<u8>, Unlock) {
    let (lock, identity) = key_pair();
    (archive::encrypt(&archive::encode(NOW.0, members), &lock).unwrap(), unlock(&identity))
}

fn members_of(dir: &Path) -> Vec<Member> {
    let (lock, identity) = key_pair();
    let file = backup::create(dir, &lock, NOW.0).unwrap();
    let plain = archive::decrypt(&file, &unlock(&identity)).unwrap();
    archive::decode(&plain).unwrap().1
}

#[test]
fn a_container_with_wrong_members_or_keys_that_do_not_match_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    issuer(&tmp.path().join("old"));
    let target = tmp.path().join("new");
    let restore_members = |members: &[Member]| {
        let (file, unlock) = sealed(members);
        restore(&file, &unlock, &target, false).unwrap_err()
    };

    // A member a backup never holds (a path out of the directory).
    let mut extra = members_of(&tmp.path().join("old"));
    extra.push(Member { name: "../evil".into(), content: Zeroizing::new(b"x".to_vec()) });
    assert!(matches!(restore_members(&extra), BackupError::Damaged(_)));
    // No database.
    let no_db: Vec<Member> =
        members_of(&tmp.path().join("old")).into_iter().filter(|m| m.name != "issuer.db").collect();
    assert!(matches!(restore_members(&no_db), BackupError::Damaged(_)));
    // A database member that is not SQLite.
    let mut not_sqlite = members_of(&tmp.path().join("old"));
    not_sqlite.iter_mut().find(|m| m.name == "issuer.db").unwrap().content = Zeroizing::new(b"hello".to_vec());
    assert!(matches!(restore_members(&not_sqlite), BackupError::Damaged(_)));
    // A signing key file that is not the key the ring (and the published
    // bundle) names.
    let mut swapped = members_of(&tmp.path().join("old"));
    let signing = swapped.iter_mut().find(|m| m.name.starts_with("keys/signing-")).unwrap();
    let other = shared::ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let text = {
        use base64::Engine as _;
        format!(
            "aktivitetskort ed25519 secret key v1\n{}\n",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(other.to_bytes())
        )
    };
    signing.content = Zeroizing::new(text.into_bytes());
    assert!(matches!(restore_members(&swapped), BackupError::Inconsistent(_)));
    // The key ring of another issuer: the published bundle's root is not in it.
    issuer(&tmp.path().join("stranger"));
    let mut mixed: Vec<Member> =
        members_of(&tmp.path().join("old")).into_iter().filter(|m| !m.name.starts_with("keys/")).collect();
    mixed.extend(members_of(&tmp.path().join("stranger")).into_iter().filter(|m| m.name.starts_with("keys/")));
    assert!(matches!(restore_members(&mixed), BackupError::Inconsistent(_)));

    assert!(!target.exists(), "nothing was written");
    assert_eq!(entries(tmp.path()), ["old", "stranger"]);
}

#[test]
fn passphrases_are_checked_and_open_what_they_locked() {
    let tmp = tempfile::tempdir().unwrap();
    let fingerprint = issuer(&tmp.path().join("old"));
    assert!(matches!(backup::new_passphrase("too short".into()), Err(BackupError::WeakPassphrase)));
    assert!(matches!(backup::recipients(&["age1nope".into()]), Err(BackupError::BadAgeKey(_))));
    assert!(matches!(backup::identities("hello"), Err(BackupError::BadAgeKey(_))));
    assert!(matches!(backup::create(&tmp.path().join("nothing"), &key_pair().0, NOW.0), Err(BackupError::NoIssuer(_))));
    let lock = backup::new_passphrase("correct horse battery staple".into()).unwrap();
    let file = backup::create(&tmp.path().join("old"), &lock, NOW.0).unwrap();
    let pass = |p: &str| Unlock::Passphrase(age::secrecy::SecretString::from(p.to_string()));
    let target = tmp.path().join("new");
    let wrong = restore(&file, &pass("correct horse battery stable"), &target, false).unwrap_err();
    assert!(matches!(wrong, BackupError::WrongPassphrase), "{wrong:?}");
    assert!(!target.exists());
    let done = restore(&file, &pass("correct horse battery staple"), &target, false).unwrap();
    assert_eq!(done.root_fingerprint, fingerprint);
    // The age recipient form parses what age prints.
    let id = age::x25519::Identity::generate();
    assert!(backup::recipients(&[id.to_public().to_string()]).is_ok());
    assert!(age::x25519::Recipient::from_str(&id.to_public().to_string()).is_ok());
}

#[test]
fn every_refusal_has_a_message_in_bokmal_and_english() {
    let errors = [
        BackupError::NoIssuer("d".into()),
        BackupError::Io { path: "f".into(), source: std::io::ErrorKind::NotFound.into() },
        BackupError::Sqlite { path: "db".into(), source: rusqlite::Error::InvalidQuery },
        BackupError::WeakPassphrase,
        BackupError::NoSecret,
        BackupError::BadAgeKey("x".into()),
        BackupError::Encrypt("x".into()),
        BackupError::NotABackup,
        BackupError::WrongPassphrase,
        BackupError::Damaged("x".into()),
        BackupError::Inconsistent("x".into()),
        BackupError::TargetNotEmpty("d".into()),
    ];
    for e in &errors {
        for lang in Lang::ALL {
            assert!(Messages::of(lang).has(e.message_id()), "{} in {}", e.message_id(), lang.tag());
            let text = e.message(lang);
            assert!(!text.contains('{') && text.len() > 20, "{text}");
        }
    }
    assert!(BackupError::WrongPassphrase.message(Lang::Nb).contains("Passordfrasen"));
    assert!(BackupError::WrongPassphrase.message(Lang::En).contains("passphrase"));
}
