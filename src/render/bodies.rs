//! The Markdown bodies of the advisory texts, rendered once per (advisory, language) before the
//! pages are: untranslated blocks marked with the source's language, alert titles localised,
//! the template's own ids reserved.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::i18n::Direction;
use crate::markdown::{AlertLabels, MarkdownOptions, RenderedMarkdown, render_markdown};
use crate::model::{Advisory, Translation};

use super::{RESERVED_IDS, Renderer};

impl<'a> Renderer<'a> {
    /// The Markdown body of every advisory text, rendered once, keyed by (advisory, language).
    pub(super) fn render_bodies(
        &self,
        only: Option<&HashSet<usize>>,
    ) -> HashMap<(usize, &'a str), RenderedMarkdown> {
        let jobs: Vec<(usize, &'a str, Cow<'a, str>)> = self
            .site
            .advisories
            .iter()
            .enumerate()
            .filter(|(i, _)| only.is_none_or(|set| set.contains(i)))
            .flat_map(|(i, a)| {
                a.texts
                    .values()
                    .filter(|t| !t.body.trim().is_empty())
                    .map(move |t| (i, t.lang.as_str(), self.marked_body(a, t)))
            })
            .collect();
        jobs.into_par_iter()
            .map(|(i, lang, body)| {
                let labels = AlertLabels {
                    note: self.ui.text(lang, "alert_note").to_owned(),
                    tip: self.ui.text(lang, "alert_tip").to_owned(),
                    important: self.ui.text(lang, "alert_important").to_owned(),
                    warning: self.ui.text(lang, "alert_warning").to_owned(),
                    caution: self.ui.text(lang, "alert_caution").to_owned(),
                };
                let options = MarkdownOptions {
                    alert_labels: &labels,
                    reserved_ids: RESERVED_IDS,
                    heading_offset: 1,
                };
                ((i, lang), render_markdown(&body, &options))
            })
            .collect()
    }

    /// A text's body, its untranslated blocks (the source's text) marked with the source's
    /// language and direction.
    fn marked_body(&self, advisory: &'a Advisory, t: &'a Translation) -> Cow<'a, str> {
        if t.skipped.body.is_empty() {
            return Cow::Borrowed(&t.body);
        }
        let source = &advisory.source().lang;
        let dir = self
            .site
            .config
            .language(source)
            .map_or(Direction::Ltr, |l| l.dir);
        let dir = if dir == Direction::Rtl { "rtl" } else { "ltr" };
        Cow::Owned(crate::blocks::mark_untranslated(
            &t.body,
            &t.skipped.body,
            source,
            dir,
        ))
    }
}
