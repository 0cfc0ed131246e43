//! `tlswalk completions SHELL` prints a completion script and `tlswalk man [COMMAND]` a roff
//! manual page, both generated from the command-line definition.

mod common;
use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

const COMMANDS: [&str; 10] = [
    "pki",
    "sign",
    "verify",
    "handshake",
    "prf",
    "serve",
    "connect",
    "mitm",
    "mitm-proxy",
    "exercise",
];

#[test]
fn completion_scripts_name_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run_tlswalk(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.len() > 1000, "{shell}: a short script:\n{script}");
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: {command} missing");
        }
        // fish names long options without their dashes (`-l seed`).
        let (seed, force) = match shell {
            "fish" => ("-l seed", "-l force"),
            _ => ("--seed", "--force"),
        };
        assert!(script.contains(seed) && script.contains(force), "{shell}");
    }
    let zsh = stdout(&run_tlswalk(&["completions", "zsh"]));
    assert!(zsh.starts_with("#compdef tlswalk"), "{}", &zsh[..40]);
    let fish = stdout(&run_tlswalk(&["completions", "fish"]));
    assert!(fish.contains("complete -c tlswalk"));
}

#[test]
fn the_bash_script_is_valid_bash() {
    let script = run_tlswalk(&["completions", "bash"]).stdout;
    let dir = temp_dir("completions-bash");
    let path = dir.join("tlswalk.bash");
    std::fs::write(&path, &script).unwrap();
    let check = run_with_deadline(
        Command::new("bash").arg("-n").arg(&path),
        std::time::Duration::from_secs(30),
    );
    assert!(check.status.success(), "bash -n: {}", stderr(&check));
    // Sourced, it registers a completion function for tlswalk.
    let sourced = run_with_deadline(
        Command::new("bash")
            .arg("-c")
            .arg(format!("source {} && complete -p tlswalk", path.display())),
        std::time::Duration::from_secs(30),
    );
    assert!(sourced.status.success(), "{}", stderr(&sourced));
    assert!(stdout(&sourced).contains("tlswalk"), "{}", stdout(&sourced));
}

#[test]
fn an_unknown_shell_is_bad_input() {
    let out = run_tlswalk(&["completions", "cmd.exe"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_and_names_the_commands() {
    let out = run_tlswalk(&["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(
        page.starts_with(".TH") || page.starts_with(".ie"),
        "not roff: {}",
        &page[..page.len().min(80)]
    );
    assert!(page.contains(".TH tlswalk 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS") || page.contains(".SH COMMANDS"));
    for command in COMMANDS {
        // roff escapes '-' as '\-'.
        let escaped = command.replace('-', "\\-");
        assert!(
            page.contains(&format!("tlswalk\\-{escaped}")) || page.contains(&escaped),
            "{command} missing from the man page"
        );
    }

    // One command's own page, named as man(1) expects.
    let init = stdout(&run_tlswalk(&["man", "pki", "init"]));
    assert!(init.contains(".TH tlswalk\\-pki\\-init 1") || init.contains(".TH tlswalk-pki-init 1"));
    assert!(init.contains("\\-\\-force"), "{init}");
    let unknown = run_tlswalk(&["man", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("no such command"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn the_man_page_formats_without_warnings_where_groff_is_installed() {
    // groff is not one of the tools the test run installs: check with it where it is (it is
    // on most Linux machines with man pages), and the structure above everywhere.
    let Ok(mut child) = Command::new("groff")
        // -k: UTF-8 input through preconv, as man(1) formats a page.
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("groff not installed: the roff structure is checked by the test above only");
        return;
    };
    let page = run_tlswalk(&["man"]).stdout;
    child.stdin.take().unwrap().write_all(&page).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.trim().is_empty(), "groff warns:\n{warnings}");
}
