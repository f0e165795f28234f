//! The output of a generated site stays byte for byte what it was: a seeded 12-advisory site in
//! four languages (`benches/gen_site.py`, listings of several pages, search on, no posters),
//! rendered for a fixed date, gives the files and digests kept in
//! `tests/snapshots/output/generated_site.snap` (the manifests, whose keys digest redflag's own
//! code, are listed without theirs). A refactor must leave it as it is;
//! a change meant to alter the output shows here as a diff to review, then
//! `INSTA_UPDATE=always cargo test --locked --test integration output_unchanged::`.

use redflag::build::{load, render_web};
use redflag::output::MemorySink;

use crate::support::gen_site;

#[test]
fn generated_site_renders_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    gen_site(&site, 12, "en,fr,zh-Hans,ar");
    let config = site.join("site.toml");
    let toml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("paginate_by = 5\n{toml}")).unwrap();
    let prepared = load(&site, &redflag::content::LoadOptions::default())
        .expect("the generated site is valid");
    let sink = MemorySink::default();
    render_web(
        &prepared,
        jiff::civil::date(2026, 1, 1),
        &redflag::build::Previous::none(),
        &sink,
    )
    .expect("it renders");
    let mut files: Vec<String> = sink
        .into_files()
        .iter()
        .map(|(path, bytes)| match path.starts_with(".redflag-") {
            // A build's records for the next build (search index, pages): their keys digest
            // redflag's own code (`identity`), so they change with every change to it.
            true => format!("{path} (keys of this redflag)"),
            false => format!("{path} {}", blake3::hash(bytes).to_hex()),
        })
        .collect();
    files.sort();
    insta::with_settings!({
        snapshot_path => "snapshots/output",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("generated_site", files.join("\n"));
    });
}
