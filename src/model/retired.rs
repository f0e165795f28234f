//! Advisories removed from `content/` while listed in `content/retired.yaml`: what is left of
//! each so that its alert can be cancelled. Such an advisory has no page and is in no listing,
//! feed, sitemap or search; its one output is a CAP Cancel that references its last message.

use std::path::PathBuf;

use jiff::civil::{Date, DateTime};

use crate::diagnostics::Position;
use crate::model::{DayTimes, Localized};

/// One entry of `content/retired.yaml`: a removed advisory, as its last message had it.
#[derive(Debug, Clone, PartialEq)]
pub struct RetiredAdvisory {
    /// The removed advisory's folder name.
    pub slug: String,
    /// The day it was withdrawn: the Cancel is sent then.
    pub retired: Date,
    /// Its `date`, as it was (with its time, if it had one).
    pub date: Date,
    /// Its `updated`, as it was.
    pub updated: Option<Date>,
    /// The times of day written with `date` and `updated`.
    pub times: DayTimes,
    /// The last day its alert was current: `expires:` as written, else the site's review
    /// period after the latest of `date` and `updated`.
    pub expires: Option<Date>,
    /// Its title, per language: one `<info>` per language given.
    pub title: Localized,
    /// Its summary, per language: the `<info>`'s description.
    pub summary: Localized,
    /// Its regions (ids of `content/taxonomies.yaml`).
    pub regions: Vec<String>,
    /// Its scam types (ids of `content/taxonomies.yaml`).
    pub scam_types: Vec<String>,
    /// `content/retired.yaml`, and where the entry starts in it.
    pub file: PathBuf,
    /// The line and column of the entry's `slug`.
    pub at: Position,
}

impl RetiredAdvisory {
    /// When it was first published.
    pub fn published_at(&self) -> DateTime {
        self.date.to_datetime(self.times.date.unwrap_or_default())
    }

    /// When it was last updated (`updated` later than `date`).
    pub fn updated_at(&self) -> Option<DateTime> {
        let updated = self
            .updated?
            .to_datetime(self.times.updated.unwrap_or_default());
        (updated > self.published_at()).then_some(updated)
    }

    /// The end of its last current day.
    pub fn expires_at(&self) -> Option<DateTime> {
        self.expires
            .map(|e| e.to_datetime(jiff::civil::time(23, 59, 59, 0)))
    }

    /// Whether the alert it cancels expired before `today`.
    pub fn is_expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|e| e < today)
    }
}
