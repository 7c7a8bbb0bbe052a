//! The venue's data directory.
//!
//! ```text
//! DIR/venue.json   venue id, the root fingerprint this venue trusts, and
//!                  where its bundle is fetched from (URL and ETag), if online
//! DIR/bundle.akb   the installed trust bundle (exact bytes as signed)
//! DIR/bundle.seal  the record of its install, which lets a start skip
//!                  verifying it again ([`crate::seal`])
//! ```
//!
//! Both are written atomically (temporary file, fsync, rename), and the
//! bundle is installed only after full verification, so a failed update
//! leaves the previous bundle in use.

use crate::VerifierError;
use crate::seal::Reading;
use serde::{Deserialize, Serialize};
use shared::budget::Share;
use shared::wire::Fingerprint;
use shared::{Benefit, CardTypeId, Timestamp, Update, VerifiedBundle, update_decision, verify_bundle};
use std::path::{Path, PathBuf};

const CONFIG_FILE: &str = "venue.json";
const BUNDLE_FILE: &str = "bundle.akb";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Config {
    venue_id: String,
    trusted_root: Fingerprint,
    /// Staleness limits (absent in older files: the defaults).
    #[serde(default)]
    staleness: Staleness,
    /// Where `verifier update` fetches the bundle (from the set-up code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bundle_url: Option<String>,
    /// The ETag of the installed bundle as served from `bundle_url`; only
    /// stored together with (or after) the bundle it describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
    /// This station's share of the venue's ticket budgets (absent: the
    /// whole budget, as the only station).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    budget_share: Option<Share>,
}

/// Where a bundle was fetched from: remembered for the next update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The bundle URL.
    pub url: String,
    /// The response's ETag, if any.
    pub etag: Option<String>,
}

/// Default age of the installed bundle after which every verdict carries a
/// warning.
pub const DEFAULT_STALE_WARN_DAYS: u32 = shared::station::DEFAULT_STALE_WARN_DAYS;
/// Default age of the installed bundle after which cards are refused until
/// the bundle is updated.
pub const DEFAULT_STALE_REFUSE_DAYS: u32 = shared::station::DEFAULT_STALE_REFUSE_DAYS;
/// Largest staleness limit a venue may set (days).
pub const MAX_STALE_DAYS: u32 = 365;

/// How old the installed bundle may get (days since the issuer signed it),
/// set per venue with `verifier settings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staleness {
    /// From this age on, every verdict carries a warning; cards still verify.
    pub warn_days: u32,
    /// From this age on, `redeem` and `check` refuse until `verifier update`.
    pub refuse_days: u32,
}

impl Default for Staleness {
    fn default() -> Staleness {
        Staleness { warn_days: DEFAULT_STALE_WARN_DAYS, refuse_days: DEFAULT_STALE_REFUSE_DAYS }
    }
}

impl Staleness {
    /// Checked limits: 1 ≤ warn ≤ refuse ≤ [`MAX_STALE_DAYS`].
    pub fn new(warn_days: u32, refuse_days: u32) -> Result<Staleness, VerifierError> {
        if warn_days == 0 || refuse_days > MAX_STALE_DAYS || warn_days > refuse_days {
            return Err(VerifierError::BadStaleness { warn_days, refuse_days, max: MAX_STALE_DAYS });
        }
        Ok(Staleness { warn_days, refuse_days })
    }
}

pub use shared::station::BundleAge;

/// The age class of a bundle issued at `issued_at`, seen at `now`.
pub fn bundle_age(issued_at: Timestamp, now: Timestamp, limits: Staleness) -> BundleAge {
    shared::station::bundle_age(issued_at, now, limits.warn_days, limits.refuse_days)
}

/// An open venue installation.
#[derive(Debug)]
pub struct VenueStore {
    dir: PathBuf,
    config: Config,
    bundle: VerifiedBundle,
    /// The identity of the files this state was read from (or last found
    /// unusable): see [`VenueStore::refresh`].
    seen: Option<Stamp>,
    /// Whether a record of its install vouches for the bundle file
    /// ([`crate::seal`]): opened by it, or written since.
    sealed: bool,
}

