//! Heading ids: the slug of a heading's text and the allocator that keeps ids unique and clear
//! of the template's reserved ids and the footnote ids (`fn-<digits>`).

use std::collections::{HashMap, HashSet};

/// Hands out unique ids: reserved ids and footnote ids (`fn-<digits>`) count as taken.
pub(super) struct IdAllocator {
    taken: HashSet<String>,
    /// Next suffix to try per base id, so many equal headings stay linear.
    next_suffix: HashMap<String, usize>,
}

impl IdAllocator {
    pub(super) fn new(reserved: &[&str]) -> Self {
        IdAllocator {
            taken: reserved.iter().map(|id| (*id).to_string()).collect(),
            next_suffix: HashMap::new(),
        }
    }

    fn is_free(&self, id: &str) -> bool {
        !self.taken.contains(id) && !is_footnote_id(id)
    }

    pub(super) fn allocate(&mut self, base: &str) -> String {
        let id = if self.is_free(base) {
            base.to_string()
        } else {
            let mut n = self.next_suffix.get(base).copied().unwrap_or(1);
            let id = loop {
                let candidate = format!("{base}-{n}");
                n += 1;
                if self.is_free(&candidate) {
                    break candidate;
                }
            };
            self.next_suffix.insert(base.to_string(), n);
            id
        };
        self.taken.insert(id.clone());
        id
    }
}

fn is_footnote_id(id: &str) -> bool {
    id.strip_prefix("fn-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A stable slug of heading text; see the module documentation.
pub(super) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '-' {
            pending_hyphen = true;
        } else if c.is_alphanumeric() || is_word_mark(c) {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Combining marks and joiners that are part of words (Arabic harakat, Indic vowel signs and
/// viramas, Hebrew points, Thai marks, ZWNJ/ZWJ …) but are not `char::is_alphanumeric`.
fn is_word_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}' | '\u{05C1}' | '\u{05C2}' | '\u{05C4}' | '\u{05C5}' | '\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}' | '\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0900}'..='\u{0963}'
        | '\u{0966}'..='\u{096F}'
        | '\u{0971}'..='\u{0DF3}'
        | '\u{0E31}'..='\u{0E3A}'
        | '\u{0E47}'..='\u{0E4E}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{302A}'..='\u{302F}'
        | '\u{3099}' | '\u{309A}'
        | '\u{FE20}'..='\u{FE2F}'
    )
}
