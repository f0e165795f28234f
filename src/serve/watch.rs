//! Watching the site for changes: `notify-debouncer-full` on the site's directories (not files,
//! so editors that save by rename work), with access events, editor temp and backup files and
//! the output directory filtered out.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, FileIdMap, RecommendedCache, new_debouncer, new_debouncer_opt,
};

/// How long events are gathered before a rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// A running watcher; dropping it stops watching.
pub enum SiteWatcher {
    /// Native file-system events (inotify, FSEvents, ...).
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Polling, for file systems without native events.
    Poll(Debouncer<PollWatcher, FileIdMap>),
}

/// Starts watching the site in `root`; relevant changed paths are sent on `changes`.
pub fn watch_site(
    root: &Path,
    poll: bool,
    changes: Sender<Vec<PathBuf>>,
) -> Result<SiteWatcher, String> {
    let root_for_filter = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.paths.iter())
                .filter(|p| is_relevant(&root_for_filter, p))
                .cloned()
                .collect();
            if !paths.is_empty() {
                let _ = changes.send(paths);
            }
        }
    };
    let mut watcher = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(200));
        SiteWatcher::Poll(
            new_debouncer_opt(DEBOUNCE, None, handler, FileIdMap::new(), config)
                .map_err(describe)?,
        )
    } else {
        SiteWatcher::Native(new_debouncer(DEBOUNCE, None, handler).map_err(describe)?)
    };
    for (dir, mode) in [
        ("content", RecursiveMode::Recursive),
        ("themes", RecursiveMode::Recursive),
        ("", RecursiveMode::NonRecursive),
    ] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, mode)?;
        }
    }
    Ok(watcher)
}

impl SiteWatcher {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<(), String> {
        let result = match self {
            SiteWatcher::Native(d) => d.watch(path, mode),
            SiteWatcher::Poll(d) => d.watch(path, mode),
        };
        result.map_err(describe)
    }
}

fn describe(err: notify::Error) -> String {
    let text = err.to_string();
    if matches!(err.kind, notify::ErrorKind::MaxFilesWatch) || text.contains("No space left") {
        format!(
            "{text}: the system ran out of inotify watches. Raise the limit \
             (sudo sysctl fs.inotify.max_user_watches=524288) or run `redflag serve --poll`"
        )
    } else {
        format!("cannot watch the site: {text} (try `redflag serve --poll`)")
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
    match first.as_ref() {
        "content" | "themes" => !rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.')),
        _ => rel.components().count() == 1 && name == crate::config::CONFIG_FILE,
    }
}

/// Temporary and backup files that editors write next to the real one.
fn is_editor_litter(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".crswap"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name.chars().all(|c| c.is_ascii_digit())
        || name.starts_with(".goutputstream")
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "/site/public/index.html",
            "/site/README.md",
            "/elsewhere/site.toml",
        ] {
            assert!(!is_relevant(root, Path::new(litter)), "{litter}");
        }
    }
}
