//! Oracles of the differential suite.
pub mod dive;
