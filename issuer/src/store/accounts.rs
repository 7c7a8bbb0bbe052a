//! Accounts in the database (the rules are in [`crate::accounts`]):
//! agencies, users, first-run set-up tokens, failed logins for throttling,
//! and sessions. Session ids and set-up tokens are stored as SHA-256
//! hashes only; passwords as argon2id hashes, made by the caller
//! ([`NewCredentials`]) before it takes the store's lock.

use super::audit;
use crate::accounts::{
    ABSOLUTE_TIMEOUT_SECS, AuthError, IDLE_TIMEOUT_SECS, LAST_SEEN_STEP_SECS, NewCredentials, Role,
    SETUP_TOKEN_LIFETIME_SECS, SessionUser, StaffAccount, hash_token, random_token,
};
use crate::db::{Db, DbError, OrDb as _};
use rusqlite::{OptionalExtension as _, params};
use shared::Timestamp;

mod api_tokens;
mod login;
mod manage;
mod prune;
mod token_cache;

pub use api_tokens::ApiTokenInfo;
pub use login::LoginAttempt;
pub use manage::SessionInfo;
pub use prune::{PRUNE_EVERY_SECS, Pruned};
pub(crate) use token_cache::TokenCache;

/// The accounts.
#[derive(Debug, Clone, Copy)]
pub struct Accounts<'a> {
    db: &'a Db,
    /// API tokens already verified.
    tokens: &'a TokenCache,
}

const HAS_ADMIN: &str = "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin')";

