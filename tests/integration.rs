//! The integration tests, built as one binary: every module links the whole library (typst
//! included), so one binary per file cost a link and most of a gigabyte of disk each.
//!
//! Run one module with `cargo test --locked --test integration <module>::`, e.g. `fuzz::`.

mod support;

/// Counts each thread's allocations (see `support::alloc`; `scaling.rs` measures with it).
#[global_allocator]
static ALLOCATOR: support::alloc::Counting = support::alloc::Counting;

mod bundle;
mod cap;
mod cap_expiry;
mod check;
mod check_one_run;
mod check_posters;
mod ci_files;
mod cli_contract;
mod cms;
mod coverage;
mod example_site;
mod fixtures;
mod fuzz;
mod languages;
mod lifecycle;
mod notice;
mod output_concurrency;
mod output_safety;
mod output_unchanged;
mod pdfua;
mod po;
mod po_inline_contacts;
mod po_partial;
mod po_site;
mod poster_rules;
mod poster_selection;
mod posters;
mod preview_fresh;
mod preview_posters;
mod preview_views;
mod rebuild_cache;
mod reproducible;
mod retired;
mod scaling;
mod serve;
mod serve_paths;
mod serve_stress;
mod share;
mod share_texts;
mod site_schema;
mod snapshots;
mod syndication;
mod tear_off;
mod theme_contexts;
mod translations;
mod user_path;
mod xliff_plurals;
