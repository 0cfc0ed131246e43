//! English for complaints: the command line and the command layer: flags, values, output paths.

use crate::error::CliComplaint;

pub(super) fn say(c: &CliComplaint) -> String {
    match *c {}
}