/// The identity of one file: device, inode, size, change and modification
/// times. An atomic install (rename of a new file) always gives a new inode.
type FileId = (u64, u64, u64, i64, i64, i64, i64);

/// The identity of `venue.json` and `bundle.akb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp([FileId; 2]);

fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt as _;
    let m = std::fs::metadata(path).ok()?;
    Some((m.dev(), m.ino(), m.size(), m.ctime(), m.ctime_nsec(), m.mtime(), m.mtime_nsec()))
}

/// The installed files' identity now (`None` if either is missing).
fn stamp(dir: &Path) -> Option<Stamp> {
    Some(Stamp([file_id(&dir.join(CONFIG_FILE))?, file_id(&dir.join(BUNDLE_FILE))?]))
}

/// What an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// A newer bundle was installed.
    Installed {
        /// Version before.
        from: u64,
        /// Version now.
        to: u64,
    },
    /// The offered bundle has the version already installed.
    AlreadyCurrent(u64),
    /// The server answered 304 to the stored ETag: the installed version
    /// is the published one.
    NotModified(u64),
}

/// Read a bundle file, bounded: never more than the largest valid bundle
/// plus one byte is read, so an oversized file is refused without loading it.
pub fn read_bundle_file(path: &Path) -> Result<Vec<u8>, VerifierError> {
    use std::io::Read as _;
    let f = std::fs::File::open(path).map_err(|source| VerifierError::Io { path: path.to_path_buf(), source })?;
    let mut bytes = Vec::new();
    f.take(shared::wire::MAX_BUNDLE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| VerifierError::Io { path: path.to_path_buf(), source })?;
    Ok(bytes)
}

fn write_config(dir: &Path, config: &Config) -> Result<(), VerifierError> {
    let mut json = serde_json::to_vec_pretty(config).map_err(VerifierError::Json)?;
    json.push(b'\n');
    Ok(keys::atomic_write(&dir.join(CONFIG_FILE), &json, 0o600)?)
}

impl VenueStore {
    /// Set up a venue: verify the bundle against the pinned root
    /// fingerprint, check the venue id is in it, and persist both.
    pub fn init(
        dir: &Path,
        bundle_bytes: &[u8],
        root: &Fingerprint,
        venue_id: &str,
        now: Timestamp,
    ) -> Result<VenueStore, VerifierError> {
        VenueStore::init_from(dir, bundle_bytes, root, venue_id, now, None)
    }

    /// Whether `dir` holds a venue set-up already.
    pub fn is_initialised(dir: &Path) -> bool {
        dir.join(CONFIG_FILE).exists()
    }

    /// [`VenueStore::init`] with the bundle fetched from `origin`, whose URL
    /// (and ETag) are remembered for `verifier update`.
    pub fn init_from(
        dir: &Path,
        bundle_bytes: &[u8],
        root: &Fingerprint,
        venue_id: &str,
        now: Timestamp,
        origin: Option<Origin>,
    ) -> Result<VenueStore, VerifierError> {
        if VenueStore::is_initialised(dir) {
            return Err(VerifierError::AlreadyInitialised(dir.to_path_buf()));
        }
        let bundle = verify_bundle(bundle_bytes, root, now)?;
        if bundle.catalogue().venue(venue_id).is_none() {
            return Err(VerifierError::UnknownVenue {
                venue: venue_id.to_string(),
                known: bundle.catalogue().venues.iter().map(|v| v.id.clone()).collect(),
            });
        }
        std::fs::create_dir_all(dir).map_err(|source| VerifierError::Io { path: dir.to_path_buf(), source })?;
        // The verified bytes (verify_bundle keeps them exactly).
        keys::atomic_write(&dir.join(BUNDLE_FILE), bundle_bytes, 0o600)?;
        let (bundle_url, etag) = origin.map_or((None, None), |o| (Some(o.url), o.etag));
        let config = Config {
            venue_id: venue_id.to_string(),
            trusted_root: bundle.root_fingerprint(),
            bundle_url,
            etag,
            staleness: Staleness::default(),
            budget_share: None,
        };
        write_config(dir, &config)?;
        let sealed = crate::seal::write(dir, &dir.join(BUNDLE_FILE), &bundle, config.trusted_root);
        Ok(VenueStore { dir: dir.to_path_buf(), config, bundle, seen: stamp(dir), sealed })
    }

