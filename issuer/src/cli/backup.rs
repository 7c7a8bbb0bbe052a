//! `issuer backup` and `issuer restore`: reading the secret and the files,
//! and saying what happened in the chosen language. The work is in
//! [`issuer::backup`].

use issuer::backup::{self, BackupError, archive::Lock, archive::Unlock};
use issuer::i18n::{Lang, Messages};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The environment variable a passphrase may come from.
pub const PASSPHRASE_ENV: &str = "ISSUER_BACKUP_PASSPHRASE";

/// Where the passphrase or age key comes from.
pub struct Secret {
    /// A file holding the passphrase (`-`: standard input).
    pub passphrase_file: Option<PathBuf>,
    /// The passphrase from [`PASSPHRASE_ENV`].
    pub passphrase_env: Option<String>,
    /// age public keys to encrypt to (backup).
    pub recipients: Vec<String>,
    /// An age identity file (restore; `-`: standard input).
    pub identity: Option<PathBuf>,
}

/// Read all of `path` (`-`: standard input), up to `max` bytes.
pub(crate) fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, BackupError> {
    let io = |source| BackupError::Io { path: path.to_path_buf(), source };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin().lock().take(max).read_to_end(&mut bytes).map_err(io)?;
    } else {
        std::fs::File::open(path).and_then(|f| f.take(max).read_to_end(&mut bytes)).map_err(io)?;
    }
    Ok(bytes)
}

/// A passphrase file's text: one trailing newline removed.
fn passphrase_text(path: &Path) -> Result<String, BackupError> {
    let bytes = read_input(path, 4096)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| BackupError::Io { path: path.to_path_buf(), source: std::io::ErrorKind::InvalidData.into() })?;
    Ok(text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text).to_string())
}

fn passphrase(secret: &Secret) -> Result<Option<String>, BackupError> {
    match (&secret.passphrase_file, &secret.passphrase_env) {
        (Some(file), _) => passphrase_text(file).map(Some),
        (None, Some(env)) if !env.is_empty() => Ok(Some(env.clone())),
        _ => Ok(None),
    }
}

pub(crate) fn lock(secret: &Secret) -> Result<Lock, BackupError> {
    if !secret.recipients.is_empty() {
        return backup::recipients(&secret.recipients);
    }
    backup::new_passphrase(passphrase(secret)?.ok_or(BackupError::NoSecret)?)
}

pub(crate) fn unlock(secret: &Secret) -> Result<Unlock, BackupError> {
    if let Some(file) = &secret.identity {
        let text = String::from_utf8(read_input(file, 1 << 16)?)
            .map_err(|_| BackupError::BadAgeKey(format!("{} is not text", file.display())))?;
        return backup::identities(&text);
    }
    let text = passphrase(secret)?.ok_or(BackupError::NoSecret)?;
    Ok(Unlock::Passphrase(age::secrecy::SecretString::from(text)))
}

/// The error's message in `lang`, as the command's failure.
fn localised(e: BackupError, lang: Lang) -> anyhow::Error {
    anyhow::Error::msg(e.message(lang))
}

/// `issuer backup`.
pub fn backup(data: &Path, out: &Path, secret: &Secret, lang: Lang, now: i64) -> anyhow::Result<()> {
    let run = || -> Result<(), BackupError> {
        let lock = lock(secret)?;
        let file = backup::create(data, &lock, now)?;
        if out == Path::new("-") {
            let io = |source| BackupError::Io { path: out.to_path_buf(), source };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&file).and_then(|()| stdout.flush()).map_err(io)
        } else {
            keys::atomic_write(out, &file, 0o600).map_err(|e| match e {
                keys::KeyError::Io { path, source } => BackupError::Io { path, source },
                e => BackupError::Encrypt(e.to_string()),
            })?;
            eprintln!("{}", Messages::of(lang).get_with("backup-written", &[("path", &out.display().to_string())]));
            Ok(())
        }
    };
    run().map_err(|e| localised(e, lang))
}

/// `issuer restore`.
pub fn restore(file: &Path, data: &Path, secret: &Secret, replace: bool, lang: Lang) -> anyhow::Result<()> {
    let run = || -> Result<(), BackupError> {
        let unlock = unlock(secret)?;
        let bytes = read_input(file, u64::MAX)?;
        let done = backup::restore::restore(&bytes, &unlock, data, replace)?;
        let m = Messages::of(lang);
        let path = data.display().to_string();
        eprintln!("{}", m.get_with("backup-restored", &[("path", &path), ("fingerprint", &done.root_fingerprint)]));
        if let Some(aside) = done.moved_aside {
            eprintln!("{}", m.get_with("backup-moved-aside", &[("path", &aside.display().to_string())]));
        }
        Ok(())
    };
    run().map_err(|e| localised(e, lang))
}
