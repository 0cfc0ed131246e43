//! Output plumbing for drivers that narrate several connections at once.
//!
//! * [`LineWriter`]: each connection's renderer writes into its own `LineWriter`, which hands
//!   only whole lines to the shared output, under its lock: lines of concurrent connections
//!   may alternate, but never mix inside a line.
//! * [`KeyLogAppender`]: appends NSS key log lines to one file as soon as a session's secrets
//!   are known, so Wireshark can decrypt a capture while the server keeps running.
//! * [`Detail`]: a sink adapter that decides [`EventSink::wants_detail`]; when false the record
//!   layer and key schedule skip building the events nobody would read, which is what lets a
//!   quiet server move data at full speed.
//! * [`Watched`] and [`OutputWatch`]: an output that remembers its first failed write (a full
//!   disk, a closed pipe), refuses every later write without trying, and can run one action
//!   when it fails (`serve` stops its server: nobody can read the narration any more).

use crate::event::{Event, EventKind, EventSink};
use crate::render::keylog::{HEADER, keylog_lines};
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// An output shared by several writers.
pub type SharedOutput = Arc<Mutex<dyn Write + Send>>;

/// Lock a mutex even if a thread panicked while holding it: the data here is bytes of output,
/// still fine to write to.
fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Collects bytes; whole lines go to the shared output in one locked write.
pub struct LineWriter {
    pending: Vec<u8>,
    out: SharedOutput,
}

impl LineWriter {
    /// A writer feeding `out`.
    pub fn new(out: SharedOutput) -> Self {
        LineWriter {
            pending: Vec::new(),
            out,
        }
    }
}

impl Write for LineWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(last_newline) = self.pending.iter().rposition(|&b| b == b'\n') {
            let mut out = lock(&self.out);
            let r = out
                .write_all(&self.pending[..=last_newline])
                .and_then(|()| out.flush());
            drop(out);
            self.pending.drain(..=last_newline);
            r?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut out = lock(&self.out);
        let r = out.write_all(&self.pending);
        self.pending.clear();
        r.and_then(|_| out.flush())
    }
}

impl Drop for LineWriter {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// A copy of `e` to hand out while the original is kept: the same OS error code when there is
/// one, else the same kind and message.
fn copy_error(e: &io::Error) -> io::Error {
    match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::new(e.kind(), e.to_string()),
    }
}

/// What an action run on failure looks like.
type OnFailure = Box<dyn FnOnce() + Send>;

/// The state of one output shared by several [`Watched`] writers: whether a write failed, the
/// first error, and what to do when that happens.
#[derive(Clone, Default)]
pub struct OutputWatch {
    failed: Arc<AtomicBool>,
    state: Arc<Mutex<WatchState>>,
}

#[derive(Default)]
struct WatchState {
    error: Option<io::Error>,
    on_failure: Option<OnFailure>,
}

impl OutputWatch {
    /// A watch on an output that has not failed.
    pub fn new() -> Self {
        OutputWatch::default()
    }

    /// Whether a write failed.
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }

    /// The first error (once; later calls return `None`).
    pub fn take_error(&self) -> Option<io::Error> {
        lock(&self.state).error.take()
    }

    /// `Ok` if no write failed, else the first error (once, as [`OutputWatch::take_error`]).
    pub fn result(&self) -> io::Result<()> {
        self.take_error().map_or(Ok(()), Err)
    }

    /// Run `action` once when a write fails; at once if one already has.
    pub fn on_failure(&self, action: impl FnOnce() + Send + 'static) {
        let mut state = lock(&self.state);
        if self.failed() {
            drop(state);
            action();
        } else {
            state.on_failure = Some(Box::new(action));
        }
    }

    fn record(&self, e: io::Error) {
        let mut state = lock(&self.state);
        if self.failed.swap(true, Ordering::SeqCst) {
            return;
        }
        state.error = Some(e);
        let action = state.on_failure.take();
        drop(state);
        if let Some(action) = action {
            action();
        }
    }
}

/// A writer that reports its first failure to an [`OutputWatch`]; after it, every write on
/// the same watch fails at once with a copy of that error, and nothing more is attempted.
pub struct Watched<W> {
    inner: W,
    watch: OutputWatch,
}

impl<W: Write> Watched<W> {
    /// `inner`, watched by `watch`.
    pub fn new(inner: W, watch: OutputWatch) -> Self {
        Watched { inner, watch }
    }

    fn check<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        r.map_err(|e| {
            if e.kind() == io::ErrorKind::Interrupted {
                return e;
            }
            let copy = copy_error(&e);
            self.watch.record(e);
            copy
        })
    }

    fn refused(&self) -> Option<io::Error> {
        if !self.watch.failed() {
            return None;
        }
        Some(match &lock(&self.watch.state).error {
            Some(e) => copy_error(e),
            None => io::Error::other("the output failed earlier"),
        })
    }
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(e) = self.refused() {
            return Err(e);
        }
        let r = self.inner.write(buf);
        self.check(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(e) = self.refused() {
            return Err(e);
        }
        let r = self.inner.flush();
        self.check(r)
    }
}

