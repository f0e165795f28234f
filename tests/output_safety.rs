//! The output directory is never lost: dangerous `--out` values are refused with a clear error and
//! nothing deleted (for `build` and `posters` alike), and a build killed midway leaves the
//! previous output intact (killed by the kernel at a chosen point, not by a clock).

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::example::{
    copy_of_example as example_copy, copy_of_example_without_typesetting,
};
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

/// Largest file the interrupted build may write (`prlimit --fsize`): above every file of the
/// example site without posters (the largest, Pagefind's UI script, is under 200 kB), below the
/// page of the long advisory added for the test.
const FILE_LIMIT: usize = 1024 * 1024;
/// The signal Linux sends a process that writes past its file-size limit (default: terminate).
const SIGXFSZ: i32 = 25;

#[test]
fn a_build_killed_midway_leaves_the_previous_output_and_the_next_build_succeeds() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    // Built twice: the killed build takes the first output, kept as the spare, as its folder.
    for _ in 0..2 {
        let first = redflag(&["build"], root);
        assert!(
            first.status.success(),
            "{}",
            String::from_utf8_lossy(&first.stderr)
        );
    }
    assert!(root.join(".public.redflag-spare/.redflag-output").is_file());
    let public = root.join("public");
    let before = snapshot(&public);
    // An advisory whose page is larger than the file-size limit the next build runs under: the
    // kernel kills that build (SIGXFSZ) while it writes the page, in the middle of writing the
    // output, wherever the machine is fast or slow. No clock, no race with the build's end.
    let advisory = root.join("content/advisories/virtual-kidnapping-calgary/index.md");
    let text = std::fs::read_to_string(&advisory).unwrap();
    let paragraph = "The caller says they are the police and asks you to stay on the line. \
                     Hang up and call the police at a number you looked up yourself.\n\n";
    let copy = root.join("content/advisories/long-advisory");
    std::fs::create_dir(&copy).unwrap();
    std::fs::write(
        copy.join("index.md"),
        text + &paragraph.repeat(FILE_LIMIT * 3 / 2 / paragraph.len()),
    )
    .unwrap();
    let killed = Command::new("prlimit")
        .arg(format!("--fsize={FILE_LIMIT}"))
        .args(["--core=0", "--"])
        .arg(env!("CARGO_BIN_EXE_redflag"))
        .arg("build")
        .current_dir(root)
        .output()
        .expect("prlimit runs (util-linux)");
    assert_eq!(
        killed.status.signal(),
        Some(SIGXFSZ),
        "the build is killed while it writes its output: {:?}\n{}",
        killed.status,
        String::from_utf8_lossy(&killed.stderr)
    );
    let temporary = |root: &Path| -> Vec<String> {
        std::fs::read_dir(root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains(".redflag-"))
            .collect()
    };
    assert!(
        temporary(root)
            .iter()
            .any(|name| name.starts_with(".public.redflag-tmp")),
        "the killed build had started writing beside the output: {:?}",
        temporary(root)
    );
    assert!(
        !root.join(".public.redflag-spare").exists(),
        "the killed build had taken the spare"
    );
    assert!(
        public.is_dir(),
        "the killed build removed the previous output"
    );
    assert_eq!(snapshot(&public), before, "the previous output is intact");

    let output = redflag(&["build"], root);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(public.join("advisories/long-advisory/index.html").is_file());
    assert_eq!(
        temporary(root),
        [".public.redflag-spare"],
        "what the killed build left beside the output was cleaned up; the previous output kept as the spare"
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
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [".prints.redflag-spare", "prints", "site"],
        "site/, prints/ and the posters' folder kept as the spare"
    );
}