    /// Open an installation: its bundle as vouched for by the record of its
    /// install ([`crate::seal`]), or else verified again in full; the
    /// bundle's bytes are read whole, into memory.
    pub fn open(dir: &Path, now: Timestamp) -> Result<VenueStore, VerifierError> {
        VenueStore::open_reading(dir, now, Reading::Whole)
    }

    /// [`VenueStore::open`] for a command that checks or redeems one card
    /// and exits: when the record of the install vouches for the file, its
    /// revoked list is not read but looked up where it lies, through the
    /// file kept open ([`crate::seal::Reading::ListInPlace`]). A lookup
    /// that cannot read it then fails
    /// ([`VerifierError::RevokedListUnreadable`], never "not blocked"):
    /// run the work with [`VenueStore::again_whole_if_unreadable`].
    pub fn open_for_one_card(dir: &Path, now: Timestamp) -> Result<VenueStore, VerifierError> {
        VenueStore::open_reading(dir, now, Reading::ListInPlace)
    }

    /// Run `work` on this installation; if it finds the revoked list left
    /// in the installed file unreadable (the file was written or replaced
    /// since the start, or a read failed), open the installation again as
    /// [`VenueStore::open`] does (read whole, and verified in full unless a
    /// record vouches for the file as it is now) and run `work` once more.
    /// An error of `work` leaves nothing recorded (a redemption records
    /// only a verified card).
    pub fn again_whole_if_unreadable<T>(
        &mut self,
        now: Timestamp,
        mut work: impl FnMut(&mut VenueStore) -> Result<T, VerifierError>,
    ) -> Result<T, VerifierError> {
        match work(self) {
            Err(VerifierError::RevokedListUnreadable(_)) if self.bundle.list_in_place() => {
                *self = VenueStore::open(&self.dir, now)?;
                work(self)
            }
            other => other,
        }
    }

    fn open_reading(dir: &Path, now: Timestamp, reading: Reading) -> Result<VenueStore, VerifierError> {
        let path = dir.join(CONFIG_FILE);
        if !path.exists() {
            return Err(VerifierError::NotInitialised(dir.to_path_buf()));
        }
        // Taken before reading: a change while reading is seen next time.
        let seen = stamp(dir);
        let text = std::fs::read_to_string(&path).map_err(|source| VerifierError::Io { path: path.clone(), source })?;
        let config: Config =
            serde_json::from_str(&text).map_err(|source| VerifierError::BadConfig { path: path.clone(), source })?;
        let bundle_path = dir.join(BUNDLE_FILE);
        let (bundle, sealed) = match crate::seal::reopen(dir, &bundle_path, &config.trusted_root, now, reading) {
            Some(reopened) => (reopened?, true),
            None => (verify_bundle(&read_bundle_file(&bundle_path)?, &config.trusted_root, now)?, false),
        };
        Ok(VenueStore { dir: dir.to_path_buf(), config, bundle, seen, sealed })
    }

    /// Whether a record of its install vouches for the installed bundle
    /// file (then starts do not verify it again: [`crate::seal`]).
    pub fn is_sealed(&self) -> bool {
        self.sealed
    }

    /// Write the record of the installed bundle if none vouches for it yet
    /// (an installation from before such records, or one whose file was
    /// opened by full verification): `verifier update` does it whatever
    /// the outcome. Whether a record vouches for it now.
    pub fn seal(&mut self) -> bool {
        if !self.sealed {
            self.sealed =
                crate::seal::write(&self.dir, &self.dir.join(BUNDLE_FILE), &self.bundle, self.config.trusted_root);
        }
        self.sealed
    }

