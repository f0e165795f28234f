//! The output directory is never lost: dangerous `--out` values are refused with a clear error and
//! nothing deleted (for `build` and `posters` alike), and a build killed midway leaves the
//! previous output intact.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::example::copy_of_example as example_copy;
use crate::support::{copy_dir, valid_site};

fn redflag(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

/// Every file below `dir` with its bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn dangerous_output_directories_are_refused_and_nothing_is_deleted() {
    let site = example_copy("");
    let root = site.path();
    let before = snapshot(root);
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    // Places inside the temporary folder first: if the check were broken, the test fails there
    // before it could write into `/` or the home directory.
    for out in [
        ".",
        "content",
        "content/advisories",
        "..",
        "/",
        home.as_str(),
    ] {
        let output = redflag(&["build", "--out", out], root);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "--out {out}: {stderr}");
        assert!(
            stderr.contains("refusing to write the site to"),
            "--out {out}: {stderr}"
        );
    }
    std::fs::create_dir(root.join("mine")).unwrap();
    std::fs::write(root.join("mine/notes.txt"), "keep me").unwrap();
    let output = redflag(&["build", "--out", "mine"], root);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not created by redflag"));
    assert_eq!(
        std::fs::read_to_string(root.join("mine/notes.txt")).unwrap(),
        "keep me"
    );
    std::fs::remove_dir_all(root.join("mine")).unwrap();
    assert_eq!(snapshot(root), before, "the site was not touched");
}

#[test]
fn a_build_killed_midway_leaves_the_previous_output_and_the_next_build_succeeds() {
    let site = example_copy("");
    let root = site.path();
    assert!(redflag(&["build"], root).status.success());
    let public = root.join("public");
    let before = snapshot(&public);
    // Make the next build long enough to be caught in the middle: many more advisories (and no
    // posters, which would make the rebuild after the kill slow without testing anything more).
    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        config.replace("sizes = [\"letter\", \"a4\"]", "sizes = []"),
    )
    .unwrap();
    let template = std::fs::read_to_string(
        root.join("content/advisories/virtual-kidnapping-calgary/index.md"),
    )
    .unwrap();
    for i in 0..300 {
        let dir = root.join(format!("content/advisories/copy-{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.md"), &template).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .arg("build")
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait (bounded) until the build has started writing its temporary directory, then kill it.
    let started = Instant::now();
    let temp_has_pages = || {
        std::fs::read_dir(root).unwrap().flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".public.redflag-tmp")
                && e.path().join("advisories").exists()
        })
    };
    while !temp_has_pages() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before it could be interrupted"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the build never started writing"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(snapshot(&public), before, "the previous output is intact");

    let output = redflag(&["build"], root);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(public.join("advisories/copy-299/index.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".redflag-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary directories were cleaned up"
    );
}

#[test]
fn posters_refuse_dangerous_output_folders_like_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&valid_site(), &root);
    let before = snapshot(&root);
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    // Places inside the temporary folder first: if the check were broken, the test fails there
    // before it could write into `/` or the home directory.
    for out in [
        ".",
        "content",
        "content/advisories",
        "..",
        "/",
        home.as_str(),
    ] {
        let output = redflag(&["posters", "--out", out], &root);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "--out {out}: {stderr}");
        assert!(
            stderr.contains("refusing to write the site to"),
            "--out {out}: {stderr}"
        );
    }
    std::fs::create_dir(root.join("mine")).unwrap();
    std::fs::write(root.join("mine/notes.txt"), "keep me").unwrap();
    let output = redflag(&["posters", "--out", "mine"], &root);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not created by redflag"));
    assert_eq!(
        std::fs::read_dir(root.join("mine")).unwrap().count(),
        1,
        "nothing was added to a folder redflag did not create"
    );
    std::fs::remove_dir_all(root.join("mine")).unwrap();
    assert_eq!(snapshot(&root), before, "the site was not touched");

    // A folder `posters` creates is its own: marked, so `build` may later replace it.
    let output = redflag(
        &["posters", "--out", "../prints", "police-calls-toronto"],
        &root,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let prints = dir.path().join("prints");
    assert!(prints.join(".redflag-output").is_file());
    assert!(
        prints
            .join("advisories/police-calls-toronto/poster-en-letter.pdf")
            .is_file(),
        "{stderr}"
    );
    let output = redflag(&["build", "--out", "../prints"], &root);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "only site/ and prints/: {names:?}");
}
