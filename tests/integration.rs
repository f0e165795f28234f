//! The integration tests, built as one binary: every module links the whole library (typst
//! included), so one binary per file cost a link and most of a gigabyte of disk each.
//!
//! Run one module with `cargo test --test integration <module>::`, e.g. `fuzz::`.

mod support;

mod check;
mod check_one_run;
mod cli_contract;
mod example_site;
mod fixtures;
mod fuzz;
mod languages;
mod output_concurrency;
mod output_safety;
mod poster_rules;
mod posters;
mod preview_fresh;
mod scaling;
mod serve;
mod serve_paths;
mod serve_stress;
mod syndication;
mod translations;
