//! API tokens: their own kind beside browser sessions (ASVS V3.5). Only a
//! caseworker who need not change their password gets one; each is named,
//! ends at its expiry (and, for the ones `POST /api/v1/login` makes, after
//! 30 minutes unused), can be revoked, and is stored as a SHA-256 hash.
//! A browser session id is no API token, and an API token is no session.

use super::Accounts;
use super::login::LoginAttempt;
use super::token_cache::Verified;
use crate::accounts::{
    ABSOLUTE_TIMEOUT_SECS, ApiUser, AuthError, IDLE_TIMEOUT_SECS, LAST_SEEN_STEP_SECS, LOGIN_API_TOKEN_NAME,
    MAX_API_TOKEN_DAYS, NewApiToken, hash_token, random_token,
};
use crate::db::{DbError, OrDb as _};
use crate::store::audit;
use rusqlite::{OptionalExtension as _, params};
use shared::Timestamp;

/// An API token as its owner's page lists it (never its value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenInfo {
    /// Id (to revoke it).
    pub id: i64,
    /// Its owner's name for it.
    pub name: String,
    /// Made.
    pub created_at: Timestamp,
    /// Ends.
    pub expires_at: Timestamp,
    /// Last used (to the minute).
    pub last_used: Timestamp,
}

impl Accounts<'_> {
    /// Make a token for `user_id`, if they are an active caseworker who
    /// need not change their password.
    fn insert_api_token(
        &self,
        user_id: i64,
        name: &str,
        lifetime_secs: i64,
        idle_secs: Option<i64>,
        now: Timestamp,
    ) -> Result<NewApiToken, AuthError> {
        let db = self.db;
        let user: Option<(String, bool, bool)> = db
            .conn()
            .query_row("SELECT role, active, must_change_password FROM users WHERE id = ?1", [user_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .or_db(db)?;
        match user {
            None | Some((_, false, _)) => return Err(AuthError::UnknownUser),
            Some((role, _, _)) if role != "caseworker" => return Err(AuthError::CaseworkersOnly),
            Some((_, _, true)) => return Err(AuthError::PasswordChangeRequired),
            Some(_) => {}
        }
        let token = random_token()?;
        let tx = db.deferred()?;
        tx.execute(
            "INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at, idle_secs, last_used)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4)",
            params![hash_token(&token), user_id, name, now.0, now.0 + lifetime_secs, idle_secs],
        )
        .or_db(db)?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "DELETE FROM api_tokens WHERE expires_at <= ?1 OR (idle_secs IS NOT NULL AND last_used + idle_secs <= ?1)",
            [now.0],
        )
        .or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(NewApiToken { token, id })
    }

    /// Step 3 of `POST /api/v1/login` (steps 1 and 2 as a browser login's,
    /// throttled alike): a failure counts; a caseworker's right password
    /// makes an API token that ends like a session (30 minutes unused, 12
    /// hours at most).
    pub fn api_login_finish(
        &self,
        attempt: LoginAttempt,
        password_ok: bool,
        now: Timestamp,
    ) -> Result<NewApiToken, AuthError> {
        let user_id = match self.reauthenticate_finish(attempt, password_ok, now) {
            Err(AuthError::WrongCurrentPassword) => return Err(AuthError::BadCredentials),
            other => other?,
        };
        self.insert_api_token(user_id, LOGIN_API_TOKEN_NAME, ABSOLUTE_TIMEOUT_SECS, Some(IDLE_TIMEOUT_SECS), now)
    }

    /// A caseworker names a new token that lasts `days` (1–365) days.
    /// Audited (its name, never its value).
    pub fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        days: i64,
        actor: &str,
        now: Timestamp,
    ) -> Result<NewApiToken, AuthError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 || !(1..=MAX_API_TOKEN_DAYS).contains(&days) {
            return Err(AuthError::BadApiToken);
        }
        let token = self.insert_api_token(user_id, name, days * 24 * 3600, None, now)?;
        let detail = format!("created API token «{name}» for {days} days");
        audit::write(self.db.conn(), actor, "api-token", &detail, now).or_db(self.db)?;
        Ok(token)
    }

    /// The caseworker of a bearer token, if the token is alive and its user
    /// active and not bound to change their password. Refreshes its idle
    /// timer (a write a minute at most).
    pub fn api_user(&self, token: &str, now: Timestamp) -> Result<Option<ApiUser>, DbError> {
        // Every API request asks this: from the tokens already verified
        // while the accounts are unchanged (no query), else two indexed
        // lookups with cached statements, as for a browser session.
        let hash = hash_token(token);
        if let Some(user) = self.tokens.get(&hash, self.db.accounts_generation(), now) {
            return Ok(Some(user));
        }
        let (db, conn) = (self.db, self.db.conn());
        let token = conn
            .prepare_cached(
                "SELECT id, user_id, expires_at, idle_secs, last_used FROM api_tokens WHERE token_hash = ?1",
            )
            .or_db(db)?
            .query_row([&hash], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .optional()
            .or_db(db)?;
        let Some((token_id, user_id, expires_at, idle_secs, last_used)) = token else {
            return Ok(None);
        };
        let user = conn
            .prepare_cached(
                "SELECT username, agency_id FROM users
                 WHERE id = ?1 AND active = 1 AND role = 'caseworker' AND must_change_password = 0",
            )
            .or_db(db)?
            .query_row([user_id], |r| Ok(ApiUser { token_id, user_id, username: r.get(0)?, agency_id: r.get(1)? }))
            .optional()
            .or_db(db)?;
        let Some(user) = user else {
            return Ok(None);
        };
        if now.0 >= expires_at || idle_secs.is_some_and(|idle| now.0 - last_used >= idle) {
            conn.execute("DELETE FROM api_tokens WHERE id = ?1", [user.token_id]).or_db(db)?;
            return Ok(None);
        }
        let mut last_used = last_used;
        if now.0 - last_used >= LAST_SEEN_STEP_SECS {
            conn.execute("UPDATE api_tokens SET last_used = ?1 WHERE id = ?2", params![now.0, user.token_id])
                .or_db(db)?;
            last_used = now.0;
        }
        // Kept in the generation after this lookup's own write.
        let verified = Verified { user: user.clone(), expires_at, idle_secs, last_used };
        self.tokens.put(hash, self.db.accounts_generation(), verified);
        Ok(Some(user))
    }

    /// The user's live API tokens, newest first.
    pub fn api_tokens_of(&self, user_id: i64, now: Timestamp) -> Result<Vec<ApiTokenInfo>, DbError> {
        let db = self.db;
        let mut stmt = db
            .conn()
            .prepare(
                "SELECT id, name, created_at, expires_at, last_used FROM api_tokens
                 WHERE user_id = ?1 AND expires_at > ?2 AND (idle_secs IS NULL OR last_used + idle_secs > ?2)
                 ORDER BY created_at DESC, id DESC",
            )
            .or_db(db)?;
        let rows = stmt
            .query_map(params![user_id, now.0], |r| {
                Ok(ApiTokenInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    created_at: Timestamp(r.get(2)?),
                    expires_at: Timestamp(r.get(3)?),
                    last_used: Timestamp(r.get(4)?),
                })
            })
            .or_db(db)?;
        rows.collect::<Result<_, _>>().or_db(db)
    }

    /// Revoke one of the user's tokens (by id); whether it existed. Audited.
    pub fn revoke_api_token(&self, user_id: i64, token_id: i64, actor: &str, now: Timestamp) -> Result<bool, DbError> {
        let db = self.db;
        let tx = db.immediate()?;
        let name: Option<String> = tx
            .query_row("SELECT name FROM api_tokens WHERE id = ?1 AND user_id = ?2", [token_id, user_id], |r| r.get(0))
            .optional()
            .or_db(db)?;
        let Some(name) = name else {
            return Ok(false);
        };
        tx.execute("DELETE FROM api_tokens WHERE id = ?1", [token_id]).or_db(db)?;
        audit::write(&tx, actor, "api-token", &format!("revoked API token «{name}»"), now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(true)
    }

    /// End the token (`POST /api/v1/logout`).
    pub fn end_api_token(&self, token_id: i64) -> Result<(), DbError> {
        self.db.conn().execute("DELETE FROM api_tokens WHERE id = ?1", [token_id]).or_db(self.db)?;
        Ok(())
    }
}
