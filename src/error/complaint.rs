//! Why a command stopped: bad input (exit 2) or a failed check in a lesson (exit 1), as typed
//! values. The words are the narrator's ([`crate::narrator::Narrator::complaint`]).

mod cli;
mod lesson;
mod net;
mod pki;

pub use cli::{CliComplaint, SignInput};
pub use lesson::LessonComplaint;
pub use net::{During, IoContext, IoProblem, NetComplaint, NetFailure, UrlProblem};
pub use pki::{FileKind, HostProblem, InputFile, KeyAlgorithm, PemProblem, PkiComplaint};

use serde::Serialize;

/// What a command complains about, by area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "area", rename_all = "snake_case")]
pub enum Complaint {
    /// The command line and the command layer: flags, values, output paths.
    Cli(CliComplaint),
    /// Certificate, key and signature files; the PKI directory.
    Pki(PkiComplaint),
    /// Sockets, addresses, URLs, peers: connect, serve, mitm-proxy.
    Net(NetComplaint),
    /// The lessons: exercises, the walk, the lab, signing by hand.
    Lesson(LessonComplaint),
}

impl std::fmt::Display for Complaint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::narrator::Narrator::default().complaint(self))
    }
}

from_variants!(
    Complaint: Cli(CliComplaint),
    Pki(PkiComplaint),
    Net(NetComplaint),
    Lesson(LessonComplaint),
);
