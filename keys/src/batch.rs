//! Many files written into one directory as a batch, durable with one
//! file-system sync and one directory sync in all, instead of an fsync of
//! each file and of the directory per file ([`crate::atomic_write`]).
//!
//! 1. [`Batch::add`] writes each file under a temporary name in the target
//!    directory (`.NAME.RANDOM.tmp`, created new, mode as given), with no
//!    sync: nothing has a final name yet.
//! 2. [`Batch::commit`] makes the data of every temporary file durable with
//!    one `syncfs(2)` of the directory's file system, then renames each file
//!    to its final name, then fsyncs the directory once.
//!
//! So a final name only ever points at a file whose whole contents were on
//! disk before the name existed: a batch stopped at any point (an error, a
//! killed process, a power cut) leaves complete files under final names
//! and, at worst, temporary files, never a partial file under a final name.
//! A batch dropped before `commit` removes its temporary files.
//!
//! `syncfs` also writes back whatever else is dirty on the same file
//! system; for a caseworker's output directory that is the price of one
//! sync instead of one per file (measured in docs/BENCHMARKS.md, issue 17).

use crate::KeyError;
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

/// A batch of files being written into one directory (see the module).
#[derive(Debug)]
pub struct Batch {
    dir: PathBuf,
    mode: u32,
    /// (temporary path, final path), in the order added.
    staged: Vec<(PathBuf, PathBuf)>,
}

fn io(p: &Path) -> impl FnOnce(std::io::Error) -> KeyError + use<> {
    let p = p.to_path_buf();
    move |source| KeyError::Io { path: p, source }
}

impl Batch {
    /// A batch writing into `dir` (created if missing), each file with
    /// permissions `mode`.
    pub fn new(dir: &Path, mode: u32) -> Result<Self, KeyError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        Ok(Batch { dir: dir.to_path_buf(), mode, staged: Vec::new() })
    }

    /// Write `bytes` under a temporary name; it gets the final name `name`
    /// (a plain file name, no directory part) at [`Batch::commit`].
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), KeyError> {
        let plain = Path::new(name).file_name().is_some_and(|n| n == name) && !name.starts_with('.');
        if !plain {
            let source = std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a plain file name");
            return Err(KeyError::Io { path: self.dir.join(name), source });
        }
        let mut suffix = [0u8; 6];
        crate::os_random(&mut suffix)?;
        let tmp = self.dir.join(format!(".{name}.{}.tmp", shared::wire::hex_encode(&suffix)));
        let mut f =
            std::fs::OpenOptions::new().write(true).create_new(true).mode(self.mode).open(&tmp).map_err(io(&tmp))?;
        // Staged before writing: a failed write is removed with the rest.
        self.staged.push((tmp.clone(), self.dir.join(name)));
        f.write_all(bytes).map_err(io(&tmp))
    }

    /// How many files were added.
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// Make every added file durable and give it its final name (replacing
    /// a file of that name): one `syncfs`, the renames, one directory
    /// fsync. On an error, files not yet renamed are removed.
    pub fn commit(self) -> Result<(), KeyError> {
        self.commit_with(|_| Ok(()))
    }

    /// [`Batch::commit`], calling `before_rename(i)` before the `i`-th
    /// rename (tests inject failures there).
    fn commit_with(mut self, mut before_rename: impl FnMut(usize) -> Result<(), KeyError>) -> Result<(), KeyError> {
        let dir = std::fs::File::open(&self.dir).map_err(io(&self.dir))?;
        if !self.staged.is_empty() {
            rustix::fs::syncfs(&dir).map_err(|e| KeyError::Io { path: self.dir.clone(), source: e.into() })?;
        }
        let staged = std::mem::take(&mut self.staged);
        let mut renamed = 0;
        let result = staged.iter().enumerate().try_for_each(|(i, (tmp, path))| {
            before_rename(i)?;
            std::fs::rename(tmp, path).map_err(io(path))?;
            renamed += 1;
            Ok(())
        });
        // What was not renamed goes (Drop removes `self.staged`).
        self.staged = staged.into_iter().skip(renamed).collect();
        result?;
        dir.sync_all().map_err(io(&self.dir))
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        for (tmp, _) in &self.staged {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn commit_gives_every_file_its_final_name_and_contents() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let mut b = Batch::new(&out, 0o600).unwrap();
        for i in 0..5 {
            b.add(&format!("{i}.png"), format!("image {i}").as_bytes()).unwrap();
        }
        // Before the commit, no final name exists.
        assert_eq!(names(&out).iter().filter(|n| !n.starts_with('.')).count(), 0);
        assert_eq!(b.len(), 5);
        b.commit().unwrap();
        assert_eq!(names(&out), ["0.png", "1.png", "2.png", "3.png", "4.png"]);
        for i in 0..5 {
            let p = out.join(format!("{i}.png"));
            assert_eq!(std::fs::read_to_string(&p).unwrap(), format!("image {i}"));
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_batch_dropped_before_commit_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let mut b = Batch::new(d.path(), 0o600).unwrap();
        b.add("a.png", b"a").unwrap();
        b.add("b.png", b"b").unwrap();
        drop(b);
        assert!(names(d.path()).is_empty(), "{:?}", names(d.path()));
    }

    #[test]
    fn a_failure_mid_rename_leaves_only_complete_files_and_no_temporaries() {
        let d = tempfile::tempdir().unwrap();
        // An older complete file of a name in the batch stays as it was.
        std::fs::write(d.path().join("3.png"), b"old 3").unwrap();
        let mut b = Batch::new(d.path(), 0o600).unwrap();
        for i in 0..6 {
            b.add(&format!("{i}.png"), format!("new {i}").as_bytes()).unwrap();
        }
        let err = b
            .commit_with(|i| {
                if i == 3 {
                    Err(KeyError::Io { path: "injected".into(), source: std::io::Error::other("injected") })
                } else {
                    Ok(())
                }
            })
            .unwrap_err();
        assert!(matches!(err, KeyError::Io { ref path, .. } if path == Path::new("injected")), "{err:?}");
        assert_eq!(names(d.path()), ["0.png", "1.png", "2.png", "3.png"]);
        for i in 0..3 {
            assert_eq!(std::fs::read_to_string(d.path().join(format!("{i}.png"))).unwrap(), format!("new {i}"));
        }
        assert_eq!(std::fs::read_to_string(d.path().join("3.png")).unwrap(), "old 3");
    }

    #[test]
    fn names_with_a_directory_part_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let mut b = Batch::new(d.path(), 0o600).unwrap();
        for bad in ["../x.png", "a/b.png", "", ".", "..", ".hidden", "/abs"] {
            let err = b.add(bad, b"x").unwrap_err();
            assert!(
                matches!(err, KeyError::Io { ref source, .. } if source.kind() == std::io::ErrorKind::InvalidInput),
                "{bad}: {err:?}"
            );
        }
        assert!(b.is_empty());
        assert!(names(d.path()).is_empty());
    }
}
