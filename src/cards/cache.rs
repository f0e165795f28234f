//! Reusing the share images of a previous build. Their file names carry the digest of their
//! inputs, so an image is reused when the previous output has a file at the same path whose
//! bytes are the ones the manifest recorded (a truncated or edited file is typeset again).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::output::file_digest;

/// The file, written beside the images, that maps each image's path to the BLAKE3 digest of
/// its bytes.
pub const SHARE_MANIFEST: &str = ".redflag-share.json";

/// Images of a previous build.
pub trait ShareCache: Sync {
    /// The image previously written at `path`, if intact.
    fn get(&self, path: &str) -> Option<Vec<u8>>;
}

/// No previous images: every image is typeset.
pub struct NoShareCache;

impl ShareCache for NoShareCache {
    fn get(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
}

/// The images in a previous output folder.
pub struct PreviousShare {
    dir: PathBuf,
    digests: HashMap<String, String>,
}

impl PreviousShare {
    /// Reads the manifest of the output folder `dir` (none: nothing to reuse).
    pub fn open(dir: &Path) -> PreviousShare {
        let digests = crate::output::read_manifest(dir, SHARE_MANIFEST);
        PreviousShare {
            dir: dir.to_path_buf(),
            digests,
        }
    }
}

impl ShareCache for PreviousShare {
    fn get(&self, path: &str) -> Option<Vec<u8>> {
        let recorded = self.digests.get(path)?;
        let bytes = std::fs::read(self.dir.join(path)).ok()?;
        (file_digest(&bytes) == *recorded).then_some(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_only_the_recorded_bytes() {
        let dir = std::env::temp_dir().join(format!("redflag-share-cache-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("share")).unwrap();
        std::fs::write(dir.join("share/card-en-1.png"), b"png").unwrap();
        let manifest = serde_json::json!({ "share/card-en-1.png": file_digest(b"png") });
        std::fs::write(dir.join(SHARE_MANIFEST), manifest.to_string()).unwrap();
        let cache = PreviousShare::open(&dir);
        assert_eq!(cache.get("share/card-en-1.png"), Some(b"png".to_vec()));
        std::fs::write(dir.join("share/card-en-1.png"), b"pn").unwrap();
        assert_eq!(cache.get("share/card-en-1.png"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
