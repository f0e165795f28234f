//! Helpers shared by the integration tests.

pub mod example;
pub mod generated;
pub mod preview;
