//! The command line and the command layer: flags, values, output paths.

use serde::Serialize;

/// What went wrong. (The command line and the command layer: flags, values, output paths.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "complaint", rename_all = "snake_case")]
pub enum CliComplaint {}
