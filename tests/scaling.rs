//! A guard against quadratic blow-ups, not a speed target: loading and rendering a site whose
//! input grows eight times must take well under sixty-four times as long (what a quadratic step
//! would cost). Each shape here was quadratic once: diagnostics quoting their line by rescanning
//! the file, unknown keys checked against a list of read keys, term pages cloning every term.
//!
//! Every size is measured in-process, best of `RUNS`, and the bound (`MAX_RATIO`, 20 for an
//! eight-fold input) leaves room for a busy machine. The figures are printed (`--nocapture`).

use std::path::Path;
use std::time::{Duration, Instant};

use redflag::content::{LoadOptions, load_site};

use crate::support::{copy_dir, valid_site};

const RUNS: usize = 2;
const GROWTH: usize = 8;
/// Linear work grows 8×, quadratic 64×.
const MAX_RATIO: f64 = 20.0;

/// Loads the site in `root` and, when it is valid, renders it into memory.
fn load_and_render(root: &Path) {
    if load_site(root, LoadOptions { drafts: true }).is_err() {
        return;
    }
    let (site, theme) = redflag::build::load(root, true, None).expect("loads");
    let sink = redflag::serve::preview::MemorySink::default();
    redflag::build::render_web(&site, &theme, jiff::civil::date(2025, 6, 1), &sink)
        .expect("renders");
}

/// The best time of `RUNS` loads (and renders) of the valid site changed by `grow(site, n)`.
fn time_with(n: usize, grow: fn(&Path, usize)) -> Duration {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&valid_site(), dir.path());
    grow(dir.path(), n);
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            load_and_render(dir.path());
            started.elapsed()
        })
        .min()
        .expect("at least one run")
}

/// Fails when `GROWTH` times the input takes more than `MAX_RATIO` times as long.
fn assert_scales_linearly(what: &str, n: usize, grow: fn(&Path, usize)) {
    let small = time_with(n, grow);
    let large = time_with(n * GROWTH, grow);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    eprintln!(
        "{what}: {n} → {:.0} ms, {} → {:.0} ms (× {ratio:.1})",
        small.as_secs_f64() * 1000.0,
        n * GROWTH,
        large.as_secs_f64() * 1000.0
    );
    assert!(
        ratio < MAX_RATIO,
        "{what}: {GROWTH}× the input took {ratio:.1}× as long ({small:?} → {large:?}): \
         something is quadratic"
    );
}

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let mut content = std::fs::read_to_string(&path).expect("read");
    content.push_str(text);
    std::fs::write(&path, content).expect("write");
}

/// `n` kB of ordinary Markdown in an advisory's body.
fn long_body(root: &Path, n: usize) {
    let paragraph = "Scammers say they are **police** and ask for [gift cards](https://example.org/). \
                     Hang up and call `911`.\n\n> [!WARNING]\n> Never pay.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n";
    let body = paragraph.repeat(n * 1024 / paragraph.len());
    append(
        root,
        "content/advisories/police-calls-toronto/index.md",
        &body,
    );
}

/// `n` taxonomy terms (each gets a page per language).
fn many_terms(root: &Path, n: usize) {
    let terms: String = (0..n)
        .map(|i| format!("  place-{i}: {{ en: Place {i}, fr: Lieu {i}, ar: مكان {i} }}\n"))
        .collect();
    let path = root.join("content/taxonomies.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replacen("regions:\n", &format!("regions:\n{terms}"), 1),
    )
    .expect("write");
}

/// `n` contacts in contacts.yaml, each with one error (a label for an unknown language).
fn many_errors(root: &Path, n: usize) {
    let contacts: String = (0..n)
        .map(|i| {
            format!("extra-{i}:\n  name: {{ en: Extra {i}, xx: Nope }}\n  kind: police\n  phone: \"911\"\n")
        })
        .collect();
    append(root, "content/contacts.yaml", &contacts);
}

#[test]
fn a_long_body_takes_time_proportional_to_its_size() {
    assert_scales_linearly("Markdown body (kB)", 512, long_body);
}

#[test]
fn many_taxonomy_terms_take_time_proportional_to_their_number() {
    assert_scales_linearly("taxonomy terms", 250, many_terms);
}

#[test]
fn many_diagnostics_take_time_proportional_to_their_number() {
    assert_scales_linearly("diagnostics in one file", 2000, many_errors);
}
