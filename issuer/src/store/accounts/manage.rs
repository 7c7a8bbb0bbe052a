//! A user's own password and sessions, and an administrator's reset of
//! someone else's password (ASVS V2.1.5–6, V3.3.3–4).

use super::Accounts;
use crate::accounts::{ABSOLUTE_TIMEOUT_SECS, AuthError, IDLE_TIMEOUT_SECS, NewPassword, hash_token};
use crate::db::{DbError, OrDb as _};
use crate::store::audit;
use rusqlite::{OptionalExtension as _, params};
use shared::Timestamp;

/// One of a user's live sessions, as their sessions page lists it (no
/// address or browser is stored: only times).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// When it was made (the login).
    pub created_at: Timestamp,
    /// Its last request (to the minute).
    pub last_seen: Timestamp,
    /// Whether it is the session asking.
    pub current: bool,
}

/// Set a user's password hash and whether it must be changed at the next
/// login; the user's (name, role), or `UnknownUser`.
fn set_password(
    tx: &rusqlite::Transaction<'_>,
    user_id: i64,
    password: &NewPassword,
    must_change: bool,
) -> rusqlite::Result<Result<(String, String), AuthError>> {
    let user = tx
        .query_row("SELECT username, role FROM users WHERE id = ?1", [user_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if user.is_some() {
        tx.execute(
            "UPDATE users SET password_hash = ?1, must_change_password = ?2 WHERE id = ?3",
            params![password.hash(), must_change, user_id],
        )?;
    }
    Ok(user.ok_or(AuthError::UnknownUser))
}

impl Accounts<'_> {
    /// A user changes their own password (the caller checked the current
    /// one): it no longer has to be changed, and every other session of
    /// the user ends (the one with id `keep` goes on). Returns how many
    /// ended. Audited.
    pub fn change_password(
        &self,
        user_id: i64,
        password: &NewPassword,
        keep: &str,
        now: Timestamp,
    ) -> Result<usize, AuthError> {
        let db = self.db;
        let tx = db.immediate()?;
        let (username, _) = set_password(&tx, user_id, password, false).or_db(db)??;
        let ended = tx
            .execute("DELETE FROM sessions WHERE user_id = ?1 AND id_hash <> ?2", params![user_id, hash_token(keep)])
            .or_db(db)?;
        let detail = format!("changed their password; {ended} other sessions ended");
        audit::write(&tx, &username, "password", &detail, now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(ended)
    }

    /// An administrator (`actor_id`) gives another user a new password
    /// that the user must change at their next login; every session and
    /// API token of the user ends. Returns the user's name. Audited.
    pub fn reset_password(
        &self,
        user_id: i64,
        password: &NewPassword,
        actor_id: i64,
        actor: &str,
        now: Timestamp,
    ) -> Result<String, AuthError> {
        if user_id == actor_id {
            return Err(AuthError::OwnPassword);
        }
        let db = self.db;
        let tx = db.immediate()?;
        let (username, role) = set_password(&tx, user_id, password, true).or_db(db)??;
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id]).or_db(db)?;
        tx.execute("DELETE FROM api_tokens WHERE user_id = ?1", [user_id]).or_db(db)?;
        audit::write(&tx, actor, "password", &format!("reset the password of {role} {username}"), now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(username)
    }

    /// The user's live sessions, newest first; `current` is the asking
    /// session's id.
    pub fn sessions_of(&self, user_id: i64, current: &str, now: Timestamp) -> Result<Vec<SessionInfo>, DbError> {
        let db = self.db;
        let mut stmt = db
            .conn()
            .prepare(
                "SELECT created_at, last_seen, id_hash = ?2 FROM sessions
                 WHERE user_id = ?1 AND last_seen > ?3 AND created_at > ?4 ORDER BY created_at DESC, last_seen DESC",
            )
            .or_db(db)?;
        let rows = stmt
            .query_map(
                params![user_id, hash_token(current), now.0 - IDLE_TIMEOUT_SECS, now.0 - ABSOLUTE_TIMEOUT_SECS],
                |r| {
                    Ok(SessionInfo {
                        created_at: Timestamp(r.get(0)?),
                        last_seen: Timestamp(r.get(1)?),
                        current: r.get(2)?,
                    })
                },
            )
            .or_db(db)?;
        rows.collect::<Result<_, _>>().or_db(db)
    }

    /// End every session of the user but `keep` ("log out everywhere
    /// else"). Returns how many ended. Audited.
    pub fn end_other_sessions(&self, user_id: i64, keep: &str, actor: &str, now: Timestamp) -> Result<usize, DbError> {
        let db = self.db;
        let tx = db.immediate()?;
        let ended = tx
            .execute("DELETE FROM sessions WHERE user_id = ?1 AND id_hash <> ?2", params![user_id, hash_token(keep)])
            .or_db(db)?;
        audit::write(&tx, actor, "sessions", &format!("logged out everywhere else; {ended} sessions ended"), now)
            .or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(ended)
    }
}
