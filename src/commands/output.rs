//! Shared plumbing for commands that run a conversation: choose the renderer, record the events
//! for the pcap and key log, write output files without leaving half-written ones behind.

use crate::cli::{Format, RunFormat};
use std::io::Write;
use std::path::Path;
use tlswalk::error::{Error, Result};
use tlswalk::event::{Event, EventSink, Tee};
use tlswalk::render::json::JsonRenderer;
use tlswalk::render::text::TextRenderer;
use tlswalk::ui::Style;

/// Run `f` with a sink that renders to stdout in `format` and also records every event;
/// returns `f`'s result and the recorded events.
pub fn run_rendered<T>(
    format: RunFormat,
    style: Style,
    verbose: bool,
    f: impl FnOnce(&mut dyn EventSink) -> T,
) -> (T, Vec<Event>) {
    let mut recorded: Vec<Event> = Vec::new();
    let stdout = std::io::stdout();
    let out = stdout.lock();
    let result = match format {
        RunFormat::Text => {
            let mut r = TextRenderer::new(out, style, verbose);
            let mut tee = Tee(&mut r, &mut recorded);
            f(&mut tee)
        }
        RunFormat::Json => {
            let mut r = JsonRenderer::new(out);
            let mut tee = Tee(&mut r, &mut recorded);
            f(&mut tee)
        }
        RunFormat::Mermaid => {
            let r = f(&mut recorded);
            let mut out = out;
            let _ = write!(
                out,
                "{}",
                tlswalk::render::mermaid::sequence_diagram(&recorded)
            );
            r
        }
        RunFormat::Svg => {
            let r = f(&mut recorded);
            let mut out = out;
            let _ = write!(out, "{}", tlswalk::render::svg::sequence_svg(&recorded));
            r
        }
    };
    (result, recorded)
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
        return Err(Error::bad_input(format!(
            "{}: directory {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("out")
    ));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(path.display(), e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path.display(), e)
    })
}
