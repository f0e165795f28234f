//! Fixture cases whose files cannot (or should not) live in git: very large files, symbolic links,
//! pipes, unreadable files, bytes that are not UTF-8. Each case still has its folder under
//! `tests/fixtures/<kind>/<case>/` with an `expected.txt` (and possibly an overlay); the function
//! registered here under the case's name then changes the copied site before it is built.
//!
//! Root reads a file whatever its mode: for the cases of unreadable files
//! ([`runs_unprivileged`]) the harness runs redflag without the capabilities that let root do so
//! when the tests run as root (as CI does), so that RF001 is checked there too.

use std::path::{Path, PathBuf};
use std::process::Command;

use redflag::source::MAX_FILE_BYTES;

/// Changes the site in the given folder; `Err` says why it could not.
pub type Generate = fn(&Path) -> Result<(), String>;

/// Every generated case, by folder name (under `invalid/` or `valid-variants/`).
pub const GENERATED: &[(&str, Generate)] = &[
    ("body-20-mb", body_20_mb),
    ("body-over-size-limit", body_over_size_limit),
    ("contacts-list-100000-items", contacts_list_100000_items),
    ("crlf-front-matter-not-closed", crlf_front_matter_not_closed),
    ("fifo-instead-of-file", fifo_instead_of_file),
    ("folder-instead-of-file", folder_instead_of_file),
    ("nul-byte-in-front-matter", nul_byte_in_front_matter),
    ("red-flags-100000-items", red_flags_100000_items),
    ("site-toml-not-utf8", site_toml_not_utf8),
    (
        "symlink-advisory-folder-outside",
        symlink_advisory_folder_outside,
    ),
    ("symlink-dangling", symlink_dangling),
    ("symlink-file-outside", symlink_file_outside),
    ("unreadable-file", unreadable_file),
    ("unreadable-folder", unreadable_folder),
    ("utf16-file", utf16_file),
];

/// The generator of a case, if it has one.
pub fn generator(case: &str) -> Option<Generate> {
    GENERATED
        .iter()
        .find(|(name, _)| *name == case)
        .map(|(_, generate)| *generate)
}

/// A folder beside the site, outside it, that links may point into.
pub const OUTSIDE: &str = "outside";

const TORONTO_DIR: &str = "content/advisories/police-calls-toronto";
const TORONTO: &str = "content/advisories/police-calls-toronto/index.md";
const CALGARY_FR: &str = "content/advisories/virtual-kidnapping-calgary/index.fr.md";

fn read(site: &Path, file: &str) -> String {
    std::fs::read_to_string(site.join(file)).expect("read fixture file")
}

fn write(site: &Path, file: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(site.join(file), bytes).expect("write fixture file");
}

/// `text` followed by paragraphs of ordinary Markdown until it is at least `bytes` long.
fn with_body_of(text: &str, bytes: usize) -> String {
    const PARAGRAPH: &str = "Scammers call and say they are **police**. They ask for gift cards: \
        [never pay](https://example.org/help), and call `911` if you are in danger.\n\n";
    let mut out = String::with_capacity(bytes + PARAGRAPH.len() + text.len());
    out.push_str(text);
    while out.len() < bytes {
        out.push_str(PARAGRAPH);
    }
    out
}

fn body_20_mb(site: &Path) -> Result<(), String> {
    write(
        site,
        TORONTO,
        with_body_of(&read(site, TORONTO), 20 * 1000 * 1000),
    );
    Ok(())
}

fn body_over_size_limit(site: &Path) -> Result<(), String> {
    let size = usize::try_from(MAX_FILE_BYTES).expect("fits") + 1024 * 1024;
    write(site, TORONTO, with_body_of(&read(site, TORONTO), size));
    Ok(())
}

/// The Toronto advisory with `n` generated items under `key:` (before its existing ones).
fn with_long_list(site: &Path, key: &str, item: impl Fn(usize) -> String, n: usize) {
    let text = read(site, TORONTO);
    let items: String = (0..n).map(|i| format!("  - {}\n", item(i))).collect();
    let key = format!("\n{key}:\n");
    assert!(text.contains(&key), "the advisory has `{key}`");
    write(
        site,
        TORONTO,
        text.replacen(&key, &format!("{key}{items}"), 1),
    );
}

fn red_flags_100000_items(site: &Path) -> Result<(), String> {
    with_long_list(
        site,
        "red_flags",
        |i| format!("Red flag number {i}"),
        100_000,
    );
    Ok(())
}

