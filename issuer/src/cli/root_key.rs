//! `issuer keys export-root`, `remove-root` and `import-root`: the root
//! key kept offline (SPEC §6.6). Reading the files and the passphrase, and
//! saying what happened in the chosen language; the work is in
//! [`issuer::backup::root_key`] and the key ring.

use super::backup::{Secret, lock, read_input, unlock};
use issuer::backup::root_key::{self, RootKeyError};
use issuer::i18n::{Lang, Messages};
use issuer::store::{CLI_ACTOR, Store};
use shared::Timestamp;
use std::io::Write as _;
use std::path::Path;

/// Largest export file read (a real one is about 300 bytes).
const MAX_EXPORT: u64 = 1 << 16;

fn localised(e: RootKeyError, lang: Lang) -> anyhow::Error {
    anyhow::Error::msg(e.message(lang))
}

fn until(store: &Store) -> String {
    store.ring().delegation_window().map(|(_, u)| u.oslo_day().to_string()).unwrap_or_default()
}

/// `issuer keys export-root`.
pub fn export_root(data: &Path, out: &Path, secret: &Secret, lang: Lang) -> anyhow::Result<()> {
    let run = || -> Result<(), RootKeyError> {
        let lock = lock(secret)?;
        let store = Store::open(data)?;
        let file = root_key::export(store.ring(), &lock)?;
        if out == Path::new("-") {
            let io = |source| issuer::backup::BackupError::Io { path: out.to_path_buf(), source };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&file).and_then(|()| stdout.flush()).map_err(io)?;
        } else {
            keys::atomic_write(out, &file, 0o600)?;
        }
        let path = out.display().to_string();
        eprintln!("{}", Messages::of(lang).get_with("root-key-exported", &[("path", &path)]));
        Ok(())
    };
    run().map_err(|e| localised(e, lang))
}

/// `issuer keys remove-root`: only after the export reads back as this root.
pub fn remove_root(data: &Path, export: &Path, secret: &Secret, lang: Lang, now: Timestamp) -> anyhow::Result<()> {
    let run = || -> Result<(), RootKeyError> {
        let unlock = unlock(secret)?;
        let file = read_input(export, MAX_EXPORT)?;
        let seed = root_key::read(&file, &unlock)?;
        let mut store = Store::open(data)?;
        store.keys().remove_root(&seed, CLI_ACTOR, now)?;
        let fp = store.ring().root_fingerprint().to_string();
        let args = [("fingerprint", fp.as_str()), ("until", &until(&store))];
        eprintln!("{}", Messages::of(lang).get_with("root-key-removed", &args));
        Ok(())
    };
    run().map_err(|e| localised(e, lang))
}

/// `issuer keys import-root`.
pub fn import_root(data: &Path, file: &Path, secret: &Secret, lang: Lang, now: Timestamp) -> anyhow::Result<()> {
    let run = || -> Result<(), RootKeyError> {
        let unlock = unlock(secret)?;
        let bytes = read_input(file, MAX_EXPORT)?;
        let seed = root_key::read(&bytes, &unlock)?;
        let mut store = Store::open(data)?;
        store.keys().import_root(&seed, CLI_ACTOR, now)?;
        let fp = store.ring().root_fingerprint().to_string();
        let args = [("fingerprint", fp.as_str()), ("until", &until(&store))];
        eprintln!("{}", Messages::of(lang).get_with("root-key-imported", &args));
        Ok(())
    };
    run().map_err(|e| localised(e, lang))
}
