//! Print-shop bundles: one PDF per institution and size with an index page and that
//! institution's posters of that size, in the order the plan lists them (advisory order). The
//! bundle of Northgate College's Letter posters is `posters/northgate-college-letter.pdf`, beside
//! the folder of its single posters (`posters/northgate-college/`).

use super::posters::PosterJob;
use crate::model::{PaperSize, Site};

/// One bundle to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleJob {
    /// Index of the institution in `Config::institutions`.
    pub institution: usize,
    /// Paper (every poster of the bundle is on it).
    pub size: PaperSize,
    /// The PDF's path below the output root.
    pub path: String,
    /// Its posters, in order (the index page lists them so).
    pub posters: Vec<PosterJob>,
}

/// The bundles of `jobs`: one for each institution and size that has posters among them, in
/// the order of `[[institutions]]` and of each size's first poster.
pub fn plan_bundles(site: &Site, jobs: &[PosterJob]) -> Vec<BundleJob> {
    let mut bundles: Vec<BundleJob> = Vec::new();
    for job in jobs {
        let Some(institution) = job.institution else {
            continue;
        };
        match bundles
            .iter_mut()
            .find(|b| b.institution == institution && b.size == job.size)
        {
            Some(bundle) => bundle.posters.push(job.clone()),
            None => bundles.push(BundleJob {
                institution,
                size: job.size,
                path: format!(
                    "posters/{}-{}.pdf",
                    site.config.institutions[institution].id,
                    job.size.id()
                ),
                posters: vec![job.clone()],
            }),
        }
    }
    bundles.sort_by_key(|b| b.institution);
    bundles
}
