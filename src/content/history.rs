//! What changed in an advisory's source since a stale translation was made: the site's git
//! history (when the site is in a git repository and `git` is installed) is searched for the
//! version of `index.md` whose digest the translation records, and its text fields are
//! compared with today's. Without that history, which fields changed is unknown.

use std::path::Path;
use std::process::{Command, Stdio};

use super::advisory::{Context, parse_advisory_file};
use crate::model::{Advisory, Translation, text_digest};
use crate::source::normalise;

/// How many past versions of one `index.md` are searched.
const MAX_VERSIONS: usize = 200;

/// Records in each stale translation of `advisory` which source fields changed since its
/// `source_digest`, when the git history of the site in `root` has that version.
pub fn record_source_changes(root: &Path, advisory: &mut Advisory, cx: &Context) {
    let digest = advisory.digest.clone();
    let stale: Vec<String> = advisory
        .texts
        .values()
        .filter_map(|t| t.source_digest.clone())
        .filter(|d| *d != digest)
        .collect();
    if stale.is_empty() {
        return;
    }
    let source = advisory.source().clone();
    let versions = past_versions(root, &source, cx, &stale);
    for text in advisory.texts.values_mut() {
        let Some(recorded) = &text.source_digest else {
            continue;
        };
        if let Some((_, old)) = versions.iter().find(|(d, _)| d == recorded) {
            text.changed_in_source = Some(changed_fields(old, &source));
        }
    }
}

/// The fields (`Translation::FIELDS`) whose text differs between two versions of a source.
pub fn changed_fields(old: &Translation, new: &Translation) -> Vec<String> {
    Translation::FIELDS
        .iter()
        .filter(|field| match **field {
            "title" => old.title != new.title,
            "summary" => old.summary != new.summary,
            "red_flags" => old.red_flags != new.red_flags,
            "prevention" => old.prevention != new.prevention,
            "if_targeted" => old.if_targeted != new.if_targeted,
            "poster_headline" => old.poster_headline != new.poster_headline,
            _ => old.body.trim() != new.body.trim(),
        })
        .map(|field| (*field).to_owned())
        .collect()
}

/// The past versions of the source file whose digests are among `wanted`, newest first.
fn past_versions(
    root: &Path,
    source: &Translation,
    cx: &Context,
    wanted: &[String],
) -> Vec<(String, Translation)> {
    let file = source.file.to_string_lossy().replace('\\', "/");
    let Some(log) = git(
        root,
        &[
            "log",
            "--format=%H",
            &format!("--max-count={MAX_VERSIONS}"),
            "--",
            &file,
        ],
    ) else {
        return Vec::new();
    };
    let mut found: Vec<(String, Translation)> = Vec::new();
    for commit in log.lines() {
        if found.len() == wanted.len() {
            break;
        }
        let Some(text) = git(root, &["show", &format!("{commit}:./{file}")]) else {
            continue;
        };
        let parsed = parse_advisory_file(&source.file, &normalise(text), &source.lang, true, cx);
        let digest = text_digest(&parsed.text);
        if wanted.contains(&digest) && !found.iter().any(|(d, _)| *d == digest) {
            found.push((digest, parsed.text));
        }
    }
    found
}

/// The output of `git -C root ARGS`, when git runs and succeeds.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The text of `advisory`'s source as it was when its digest was `digest`, from the git
/// history of the site in `root`; `None` when the site has no such history.
pub fn source_version(
    root: &Path,
    site: &crate::model::Site,
    advisory: &Advisory,
    digest: &str,
) -> Option<Translation> {
    let contacts = super::contacts::Contacts {
        valid: site.contacts.clone(),
        invalid: Vec::new(),
        unreadable: false,
    };
    let cx = Context {
        languages: &site.config.languages,
        taxonomies: &site.taxonomies,
        contacts: &contacts,
    };
    past_versions(root, advisory.source(), &cx, &[digest.to_owned()])
        .pop()
        .map(|(_, text)| text)
}

/// The commit the site in `root` is at (12 hex digits), with `-modified` when its content
/// differs from that commit; `None` outside a git repository.
pub fn source_revision(root: &Path) -> Option<String> {
    let commit = git(root, &["rev-parse", "--short=12", "HEAD"])?;
    let changed = git(root, &["status", "--porcelain", "--", "content"])
        .is_some_and(|s| !s.trim().is_empty());
    Some(format!(
        "{}{}",
        commit.trim(),
        if changed { "-modified" } else { "" }
    ))
}
