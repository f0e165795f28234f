//! redflag: a static-site generator for multilingual scam-awareness advisories.
//!
//! The library is the whole tool; the `redflag` binary only parses flags and calls it.
//! Data flows one way (docs/architecture.md has each module and its imports):
//! `content::load_site` (files → validated `model::Site`; `config`, `yaml`, `schema` below it)
//! → `plan` (which pages, posters and files exist, where they live, which an edit touches; the
//! site with its theme, UI strings and plans made ready once, `plan::Prepared`, by `build::load`)
//! → `render` (model + `views` → pages, feeds, alerts, sitemap), `poster` (PDFs), `search`
//! (rendered advisory pages → Pagefind index), all writing to an `output::Sink`
//! → `output` (files → a fresh directory swapped in atomically, or memory).
//! `build`, `check` and `serve` drive that flow for the three commands, as of `clock::today`.

pub mod blocks;
pub mod build;
pub mod cards;
pub mod check;
pub mod cli;
pub mod clock;
pub mod cms;
pub mod config;
pub mod content;
pub mod control_chars;
pub mod diagnostics;
pub mod encoding;
pub mod i18n;
pub mod identity;
pub mod markdown;
pub mod model;
pub mod output;
pub mod plan;
pub mod poster;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod share_texts;
pub mod sms;
pub mod source;
pub mod theme;
pub mod translations;
pub mod views;
pub mod yaml;
