//! What identifies this redflag binary in the keys of what a build reuses from the previous
//! output (search indexes, pages): its version and the digest of the code it was built from
//! (`build.rs`: its sources, the patched crates and the lock file, so every dependency's
//! version). A binary built again from changed code under the same version number does not
//! reuse what an older one made; the same code always gives the same identity, so outputs stay
//! reproducible.

/// The identity.
pub fn identity() -> &'static [u8] {
    concat!(
        env!("CARGO_PKG_VERSION"),
        " ",
        env!("REDFLAG_SOURCE_DIGEST")
    )
    .as_bytes()
}