fn contacts_list_100000_items(site: &Path) -> Result<(), String> {
    with_long_list(
        site,
        "contacts",
        |i| format!("no-such-contact-{i}"),
        100_000,
    );
    Ok(())
}

fn crlf_front_matter_not_closed(site: &Path) -> Result<(), String> {
    let text = read(site, TORONTO);
    let (front, _) = text
        .rsplit_once("\n---\n")
        .expect("the advisory has front matter");
    write(site, TORONTO, format!("{front}\n").replace('\n', "\r\n"));
    Ok(())
}

fn nul_byte_in_front_matter(site: &Path) -> Result<(), String> {
    let text = read(site, TORONTO);
    write(site, TORONTO, text.replacen("title: ", "title: Scam\0 ", 1));
    Ok(())
}

fn site_toml_not_utf8(site: &Path) -> Result<(), String> {
    let mut bytes = std::fs::read(site.join("site.toml")).expect("read site.toml");
    bytes.extend_from_slice(b"# Caf\xe9 in Latin-1\n");
    write(site, "site.toml", bytes);
    Ok(())
}

fn utf16_file(site: &Path) -> Result<(), String> {
    let text = read(site, TORONTO);
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    write(site, TORONTO, bytes);
    Ok(())
}

fn fifo_instead_of_file(site: &Path) -> Result<(), String> {
    let path = site.join(TORONTO);
    std::fs::remove_file(&path).expect("remove index.md");
    let made = Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo failed");
    Ok(())
}

fn folder_instead_of_file(site: &Path) -> Result<(), String> {
    let path = site.join(TORONTO);
    std::fs::remove_file(&path).expect("remove index.md");
    std::fs::create_dir(&path).expect("create folder");
    std::fs::write(path.join("inside.md"), "---\ntitle: x\n---\n").expect("write inside");
    Ok(())
}

/// `outside/` beside the site, with a copy of the Toronto advisory in it.
fn outside(site: &Path) -> PathBuf {
    let outside = site.parent().expect("site has a parent").join(OUTSIDE);
    std::fs::create_dir_all(outside.join("police-calls-toronto")).expect("create outside");
    std::fs::copy(
        site.join(TORONTO),
        outside.join("police-calls-toronto/index.md"),
    )
    .expect("copy advisory outside");
    outside
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("create symbolic link");
}

fn symlink_advisory_folder_outside(site: &Path) -> Result<(), String> {
    let outside = outside(site);
    std::fs::remove_dir_all(site.join(TORONTO_DIR)).expect("remove advisory");
    symlink(
        &outside.join("police-calls-toronto"),
        &site.join(TORONTO_DIR),
    );
    Ok(())
}

fn symlink_file_outside(site: &Path) -> Result<(), String> {
    let outside = outside(site);
    std::fs::remove_file(site.join(TORONTO)).expect("remove index.md");
    symlink(
        &outside.join("police-calls-toronto/index.md"),
        &site.join(TORONTO),
    );
    Ok(())
}

fn symlink_dangling(site: &Path) -> Result<(), String> {
    let outside = outside(site);
    std::fs::remove_file(site.join(CALGARY_FR)).expect("remove index.fr.md");
    symlink(&outside.join("no-such-file.md"), &site.join(CALGARY_FR));
    Ok(())
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn unreadable_file(site: &Path) -> Result<(), String> {
    set_mode(&site.join(TORONTO), 0o000);
    Ok(())
}

fn unreadable_folder(site: &Path) -> Result<(), String> {
    set_mode(&site.join(TORONTO_DIR), 0o000);
    Ok(())
}

/// Whether redflag must run for `case` as a user who cannot read what the case made unreadable.
pub fn runs_unprivileged(case: &str) -> bool {
    matches!(case, "unreadable-file" | "unreadable-folder")
}

/// A command running `program`; `unprivileged`, when the tests run as root, without the
/// capabilities that let root read and search any file and folder (`setpriv` of util-linux
/// removes them from the bounding set, so the program runs as root bound by file modes).
pub fn command(program: &str, unprivileged: bool) -> Command {
    if !(unprivileged && running_as_root()) {
        return Command::new(program);
    }
    let mut command = Command::new("setpriv");
    command.args([
        "--bounding-set=-dac_override,-dac_read_search",
        "--",
        program,
    ]);
    command
}

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Makes every folder under `dir` readable again (before it is entered), so that it can be
/// removed.
pub fn restore_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_dir() {
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o755));
        }
    }
}