/// Appends key log lines to a file shared by every connection.
#[derive(Clone)]
pub struct KeyLogAppender {
    file: Arc<Mutex<File>>,
}

impl KeyLogAppender {
    /// Open `path` for appending (created if missing; the NSS header is written to a new or
    /// empty file).
    pub fn open(path: &Path) -> io::Result<Self> {
        let mut file = OpenOptions::new().create(true).append(true).open(path)?;
        if file.metadata()?.len() == 0 {
            writeln!(file, "{HEADER}")?;
        }
        Ok(KeyLogAppender {
            file: Arc::new(Mutex::new(file)),
        })
    }

    /// Append the line for `event` if it is a key log event.
    pub fn record(&self, event: &Event) {
        if !matches!(event.kind, EventKind::KeyLog { .. }) {
            return;
        }
        let text = keylog_lines(std::slice::from_ref(event));
        let line = text.strip_prefix(HEADER).unwrap_or(&text).trim_start();
        if !line.is_empty() {
            // A full disk must not end the connection; the key log is a by-product.
            let _ = lock(&self.file).write_all(line.as_bytes());
        }
    }
}

/// A sink adapter: passes events to `inner`, tells the producers whether to build detailed
/// events, and copies key log events to an optional [`KeyLogAppender`].
pub struct Detail<S> {
    /// Where events go.
    pub inner: S,
    /// What [`EventSink::wants_detail`] answers.
    pub detail: bool,
    /// Key log lines also go here.
    pub keylog: Option<KeyLogAppender>,
}

impl<S: EventSink> EventSink for Detail<S> {
    fn emit(&mut self, event: Event) {
        if let Some(k) = &self.keylog {
            k.record(&event);
        }
        self.inner.emit(event);
    }
    fn wants_detail(&self) -> bool {
        self.detail
    }
    fn output_failed(&self) -> bool {
        self.inner.output_failed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Actor;

    /// A shared output that records every write call separately.
    struct Calls(Vec<Vec<u8>>);
    impl Write for Calls {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn only_whole_lines_reach_the_output() {
        let calls = Arc::new(Mutex::new(Calls(Vec::new())));
        let shared: SharedOutput = calls.clone();
        let mut w = LineWriter::new(shared);
        w.write_all(b"[c1] hel").unwrap();
        assert!(lock(&calls).0.is_empty(), "half a line must wait");
        w.write_all(b"lo\n[c1] wor").unwrap();
        w.write_all(b"ld\n").unwrap();
        w.write_all(b"tail").unwrap();
        drop(w);
        let got = &lock(&calls).0;
        assert_eq!(
            got,
            &vec![
                b"[c1] hello\n".to_vec(),
                b"[c1] world\n".to_vec(),
                b"tail".to_vec()
            ]
        );
    }

    #[test]
    fn a_watched_output_keeps_its_first_error_and_runs_the_action_once() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from_raw_os_error(28))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let watch = OutputWatch::new();
        let runs = Arc::new(Mutex::new(0));
        let counter = runs.clone();
        watch.on_failure(move || *lock(&counter) += 1);
        let mut a = Watched::new(Full, watch.clone());
        let mut b = Watched::new(Vec::new(), watch.clone());
        b.write_all(b"fine\n").unwrap();
        assert!(!watch.failed());
        let e = a.write_all(b"x").unwrap_err();
        assert_eq!(e.raw_os_error(), Some(28));
        assert!(watch.failed());
        // The other writer on the same output is refused without trying.
        assert_eq!(b.write_all(b"y").unwrap_err().raw_os_error(), Some(28));
        assert_eq!(b.inner, b"fine\n");
        let _ = a.write_all(b"z");
        assert_eq!(*lock(&runs), 1, "the action runs once");
        assert_eq!(watch.take_error().unwrap().raw_os_error(), Some(28));
        // An action registered after the failure runs at once.
        let late = Arc::new(AtomicBool::new(false));
        let flag = late.clone();
        watch.on_failure(move || flag.store(true, Ordering::SeqCst));
        assert!(late.load(Ordering::SeqCst));
    }

    #[test]
    fn key_log_appends_lines_after_one_header() {
        let dir = std::env::temp_dir().join(format!("tlswalk-keylog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("keys.log");
        let _ = std::fs::remove_file(&path);
        let event = |key: u8| Event {
            actor: Actor::Server,
            kind: EventKind::KeyLog {
                label: crate::event::KeyLogLabel::ClientRandom,
                key: vec![key; 32],
                secret: vec![0xab; 48],
            },
        };
        KeyLogAppender::open(&path).unwrap().record(&event(1));
        let again = KeyLogAppender::open(&path).unwrap();
        again.record(&event(2));
        again.record(&Event {
            actor: Actor::Server,
            kind: EventKind::Phase {
                topic: crate::event::NetTopic::Closing.into(),
            },
        });
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[0], HEADER);
        assert_eq!(
            lines[1],
            format!("CLIENT_RANDOM {} {}", "01".repeat(32), "ab".repeat(48))
        );
        assert!(lines[2].starts_with(&format!("CLIENT_RANDOM {} ", "02".repeat(32))));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
