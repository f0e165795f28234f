//! Putting a finished build in place of the previous output. On Linux one `renameat2` with
//! `RENAME_EXCHANGE` swaps the two folders atomically, so the output path never stops naming a
//! complete site; elsewhere (or on a file system without the exchange) the previous output is
//! moved aside and the new one moved in, two renames with a moment between them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Puts the folder `new` at `dest`. Returns where the previous output now is, to be removed:
/// `new` itself after an exchange, `aside` after two renames, nothing when there was none.
pub fn swap_in(new: &Path, dest: &Path, aside: &Path) -> Result<Option<PathBuf>, SwapError> {
    if fs::symlink_metadata(dest).is_err() {
        fs::rename(new, dest).map_err(SwapError::MoveIn)?;
        return Ok(None);
    }
    if exchange(new, dest)? {
        return Ok(Some(new.to_path_buf()));
    }
    fs::rename(dest, aside).map_err(SwapError::MoveAside)?;
    if let Err(err) = fs::rename(new, dest) {
        let _ = fs::rename(aside, dest);
        return Err(SwapError::MoveIn(err));
    }
    Ok(Some(aside.to_path_buf()))
}

/// Why the swap failed.
#[derive(Debug)]
pub enum SwapError {
    /// The previous output could not be moved aside.
    MoveAside(io::Error),
    /// The new output could not be moved in (the previous one is back in place).
    MoveIn(io::Error),
}

/// Exchanges `a` and `b` atomically; `Ok(false)` when this system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool, SwapError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Kernels before 3.15, and file systems without the exchange (some network ones).
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(errno) => Err(SwapError::MoveIn(errno.into())),
    }
}

/// Exchanges `a` and `b` atomically; `Ok(false)` when this system cannot.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool, SwapError> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_and_says_where_the_previous_output_went() {
        let dir = tempfile::tempdir().unwrap();
        let (new, dest, aside) = (
            dir.path().join("new"),
            dir.path().join("dest"),
            dir.path().join("aside"),
        );
        fs::create_dir(&new).unwrap();
        fs::write(new.join("f"), "one").unwrap();
        assert_eq!(swap_in(&new, &dest, &aside).unwrap(), None);
        assert_eq!(fs::read_to_string(dest.join("f")).unwrap(), "one");

        fs::create_dir(&new).unwrap();
        fs::write(new.join("f"), "two").unwrap();
        let previous = swap_in(&new, &dest, &aside).unwrap().unwrap();
        assert_eq!(fs::read_to_string(dest.join("f")).unwrap(), "two");
        assert_eq!(fs::read_to_string(previous.join("f")).unwrap(), "one");
        if cfg!(target_os = "linux") {
            assert_eq!(previous, new, "exchanged in one step");
        }
    }
}
