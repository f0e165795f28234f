//! When typst's memoisation caches are pruned during a run of posters or share images.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Typst memoises across documents: memoised results that the last documents (posters, share
/// images) did not use are dropped, so memory stays flat however many a site has. A pass over
/// typst's caches costs about as much as laying out a small poster, so one is made every few
/// documents.
#[derive(Default)]
pub struct Evictions(AtomicUsize);

impl Evictions {
    /// Documents typeset between two passes.
    const EVERY: usize = 4;
    /// Typst ages its results once per pass: results unused for two passes (about eight
    /// documents) are dropped.
    const AGE: usize = 2;

    /// Counts a document typeset, and makes a pass after every [`Self::EVERY`]th.
    pub fn after_document(&self) {
        if self.0.fetch_add(1, Ordering::Relaxed) % Self::EVERY == Self::EVERY - 1 {
            typst::comemo::evict(Self::AGE);
        }
    }
}
