//! Watching the site for changes: `notify-debouncer-full` on the site root (not recursive, for
//! `site.toml` and the top-level folders) and on `content/` and `themes/` (recursive), never on
//! the output or anything else beside them. A top-level folder that is created, deleted or renamed
//! while the preview runs is watched again (re-armed) before its change is reported, so the
//! rebuild that follows reads everything an event may have been missed for. Access events, editor
//! temp and backup files and unrelated files are filtered out.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, FileIdMap, RecommendedCache, new_debouncer, new_debouncer_opt,
};

/// How long events are gathered before a rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// The folders of the site root that are watched with everything in them.
const WATCHED_DIRS: [&str; 2] = [crate::content::CONTENT_DIR, "themes"];

/// A running watcher; dropping it stops watching.
pub struct SiteWatcher {
    batches: Sender<Batch>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for SiteWatcher {
    fn drop(&mut self) {
        let _ = self.batches.send(Batch::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Why the site cannot be watched. The notify error is part of the message, not a source: the
/// message says everything once.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The system ran out of inotify watches.
    #[error(
        "{0}: the system ran out of inotify watches. Raise the limit \
         (sudo sysctl fs.inotify.max_user_watches=524288) or run `redflag serve --poll`"
    )]
    OutOfWatches(notify::Error),
    /// Any other failure of the watcher.
    #[error("cannot watch the site: {0} (try `redflag serve --poll`)")]
    Notify(notify::Error),
}

impl From<notify::Error> for WatchError {
    fn from(err: notify::Error) -> Self {
        let out = matches!(err.kind, notify::ErrorKind::MaxFilesWatch)
            || err.to_string().contains("No space left");
        match out {
            true => WatchError::OutOfWatches(err),
            false => WatchError::Notify(err),
        }
    }
}

/// What the debouncer hands to the watching thread.
enum Batch {
    /// Paths with changes (access events left out).
    Paths(Vec<PathBuf>),
    /// The watcher was dropped.
    Stop,
}

/// The notify debouncer, native or polling.
enum Backend {
    /// Native file-system events (inotify, FSEvents, ...).
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Polling, for file systems without native events.
    Poll(Debouncer<PollWatcher, FileIdMap>),
}

/// Starts watching the site in `root` (an absolute, canonical path: events name absolute paths
/// under it); relevant changed paths are sent on `changes`.
pub fn watch_site(
    root: &Path,
    poll: bool,
    changes: Sender<Vec<PathBuf>>,
) -> Result<SiteWatcher, WatchError> {
    let (batches, received) = mpsc::channel();
    let to_thread = batches.clone();
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            let paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.paths.iter().cloned())
                .collect();
            if !paths.is_empty() {
                let _ = to_thread.send(Batch::Paths(paths));
            }
        }
        Err(errors) => {
            for error in errors {
                eprintln!("warning: {}", WatchError::from(error));
            }
        }
    };
    let mut backend = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(200));
        Backend::Poll(new_debouncer_opt(
            DEBOUNCE,
            None,
            handler,
            FileIdMap::new(),
            config,
        )?)
    } else {
        Backend::Native(new_debouncer(DEBOUNCE, None, handler)?)
    };
    backend.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            backend.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    let root = root.to_path_buf();
    let thread = std::thread::spawn(move || forward(backend, &root, &received, &changes));
    Ok(SiteWatcher {
        batches,
        thread: Some(thread),
    })
}

/// Re-arms the watch of a top-level folder named in a batch, then sends the batch's relevant
/// paths on; until the watcher is dropped or nobody listens.
fn forward(
    mut backend: Backend,
    root: &Path,
    batches: &Receiver<Batch>,
    changes: &Sender<Vec<PathBuf>>,
) {
    while let Ok(Batch::Paths(paths)) = batches.recv() {
        for dir in WATCHED_DIRS.map(|dir| root.join(dir)) {
            if paths.contains(&dir) {
                backend.rearm(&dir);
            }
        }
        let relevant: Vec<PathBuf> = paths.into_iter().filter(|p| is_relevant(root, p)).collect();
        if !relevant.is_empty() && changes.send(relevant).is_err() {
            return;
        }
    }
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<(), WatchError> {
        let result = match self {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        };
        Ok(result?)
    }

    /// Watches `dir` afresh: it was created, deleted or renamed, and the watches of a folder that
    /// went away are gone (or name a folder that is now elsewhere).
    fn rearm(&mut self, dir: &Path) {
        // Fails when notify already dropped the watch with the folder: nothing to undo then.
        let _ = match self {
            Backend::Native(d) => d.unwatch(dir),
            Backend::Poll(d) => d.unwatch(dir),
        };
        if dir.is_dir()
            && let Err(err) = self.watch(dir, RecursiveMode::Recursive)
        {
            eprintln!("warning: {err}");
        }
    }
}

/// Whether a changed path can affect the site: not the output, not editor litter.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if is_editor_litter(&name) {
        return false;
    }
    if WATCHED_DIRS.contains(&first.as_ref()) {
        !rel.components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    } else {
        rel.components().count() == 1 && name == crate::config::CONFIG_FILE
    }
}

/// Temporary and backup files that editors write next to the real one.
fn is_editor_litter(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".orig",
            ".crswap",
            ".kate-swp",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
        || name.chars().all(|c| c.is_ascii_digit())
        || name.starts_with(".goutputstream")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watch_error_says_what_to_do() {
        let out = WatchError::from(notify::Error::new(notify::ErrorKind::MaxFilesWatch));
        assert!(matches!(out, WatchError::OutOfWatches(_)));
        assert!(out.to_string().ends_with(
            "the system ran out of inotify watches. Raise the limit \
             (sudo sysctl fs.inotify.max_user_watches=524288) or run `redflag serve --poll`"
        ));
        let other = WatchError::from(notify::Error::generic("gone"));
        assert_eq!(
            other.to_string(),
            "cannot watch the site: gone (try `redflag serve --poll`)"
        );
    }

    #[test]
    fn filters_litter_output_and_unrelated_files() {
        let root = Path::new("/site");
        assert!(is_relevant(
            root,
            Path::new("/site/content/advisories/x/index.md")
        ));
        assert!(is_relevant(
            root,
            Path::new("/site/themes/default/templates/base.html")
        ));
        assert!(is_relevant(root, Path::new("/site/site.toml")));
        for litter in [
            "/site/content/advisories/x/.index.md.swp",
            "/site/content/advisories/x/index.md~",
            "/site/content/advisories/x/4913",
            "/site/content/advisories/x/#index.md#",
            "/site/content/advisories/x/.#index.md",
            "/site/content/advisories/x/index.md___jb_tmp___",
            "/site/content/advisories/x/index.md.kate-swp",
            "/site/c/advisories/x/index.md",
            "/site/public/index.html",
            "/site/README.md",
            "/elsewhere/site.toml",
        ] {
            assert!(!is_relevant(root, Path::new(litter)), "{litter}");
        }
    }
}
