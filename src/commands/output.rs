//! Shared plumbing for commands: choose the renderer, record the events for the pcap and key
//! log, write output files without leaving half-written ones behind, and turn a failed write to
//! standard output into an error.
//!
//! Standard output is written through `?`-checked writes or a renderer that keeps its first
//! error; nothing is ignored. A failed write ends the command with [`Error::Output`] (exit 2,
//! one line), except a closed pipe (`tlswalk … | head`): the reader has read all it wanted, so
//! the output stops and the command ends as it would have (see [`output_result`]).

use crate::cli::{Format, RunFormat};
use std::io::{self, Read, Write};
use std::path::Path;
use tlswalk::error::{CliComplaint, Error, LessonComplaint, Result};
use tlswalk::event::{Event, EventSink, Tee};
use tlswalk::render::json::JsonRenderer;
use tlswalk::render::text::TextRenderer;
use tlswalk::ui::Style;

/// What happened to standard output, as a command's result: a failed write is
/// [`Error::Output`]; a closed pipe is no error.
pub fn output_result(written: io::Result<()>) -> Result<()> {
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::output(e)),
        Ok(()) => Ok(()),
    }
}

/// Write to standard output with `f`, then flush; see [`output_result`].
pub fn print(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    output_result(f(&mut out).and_then(|()| out.flush()))
}

/// Where a run's rendering goes: standard output, or (`--out`) a file written after the run,
/// replacing an existing one only with `force`.
#[derive(Clone, Copy, Default)]
pub struct Destination<'a> {
    /// The file, if not standard output.
    pub file: Option<&'a Path>,
    /// Whether an existing file may be replaced.
    pub force: bool,
}

/// The title of a page: the command line that made it (`tlswalk handshake --seed 7 …`),
/// without the options that name files (`--out`, `--keylog`, `--pcap`), replace them
/// (`--force`) or colour text (`--color`): they change where things go or how a terminal
/// shows them, not what the page shows, and a page must not depend on the directory it was
/// written to.
fn command_title() -> String {
    const FILES: [&str; 4] = ["--out", "--keylog", "--pcap", "--color"];
    let mut words = vec!["tlswalk".to_string()];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if FILES.contains(&a.as_str()) {
            args.next();
        } else if a != "--force" && !FILES.iter().any(|f| a.starts_with(&format!("{f}="))) {
            words.push(a);
        }
    }
    words.join(" ")
}

/// Run `f` with a sink that renders in `format` and also records every event; returns `f`'s
/// result, the recorded events, and whether the output was written (a failed write to
/// standard output, a page that cannot label its bytes, a file that cannot be written; a
/// closed pipe is no error, see [`output_result`]). Check it once the exports are written.
pub fn run_rendered<T>(
    format: RunFormat,
    style: Style,
    verbose: bool,
    to: Destination<'_>,
    f: impl FnOnce(&mut dyn EventSink) -> T,
) -> (T, Vec<Event>, Result<()>) {
    let Some(path) = to.file else {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        let (result, recorded, written) = render_into(format, style, verbose, &mut out, f);
        let written = written.and_then(|w| output_result(w.and_then(|()| out.flush())));
        return (result, recorded, written);
    };
    let mut buf = Vec::new();
    // A file gets no colour codes, whatever the terminal is.
    let plain = Style {
        color: false,
        ..style
    };
    let (result, recorded, written) = render_into(format, plain, verbose, &mut buf, f);
    let written = written.and_then(|w| {
        w.map_err(Error::output)?;
        write_file(path, &buf, to.force)
    });
    (result, recorded, written)
}

/// [`run_rendered`] into `out`: the outer result is a page that cannot be made, the inner one
/// the write.
fn render_into<T>(
    format: RunFormat,
    style: Style,
    verbose: bool,
    out: &mut dyn Write,
    f: impl FnOnce(&mut dyn EventSink) -> T,
) -> (T, Vec<Event>, Result<io::Result<()>>) {
    let mut recorded: Vec<Event> = Vec::new();
    match format {
        RunFormat::Text => {
            let mut r = TextRenderer::new(&mut *out, style, verbose);
            let result = f(&mut Tee(&mut r, &mut recorded));
            (result, recorded, Ok(r.finish().map(drop)))
        }
        RunFormat::Json => {
            let mut r = JsonRenderer::new(&mut *out);
            let result = f(&mut Tee(&mut r, &mut recorded));
            (result, recorded, Ok(r.finish().map(drop)))
        }
        RunFormat::Mermaid => {
            let result = f(&mut recorded);
            let diagram = tlswalk::render::mermaid::sequence_diagram(&recorded);
            (result, recorded, Ok(out.write_all(diagram.as_bytes())))
        }
        RunFormat::Svg => {
            let result = f(&mut recorded);
            let image = tlswalk::render::svg::sequence_svg(&recorded);
            (result, recorded, Ok(out.write_all(image.as_bytes())))
        }
        RunFormat::Html => {
            let result = f(&mut recorded);
            let narrator = tlswalk::narrator::Narrator::default();
            let page = tlswalk::render::html::page(&recorded, &narrator, &command_title());
            let written = match page {
                Ok(html) => Ok(out.write_all(html.as_bytes())),
                Err(u) => Err(Error::check_failed(LessonComplaint::PageBytesUnlabelled {
                    step: u.step,
                    message: u.message,
                    gap: u.gap,
                })),
            };
            (result, recorded, written)
        }
    }
}

/// The explain-only formats map onto the run formats.
pub fn run_format(f: Format) -> RunFormat {
    match f {
        Format::Text => RunFormat::Text,
        Format::Json => RunFormat::Json,
    }
}

