//! Draws for randomized unit tests: a linear congruential generator, so that a test draws
//! the same cases on every run and machine, and a failure names a case that comes back.

/// A sequence of numbers, the same for the same seed.
pub(crate) struct Draws(u64);

impl Draws {
    /// The sequence of `seed`.
    pub(crate) fn new(seed: u64) -> Draws {
        Draws(seed)
    }

    /// The next number, below `bound`.
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % bound
    }
}
