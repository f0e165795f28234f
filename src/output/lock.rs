//! The advisory lock that serialises every command writing one output folder (`build`,
//! `posters`): a lock file beside the folder (`.public.redflag-lock`) held with the operating
//! system's file lock for the whole write, so a second command waits, or fails when asked not to
//! wait, instead of mixing its files with the first's or deleting its temporary folder.
//!
//! The kernel releases the lock when its process ends, so a killed build never blocks the next.
//! On Unix the holder removes the lock file before releasing it; whoever was waiting on the
//! removed file sees that the path no longer names it and locks the path again, so exactly one
//! command holds the lock at any time and no lock file is left behind.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{OutputError, io_error};

/// Another command holds the lock of an output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    /// The output folder.
    pub output: PathBuf,
    /// The process holding the lock, when it could be read.
    pub holder: Option<u32>,
}

/// What to do when another command is writing the same output folder.
#[derive(Debug, Clone, Copy)]
pub enum Wait {
    /// Wait for it to finish; the function is called once, before waiting (to tell the user).
    Yes(fn(&Busy)),
    /// Fail at once with [`OutputError::Busy`].
    No,
}

/// A held lock of an output folder; released (and its file removed) when dropped.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Locks the output folder `output` through the lock file `path`, waiting or not.
    pub fn acquire(path: &Path, output: &Path, wait: Wait) -> Result<OutputLock, OutputError> {
        let mut told = false;
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(io_error("cannot create the lock file", path))?;
            match (file.try_lock(), wait) {
                (Ok(()), _) => {}
                (Err(TryLockError::WouldBlock), Wait::No) => {
                    return Err(OutputError::Busy(busy(path, output)));
                }
                (Err(TryLockError::WouldBlock), Wait::Yes(tell)) => {
                    if !told {
                        tell(&busy(path, output));
                        told = true;
                    }
                    file.lock().map_err(io_error("cannot lock", path))?;
                }
                (Err(TryLockError::Error(source)), _) => {
                    return Err(io_error("cannot lock", path)(source));
                }
            }
            if still_named(&file, path) {
                let mut lock = OutputLock {
                    file,
                    path: path.to_path_buf(),
                };
                lock.record_holder();
                return Ok(lock);
            }
        }
    }

    /// Writes this process's id into the lock file, for the message of whoever waits.
    fn record_holder(&mut self) {
        let _ = self.file.set_len(0);
        let _ = writeln!(self.file, "{}", std::process::id());
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock itself goes with the file handle, just after.
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn busy(path: &Path, output: &Path) -> Busy {
    Busy {
        output: output.to_path_buf(),
        holder: fs::read_to_string(path)
            .ok()
            .and_then(|text| text.trim().parse().ok()),
    }
}

/// Whether `path` still names the file locked through `file` (the previous holder may have
/// removed it, and another command created a new one, while this one waited).
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(locked), Ok(named)) => (locked.dev(), locked.ino()) == (named.dev(), named.ino()),
        _ => false,
    }
}

/// Elsewhere the lock file is never removed, so the path always names the locked file.
#[cfg(not(unix))]
fn still_named(_file: &File, _path: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_or_fails_and_the_file_goes_with_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.redflag-lock");
        let output = dir.path().join("public");
        let first = OutputLock::acquire(&path, &output, Wait::No).unwrap();
        let err = OutputLock::acquire(&path, &output, Wait::No).unwrap_err();
        match err {
            OutputError::Busy(busy) => assert_eq!(busy.holder, Some(std::process::id())),
            other => panic!("{other}"),
        }
        let waiter = std::thread::spawn(move || {
            OutputLock::acquire(
                &path,
                &output,
                Wait::Yes(|busy| assert!(busy.holder.is_some())),
            )
        });
        drop(first);
        let second = waiter.join().unwrap().unwrap();
        assert!(second.path.exists());
        drop(second);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
