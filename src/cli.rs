//! Command-line definitions (clap). Parsing only: `main` turns these into library calls.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::PaperSize;

/// redflag: multilingual scam-awareness advisories → a static site.
#[derive(Debug, Parser)]
#[command(name = "redflag", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (atomically: on error the old output stays).
    Build {
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder, relative to the current directory.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Publish under another base URL than site.toml's.
        #[arg(long)]
        base_url: Option<String>,
        /// Include advisories marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Validate and render everything, write nothing, report every problem.
    Check {
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Typeset printable posters (PDF, with PNG previews) for some or all advisories, into the
    /// output folder (the same files `build` makes; other files there are left alone).
    Posters {
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder, relative to the current directory.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Only this institution's posters (an `id` of [[institutions]] in site.toml).
        #[arg(long)]
        institution: Option<String>,
        /// One language, or two for a bilingual poster: `--lang en,zh-Hans`.
        #[arg(long, value_delimiter = ',')]
        lang: Vec<String>,
        /// Paper sizes instead of site.toml's: letter, a4, tabloid, a3 (comma-separated).
        #[arg(long, value_delimiter = ',', value_parser = parse_paper_size)]
        size: Vec<PaperSize>,
        /// Only these advisories (their slugs); all when none is given.
        advisories: Vec<String>,
    },
    /// Show which advisories are translated, stale or missing, with source digests.
    Translations {
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Human table or JSON.
        #[arg(long, value_enum, default_value_t = TableFormat::Human)]
        format: TableFormat,
    },
}

/// Diagnostic output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style, with the offending line.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions annotations.
    Github,
}

/// Table output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A table for people.
    Human,
    /// JSON.
    Json,
}

/// Parses a paper size name.
fn parse_paper_size(value: &str) -> Result<PaperSize, String> {
    PaperSize::from_id(value)
        .ok_or_else(|| format!("`{value}` is not a paper size: use letter, a4, tabloid or a3"))
}
