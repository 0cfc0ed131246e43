//! Shared plumbing for commands: choose the renderer, record the events for the pcap and key
//! log, write output files without leaving half-written ones behind, and turn a failed write to
//! standard output into an error.
//!
//! Standard output is written through `?`-checked writes or a renderer that keeps its first
//! error; nothing is ignored. A failed write ends the command with [`Error::Output`] (exit 2,
//! one line), except a closed pipe (`tlswalk … | head`): the reader has read all it wanted, so
//! the output stops and the command ends as it would have (see [`output_result`]).

use crate::cli::{Format, RunFormat};
use std::io::{self, Write};
use std::path::Path;
use tlswalk::error::{CliComplaint, Error, Result};
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

/// Run `f` with a sink that renders to stdout in `format` and also records every event;
/// returns `f`'s result, the recorded events, and whether writing standard output worked
/// (check it with [`output_result`] once the exports are written).
pub fn run_rendered<T>(
    format: RunFormat,
    style: Style,
    verbose: bool,
    f: impl FnOnce(&mut dyn EventSink) -> T,
) -> (T, Vec<Event>, io::Result<()>) {
    let mut recorded: Vec<Event> = Vec::new();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let (result, written) = match format {
        RunFormat::Text => {
            let mut r = TextRenderer::new(&mut out, style, verbose);
            let result = f(&mut Tee(&mut r, &mut recorded));
            (result, r.finish().map(drop))
        }
        RunFormat::Json => {
            let mut r = JsonRenderer::new(&mut out);
            let result = f(&mut Tee(&mut r, &mut recorded));
            (result, r.finish().map(drop))
        }
        RunFormat::Mermaid => {
            let result = f(&mut recorded);
            let diagram = tlswalk::render::mermaid::sequence_diagram(&recorded);
            (result, out.write_all(diagram.as_bytes()))
        }
        RunFormat::Svg => {
            let result = f(&mut recorded);
            let image = tlswalk::render::svg::sequence_svg(&recorded);
            (result, out.write_all(image.as_bytes()))
        }
    };
    let written = written.and_then(|()| out.flush());
    (result, recorded, written)
}

/// The explain-only formats map onto the run formats.
pub fn run_format(f: Format) -> RunFormat {
    match f {
        Format::Text => RunFormat::Text,
        Format::Json => RunFormat::Json,
    }
}

/// Write `bytes` to `path` via a temporary file and a rename, so a failure never leaves a
/// half-written file where a good one was.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::bad_input(CliComplaint::OutputDirMissing {
            path: path.display().to_string(),
            dir: dir.display().to_string(),
        }));
    }
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("out")
    ));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(path, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Run `f` with a sink that renders to standard output in `format` (the one-shot tools' path);
/// a failed write is [`Error::Output`], a closed pipe no error.
pub fn report<T>(
    format: Format,
    style: Style,
    verbose: bool,
    f: impl FnOnce(&mut dyn EventSink) -> T,
) -> Result<T> {
    let (result, _, written) = run_rendered(run_format(format), style, verbose, f);
    output_result(written)?;
    Ok(result)
}