    /// Pick up what was installed since this state was read: a new bundle
    /// (`verifier update`, the station's own updates) or changed settings
    /// (`verifier settings`). Cheap when nothing changed (two `stat` calls);
    /// otherwise the files are read and verified as by [`VenueStore::open`].
    /// Files that do not open, or a bundle older than the one in use, never
    /// replace the state in use (and are not read again until they change).
    /// Returns whether the state changed.
    pub fn refresh(&mut self, now: Timestamp) -> bool {
        let current = stamp(&self.dir);
        if current.is_none() || current == self.seen {
            return false;
        }
        self.seen = current;
        match VenueStore::open(&self.dir, now) {
            Ok(fresh) if fresh.bundle.version() >= self.bundle.version() && fresh.venue_id() == self.venue_id() => {
                *self = fresh;
                // A change between the two stats shows up next time.
                self.seen = current;
                true
            }
            _ => false,
        }
    }

    /// Offer a new bundle. It is verified against the trusted root (following
    /// a root rotation if the bundle carries one), refused if older than the
    /// installed one, and installed atomically only if newer.
    pub fn update(&mut self, bundle_bytes: &[u8], now: Timestamp) -> Result<UpdateOutcome, VerifierError> {
        self.update_from(bundle_bytes, now, None)
    }

    /// [`VenueStore::update`] of a bundle fetched from `origin`. When it is
    /// installed or already current, the URL and ETag are remembered (in the
    /// configuration, written after the bundle); on any error nothing
    /// changes.
    pub fn update_from(
        &mut self,
        bundle_bytes: &[u8],
        now: Timestamp,
        origin: Option<Origin>,
    ) -> Result<UpdateOutcome, VerifierError> {
        let offered = verify_bundle(bundle_bytes, &self.config.trusted_root, now)?;
        let mut config = self.config.clone();
        if let Some(o) = origin {
            config.bundle_url = Some(o.url);
            config.etag = o.etag;
        }
        match update_decision(&self.bundle, &offered)? {
            Update::NoChange => {
                if config.bundle_url != self.config.bundle_url || config.etag != self.config.etag {
                    write_config(&self.dir, &config)?;
                    self.config = config;
                    self.seen = stamp(&self.dir);
                }
                self.seal();
                Ok(UpdateOutcome::AlreadyCurrent(self.bundle.version()))
            }
            Update::Install => {
                if offered.catalogue().venue(&self.config.venue_id).is_none() {
                    return Err(VerifierError::VenueRemoved(self.config.venue_id.clone()));
                }
                // Bundle first: if we stop between the two writes, the old
                // trusted root still leads to the new bundle through its chain,
                // and the old ETag only makes the next update fetch again.
                keys::atomic_write(&self.dir.join(BUNDLE_FILE), bundle_bytes, 0o600)?;
                let from = self.bundle.version();
                config.trusted_root = offered.root_fingerprint();
                if config.trusted_root != self.config.trusted_root
                    || config.bundle_url != self.config.bundle_url
                    || config.etag != self.config.etag
                {
                    write_config(&self.dir, &config)?;
                    self.config = config;
                }
                self.bundle = offered;
                self.sealed = false;
                self.seal();
                self.seen = stamp(&self.dir);
                Ok(UpdateOutcome::Installed { from, to: self.bundle.version() })
            }
        }
    }

    /// The installed bundle.
    pub fn bundle(&self) -> &VerifiedBundle {
        &self.bundle
    }

    /// This venue's id.
    pub fn venue_id(&self) -> &str {
        &self.config.venue_id
    }

    /// This venue's name in the installed bundle (its id if the bundle
    /// does not name it).
    pub fn venue_name(&self) -> String {
        self.bundle.catalogue().venue(self.venue_id()).map_or_else(|| self.venue_id().to_string(), |v| v.name.clone())
    }

    /// A benefit of a card type in the installed bundle.
    pub fn benefit(&self, card_type: CardTypeId, benefit: &str) -> Option<&Benefit> {
        self.bundle.card_type(card_type).and_then(|ct| ct.benefits.iter().find(|b| b.id == benefit))
    }

    /// The root this venue trusts now.
    pub fn trusted_root(&self) -> Fingerprint {
        self.config.trusted_root
    }

    /// Where `verifier update` fetches the bundle, if the venue was set up
    /// (or last updated) from a URL.
    pub fn bundle_url(&self) -> Option<&str> {
        self.config.bundle_url.as_deref()
    }

