//! Interrupted runs: SIGINT (Ctrl-C) or SIGTERM in; out, the run's temporary files
//! removed ([`crate::output::abandon_in_flight`]), its worker processes ended,
//! `narrate: interrupted` on stderr and the shell's conventional exit code, 128 plus the
//! signal's number: 130 for SIGINT, 143 for SIGTERM.
//!
//! The signals are received by `signal-hook` on a thread of their own, where anything
//! may be done (a signal handler proper may only set a flag). Files already in place
//! stay as they are: the handler waits for a unit being committed to be wholly in
//! place, then nothing more can be committed.
//!
//! The process ends with `_exit`, not `exit`: other threads are still synthesizing, and
//! `exit` would run the C++ destructors of ONNX Runtime under their feet.

use std::io::{IsTerminal, Write};
use std::sync::{Mutex, MutexGuard};

/// The exit code of a run ended by SIGINT.
pub const EXIT_SIGINT: i32 = 128 + 2;
/// The exit code of a run ended by SIGTERM.
pub const EXIT_SIGTERM: i32 = 128 + 15;

/// The process ids of the worker processes running now.
static WORKERS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn workers() -> MutexGuard<'static, Vec<u32>> {
    WORKERS.lock().unwrap_or_else(|p| p.into_inner())
}

/// A worker process was started: it is ended if the run is interrupted.
pub fn track_worker(pid: u32) {
    workers().push(pid);
}

/// A worker process is being ended by its owner (before it is waited for, so that its
/// id, once free, is never signalled).
pub fn untrack_worker(pid: u32) {
    workers().retain(|&p| p != pid);
}

/// Starts the thread that waits for SIGINT and SIGTERM, for the rest of the process's
/// life. Until then the signals end the process the system's way.
#[cfg(unix)]
pub fn install() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("narrate-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                stop(signal);
            }
        })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn install() -> std::io::Result<()> {
    Ok(())
}

/// Removes the temporary files, ends the workers, says so and exits.
#[cfg(unix)]
fn stop(signal: i32) -> ! {
    let _no_more_outputs = crate::output::abandon_in_flight();
    for pid in workers().drain(..) {
        if let Ok(pid) = libc::pid_t::try_from(pid) {
            // SAFETY: kill only sends a signal; the id is that of a child not yet
            // waited for, so it is not another process's.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
        }
    }
    let mut stderr = std::io::stderr().lock();
    // A progress bar may be drawn on the line.
    let start = if stderr.is_terminal() { "\n" } else { "" };
    let _ = writeln!(stderr, "{start}narrate: interrupted");
    let _ = stderr.flush();
    let code = if signal == libc::SIGTERM {
        EXIT_SIGTERM
    } else {
        EXIT_SIGINT
    };
    // SAFETY: _exit ends the process at once; nothing is left to run.
    unsafe { libc::_exit(code) }
}
