//! `check --external`: asks every external link's server whether the page still exists.
//!
//! Polite and bounded: at most one request at a time per host (hosts are checked in parallel,
//! a few at a time), a timeout on every request, and at most `max_links` links per run. A link
//! whose server answers 4xx is an error (the page is gone); a timeout, a network failure, a 429
//! or a 5xx is a warning, because it may pass by the next run.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use super::links::ExternalLink;
use crate::diagnostics::{Code, Diagnostic};

/// Limits of the external link check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExternalOptions {
    /// Timeout of one request (connection, redirects and answer).
    pub timeout: Duration,
    /// Most links checked in one run; the rest are reported as not checked.
    pub max_links: usize,
    /// Most hosts asked at the same time (each host gets one request at a time).
    pub parallel_hosts: usize,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            max_links: 500,
            parallel_hosts: 4,
        }
    }
}

/// What a server said about one link.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Fine,
    Gone(u16),
    Unsure(String),
}

/// Checks external links; returns a diagnostic for every link that is not fine.
pub fn check_external(links: &[ExternalLink], options: ExternalOptions) -> Vec<Diagnostic> {
    let (checked, skipped) = links.split_at(links.len().min(options.max_links));
    let mut by_host: BTreeMap<String, Vec<&ExternalLink>> = BTreeMap::new();
    for link in checked {
        let host = format!(
            "{}:{}",
            link.url.host_str().unwrap_or_default(),
            link.url.port_or_known_default().unwrap_or_default()
        );
        by_host.entry(host).or_default().push(link);
    }
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let results = Mutex::new(Vec::new());
    let agent = agent(options.timeout);
    std::thread::scope(|scope| {
        for _ in 0..options.parallel_hosts.max(1) {
            scope.spawn(|| {
                while let Some(host_links) = pop(&queue) {
                    for link in host_links {
                        let outcome = ask(&agent, link.url.as_str());
                        lock(&results).push((link, outcome));
                    }
                }
            });
        }
    });
    let mut diagnostics: Vec<Diagnostic> = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .into_iter()
        .filter_map(|(link, outcome)| diagnostic(link, &outcome))
        .collect();
    if let Some(first) = skipped.first() {
        diagnostics.push(
            first
                .location
                .diagnostic(
                    Code::ExternalLink,
                    format!(
                        "{} external links were not checked: the limit is {} per run",
                        skipped.len(),
                        options.max_links
                    ),
                )
                .as_info()
                .with_hint("run the check again later, or split the check by advisory"),
        );
    }
    diagnostics
}

fn pop<'a>(queue: &Mutex<Vec<Vec<&'a ExternalLink>>>) -> Option<Vec<&'a ExternalLink>> {
    lock(queue).pop()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("redflag-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

/// Asks with HEAD, then with GET when the server does not support HEAD.
fn ask(agent: &ureq::Agent, url: &str) -> Answer {
    let status = match agent.head(url).call() {
        Ok(response) if matches!(response.status().as_u16(), 405 | 501) => {
            agent.get(url).call().map(|r| r.status().as_u16())
        }
        Ok(response) => Ok(response.status().as_u16()),
        Err(err) => Err(err),
    };
    match status {
        Ok(code) if code < 400 => Answer::Fine,
        Ok(429) => Answer::Unsure("the server answered 429 Too Many Requests".into()),
        Ok(code) if code < 500 => Answer::Gone(code),
        Ok(code) => Answer::Unsure(format!("the server answered {code}")),
        Err(err) => Answer::Unsure(format!("the server could not be reached: {err}")),
    }
}

fn diagnostic(link: &ExternalLink, outcome: &Answer) -> Option<Diagnostic> {
    let url = link.url.as_str();
    match outcome {
        Answer::Fine => None,
        Answer::Gone(code) => Some(
            link.location
                .diagnostic(
                    Code::ExternalLink,
                    format!("external link `{url}` is broken: the server answered {code}"),
                )
                .with_hint("find where the page moved (or an archived copy) and link there"),
        ),
        Answer::Unsure(reason) => Some(
            link.location
                .diagnostic(
                    Code::ExternalLink,
                    format!("external link `{url}`: {reason}"),
                )
                .as_warning()
                .with_hint("this may pass later; open the link to see whether it still works"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::links::Location;
    use crate::diagnostics::Position;

    #[test]
    fn links_over_the_limit_are_reported_not_fetched() {
        let link = ExternalLink {
            url: url::Url::parse("http://127.0.0.1:9/").unwrap(),
            location: Location {
                file: "a.md".into(),
                at: Position::new(1, 1),
                line_text: None,
            },
        };
        let options = ExternalOptions {
            max_links: 0,
            ..ExternalOptions::default()
        };
        let diagnostics = check_external(&[link], options);
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0]
                .message
                .contains("1 external links were not checked")
        );
    }
}
