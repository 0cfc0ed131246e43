//! The README tells a newcomer the truth: it opens with the two commands they need, says how to
//! install the binary its examples call `tlswalk`, and its samples are what the commands print.

mod common;
use common::*;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

/// The fenced block that follows the line `opening` (its first line), without the fences.
fn block_after(text: &str, opening: &str) -> String {
    let start = text
        .find(opening)
        .unwrap_or_else(|| panic!("the README has no {opening:?}"));
    let rest = &text[start + opening.len()..];
    let rest = rest.strip_prefix('\n').unwrap_or(rest);
    let end = rest.find("```").expect("the block is closed");
    rest[..end].to_string()
}

#[test]
fn it_opens_with_the_walk_and_the_tests() {
    let text = readme();
    let first = block_after(&text, "```sh");
    let lines: Vec<&str> = first.lines().collect();
    assert!(
        lines[0].starts_with("cargo run --release -- handshake --verbose"),
        "{first}"
    );
    assert!(
        lines[1].starts_with(".ci/run") || lines[1].starts_with("cargo test --release"),
        "{first}"
    );
}

#[test]
fn it_says_how_to_install_and_how_examples_are_run() {
    let text = readme();
    assert!(text.contains("cargo install --path ."), "no install line");
    assert!(text.contains("cargo run --release --"), "no cargo run form");
    assert!(
        text.contains("tlswalk completions bash"),
        "completions not mentioned"
    );
    assert!(text.contains("tlswalk man"), "man page not mentioned");
}

#[test]
fn the_samples_are_what_the_commands_print() {
    // The same list as scripts/readme-samples.py, which writes them again.
    let text = readme();
    for command in [
        "$ tlswalk handshake --seed 7",
        "$ tlswalk handshake --tls 1.3 --seed 7",
        "$ tlswalk compare --seed 7",
        "$ tlswalk mitm --attack all --seed 7 --summary",
    ] {
        let sample = block_after(&text, command);
        let args: Vec<&str> = ["--color", "never"]
            .into_iter()
            .chain(command.trim_start_matches("$ tlswalk ").split(' '))
            .collect();
        let out = run_tlswalk(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            sample,
            "the README's sample of `{command}` is stale: run python3 scripts/readme-samples.py"
        );
    }
}
