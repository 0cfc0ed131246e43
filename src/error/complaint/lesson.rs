//! The lessons: exercises, the walk, the lab, signing by hand.

use serde::Serialize;

/// What went wrong. (The lessons: exercises, the walk, the lab, signing by hand.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "complaint", rename_all = "snake_case")]
pub enum LessonComplaint {}
