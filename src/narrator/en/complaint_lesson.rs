//! English for complaints: the lessons: exercises, the walk, the lab, signing by hand.

use crate::error::LessonComplaint;

pub(super) fn say(c: &LessonComplaint) -> String {
    match *c {}
}
