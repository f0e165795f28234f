//! A guard against quadratic blow-ups, counted rather than timed: loading and rendering a site
//! whose input grows eight times must do well under sixty-four times the work (what a quadratic
//! step would cost). Each shape here was quadratic once: diagnostics quoting their line by
//! rescanning the file, unknown keys checked against a list of read keys, term pages cloning
//! every term.
//!
//! The work is counted as the allocations (calls and bytes, `support::alloc`) of one load and
//! render, run on a one-thread rayon pool so that every allocation lands on the thread that
//! counts: the figures do not depend on the machine or its load. A step that loops without
//! allocating is not seen here; the wall times are printed beside the counts
//! (`--nocapture`) for a person to read, never asserted.

use std::path::Path;
use std::time::Instant;

use crate::support::alloc::allocated_on_this_thread;
use crate::support::{copy_dir, valid_site};

const GROWTH: u64 = 8;
/// Linear work grows 8×, quadratic 64×; the bound leaves room for what grows a little faster
/// than the input (a larger table rehashed once more).
const MAX_RATIO: f64 = 16.0;

/// What a grown site must do: render, or fail to load with this many diagnostics per unit of
/// growth (so that a site that fails for another reason is not measured as if it rendered).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Renders,
    Diagnostics(usize),
}

/// The work of one load (and render, when the site is valid) of the site in `root`.
#[derive(Debug, Clone, Copy)]
struct Work {
    allocations: u64,
    bytes: u64,
    millis: u128,
    outcome: Outcome,
}

/// Loads the site in `root` and, when it is valid, renders it into memory, on a one-thread
/// pool; returns what that allocated on the pool's thread.
fn load_and_render(root: &Path) -> Work {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a rayon pool");
    pool.install(|| {
        let started = Instant::now();
        let (calls, bytes) = allocated_on_this_thread();
        let outcome =
            match redflag::build::load(root, &redflag::content::LoadOptions::with_drafts()) {
                Ok(prepared) => {
                    let sink = redflag::output::MemorySink::default();
                    let today = jiff::civil::date(2025, 6, 1);
                    match redflag::build::render_web(
                        &prepared,
                        today,
                        &redflag::build::Previous::none(),
                        &sink,
                    ) {
                        Ok(_) => Outcome::Renders,
                        Err(diagnostics) => panic!("the site does not render: {diagnostics:?}"),
                    }
                }
                Err(diagnostics) => Outcome::Diagnostics(diagnostics.len()),
            };
        let (calls_after, bytes_after) = allocated_on_this_thread();
        Work {
            allocations: calls_after - calls,
            bytes: bytes_after - bytes,
            millis: started.elapsed().as_millis(),
            outcome,
        }
    })
}

/// The work of loading (and rendering) the valid site changed by `grow(site, n)`, without its
/// search index (Pagefind's work is not ours to guard).
fn work_with(n: usize, grow: fn(&Path, usize)) -> Work {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&valid_site(), dir.path());
    let config = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&config).expect("read site.toml");
    std::fs::write(&config, format!("search = false\n{text}")).expect("write site.toml");
    grow(dir.path(), n);
    load_and_render(dir.path())
}

/// Fails when the site grown by `n` and by `GROWTH` times `n` does not end as `expected`, or
/// when the larger takes more than `MAX_RATIO` times the work.
fn assert_scales_linearly(what: &str, n: usize, grow: fn(&Path, usize), expected: Outcome) {
    // The first load in a process also builds what is made once and kept (UI strings, plural
    // rules, phone-number metadata): a first run, not counted, leaves only the site's own work.
    work_with(n, grow);
    let small = work_with(n, grow);
    let large = work_with(n * GROWTH as usize, grow);
    for (size, work) in [(n, small), (n * GROWTH as usize, large)] {
        let expected = match expected {
            Outcome::Diagnostics(per_unit) => Outcome::Diagnostics(per_unit * size),
            Outcome::Renders => Outcome::Renders,
        };
        assert_eq!(work.outcome, expected, "{what}: the site grown by {size}");
    }
    let ratio = |a: u64, b: u64| b as f64 / a.max(1) as f64;
    let calls = ratio(small.allocations, large.allocations);
    let bytes = ratio(small.bytes, large.bytes);
    eprintln!(
        "{what}: {n} → {} allocations, {} bytes, {} ms; {} → {} allocations, {} bytes, {} ms \
         (× {calls:.1} allocations, × {bytes:.1} bytes)",
        small.allocations,
        small.bytes,
        small.millis,
        n * GROWTH as usize,
        large.allocations,
        large.bytes,
        large.millis
    );
    assert!(
        calls < MAX_RATIO && bytes < MAX_RATIO,
        "{what}: {GROWTH}× the input made {calls:.1}× the allocations and {bytes:.1}× the bytes \
         ({small:?} → {large:?}): something is quadratic"
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
fn a_long_body_takes_work_proportional_to_its_size() {
    assert_scales_linearly("Markdown body (kB)", 512, long_body, Outcome::Renders);
}

#[test]
fn many_taxonomy_terms_take_work_proportional_to_their_number() {
    assert_scales_linearly("taxonomy terms", 250, many_terms, Outcome::Renders);
}

#[test]
fn many_diagnostics_take_work_proportional_to_their_number() {
    assert_scales_linearly(
        "diagnostics in one file",
        2000,
        many_errors,
        Outcome::Diagnostics(1),
    );
}
