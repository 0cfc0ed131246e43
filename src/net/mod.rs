//! net (in progress)

pub mod proxy;
