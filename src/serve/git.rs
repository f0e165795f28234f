//! The git working copy the content manager asks for. Sveltia CMS accepts a folder in its local
//! mode only when it holds `.git` (a check that the editor chose the top of a repository: it
//! reads nothing in it and commits nothing, saving writes the files). `serve --cms` says what to
//! do when the site folder has none; with `--git-init` it runs the installed `git init` there,
//! never inside another working copy, and never writes a `.git` of its own.

use std::path::Path;
use std::process::Command;

/// What `serve --cms` prints (and does, with `init`) about the site folder's `.git`; `None`
/// when the folder already is a working copy.
pub fn prepare(root: &Path, init: bool) -> Option<String> {
    if root.join(".git").exists() {
        return None;
    }
    let shown = root.display();
    let top = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(root)
        .output();
    let Ok(top) = top else {
        return Some(format!(
            "note: {shown} is not a git working copy, which the content manager asks for, and \
             git is not installed: install Git (or GitHub Desktop, which brings it), then run \
             `redflag serve --cms --git-init` once (docs/cms.md)."
        ));
    };
    if top.status.success() {
        let top = String::from_utf8_lossy(&top.stdout);
        return Some(format!(
            "note: {shown} is inside the git working copy {}: the content manager needs the \
             site folder itself to be the top of a working copy (docs/cms.md); nothing was \
             created.",
            top.trim()
        ));
    }
    if !init {
        return Some(format!(
            "note: {shown} is not a git working copy, which the content manager asks for: run \
             `redflag serve --cms --git-init` once (it runs `git init` here) (docs/cms.md)."
        ));
    }
    let done = Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(root)
        .status();
    Some(match done {
        Ok(status) if status.success() => format!(
            "Created an empty git repository in {shown} (`git init`) for the content manager; \
             nothing was committed."
        ),
        _ => format!("warning: `git init` failed in {shown}; run it there yourself."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) -> bool {
        let output = Command::new("git").args(args).current_dir(dir).output();
        output.is_ok_and(|o| o.status.success())
    }

    #[test]
    fn creates_a_repository_only_when_asked_and_never_inside_another() {
        let site = tempfile::tempdir().unwrap();
        let said = prepare(site.path(), false).expect("a note");
        assert!(said.contains("--git-init"), "{said}");
        assert!(
            !site.path().join(".git").exists(),
            "not asked: nothing created"
        );

        let said = prepare(site.path(), true).expect("a report");
        assert!(said.starts_with("Created"), "{said}");
        assert!(
            git(site.path(), &["rev-parse", "--git-dir"]),
            "a real repository"
        );
        assert_eq!(
            prepare(site.path(), true),
            None,
            "a working copy: nothing to say"
        );

        let inner = site.path().join("sites/campus");
        std::fs::create_dir_all(&inner).unwrap();
        let said = prepare(&inner, true).expect("a note");
        assert!(said.contains("inside the git working copy"), "{said}");
        assert!(!inner.join(".git").exists(), "no repository inside another");
    }
}