    /// The ETag of the installed bundle at [`VenueStore::bundle_url`].
    pub fn etag(&self) -> Option<&str> {
        self.config.etag.as_deref()
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The venue's staleness limits.
    pub fn staleness(&self) -> Staleness {
        self.config.staleness
    }

    /// Change the staleness limits and persist them (atomically).
    pub fn set_staleness(&mut self, limits: Staleness) -> Result<(), VerifierError> {
        let limits = Staleness::new(limits.warn_days, limits.refuse_days)?;
        let config = Config { staleness: limits, ..self.config.clone() };
        write_config(&self.dir, &config)?;
        self.config = config;
        self.seen = stamp(&self.dir);
        Ok(())
    }

    /// This station's share of the venue's ticket budgets (SPEC §11.11).
    pub fn budget_share(&self) -> Share {
        self.config.budget_share.unwrap_or(Share::WHOLE)
    }

    /// Change this station's share of the venue's budgets and persist it
    /// (atomically); the whole budget is stored as no share.
    pub fn set_budget_share(&mut self, share: Share) -> Result<(), VerifierError> {
        let config = Config { budget_share: (share != Share::WHOLE).then_some(share), ..self.config.clone() };
        write_config(&self.dir, &config)?;
        self.config = config;
        self.seen = stamp(&self.dir);
        Ok(())
    }

    /// How old the installed bundle is at `now`, against this venue's limits.
    pub fn bundle_age(&self, now: Timestamp) -> BundleAge {
        bundle_age(self.bundle.body().issued_at, now, self.config.staleness)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keys::KeyRing;
    use shared::BundleBody;
    use shared::model::{Catalogue, Category, Venue};

    fn bundle(ring: &KeyRing, version: u64, venues: &[&str], now: Timestamp) -> Vec<u8> {
        bundle_revoking(ring, version, venues, now, vec![])
    }

    fn bundle_revoking(
        ring: &KeyRing,
        version: u64,
        venues: &[&str],
        now: Timestamp,
        revoked: Vec<shared::CardNumber>,
    ) -> Vec<u8> {
        let body = BundleBody {
            version,
            issued_at: now,
            expires_at: now.plus_seconds(86_400),
            root_key_id: ring.root_key_id(),
            signing_keys: ring.signing_keys().to_vec(),
            catalogue: Catalogue {
                scheme_name: "Test".into(),
                public_base_url: "https://kort.example.no".into(),
                venues: venues
                    .iter()
                    .map(|id| Venue {
                        id: id.to_string(),
                        name: id.to_string(),
                        category: Category::Cinema,
                        address: "x".into(),
                        ..Default::default()
                    })
                    .collect(),
                card_types: vec![],
                contact: None,
            },
            revoked,
        };
        ring.sign_bundle(body).unwrap()
    }

    #[test]
    fn a_failed_update_leaves_everything_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_795_262_400);
        let ring = KeyRing::create(&tmp.path().join("keys"), now).unwrap();
        let dir = tmp.path().join("venue");
        let v1 = bundle(&ring, 1, &["kino", "bad"], now);
        let mut store = VenueStore::init(&dir, &v1, &ring.root_fingerprint(), "kino", now).unwrap();
        let files_before =
            (std::fs::read(dir.join(BUNDLE_FILE)).unwrap(), std::fs::read(dir.join(CONFIG_FILE)).unwrap());

        // A newer bundle without this venue.
        let v2 = bundle(&ring, 2, &["bad"], now);
        assert!(matches!(store.update(&v2, now), Err(VerifierError::VenueRemoved(v)) if v == "kino"));
        // Damaged bytes.
        let mut v3 = bundle(&ring, 3, &["kino"], now);
        let last = v3.len() - 1;
        v3[last] ^= 1;
        assert!(matches!(store.update(&v3, now), Err(VerifierError::Bundle(shared::BundleError::BadSignature))));

        assert_eq!(store.bundle().version(), 1);
        let files_after =
            (std::fs::read(dir.join(BUNDLE_FILE)).unwrap(), std::fs::read(dir.join(CONFIG_FILE)).unwrap());
        assert_eq!(files_before, files_after);
        // Reopening gives the same state; no temporary files are left behind.
        assert_eq!(VenueStore::open(&dir, now).unwrap().bundle().version(), 1);
        let mut names: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, [BUNDLE_FILE, crate::seal::SEAL_FILE, crate::pseudonym::SECRET_FILE, CONFIG_FILE]);

