//! Private key files (and other 32-byte secrets): created with `O_EXCL` and
//! mode 0600 inside a 0700 directory; a key that others can read is refused
//! on load.
//!
//! Format (text, one key per file):
//!
//! ```text
//! aktivitetskort ed25519 secret key v1
//! <32-byte seed, base64url without padding>
//! ```

use crate::KeyError;
use base64::Engine as _;
use shared::ed25519_dalek::SigningKey;
use std::io::{Read as _, Write as _};
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

const HEADER: &str = "aktivitetskort ed25519 secret key v1";
/// Largest key file read (a valid one is about 80 bytes).
const MAX_KEY_FILE: u64 = 1024;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |source| KeyError::Io { path: path.to_path_buf(), source }
}

/// Create `dir` (and parents) with mode 0700 if missing; tighten an existing
/// directory to 0700.
pub fn ensure_private_dir(dir: &Path) -> Result<(), KeyError> {
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(io(dir))?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io(dir))
}

/// Write a new private key file with mode 0600. Fails with
/// [`KeyError::Exists`] rather than overwrite.
pub fn write_secret_key(path: &Path, key: &SigningKey) -> Result<(), KeyError> {
    write_secret_file(path, HEADER, &key.to_bytes())
}

/// Read a private key file, refusing one that group or others can access.
pub fn read_secret_key(path: &Path) -> Result<SigningKey, KeyError> {
    read_secret_file(path, HEADER).map(|seed| SigningKey::from_bytes(&seed))
}

/// Write a new file of 32 secret bytes with mode 0600: the line `header`,
/// then the bytes in base64url without padding. Fails with
/// [`KeyError::Exists`] rather than overwrite.
pub fn write_secret_file(path: &Path, header: &str, secret: &[u8; 32]) -> Result<(), KeyError> {
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::Exists(path.to_path_buf())
        } else {
            KeyError::Io { path: path.to_path_buf(), source: e }
        }
    })?;
    let text = format!("{header}\n{}\n", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret));
    f.write_all(text.as_bytes()).map_err(io(path))?;
    f.sync_all().map_err(io(path))
}

/// Read a file of [`write_secret_file`] whose first line is `header`,
/// refusing one that group or others can access.
pub fn read_secret_file(path: &Path, header: &str) -> Result<[u8; 32], KeyError> {
    let f = std::fs::File::open(path).map_err(io(path))?;
    let meta = f.metadata().map_err(io(path))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyError::InsecurePermissions { path: path.to_path_buf(), mode });
    }
    let mut text = String::new();
    f.take(MAX_KEY_FILE).read_to_string(&mut text).map_err(|_| KeyError::BadKeyFile(path.to_path_buf()))?;
    let bad = || KeyError::BadKeyFile(path.to_path_buf());
    let mut lines = text.lines();
    if lines.next() != Some(header) {
        return Err(bad());
    }
    let seed = lines.next().ok_or_else(bad)?;
    if lines.any(|l| !l.trim().is_empty()) {
        return Err(bad());
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(seed.trim()).map_err(|_| bad())?;
    bytes.try_into().map_err(|_| bad())
}

/// The 32 secret bytes of the file at `path` (see [`read_secret_file`]),
/// made now from the OS CSPRNG if there is none yet. A new file is written
/// under a temporary name with [`write_secret_file`] (0600, `O_EXCL`) and
/// only then linked to `path`, so no reader ever sees half a file; if
/// another process made one first, that one is kept and returned. An
/// existing file is never replaced.
pub fn load_or_create_secret(path: &Path, header: &str) -> Result<[u8; 32], KeyError> {
    if !path.exists() {
        let mut secret = [0u8; 32];
        crate::os_random(&mut secret)?;
        let mut suffix = [0u8; 6];
        crate::os_random(&mut suffix)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = path.with_file_name(format!(".{name}.{}.new", shared::wire::hex_encode(&suffix)));
        let written = write_secret_file(&tmp, header, &secret);
        secret.fill(0);
        let linked = written.and_then(|()| match std::fs::hard_link(&tmp, path) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(io(path)(e)),
            _ => Ok(()),
        });
        let _ = std::fs::remove_file(&tmp);
        linked?;
    }
    read_secret_file(path, header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_round_trip_and_permissions() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("keys");
        ensure_private_dir(&dir).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        let key = SigningKey::from_bytes(&[9u8; 32]);
        let path = dir.join("k.key");
        write_secret_key(&path, &key).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(read_secret_key(&path).unwrap().to_bytes(), key.to_bytes());

        // O_EXCL: never overwrite.
        assert!(matches!(write_secret_key(&path, &key), Err(KeyError::Exists(p)) if p == path));

        // Group- or world-readable: refused.
        for mode in [0o640, 0o604, 0o660] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            match read_secret_key(&path) {
                Err(KeyError::InsecurePermissions { mode: m, .. }) => assert_eq!(m, mode),
                other => panic!("mode {mode:o}: {other:?}"),
            }
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
        assert!(read_secret_key(&path).is_ok());
    }

    #[test]
    fn a_secret_is_made_once_owner_only_and_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.secret");
        let made = load_or_create_secret(&path, "test secret v1").unwrap();
        assert_ne!(made, [0; 32]);
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(load_or_create_secret(&path, "test secret v1").unwrap(), made);
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "no temporary file is left");
        assert!(matches!(load_or_create_secret(&path, "other v1"), Err(KeyError::BadKeyFile(_))));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            load_or_create_secret(&path, "test secret v1"),
            Err(KeyError::InsecurePermissions { mode: 0o644, .. })
        ));
    }

    #[test]
    fn damaged_key_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("bad.key");
        for content in
            ["", "hello\n", "aktivitetskort ed25519 secret key v1\nAAAA\n", "aktivitetskort ed25519 secret key v1\n"]
        {
            let _ = std::fs::remove_file(&path);
            std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path).unwrap();
            std::fs::write(&path, content).unwrap();
            assert!(matches!(read_secret_key(&path), Err(KeyError::BadKeyFile(_))), "{content:?}");
        }
    }
}
