//! English for complaints: the lessons: exercises, the walk, the lab, signing by hand.

use crate::error::LessonComplaint;

pub(super) fn say(c: &LessonComplaint) -> String {
    match c {
        LessonComplaint::NoSuchExercise { number, count } => format!(
            "exercise {number}: no such exercise (they are numbered 1 to {count}; see `tlswalk exercise list`)"
        ),
        LessonComplaint::AddressDoesNotParse { text, reason } => format!("{text}: {reason}"),
        LessonComplaint::NoSmallExponent => "no small public exponent fits".into(),
        LessonComplaint::PaddingKeyTooSmall { bits } => format!("{bits}-bit key too small"),
        LessonComplaint::CertificateDoesNotParse { reason } => {
            format!("certificate does not parse: {reason}")
        }
        LessonComplaint::EveryCheckPassed { case } => format!("{case}: every check passed"),
        LessonComplaint::RecordDidNotOpen { alert } => {
            format!("record did not open: alert {alert}")
        }
        LessonComplaint::OpenedRecordNotUtf8 => "opened record is not UTF-8".into(),
        LessonComplaint::NoAlert { case } => format!("{case}: no alert"),
        LessonComplaint::TamperedRecordOpened => {
            "a tampered record opened: the tag check is broken".into()
        }
        LessonComplaint::KeyLogNoLine => "the key log renderer wrote no line".into(),
        LessonComplaint::PageBytesUnlabelled { step, message, gap } => {
            use crate::render::html::tree::Gap;
            let problem = match gap {
                Gap::Unlabelled { start, end } => {
                    format!("bytes {start}..{end} belong to no field")
                }
                Gap::Twice { at } => format!("byte {at} belongs to two fields"),
                Gap::PastEnd { end } => format!("a field runs past the end, to byte {end}"),
            };
            let place = if *step == 0 {
                "before the first step".to_string()
            } else {
                format!("step {step}")
            };
            format!("cannot draw the page: {message} ({place}): {problem}")
        }
        LessonComplaint::ServerNameLost => "the ClientHello lost its server_name".into(),
        LessonComplaint::KeyGenerationFailed { reason } => {
            format!("RSA key generation failed: {reason}")
        }
        LessonComplaint::MalloryKitMissing => "Mallory's kit is missing".into(),
        LessonComplaint::AttackUsesNoCertificate { attack } => {
            format!("{} uses no certificate of Mallory's", attack.name())
        }
        LessonComplaint::ModulusLengthDiffers => {
            "Mallory's modulus differs in length from the server's".into()
        }
        LessonComplaint::ModulusNotInCertificate => {
            "the server's modulus is not in its certificate".into()
        }
        LessonComplaint::RecordingLacks { message } => format!("the recording has no {message}"),
        LessonComplaint::RecordedPreMasterUndecryptable { reason } => {
            format!("decrypting the recorded pre-master secret: {reason}")
        }
        LessonComplaint::UpgradeFailed => {
            "the WebSocket upgrade did not complete (no 101 with the expected \
             Sec-WebSocket-Accept)"
                .into()
        }
        LessonComplaint::HandshakeUnfinished => {
            "the handshake stopped before both sides finished".into()
        }
        LessonComplaint::SigningKeyTooSmall { bits } => {
            format!("a {bits}-bit key is too small for a SHA-256 PKCS#1 v1.5 signature")
        }
        LessonComplaint::LibraryCouldNotSign { reason } => {
            format!("the rsa crate could not sign: {reason}")
        }
        LessonComplaint::SignaturesDiffer => {
            "by-hand signature EM^d mod n differs from the rsa crate's signature".into()
        }
    }
}
