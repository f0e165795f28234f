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
            .map(|advisory| blake3::hash(format!("{advisory:?}").as_bytes()))
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

/// Adds `bytes` to `key`, its length first, so that no two sequences of parts hash alike.
fn part(key: &mut blake3::Hasher, bytes: &[u8]) {
    key.update(&(bytes.len() as u64).to_le_bytes());
    key.update(bytes);
}