        // A proper update goes through and persists.
        let v4 = bundle(&ring, 4, &["kino"], now);
        assert_eq!(store.update(&v4, now).unwrap(), UpdateOutcome::Installed { from: 1, to: 4 });
        assert_eq!(VenueStore::open(&dir, now).unwrap().bundle().version(), 4);
    }

    /// A venue "kino" set up with bundle version 1 in a temporary
    /// directory: (the directory, the key ring, the time, the venue's
    /// directory, its store).
    fn venue_v1() -> (tempfile::TempDir, KeyRing, Timestamp, PathBuf, VenueStore) {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_795_262_400);
        let ring = KeyRing::create(&tmp.path().join("keys"), now).unwrap();
        let dir = tmp.path().join("venue");
        let store =
            VenueStore::init(&dir, &bundle(&ring, 1, &["kino"], now), &ring.root_fingerprint(), "kino", now).unwrap();
        (tmp, ring, now, dir, store)
    }

    #[test]
    fn staleness_settings_are_validated_and_persisted() {
        let (_tmp, ring, now, dir, mut store) = venue_v1();
        assert_eq!(store.staleness(), Staleness { warn_days: 7, refuse_days: 30 });
        for (w, r) in [(0, 5), (8, 7), (7, 366)] {
            assert!(matches!(
                Staleness::new(w, r),
                Err(VerifierError::BadStaleness { warn_days, refuse_days, max: 365 }) if (warn_days, refuse_days) == (w, r)
            ));
        }
        store.set_staleness(Staleness::new(3, 10).unwrap()).unwrap();
        let store = VenueStore::open(&dir, now).unwrap();
        assert_eq!(store.staleness(), Staleness { warn_days: 3, refuse_days: 10 });
        let day = 86_400;
        assert_eq!(store.bundle_age(now.plus_seconds(3 * day - 1)), BundleAge::Fresh);
        assert_eq!(store.bundle_age(now.plus_seconds(3 * day)), BundleAge::Warn { age_days: 3, days_left: 7 });
        assert_eq!(store.bundle_age(now.plus_seconds(10 * day)), BundleAge::TooOld { age_days: 10, refuse_days: 10 });
        // A config file without settings (written before they existed) gets the defaults.
        let old = format!(r#"{{"venue_id":"kino","trusted_root":"{}"}}"#, ring.root_fingerprint());
        let parsed: Config = serde_json::from_str(&old).unwrap();
        assert_eq!(parsed.staleness, Staleness::default());
    }

    #[test]
    fn refresh_takes_a_new_install_and_never_a_bad_or_older_file() {
        let (_tmp, ring, now, dir, mut running) = venue_v1();
        assert!(!running.refresh(now), "nothing changed");
        // Another process installs version 2 and changes the settings.
        let mut other = VenueStore::open(&dir, now).unwrap();
        other.update(&bundle(&ring, 2, &["kino"], now), now).unwrap();
        assert!(running.refresh(now));
        assert_eq!(running.bundle().version(), 2);
        other.set_staleness(Staleness::new(2, 3).unwrap()).unwrap();
        assert!(running.refresh(now));
        assert_eq!(running.staleness(), Staleness { warn_days: 2, refuse_days: 3 });
        assert!(!running.refresh(now));
        // A damaged bundle, an older one, and a broken configuration (written
        // by hand: installs never do this) leave the state in use.
        let mut damaged = bundle(&ring, 3, &["kino"], now);
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        let older = bundle(&ring, 1, &["kino"], now);
        for (file, bytes) in [(BUNDLE_FILE, damaged), (BUNDLE_FILE, older), (CONFIG_FILE, b"{".to_vec())] {
            keys::atomic_write(&dir.join(file), &bytes, 0o644).unwrap();
            assert!(!running.refresh(now), "{file}");
            assert_eq!((running.bundle().version(), running.staleness().warn_days), (2, 2));
        }
        // A good install after that is taken.
        let config = serde_json::to_vec(&running.config).unwrap();
        keys::atomic_write(&dir.join(CONFIG_FILE), &config, 0o644).unwrap();
        keys::atomic_write(&dir.join(BUNDLE_FILE), &bundle(&ring, 4, &["kino"], now), 0o644).unwrap();
        assert!(running.refresh(now));
        assert_eq!(running.bundle().version(), 4);
    }

    #[test]
    fn a_start_opens_by_the_install_record_and_still_refuses_a_tampered_file() {
        use std::os::unix::fs::FileExt as _;
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_795_262_400);
        let ring = KeyRing::create(&tmp.path().join("keys"), now).unwrap();
        let dir = tmp.path().join("venue");
        let blocked: Vec<shared::CardNumber> = (0..2000u64).map(|i| shared::CardNumber(i * 550_000_000 + 7)).collect();
        let bytes = bundle_revoking(&ring, 1, &["kino"], now, blocked.clone());
        let installed = VenueStore::init(&dir, &bytes, &ring.root_fingerprint(), "kino", now).unwrap();
        assert!(installed.is_sealed());
        let opened = VenueStore::open(&dir, now).unwrap();
        assert!(opened.is_sealed(), "opened by the record, not verified again");
        assert_eq!(opened.bundle().body(), installed.bundle().body());
        assert_eq!(opened.bundle().bytes(), Some(bytes.as_slice()));
        for n in &blocked {
            assert!(opened.bundle().is_revoked(*n));
            assert!(!opened.bundle().is_revoked(shared::CardNumber(n.0 + 1)));
        }
        // Its issue time is checked against each start's clock.
        assert!(matches!(
            VenueStore::open(&dir, Timestamp(now.0 - 3600)),
            Err(VerifierError::Bundle(shared::BundleError::FromTheFuture))
        ));

        // One blocked number changed in place (same size, in the list, which
        // a start does not read through): refused at start.
        let path = dir.join(BUNDLE_FILE);
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        let at = opened.bundle().layout().list_range().1 - 1;
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.write_all_at(&[bytes[at] ^ 1], at as u64).unwrap();
        let refused = |why: &str| match VenueStore::open(&dir, now) {
            Err(VerifierError::Bundle(shared::BundleError::BadSignature)) => {}
            other => panic!("{why}: expected BadSignature, got {other:?}"),
        };
        refused("written in place");
        // The modification time set back: the change time still moved.
        file.set_times(std::fs::FileTimes::new().set_modified(mtime)).unwrap();
        refused("modification time set back");
        // A record for the tampered file made under another station secret.
        let tampered = std::fs::read(&path).unwrap();
        let forged = shared::installed::reopen_verified(tampered, opened.bundle().layout(), now).unwrap();
        let secret = crate::pseudonym::secret_path(&dir);
        std::fs::rename(&secret, tmp.path().join("kept.secret")).unwrap();
        assert!(crate::seal::write(&dir, &path, &forged, ring.root_fingerprint()));
        std::fs::rename(tmp.path().join("kept.secret"), &secret).unwrap();
        refused("record made under another secret");

        // A good file again (a new inode): verified in full, then `update`
        // of the same version writes the record.
        keys::atomic_write(&path, &bytes, 0o600).unwrap();
        let mut store = VenueStore::open(&dir, now).unwrap();
        assert!(!store.is_sealed());
        assert_eq!(store.update(&bytes, now).unwrap(), UpdateOutcome::AlreadyCurrent(1));
        assert!(VenueStore::open(&dir, now).unwrap().is_sealed());
        // An installed update is opened by its own record.
        let v2 = bundle_revoking(&ring, 2, &["kino"], now, blocked[..10].to_vec());
        assert_eq!(store.update(&v2, now).unwrap(), UpdateOutcome::Installed { from: 1, to: 2 });
        let opened = VenueStore::open(&dir, now).unwrap();
        assert!(opened.is_sealed());
        assert_eq!((opened.bundle().version(), opened.bundle().revoked_count()), (2, 10));
    }
}
