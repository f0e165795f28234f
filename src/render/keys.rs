//! The key of each page (see `cache`): the digest of everything its files are made from. The
//! site's part is the same for every page: the redflag binary (`identity`), the theme's files
//! (templates, UI strings, fonts), the configuration, contacts, taxonomies and retired
//! advisories, the posters planned and today's date. Each page adds what it shows of the
//! advisories (`plan::page_digests`, the digest the preview uses to know which pages an edit
//! touches: the cards and terms a page shows, the languages listed), its share card and, for an
//! advisory's page, the advisory itself as loaded (text, translations, history).

use std::collections::HashMap;

use rayon::prelude::*;

use super::Renderer;
use crate::model::{Advisory, Translation};
use crate::plan::page_digests;
use crate::plan::share::card_for;
use crate::plan::urls::PageKind;

impl Renderer<'_> {
    /// Every planned page's key, by the path of its HTML file.
    pub(super) fn page_keys(&self) -> HashMap<String, String> {
        let site = self.site_key();
        let advisories: Vec<blake3::Hash> = self
            .site
            .advisories
            .par_iter()
            .map(|advisory| advisory_digest(advisory))
            .collect();
        page_digests(self.site, self.ui, self.options.today)
            .into_par_iter()
            .filter_map(|((page, tag), shown)| {
                let lang = self.site.config.language(&tag)?;
                let mut key = site.clone();
                part(&mut key, format!("{page:?} {tag} {shown}").as_bytes());
                part(
                    &mut key,
                    format!("{:?}", card_for(self.share, &page, &tag)).as_bytes(),
                );
                if let PageKind::Advisory(slug) = &page {
                    part(
                        &mut key,
                        advisories[self.slug_index[slug.as_str()]].as_bytes(),
                    );
                }
                let key = key.finalize().to_hex().to_string();
                Some((self.urls.output_file(&page, lang), key))
            })
            .collect()
    }

    /// The site's part of every key.
    fn site_key(&self) -> blake3::Hasher {
        let mut key = blake3::Hasher::new();
        part(&mut key, crate::identity::identity());
        for (path, file) in &self.theme.files {
            part(&mut key, path.as_bytes());
            part(&mut key, &file.bytes);
        }
        let site = self.site;
        let parts = format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}",
            site.config,
            site.contacts,
            site.taxonomies,
            site.retired,
            self.posters,
            self.options.today
        );
        part(&mut key, parts.as_bytes());
        key
    }
}

/// The digest of an advisory as loaded. Every field is destructured, so that a field added to
/// the model cannot be left out; the words of its texts are hashed as they are (formatting them
/// with `Debug` escapes every character, which was a tenth of a build).
fn advisory_digest(advisory: &Advisory) -> blake3::Hash {
    let Advisory {
        slug,
        date,
        updated,
        expires,
        expires_from_review,
        reviewed,
        times,
        retired,
        severity,
        terms,
        contacts,
        sources,
        draft,
        poster,
        texts,
        digest,
    } = advisory;
    let mut key = blake3::Hasher::new();
    let fields = format!(
        "{slug:?} {date:?} {updated:?} {expires:?} {expires_from_review:?} {reviewed:?} \
         {times:?} {retired:?} {severity:?} {terms:?} {contacts:?} {sources:?} {draft:?} \
         {poster:?} {digest:?}"
    );
    part(&mut key, fields.as_bytes());
    for (tag, text) in texts {
        part(&mut key, tag.as_bytes());
        translation_into(&mut key, text);
    }
    key.finalize()
}

/// Adds a translation's fields to `key` (see `advisory_digest`).
fn translation_into(key: &mut blake3::Hasher, text: &Translation) {
    let Translation {
        lang,
        file,
        title,
        summary,
        red_flags,
        prevention,
        if_targeted,
        poster_headline,
        body,
        body_line,
        source_digest,
        draft,
        changed_in_source,
        skipped,
    } = text;
    let fields = format!(
        "{lang:?} {file:?} {body_line:?} {source_digest:?} {draft:?} {changed_in_source:?} \
         {skipped:?}"
    );
    part(key, fields.as_bytes());
    for words in [
        Some(body),
        title.as_ref(),
        summary.as_ref(),
        poster_headline.as_ref(),
    ] {
        optional(key, words.map(std::slice::from_ref));
    }
    for list in [red_flags, prevention, if_targeted] {
        optional(key, list.as_deref());
    }
}

/// Adds an optional list of texts to `key`: whether it is there, how many, then each.
fn optional(key: &mut blake3::Hasher, texts: Option<&[String]>) {
    let Some(texts) = texts else {
        part(key, b"none");
        return;
    };
    part(key, &(texts.len() as u64).to_le_bytes());
    for text in texts {
        part(key, text.as_bytes());
    }
}

/// Adds `bytes` to `key`, its length first, so that no two sequences of parts hash alike.
fn part(key: &mut blake3::Hasher, bytes: &[u8]) {
    key.update(&(bytes.len() as u64).to_le_bytes());
    key.update(bytes);
}
