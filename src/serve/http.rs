//! The preview's HTTP side (axum): pages from the in-memory snapshot (GET and HEAD only, paths
//! normalised so nothing outside the output can be named), the reload event stream and the
//! live-reload script; requests that do not name the preview's own address are refused first.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::{Stream, StreamExt, wrappers::BroadcastStream};

use crate::output::File;
use crate::serve::host::AllowedHosts;
use crate::serve::overlay::{SCRIPT_PATH, error_page, inject, poster_error_page};
use crate::serve::preview::{Preview, Snapshot};

/// The path of the reload event stream.
pub const EVENTS_PATH: &str = "/__redflag/events";
const LIVE_SCRIPT: &str = include_str!("live.js");
/// Longest request path accepted.
const MAX_PATH: usize = 2048;

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    /// The site being previewed.
    pub preview: Arc<Preview>,
    /// Reload events (JSON list of changed URL paths, or `["*"]`).
    pub events: broadcast::Sender<String>,
}

/// The preview's routes, for requests addressed to one of `hosts`.
pub fn router(state: AppState, hosts: AllowedHosts) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(page)
        .with_state(state)
        .layer(middleware::from_fn_with_state(hosts, check_host))
}

/// Refuses (421 Misdirected Request) a request whose target names another server: by its
/// absolute form, which takes precedence, or else by its `Host` header.
async fn check_host(State(hosts): State<AllowedHosts>, request: Request, next: Next) -> Response {
    let authority = match request.uri().authority() {
        Some(authority) => Some(authority.as_str()),
        None => request
            .headers()
            .get(header::HOST)
            .and_then(|host| host.to_str().ok()),
    };
    if authority.is_some_and(|a| hosts.allows(a)) {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        "redflag serve answers only requests addressed to it as 127.0.0.1, localhost or the \
         --bind address, with its port\n",
    )
        .into_response()
}

/// Reload events, after a first `version` event with the current version: a page served before
/// a rebuild whose event it missed (it was not listening yet) sees that it is out of date.
async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe first: a rebuild after this point is either in `version` or in an event.
    let reloads = BroadcastStream::new(state.events.subscribe())
        .filter_map(|message| message.ok())
        .map(|data| Ok(Event::default().event("reload").data(data)));
    let version = state.preview.snapshot().version.to_string();
    let current = tokio_stream::once(Ok(Event::default().event("version").data(version)));
    Sse::new(current.chain(reloads)).keep_alive(KeepAlive::default())
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_SCRIPT,
    )
        .into_response()
}

async fn page(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD\n",
        )
            .into_response();
    }
    let path = match normalise(uri.path()) {
        Ok(path) => path,
        Err(status) => return (status, "bad path\n").into_response(),
    };
    let snapshot = state.preview.snapshot();
    // Feeds, the search index and posters are made on first request: heavy, blocking work
    // (the search indexer runs its own runtime), kept off the server's async threads.
    let response = tokio::task::spawn_blocking(move || respond(&snapshot, &path))
        .await
        .unwrap_or_else(|_| {
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response()
        });
    if method == Method::HEAD {
        let (parts, _) = response.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    response
}

/// The response for a checked path of `snapshot`: while no version of the site exists, the
/// errors that keep it from building, whatever the path.
fn respond(snapshot: &Snapshot, path: &str) -> Response {
    if snapshot.model.is_none() {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            error_page(snapshot),
        )
            .into_response();
    }
    match resolve(snapshot, path) {
        Resolved::File(path, file) => file_response(snapshot, &path, &file, StatusCode::OK),
        Resolved::Redirect(to) => {
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
        }
        Resolved::NotFound if snapshot.poster_errors(path).is_some() => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            poster_error_page(snapshot, &snapshot.poster_errors(path).unwrap_or_default()),
        )
            .into_response(),
        Resolved::NotFound => match snapshot.files.get("404.html") {
            Some(file) => file_response(snapshot, "404.html", file, StatusCode::NOT_FOUND),
            None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
    }
}

/// Decodes and checks a request path; returns it relative to the output root (no leading `/`).
pub fn normalise(raw: &str) -> Result<String, StatusCode> {
    if raw.len() > MAX_PATH {
        // 400 like every other path the preview refuses: no output path is that long.
        return Err(StatusCode::BAD_REQUEST);
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    let rest = decoded.strip_prefix('/').ok_or(StatusCode::BAD_REQUEST)?;
    let bad = decoded.contains(['\\', '\0'])
        || rest.starts_with('/')
        || rest
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        || rest.contains(':');
    if bad {
        return Err(StatusCode::BAD_REQUEST);
    }
    Ok(rest.to_owned())
}

enum Resolved {
    File(String, File),
    Redirect(String),
    NotFound,
}

fn resolve(snapshot: &Snapshot, path: &str) -> Resolved {
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return match snapshot.get(&index) {
            Some(file) => Resolved::File(index, file),
            None => Resolved::NotFound,
        };
    }
    if let Some(file) = snapshot.get(path) {
        return Resolved::File(path.to_owned(), file);
    }
    if snapshot.files.contains_key(&format!("{path}/index.html")) {
        return Resolved::Redirect(format!("/{path}/"));
    }
    Resolved::NotFound
}

fn file_response(snapshot: &Snapshot, path: &str, bytes: &File, status: StatusCode) -> Response {
    let content_type = content_type(path);
    // The content manager's page is not reloaded: it would lose what the editor is typing.
    let live = !path.starts_with(&format!("{}/", crate::cms::ADMIN));
    let body = if content_type.starts_with("text/html") && live {
        Body::from(inject(bytes, snapshot))
    } else {
        Body::from(bytes.to_vec())
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The content type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_refuses_traversal() {
        assert_eq!(normalise("/fr/advisories/x/").unwrap(), "fr/advisories/x/");
        assert_eq!(normalise("/").unwrap(), "");
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/b",
            "/..%5c..%5cwindows",
            "/a\\b",
            "//etc/passwd",
            "/./x",
            "/c:/x",
            "/%00",
        ] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
        assert_eq!(
            normalise(&format!("/{}", "a".repeat(3000))),
            Err(StatusCode::BAD_REQUEST)
        );
    }
}
