//! Command-line definitions (clap). Parsing only: `main` turns these into library calls.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Preview the site: rebuild on every save, reload the browser, show errors in the page.
    Serve {
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on (127.0.0.1 keeps the preview on this machine).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes (for file systems without change notifications).
        #[arg(long)]
        poll: bool,
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
