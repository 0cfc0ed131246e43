//! Every command answers `--help` with an example.

mod common;
use common::*;

#[test]
fn every_command_has_help_with_an_example() {
    let commands: &[&[&str]] = &[
        &[],
        &["pki"],
        &["pki", "init"],
        &["pki", "show"],
        &["sign"],
        &["verify"],
        &["handshake"],
        &["prf"],
        &["serve"],
        &["connect"],
        &["mitm"],
        &["mitm-proxy"],
        &["exercise"],
        &["exercise", "list"],
        &["exercise", "show"],
        &["exercise", "check"],
        &["completions"],
        &["man"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.push("--help");
        let out = run_tlswalk(&args);
        assert!(out.status.success(), "{args:?}");
        let text = stdout(&out);
        assert!(
            text.contains("Example") || text.contains("Start here"),
            "{args:?} --help shows no example:\n{text}"
        );
        assert!(text.contains("tlswalk"), "{args:?}");
    }
}

#[test]
fn color_never_and_no_color_mean_no_escape_codes() {
    let forced = run_tlswalk(&["--color", "always", "handshake", "--seed", "1"]);
    assert!(
        stdout(&forced).contains("\x1b["),
        "--color always must colour"
    );
    let never = run_tlswalk(&["--color", "never", "handshake", "--seed", "1"]);
    assert!(!stdout(&never).contains('\x1b'));
    // Piped stdout (as here) with auto: no colour.
    let auto = run_tlswalk(&["handshake", "--seed", "1"]);
    assert!(!stdout(&auto).contains('\x1b'));
    let no_color = run_with_deadline(
        tlswalk()
            .env("NO_COLOR", "1")
            .args(["handshake", "--seed", "1"]),
        std::time::Duration::from_secs(60),
    );
    assert!(!stdout(&no_color).contains('\x1b'));
}
