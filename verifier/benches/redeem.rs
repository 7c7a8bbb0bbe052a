//! Benchmarks of the verifier: a scanned line to a durable
//! verdict (verification, quota, SQLite commit with fsync), and `verifier
//! check` cold start (process spawn to exit). Results: `docs/BENCHMARKS.md`.
//!
//! Run with `cargo bench -p verifier --bench redeem`. The venue's data
//! directory is a temporary directory: on a RAM disk (tmpfs) the fsync is
//! free and the figure meaningless, so the bench prints the file system.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use shared::ed25519_dalek::SigningKey;
use shared::wire::{self, Claims, KeyId, PublicKeyBytes, TokenId};
use shared::{
    Benefit, BundleBody, CardType, CardTypeId, Catalogue, Category, Day, Fingerprint, Period, Quota, SigningKeyEntry,
    Timestamp, ValidityRule, Venue,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use verifier::log::RedemptionLog;
use verifier::redeem::{redeem, redeem_loaded};
use verifier::store::VenueStore;

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

fn now() -> Timestamp {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    Timestamp(secs as i64)
}

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
    signer: SigningKey,
    today: Day,
}

/// A venue like the demo's cinema: card type 1, "kino" 1 a week + 12 for the
/// whole validity, companion free. Keys fixed; the bundle issued now.
fn fixture() -> Fixture {
    let root = SigningKey::from_bytes(&[1; 32]);
    let signer = SigningKey::from_bytes(&[2; 32]);
    let pk = signer.verifying_key().to_bytes();
    let today = now().oslo_day();
    let names = |s: &str| [("nb".to_string(), s.to_string())].into_iter().collect();
    let body = BundleBody {
        version: 1,
        issued_at: now(),
        expires_at: now().plus_seconds(60 * 86_400),
        root_key_id: KeyId::of(&root.verifying_key().to_bytes()),
        signing_keys: vec![SigningKeyEntry {
            key_id: KeyId::of(&pk),
            public_key: PublicKeyBytes(pk),
            valid_from: day(2020, 1, 1),
            valid_until: day(2100, 12, 31),
        }],
        catalogue: Catalogue {
            scheme_name: "Bench".into(),
            public_base_url: "https://kort.larvik.kommune.no".into(),
            venues: vec![Venue {
                id: "bolgen-kino".into(),
                name: "Bølgen kino".into(),
                category: Category::Cinema,
                address: "Sjøgata 2".into(),
                ..Default::default()
            }],
            card_types: vec![CardType {
                id: CardTypeId(1),
                names: names("0–13 år med ledsager"),
                age_min: 0,
                age_max: 13,
                validity: ValidityRule::Days { days: 366 },
                benefits: vec![Benefit {
                    id: "kino".into(),
                    names: names("Kino"),
                    venues: vec!["bolgen-kino".into()],
                    quotas: vec![Quota { count: 1, per: Period::Week }, Quota { count: 12, per: Period::Validity }],
                    companion_free: true,
                }],
            }],
            contact: None,
        },
        revoked: (0..1000u64).map(|i| wire::CardNumber(i * 7919)).collect(),
    };
    let bytes = shared::sign_bundle(&root, vec![], &body);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("venue");
    let fp = Fingerprint::of(&root.verifying_key().to_bytes());
    VenueStore::init(&dir, &bytes, &fp, "bolgen-kino", now()).unwrap();
    Fixture { _tmp: tmp, dir, signer, today }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A new card (fresh token id), as the decimal text a scanner types.
fn new_card(f: &Fixture) -> String {
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&NEXT_ID.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    id[8] = 0xAB;
    let pk = f.signer.verifying_key().to_bytes();
    let claims = Claims {
        key_id: KeyId::of(&pk),
        token_id: TokenId(id),
        card_type: CardTypeId(1),
        valid_from: f.today,
        valid_until: f.today.plus(300),
        issued_on: f.today,
    };
    wire::encode_decimal(&shared::sign_token(&f.signer, &claims))
}

fn file_system(path: &std::path::Path) -> String {
    let out = std::process::Command::new("df").arg("--output=fstype,source").arg(path).output();
    out.map(|o| String::from_utf8_lossy(&o.stdout).split_whitespace().skip(2).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn bench_redeem(c: &mut Criterion) {
    let f = fixture();
    eprintln!("venue data directory on: {}", file_system(&f.dir));
    let mut store = VenueStore::open(&f.dir, now()).unwrap();
    let mut log = RedemptionLog::open(&f.dir).unwrap();
    // A log that already holds visits, as after a season at a venue.
    for _ in 0..2000 {
        let v = redeem(&mut store, &mut log, &new_card(&f), now(), "nb").unwrap();
        assert!(v.valid);
    }
    let mut g = c.benchmark_group("redeem");
    g.measurement_time(Duration::from_secs(10));
    // The whole path of one scanned line: look for a newly installed bundle
    // or settings (two `stat`s), take the write lock, check the clock and
    // staleness, verify, read the card's visits, insert, commit (WAL append
    // + fsync). A new card each time, so each one writes.
    g.bench_function("granted_durable", |b| {
        b.iter_batched(
            || new_card(&f),
            |text| {
                let v = redeem(&mut store, &mut log, &text, now(), "nb").unwrap();
                assert!(v.valid);
            },
            BatchSize::SmallInput,
        )
    });
    // The same path without looking for a new install (`redeem_loaded`):
    // what the reload check costs is the difference.
    g.bench_function("granted_durable_no_reload", |b| {
        b.iter_batched(
            || new_card(&f),
            |text| {
                let v = redeem_loaded(&store, &mut log, &text, now(), "nb").unwrap();
                assert!(v.valid);
            },
            BatchSize::SmallInput,
        )
    });
    // The reload check alone: nothing installed since, so two `stat`s.
    g.bench_function("reload_check", |b| b.iter(|| assert!(!store.refresh(now()))));
    // The floor on the same disk: one row inserted and committed in a bare
    // SQLite file with the log's settings (WAL, synchronous=FULL).
    let bare = rusqlite::Connection::open(f.dir.join("bare.db")).unwrap();
    bare.pragma_update(None, "journal_mode", "WAL").unwrap();
    bare.pragma_update(None, "synchronous", "FULL").unwrap();
    bare.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)").unwrap();
    g.bench_function("bare_sqlite_commit", |b| {
        b.iter(|| {
            bare.execute_batch("BEGIN IMMEDIATE").unwrap();
            bare.execute("INSERT INTO t (at) VALUES (?1)", [now().0]).unwrap();
            bare.execute_batch("COMMIT").unwrap();
        })
    });
    // The same card again: refused for quota, nothing written (no fsync).
    let used = new_card(&f);
    assert!(redeem(&mut store, &mut log, &used, now(), "nb").unwrap().valid);
    g.bench_function("refused_used", |b| {
        b.iter(|| {
            let v = redeem(&mut store, &mut log, &used, now(), "nb").unwrap();
            assert_eq!(v.code, "quota_exhausted");
        })
    });
    // For comparison: verification alone (what `check` does per card).
    g.bench_function("verify_only", |b| {
        b.iter(|| verifier::check::check(store.bundle(), "bolgen-kino", &used, now(), "nb"))
    });
    g.finish();
}

fn bench_cold_start(c: &mut Criterion) {
    let f = fixture();
    let bin = env!("CARGO_BIN_EXE_verifier");
    let text = new_card(&f);
    let data = f.dir.to_str().unwrap().to_string();
    // With a redemption log present, as at a venue (check reads its clock mark).
    {
        let mut store = VenueStore::open(&f.dir, now()).unwrap();
        let mut log = RedemptionLog::open(&f.dir).unwrap();
        redeem(&mut store, &mut log, &new_card(&f), now(), "nb").unwrap();
    }
    let mut g = c.benchmark_group("cold_start");
    g.sample_size(50);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("verifier_check", |b| {
        b.iter(|| {
            let out = std::process::Command::new(bin).args(["check", "--data", &data, &text]).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        })
    });
    g.bench_function("verifier_redeem", |b| {
        b.iter_batched(
            || new_card(&f),
            |text| {
                let out = std::process::Command::new(bin).args(["redeem", "--data", &data, &text]).output().unwrap();
                assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
            },
            BatchSize::SmallInput,
        )
    });
    // A scanned line through the running binary (`verifier redeem -`, as a
    // scanner mode drives it): write the line, read the answer line, which
    // is printed after the commit.
    {
        use std::io::{BufRead as _, Write as _};
        let mut child = std::process::Command::new(bin)
            .args(["redeem", "--data", &data, "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        g.bench_function("batch_line_roundtrip", |b| {
            b.iter_batched(
                || new_card(&f),
                |text| {
                    writeln!(stdin, "{text}").unwrap();
                    stdin.flush().unwrap();
                    let mut line = String::new();
                    stdout.read_line(&mut line).unwrap();
                    assert!(line.starts_with("GYLDIG"), "{line}");
                },
                BatchSize::SmallInput,
            )
        });
        drop(stdin);
        child.wait().unwrap();
    }
    // The floor: spawning a process that does nothing.
    g.bench_function("spawn_true", |b| {
        b.iter(|| std::process::Command::new("true").output().unwrap());
    });
    g.finish();
}

criterion_group!(benches, bench_redeem, bench_cold_start);
criterion_main!(benches);
