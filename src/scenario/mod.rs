//! scenario (in progress)