impl<'a> Accounts<'a> {
    pub(super) fn new(db: &'a Db, tokens: &'a TokenCache) -> Accounts<'a> {
        Accounts { db, tokens }
    }

    fn role(&self, role: &str) -> Result<Role, DbError> {
        Role::parse(role).ok_or_else(|| self.db.bad_value(format!("unknown role {role}")))
    }

    /// Whether any administrator exists.
    pub fn has_admin(&self) -> Result<bool, DbError> {
        self.db.conn().query_row(HAS_ADMIN, [], |r| r.get(0)).or_db(self.db)
    }

    /// A one-time set-up link token for the first administrator, or `None`
    /// once one exists. Each call makes a new token (older ones stay valid
    /// until they expire); only its hash is stored.
    pub fn new_setup_token(&self, now: Timestamp) -> Result<Option<String>, AuthError> {
        if self.has_admin()? {
            return Ok(None);
        }
        let token = random_token()?;
        self.db
            .conn()
            .execute(
                "INSERT INTO setup_tokens (token_hash, created_at) VALUES (?1, ?2)",
                params![hash_token(&token), now.0],
            )
            .or_db(self.db)?;
        Ok(Some(token))
    }

    /// Create the first administrator with a set-up token; the token is
    /// used up, and every other set-up token stops working.
    pub fn complete_setup(&self, token: &str, credentials: &NewCredentials, now: Timestamp) -> Result<i64, AuthError> {
        let db = self.db;
        let tx = db.immediate()?;
        let has_admin: bool = tx.query_row(HAS_ADMIN, [], |r| r.get(0)).or_db(db)?;
        let valid: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM setup_tokens WHERE token_hash = ?1 AND used_at IS NULL AND created_at > ?2)",
                params![hash_token(token), now.0 - SETUP_TOKEN_LIFETIME_SECS],
                |r| r.get(0),
            )
            .or_db(db)?;
        if has_admin || !valid {
            return Err(AuthError::BadSetupToken);
        }
        let username = credentials.username();
        tx.execute(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES (?1, ?2, 'admin', ?3)",
            params![username, credentials.hash(), now.0],
        )
        .or_db(db)?;
        let id = tx.last_insert_rowid();
        tx.execute("UPDATE setup_tokens SET used_at = ?1 WHERE used_at IS NULL", params![now.0]).or_db(db)?;
        audit::write(&tx, username, "setup", "first administrator created", now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(id)
    }

    /// Add an agency; returns its id.
    pub fn create_agency(&self, name: &str, actor: &str, now: Timestamp) -> Result<i64, AuthError> {
        let name = crate::names::clean(name).map_err(AuthError::Name)?;
        let name = name.as_str();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AuthError::BadAgencyName);
        }
        let db = self.db;
        let tx = db.immediate()?;
        let inserted = tx
            .execute("INSERT OR IGNORE INTO agencies (name, created_at) VALUES (?1, ?2)", params![name, now.0])
            .or_db(db)?;
        if inserted == 0 {
            return Err(AuthError::BadAgencyName);
        }
        let id = tx.last_insert_rowid();
        audit::write(&tx, actor, "agency", &format!("added agency {name}"), now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(id)
    }

    /// Agencies: (id, name), by name.
    pub fn agencies(&self) -> Result<Vec<(i64, String)>, DbError> {
        let mut stmt = self.db.conn().prepare("SELECT id, name FROM agencies ORDER BY name").or_db(self.db)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).or_db(self.db)?;
        rows.collect::<Result<_, _>>().or_db(self.db)
    }

    /// Add a user; caseworkers need an agency. With a first password
    /// ([`NewCredentials::first_password`]) the user must choose their own
    /// at the first login.
    pub fn create_user(
        &self,
        credentials: &NewCredentials,
        role: Role,
        agency_id: Option<i64>,
        actor: &str,
        now: Timestamp,
    ) -> Result<i64, AuthError> {
        let db = self.db;
        let tx = db.immediate()?;
        let agency = match role {
            Role::Admin => None,
            Role::Caseworker => {
                let id = agency_id.ok_or(AuthError::UnknownAgency)?;
                let exists: bool = tx
                    .query_row("SELECT EXISTS (SELECT 1 FROM agencies WHERE id = ?1)", [id], |r| r.get(0))
                    .or_db(db)?;
                if !exists {
                    return Err(AuthError::UnknownAgency);
                }
                Some(id)
            }
        };
        let username = credentials.username();
        let inserted = tx
            .execute(
                "INSERT OR IGNORE INTO users (username, password_hash, role, agency_id, created_at, must_change_password)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![username, credentials.hash(), role.as_str(), agency, now.0, credentials.must_change_password()],
            )
            .or_db(db)?;
        if inserted == 0 {
            return Err(AuthError::UsernameTaken(username.to_string()));
        }
        let id = tx.last_insert_rowid();
        audit::write(&tx, actor, "user", &format!("added {} {username}", role.as_str()), now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(id)
    }

    /// Staff accounts with their ids and status, by user name.
    pub fn staff_accounts(&self) -> Result<Vec<StaffAccount>, DbError> {
        let db = self.db;
        let mut stmt = db
            .conn()
            .prepare(
                "SELECT u.id, u.username, u.role, a.name, u.active FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
                 ORDER BY u.username COLLATE NOCASE",
            )
            .or_db(db)?;
        let rows = stmt
            .query_map([], |r| {
                // The role is read (and checked) below.
                let account = StaffAccount {
                    id: r.get(0)?,
                    username: r.get(1)?,
                    role: Role::Caseworker,
                    agency: r.get(3)?,
                    active: r.get(4)?,
                };
                Ok((account, r.get::<_, String>(2)?))
            })
            .or_db(db)?;
        let mut out = Vec::new();
        for row in rows {
            let (mut account, role) = row.or_db(db)?;
            account.role = self.role(&role)?;
            out.push(account);
        }
        Ok(out)
    }

    /// Deactivate (`active` false) or reactivate a user. A deactivated user
    /// cannot log in, and their sessions end at once. `actor_id` is the
    /// acting user (who may not deactivate themselves); the last active
    /// administrator is never deactivated. Returns the user's name and
    /// whether anything changed. Audited.
    pub fn set_user_active(
        &self,
        user_id: i64,
        active: bool,
        actor_id: Option<i64>,
        actor: &str,
        now: Timestamp,
    ) -> Result<(String, bool), AuthError> {
        let db = self.db;
        let tx = db.immediate()?;
        let (username, role, was_active): (String, String, bool) = tx
            .query_row("SELECT username, role, active FROM users WHERE id = ?1", [user_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .or_db(db)?
            .ok_or(AuthError::UnknownUser)?;
        if !active {
            let active_admins: i64 = tx
                .query_row("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1", [], |r| r.get(0))
                .or_db(db)?;
            if role == "admin" && was_active && active_admins <= 1 {
                return Err(AuthError::LastAdmin);
            }
            if actor_id == Some(user_id) {
                return Err(AuthError::OwnAccount);
            }
        }
        if was_active == active {
            return Ok((username, false));
        }
        tx.execute("UPDATE users SET active = ?1 WHERE id = ?2", params![active, user_id]).or_db(db)?;
        if !active {
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id]).or_db(db)?;
        }
        let what = if active { "reactivated" } else { "deactivated" };
        audit::write(&tx, actor, "user", &format!("{what} {role} {username}"), now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok((username, true))
    }

    /// The user of a session id from a cookie, if the session is alive;
    /// refreshes its idle timer.
    pub fn session(&self, id: &str, now: Timestamp) -> Result<Option<SessionUser>, DbError> {
        // Every request asks this: two primary-key lookups with cached
        // statements. (As one join, SQLite re-prepared the statement at
        // every call: 17 µs instead of 6.)
        let (db, conn) = (self.db, self.db.conn());
        let hash = hash_token(id);
        let session = conn
            .prepare_cached("SELECT user_id, csrf, created_at, last_seen FROM sessions WHERE id_hash = ?1")
            .or_db(db)?
            .query_row([&hash], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
            })
            .optional()
            .or_db(db)?;
        let Some((user_id, csrf, created, last_seen)) = session else {
            return Ok(None);
        };
        let user = conn
            .prepare_cached("SELECT username, role, agency_id, active, must_change_password FROM users WHERE id = ?1")
            .or_db(db)?
            .query_row([user_id], |r| {
                let row = (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<i64>>(2)?);
                Ok((row, r.get::<_, bool>(3)?, r.get::<_, bool>(4)?))
            })
            .optional()
            .or_db(db)?;
        let ((username, role, agency_id), active, must_change_password) = user.unwrap_or_default();
        let expired = now.0 - last_seen >= IDLE_TIMEOUT_SECS || now.0 - created >= ABSOLUTE_TIMEOUT_SECS;
        let Some(role) = Role::parse(&role).filter(|_| active && !expired) else {
            conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [&hash]).or_db(db)?;
            return Ok(None);
        };
        // The idle timer moves in steps of a minute: one write a minute per
        // session rather than one per request.
        if now.0 - last_seen >= LAST_SEEN_STEP_SECS {
            conn.execute("UPDATE sessions SET last_seen = ?1 WHERE id_hash = ?2", params![now.0, hash]).or_db(db)?;
        }
        Ok(Some(SessionUser { user_id, username, role, agency_id, csrf, must_change_password }))
    }

    /// End a session (logout).
    pub fn logout(&self, id: &str) -> Result<(), DbError> {
        self.db.conn().execute("DELETE FROM sessions WHERE id_hash = ?1", [hash_token(id)]).or_db(self.db)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{
        AuthError, FREE_FAILURES_PER_ADDRESS, LoginClient, NewCredentials, Role, THROTTLE_MEMORY_SECS, Throttle,
    };
    use crate::store::Store;

    /// A browser without a device cookie at `address`.
    fn at(address: &str) -> LoginClient<'_> {
        LoginClient { address, device: None }
    }

    fn setup(store: &Store, token: &str, username: &str, password: &str, now: Timestamp) -> Result<i64, AuthError> {
        store.accounts().complete_setup(token, &NewCredentials::new(username, password)?, now)
    }

    fn user(
        store: &Store,
        username: &str,
        password: &str,
        role: Role,
        agency: Option<i64>,
        actor: &str,
        now: Timestamp,
    ) -> Result<i64, AuthError> {
        store.accounts().create_user(&NewCredentials::new(username, password)?, role, agency, actor, now)
    }

    fn store() -> (tempfile::TempDir, Store, Timestamp) {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_795_262_400);
        let store = Store::init(&tmp.path().join("i"), now).unwrap();
        (tmp, store, now)
    }

    const PW: &str = "correct horse battery";

    #[test]
    fn first_run_setup_creates_one_admin_and_uses_up_the_link() {
        let (_tmp, store, now) = store();
        let token = store.accounts().new_setup_token(now).unwrap().unwrap();
        let other = store.accounts().new_setup_token(now).unwrap().unwrap();
        assert!(matches!(setup(&store, "wrong", "anne", PW, now), Err(AuthError::BadSetupToken)));
        assert!(matches!(setup(&store, &token, "anne", "short", now), Err(AuthError::WeakPassword)));
        assert!(matches!(setup(&store, &token, "a", PW, now), Err(AuthError::BadUsername)));
        setup(&store, &token, "anne", PW, now).unwrap();
        assert!(store.accounts().has_admin().unwrap());
        assert_eq!(store.accounts().new_setup_token(now).unwrap(), None);
        assert!(matches!(setup(&store, &token, "bob", PW, now), Err(AuthError::BadSetupToken)));
        assert!(matches!(setup(&store, &other, "bob", PW, now), Err(AuthError::BadSetupToken)));
    }

    #[test]
    fn an_expired_setup_link_is_refused() {
        let (_tmp, store, now) = store();
        let token = store.accounts().new_setup_token(now).unwrap().unwrap();
        let later = now.plus_seconds(SETUP_TOKEN_LIFETIME_SECS);
        assert!(matches!(setup(&store, &token, "anne", PW, later), Err(AuthError::BadSetupToken)));
    }

    #[test]
    fn login_sessions_timeouts_and_logout() {
        let (_tmp, store, now) = store();
        let agency = store.accounts().create_agency("NAV Larvik", "admin", now).unwrap();
        assert!(matches!(store.accounts().create_agency("nav larvik", "admin", now), Err(AuthError::BadAgencyName)));
        user(&store, "kari", PW, Role::Caseworker, Some(agency), "admin", now).unwrap();
        assert!(matches!(
            user(&store, "KARI", PW, Role::Caseworker, Some(agency), "admin", now),
            Err(AuthError::UsernameTaken(name)) if name == "KARI"
        ));
        assert!(matches!(user(&store, "ola", PW, Role::Caseworker, None, "admin", now), Err(AuthError::UnknownAgency)));
        assert!(matches!(
            user(&store, "ola", PW, Role::Caseworker, Some(999), "admin", now),
            Err(AuthError::UnknownAgency)
        ));

        assert!(matches!(
            store.accounts().login("kari", "wrong password!", at("10.0.0.1"), now),
            Err(AuthError::BadCredentials)
        ));
        assert!(matches!(store.accounts().login("nobody", PW, at("10.0.0.1"), now), Err(AuthError::BadCredentials)));
        let s1 = store.accounts().login("kari", PW, at("10.0.0.1"), now).unwrap();
        assert_eq!(s1.user.role, Role::Caseworker);
        assert_eq!(s1.user.agency_id, Some(agency));
        // A new login gets a new session id.
        let s2 = store.accounts().login("kari", PW, at("10.0.0.1"), now).unwrap();
        assert_ne!(s1.id, s2.id);
        assert_ne!(s1.user.csrf, s2.user.csrf);

        // Idle timeout: alive at 29 minutes (which refreshes it), gone 30
        // minutes after the last request.
        let t = now.plus_seconds(IDLE_TIMEOUT_SECS - 60);
        assert_eq!(store.accounts().session(&s1.id, t).unwrap().map(|u| u.username), Some("kari".to_string()));
        assert_eq!(store.accounts().session(&s1.id, t.plus_seconds(IDLE_TIMEOUT_SECS)).unwrap(), None);
        // Absolute timeout, however active.
        let mut t = now;
        while t.0 < now.0 + ABSOLUTE_TIMEOUT_SECS - 600 {
            t = t.plus_seconds(600);
            assert!(store.accounts().session(&s2.id, t).unwrap().is_some(), "{t:?}");
        }
        assert_eq!(store.accounts().session(&s2.id, now.plus_seconds(ABSOLUTE_TIMEOUT_SECS)).unwrap(), None);
        // Logout ends the session server-side.
        let s3 = store.accounts().login("kari", PW, at("10.0.0.1"), now).unwrap();
        store.accounts().logout(&s3.id).unwrap();
        assert_eq!(store.accounts().session(&s3.id, now).unwrap(), None);
        assert_eq!(store.accounts().session("not a session", now).unwrap(), None);
    }

    #[test]
    fn a_deactivated_user_cannot_log_in_and_loses_their_sessions() {
        let (_tmp, store, now) = store();
        let token = store.accounts().new_setup_token(now).unwrap().unwrap();
        let anne = setup(&store, &token, "anne", PW, now).unwrap();
        let agency = store.accounts().create_agency("NAV Larvik", "anne", now).unwrap();
        let kari = user(&store, "kari", PW, Role::Caseworker, Some(agency), "anne", now).unwrap();
        let s = store.accounts().login("kari", PW, at("10.0.0.1"), now).unwrap();
        assert_eq!(
            store.accounts().set_user_active(kari, false, Some(anne), "anne", now).unwrap(),
            ("kari".into(), true)
        );
        assert_eq!(
            store.accounts().set_user_active(kari, false, Some(anne), "anne", now).unwrap(),
            ("kari".into(), false)
        );
        assert_eq!(store.accounts().session(&s.id, now).unwrap(), None);
        assert!(matches!(store.accounts().login("kari", PW, at("10.0.0.1"), now), Err(AuthError::BadCredentials)));
        let kari_row = store.accounts().staff_accounts().unwrap().into_iter().find(|a| a.username == "kari").unwrap();
        assert!(!kari_row.active);
        assert_eq!(
            store.accounts().set_user_active(kari, true, Some(anne), "anne", now).unwrap(),
            ("kari".into(), true)
        );
        assert!(store.accounts().login("kari", PW, at("10.0.0.1"), now).is_ok());

        // The only administrator: not by the command line, not by herself.
        assert!(matches!(store.accounts().set_user_active(anne, false, None, "cli", now), Err(AuthError::LastAdmin)));
        let bob = user(&store, "bob", PW, Role::Admin, None, "anne", now).unwrap();
        assert!(matches!(
            store.accounts().set_user_active(anne, false, Some(anne), "anne", now),
            Err(AuthError::OwnAccount)
        ));
        assert_eq!(
            store.accounts().set_user_active(anne, false, Some(bob), "bob", now).unwrap(),
            ("anne".into(), true)
        );
        assert!(matches!(store.accounts().set_user_active(bob, false, None, "cli", now), Err(AuthError::LastAdmin)));
        assert!(matches!(store.accounts().set_user_active(999, true, None, "cli", now), Err(AuthError::UnknownUser)));
        let details: Vec<String> = store.audit().recent(20).unwrap().into_iter().map(|e| e.detail).collect();
        assert!(details.contains(&"deactivated caseworker kari".to_string()), "{details:?}");
        assert!(details.contains(&"reactivated caseworker kari".to_string()), "{details:?}");
        assert!(details.contains(&"deactivated admin anne".to_string()), "{details:?}");
    }

    /// The caseworker `kari`, whose own browser is a known device once she
    /// logged in: (…, its device token).
    fn kari_with_a_known_device() -> (tempfile::TempDir, Store, Timestamp, String) {
        let (tmp, store, now) = store();
        let agency = store.accounts().create_agency("Helsestasjonen", "admin", now).unwrap();
        user(&store, "kari", PW, Role::Caseworker, Some(agency), "admin", now).unwrap();
        let device = store.accounts().login("kari", PW, at("10.0.0.1"), now).unwrap().device;
        (tmp, store, now, device)
    }

    #[test]
    fn a_strangers_failures_slow_the_stranger_not_the_owner() {
        let (_tmp, store, now, device) = kari_with_a_known_device();
        // Twenty wrong passwords from one address: the free five, then each
        // try must wait twice as long as the last (the clock moves on just
        // enough for the next one).
        let mut t = now;
        let mut waits = Vec::new();
        for _ in 0..20 {
            match store.accounts().login("kari", "wrong password!", at("10.6.6.6"), t) {
                Err(AuthError::Throttled { seconds }) => {
                    waits.push(seconds);
                    t = t.plus_seconds(seconds);
                    assert!(matches!(
                        store.accounts().login("kari", "wrong password!", at("10.6.6.6"), t),
                        Err(AuthError::BadCredentials)
                    ));
                }
                other => assert!(matches!(other, Err(AuthError::BadCredentials)), "{other:?}"),
            }
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900]);
        let key = "user:kari|addr:10.6.6.6";
        assert_eq!(store.accounts().throttle(key).unwrap(), Throttle { failures: 20, last_failure: t.0 });
        // The stranger must wait even with the right password...
        assert!(matches!(
            store.accounts().login("kari", PW, at("10.6.6.6"), t),
            Err(AuthError::Throttled { seconds: 900 })
        ));
        // ...while Kari gets in at once from another address, and from the
        // stranger's address on her known device.
        assert!(store.accounts().login("kari", PW, at("10.0.0.2"), t).is_ok());
        let known = LoginClient { address: "10.6.6.6", device: Some(&device) };
        let again = store.accounts().login("kari", PW, known, t).unwrap();
        assert_eq!(again.device, device, "the known device keeps its token");
        // A device cookie of another account, or a made-up one, is no
        // known device.
        let forged = LoginClient { address: "10.6.6.6", device: Some("made-up") };
        assert!(matches!(store.accounts().login("kari", PW, forged, t), Err(AuthError::Throttled { .. })));
        // An hour after the last failure, it is forgotten.
        let later = t.plus_seconds(THROTTLE_MEMORY_SECS);
        assert!(store.accounts().login("kari", PW, at("10.6.6.6"), later).is_ok());
    }

    #[test]
    fn one_address_guessing_many_accounts_is_slowed_down() {
        let (_tmp, store, now, device) = kari_with_a_known_device();
        for i in 0..FREE_FAILURES_PER_ADDRESS {
            let r = store.accounts().login(&format!("guess{i}"), "wrong password!", at("10.9.9.9"), now);
            assert!(matches!(r, Err(AuthError::BadCredentials)), "{r:?}");
        }
        assert!(matches!(
            store.accounts().login("kari", PW, at("10.9.9.9"), now),
            Err(AuthError::Throttled { seconds: 1 })
        ));
        assert!(store.accounts().login("kari", PW, at("10.0.0.3"), now).is_ok());
        // Kari's known device behind the same address is not slowed down.
        let known = LoginClient { address: "10.9.9.9", device: Some(&device) };
        assert!(store.accounts().login("kari", PW, known, now).is_ok());
    }

    #[test]
    fn sessions_and_tokens_are_stored_only_as_hashes() {
        let (tmp, store, now) = store();
        let token = store.accounts().new_setup_token(now).unwrap().unwrap();
        setup(&store, &token, "anne", PW, now).unwrap();
        let s = store.accounts().login("anne", PW, at("127.0.0.1"), now).unwrap();
        let anne = LoginClient { address: "127.0.0.1", device: Some(&s.device) };
        assert_eq!(store.accounts().login("anne", PW, anne, now).unwrap().device, s.device);
        drop(store);
        let mut content = Vec::new();
        for f in ["issuer.db", "issuer.db-wal"] {
            if let Ok(b) = std::fs::read(tmp.path().join("i").join(f)) {
                content.extend(b);
            }
        }
        let text = String::from_utf8_lossy(&content);
        assert!(!text.contains(&s.id), "session id stored in clear");
        assert!(!text.contains(&s.device), "device token stored in clear");
        assert!(!text.contains(&token), "set-up token stored in clear");
        assert!(!text.contains(PW), "password stored in clear");
    }
}
