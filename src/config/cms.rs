//! `[cms]` in `site.toml`: where the content manager that `build` writes into `/admin/` saves
//! edits — the git host (`backend`), the repository, the branch, and the sign-in service's
//! address when it is not the host's own.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::CmsBackend;

/// `[cms]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCms {
    backend: Option<Spanned<String>>,
    repo: Spanned<String>,
    branch: Option<Spanned<String>>,
    base_url: Option<Spanned<String>>,
}

/// Validates `[cms]`, pushing problems to `diagnostics`; `None` when it has any.
pub(super) fn cms_backend(
    raw: RawCms,
    file: &std::path::Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<CmsBackend> {
    let before = diagnostics.len();
    let mut error = |span: Range<usize>, message: String, hint: &str| {
        let at = Position::of_offset(text, span.start);
        diagnostics.push(
            Diagnostic::error(Code::InvalidValue, file, at, message)
                .with_hint(hint)
                .with_source_from(text),
        );
    };
    let name = raw
        .backend
        .as_ref()
        .map_or("github", |b| b.get_ref().as_str());
    if let Some(backend) = raw.backend.as_ref()
        && !CmsBackend::NAMES.contains(&name)
    {
        error(
            backend.span(),
            format!("[cms] backend `{name}` is not a git host the content manager can save to"),
            "write backend = \"github\", \"gitlab\" or \"gitea\"",
        );
    }
    let repo = raw.repo.get_ref();
    let parts: Vec<&str> = repo.split('/').collect();
    let nested = name == "gitlab";
    if parts.len() < 2 || (!nested && parts.len() > 2) || !parts.iter().all(|p| is_name(p)) {
        error(
            raw.repo.span(),
            format!("[cms] repo `{repo}` is not a repository name"),
            "write the repository as owner/name, e.g. repo = \"campus-safety/alerts\" \
             (GitLab also group/subgroup/name)",
        );
    }
    let branch = raw.branch.as_ref().map_or("main", |b| b.get_ref().as_str());
    if let Some(spanned) = raw.branch.as_ref()
        && !is_branch(branch)
    {
        error(
            spanned.span(),
            format!("[cms] branch `{branch}` is not a branch name"),
            "write the branch the site is published from, e.g. branch = \"main\"",
        );
    }
    let base_url = raw
        .base_url
        .as_ref()
        .map(|u| u.get_ref().trim_end_matches('/'));
    if let (Some(spanned), Some(url)) = (raw.base_url.as_ref(), base_url)
        && !is_service_url(url)
    {
        error(
            spanned.span(),
            format!("[cms] base_url `{url}` is not an https address of a server"),
            "write the address of the sign-in service, e.g. base_url = \"https://auth.example.org\", \
             or leave base_url out to sign in on the git host itself",
        );
    }
    (diagnostics.len() == before).then(|| CmsBackend {
        name: name.to_owned(),
        repo: repo.clone(),
        branch: branch.to_owned(),
        base_url: base_url.map(str::to_owned),
    })
}

/// A repository owner, group or name as git hosts allow them.
fn is_name(part: &str) -> bool {
    !part.is_empty()
        && !part.starts_with('.')
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A branch name git accepts (the common subset: no spaces, `..`, leading `-` or `/`).
fn is_branch(branch: &str) -> bool {
    !branch.is_empty()
        && !branch.starts_with(['-', '/'])
        && !branch.ends_with(['/', '.'])
        && !branch.contains("..")
        && branch
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

/// An `https://` address of a server (a path is allowed; no query or fragment).
fn is_service_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        u.scheme() == "https" && u.host().is_some() && u.query().is_none() && u.fragment().is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    const SITE: &str = "title = \"Alerts\"\nbase_url = \"https://alerts.example.org\"\n\
                        default_language = \"en\"\n[languages.en]\nname = \"English\"\n";

    #[test]
    fn cms_table_becomes_the_backend_with_defaults() {
        let text = format!("{SITE}[cms]\nrepo = \"campus-safety/alerts\"\n");
        let loaded = parse_config(std::path::Path::new("site.toml"), &text).unwrap();
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(
            loaded.config.cms,
            Some(CmsBackend::github("campus-safety/alerts"))
        );
        let none = parse_config(std::path::Path::new("site.toml"), SITE).unwrap();
        assert_eq!(none.config.cms, None);
    }

    #[test]
    fn every_bad_cms_value_is_reported_at_its_line() {
        let text = format!(
            "{SITE}[cms]\nbackend = \"bitbucket\"\nrepo = \"alerts\"\nbranch = \"my branch\"\n\
             base_url = \"http://auth.example.org\"\n"
        );
        let loaded = parse_config(std::path::Path::new("site.toml"), &text).unwrap();
        let found: Vec<_> = (loaded.diagnostics.iter())
            .map(|d| (d.code, d.line, d.column))
            .collect();
        assert_eq!(
            found,
            [
                (Code::InvalidValue, 7, 11),
                (Code::InvalidValue, 8, 8),
                (Code::InvalidValue, 9, 10),
                (Code::InvalidValue, 10, 12),
            ],
            "{:?}",
            loaded.diagnostics
        );
        assert_eq!(loaded.config.cms, None);
        let gitlab = format!("{SITE}[cms]\nbackend = \"gitlab\"\nrepo = \"office/web/alerts\"\n");
        let loaded = parse_config(std::path::Path::new("site.toml"), &gitlab).unwrap();
        assert_eq!(
            loaded.config.cms.map(|c| c.repo).as_deref(),
            Some("office/web/alerts")
        );
    }

    #[test]
    fn names_branches_and_addresses() {
        assert!(is_name("campus-safety") && is_name("alerts.site") && !is_name(".git"));
        assert!(!is_name("") && !is_name("a b"));
        assert!(is_branch("main") && is_branch("release/2026") && !is_branch("-x"));
        assert!(!is_branch("a..b") && !is_branch("a b") && !is_branch(""));
        assert!(is_service_url("https://auth.example.org") && is_service_url("https://x.org/a"));
        assert!(!is_service_url("http://auth.example.org") && !is_service_url("auth.example.org"));
    }
}