/// The directory an output file goes into (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Bad input unless a file can be made at `path`: it is not a directory, and its directory
/// exists (a file where a directory should be is named).
fn check_place(path: &Path) -> Result<()> {
    let shown = || path.display().to_string();
    if path.is_dir() {
        return Err(Error::bad_input(CliComplaint::OutputIsDirectory {
            path: shown(),
        }));
    }
    let dir = parent_dir(path);
    if dir.is_dir() {
        return Ok(());
    }
    // The nearest part of the path that exists says what is wrong: a file, or nothing at all.
    match dir
        .ancestors()
        .find(|a| !a.as_os_str().is_empty() && a.exists())
    {
        Some(file) if !file.is_dir() => {
            Err(Error::bad_input(CliComplaint::OutputParentNotDirectory {
                path: shown(),
                file: file.display().to_string(),
            }))
        }
        _ => Err(Error::bad_input(CliComplaint::OutputDirMissing {
            path: shown(),
            dir: dir.display().to_string(),
        })),
    }
}

/// `path` with its directory resolved (symbolic links, `..`), to tell whether two names mean
/// one file; the name as given when the directory cannot be resolved.
fn resolved(path: &Path) -> std::path::PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        match (std::fs::canonicalize(parent_dir(path)), path.file_name()) {
            (Ok(dir), Some(name)) => dir.join(name),
            _ => path.to_path_buf(),
        }
    })
}

/// Whether `a` and `b` are one existing file: the same resolved path, or (on Unix) the same
/// inode under two names (a hard link).
pub fn same_file(a: &Path, b: &Path) -> bool {
    if !(a.exists() && b.exists()) {
        return false;
    }
    if resolved(a) == resolved(b) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    false
}

/// [`check_outputs`] for the options a command was given: each `(flag, path)` whose path is
/// set.
pub fn check_given(options: &[(&str, &Option<std::path::PathBuf>)], force: bool) -> Result<()> {
    let outputs: Vec<(&str, &Path)> = options
        .iter()
        .filter_map(|(flag, path)| path.as_deref().map(|p| (*flag, p)))
        .collect();
    check_outputs(&outputs, force)
}

/// After a compact text run, the line that says `--verbose` shows everything.
pub fn verbose_hint(format: RunFormat, verbose: bool, style: Style) -> Result<()> {
    if format != RunFormat::Text || verbose {
        return Ok(());
    }
    let line =
        tlswalk::narrator::Narrator::default().line(&tlswalk::narrator::Line::WalkVerboseHint);
    print(|out| {
        writeln!(
            out,
            "\n{}",
            tlswalk::render::layout::wrapped(&line, style.width)
        )
    })
}

/// Check, before any work is done or printed, that every output (`(flag, path)`) can be
/// written: each is a file name in an existing directory, no two name the same file, and none
/// exists unless `force`. Writing ([`write_file`]) happens only after the run.
pub fn check_outputs(outputs: &[(&str, &Path)], force: bool) -> Result<()> {
    for (i, (flag, path)) in outputs.iter().enumerate() {
        check_place(path)?;
        if let Some((first, _)) = outputs[..i]
            .iter()
            .find(|(_, earlier)| resolved(earlier) == resolved(path))
        {
            return Err(Error::bad_input(CliComplaint::SameOutputTwice {
                path: path.display().to_string(),
                first: first.to_string(),
                second: flag.to_string(),
            }));
        }
        if !force && path.symlink_metadata().is_ok() {
            return Err(Error::bad_input(CliComplaint::OutputExists {
                path: path.display().to_string(),
            }));
        }
    }
    Ok(())
}

/// Check, before any work, that the key log at `path` can be appended to. An existing key log
/// is appended to rather than refused: that is the `SSLKEYLOGFILE` convention browsers and
/// curl follow (one file collects every session's secrets, and appending loses nothing), so
/// `--force` is not needed. A file that is not a key log is refused.
pub fn check_append(path: &Path) -> Result<()> {
    check_place(path)?;
    let first_line = match std::fs::File::open(path) {
        Ok(file) => {
            use std::io::BufRead;
            // Bytes that are not text cannot be a key log: read them lossily, they fail below.
            let mut raw = Vec::new();
            io::BufReader::new(file.take(4096))
                .read_until(b'\n', &mut raw)
                .map_err(|e| Error::io(path, e))?;
            String::from_utf8_lossy(&raw).into_owned()
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(path, e)),
    };
    if tlswalk::render::keylog::looks_like_key_log(&first_line) {
        Ok(())
    } else {
        Err(Error::bad_input(CliComplaint::NotAKeyLog {
            path: path.display().to_string(),
        }))
    }
}

/// Write `bytes` to `path` via a temporary file beside it and a rename, so a failure never
/// leaves a half-written file where a good one was. Unless `force`, a file that appeared at
/// `path` since [`check_outputs`] is left alone.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    check_place(path)?;
    let exists = || {
        Error::bad_input(CliComplaint::OutputExists {
            path: path.display().to_string(),
        })
    };
    if !force && path.symlink_metadata().is_ok() {
        return Err(exists());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    // A name of our own that nothing else uses, created fresh (never an existing file).
    let tmp = parent_dir(path).join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
    let placed = written.map_err(|e| Error::io(path, e)).and_then(|()| {
        if !force && path.symlink_metadata().is_ok() {
            return Err(exists());
        }
        std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
    });
    if placed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    placed
}

/// Run `f` with a sink that renders to standard output in `format` (the one-shot tools' path);
/// a failed write is [`Error::Output`], a closed pipe no error.
pub fn report<T>(
    format: Format,
    style: Style,
    verbose: bool,
    f: impl FnOnce(&mut dyn EventSink) -> T,
) -> Result<T> {
    let (result, _, written) = run_rendered(
        run_format(format),
        style,
        verbose,
        Destination::default(),
        f,
    );
    written?;
    Ok(result)
}
