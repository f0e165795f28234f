//! `redflag serve`: a live preview. Watches the site, rebuilds on every save, keeps the pages in
//! memory and serves them over HTTP with a reload event stream; errors are shown in the browser
//! and never stop the server. The site root is made absolute and canonical once, at start: the
//! watcher reports absolute paths, and everything below compares them with the root.

mod git;
pub mod host;
pub mod http;
pub mod listen;
pub mod overlay;
pub mod preview;
mod stamp;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

use anyhow::Context;

use tokio::sync::broadcast;

use preview::{Changed, Preview};

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// Address to bind.
    pub bind: IpAddr,
    /// Port (0 picks a free one).
    pub port: u16,
    /// Open the default browser.
    pub open: bool,
    /// Poll for changes instead of native file-system events.
    pub poll: bool,
    /// Serve the content manager at `/admin/`.
    pub cms: bool,
    /// With `cms`: run `git init` in a site folder that is no git working copy.
    pub git_init: bool,
}

/// Runs the preview until Ctrl-C.
pub fn serve(options: ServeOptions) -> anyhow::Result<()> {
    let root = site_root(&options.root)?;
    let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {address}, reachable from other machines; use --bind 127.0.0.1 to keep it local"
        );
    }
    let url = format!("http://{address}/");
    // The first build runs before the async runtime starts: rendering runs its own (search).
    let mut preview = Preview::new(&root, url.trim_end_matches('/').to_owned());
    if options.cms {
        preview = preview.with_cms();
    }
    let preview = Arc::new(preview);
    report(&preview, &preview.rebuild(today()));
    let (events, _) = broadcast::channel(64);
    let (changes_tx, changes_rx) = mpsc::channel();
    let _watcher = watch::watch_site(&root, options.poll, changes_tx)?;
    let stamper = options.cms.then(|| stamp::Stamper::new(&root));
    spawn_rebuilder(
        Arc::clone(&preview),
        root.clone(),
        (changes_rx, stamper),
        events.clone(),
    );
    eprintln!("Serving {} at {url} (Ctrl-C to stop)", root.display());
    if options.cms {
        cms_notice(&root, &url, options.git_init);
    }
    if options.open && open::that(&url).is_err() {
        eprintln!("warning: could not open a browser; visit {url}");
    }
    let app = http::router(
        http::AppState { preview, events },
        host::AllowedHosts::new(address),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        tokio::select! {
            () = listen::serve_connections(listener, app) => {}
            _ = tokio::signal::ctrl_c() => eprintln!("Stopped."),
        }
        Ok(())
    })
}

/// How to edit with the content manager: a Chromium-based browser saves into the site folder,
/// which the CMS accepts only as a git working copy (`git_init` creates one).
fn cms_notice(root: &Path, url: &str, git_init: bool) {
    eprintln!(
        "Content manager: open {url}{}/ in Google Chrome or Microsoft Edge, click \
         \"Work with Local Repository\" and choose this site folder; saved edits show here.",
        crate::cms::ADMIN
    );
    if let Some(said) = git::prepare(root, git_init) {
        eprintln!("{said}");
    }
}

/// The site root as an absolute, canonical path (`.` and `../site` included), checked to hold a
/// site: a preview of a folder without `site.toml` would only ever show an error.
fn site_root(root: &Path) -> anyhow::Result<PathBuf> {
    let canonical = root
        .canonicalize()
        .with_context(|| format!("cannot open the site folder {}", root.display()))?;
    if !canonical.join(crate::config::CONFIG_FILE).is_file() {
        anyhow::bail!(
            "{} has no {}: run `redflag serve` inside a site's folder, or pass --root DIR \
             (`redflag init DIR` creates a site)",
            canonical.display(),
            crate::config::CONFIG_FILE
        );
    }
    Ok(canonical)
}

/// Today as `build` sees it (`SOURCE_DATE_EPOCH` when set; the binary refuses a malformed one
/// before serving), read at each rebuild so that a preview left running crosses midnight.
fn today() -> jiff::civil::Date {
    crate::clock::today().unwrap_or_else(|_| jiff::Zoned::now().date())
}

/// Rebuilds on every batch of changes (batches that arrive meanwhile are merged) and announces
/// what changed; with the content manager, `stamper` records the digest of new translations.
fn spawn_rebuilder(
    preview: Arc<Preview>,
    root: PathBuf,
    (changes, mut stamper): (mpsc::Receiver<Vec<PathBuf>>, Option<stamp::Stamper>),
    events: broadcast::Sender<String>,
) {
    std::thread::spawn(move || {
        while let Ok(mut paths) = changes.recv() {
            while let Ok(more) = changes.try_recv() {
                paths.extend(more);
            }
            eprintln!("Changed: {}", describe_changes(&root, &paths));
            let changed = preview.apply(&paths, today());
            report(&preview, &changed);
            let _ = events.send(reload_message(&changed));
            for file in stamper
                .iter_mut()
                .flat_map(|s| s.stamp_new(&preview, &paths))
            {
                let file = file.strip_prefix(&root).unwrap_or(&file);
                eprintln!(
                    "Recorded the source_digest of the new translation {} (made in the content manager from the current index.md).",
                    file.display()
                );
            }
        }
    });
}

/// The changed files, relative to the site root, each once: the first few and how many more.
fn describe_changes(root: &Path, paths: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let names: indexmap::IndexSet<_> = paths
        .iter()
        .map(|path| {
            path.strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string()
        })
        .collect();
    let more = names.len().saturating_sub(SHOWN);
    let shown: Vec<&str> = names.iter().take(SHOWN).map(String::as_str).collect();
    let mut text = shown.join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// The reload event's data: the changed URL paths as JSON, `["*"]` for everything.
pub fn reload_message(changed: &Changed) -> String {
    let paths: Vec<&str> = match changed {
        Changed::Everything => vec!["*"],
        Changed::Pages(paths) => paths.iter().map(String::as_str).collect(),
    };
    serde_json::to_string(&paths).expect("paths serialise")
}

fn report(preview: &Preview, changed: &Changed) {
    let snapshot = preview.snapshot();
    if snapshot.errors.is_empty() {
        let count = match changed {
            Changed::Everything => snapshot.files.len(),
            Changed::Pages(p) => p.len(),
        };
        eprintln!("Rebuilt: {count} page(s) changed.");
    } else {
        eprint!(
            "{}",
            crate::diagnostics::render_human(&snapshot.errors, false)
        );
        eprintln!("The preview shows these errors over the last good version.");
    }
}
