//! A small deterministic random number generator for the tests' seeded edit sequences, so a
//! failing sequence replays exactly from its seed.

/// A 64-bit linear congruential generator (Knuth's MMIX constants), seeded by its one field.
pub struct Rng(pub u64);

impl Rng {
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}
