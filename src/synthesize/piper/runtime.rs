//! Finding and starting ONNX Runtime: its shared library in, a live `ort` environment
//! out, once per process.
//!
//! narrate links no ONNX Runtime at build time (the `ort` crate's downloads are off); it
//! loads `libonnxruntime.so` when a Piper voice is first opened, from the first of:
//! `$ORT_DYLIB_PATH`; `onnxruntime/` in narrate's data folder (`.narrate/` of the
//! repository, where `scripts/setup.sh` unpacks the PyPI `onnxruntime` wheel; see
//! [`crate::synthesize::catalogue::data_dirs`]); the system's library search path.
//!
//! # No telemetry, nothing in the home folder
//! Microsoft's builds of ONNX Runtime (the PyPI wheel among them; 1.32 measured) start
//! a telemetry client with the environment: it creates
//! `~/.cache/Microsoft/DeveloperTools/.onnxruntime/` with a device id and an event
//! store, before any API call could turn it off. The library reads
//! `ORT_DISABLE_TELEMETRY` for that, so [`keep_telemetry_off`] sets it for this process
//! (and so for its workers) at the start of `main`, and the environment is also built
//! with telemetry events disabled.

use crate::synthesize::catalogue;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The library's name on the system's search path.
const SYSTEM_LIBRARY: &str = "libonnxruntime.so";

/// Whether the dynamic loader's usual folders hold [`SYSTEM_LIBRARY`] (asked before
/// loading it, so that a missing library is a clear error rather than a loader message).
fn system_has_library() -> bool {
    let mut dirs: Vec<PathBuf> = std::env::var_os("LD_LIBRARY_PATH")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    dirs.extend(
        [
            "/usr/local/lib",
            "/usr/lib",
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
        ]
        .map(PathBuf::from),
    );
    dirs.iter().any(|d| d.join(SYSTEM_LIBRARY).is_file())
}

/// The environment, kept for the life of the process, or why it could not start.
static RUNTIME: OnceLock<Result<ort::environment::Environment, String>> = OnceLock::new();

/// The candidate library files, in the order they are tried.
pub fn candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH") {
        out.push(PathBuf::from(path));
    }
    for dir in catalogue::data_dirs() {
        let dir = dir.join("onnxruntime");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut libs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("libonnxruntime.so"))
            })
            .collect();
        // The most specific name first: libonnxruntime.so.1.32.0 before .so.
        libs.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
        out.extend(libs);
    }
    out
}

/// Sets `ORT_DISABLE_TELEMETRY=1` for this process, whatever it was: ONNX Runtime then
/// neither writes a device id and event store under `~/.cache/Microsoft` nor sends
/// anything. Call at the start of `main`, before any thread exists (setting the
/// environment is unsound while another thread may read it).
pub fn keep_telemetry_off() {
    std::env::set_var("ORT_DISABLE_TELEMETRY", "1");
}

/// Starts ONNX Runtime if it is not running yet, and returns its environment.
pub fn start() -> Result<&'static ort::environment::Environment, String> {
    RUNTIME
        .get_or_init(|| {
            // A library file narrate found, else the bare name, which the system's
            // dynamic loader looks up on its own search path.
            let path = candidates()
                .into_iter()
                .find(|p| p.is_file())
                .unwrap_or_else(|| PathBuf::from(SYSTEM_LIBRARY));
            if path.as_os_str() == SYSTEM_LIBRARY && !system_has_library() {
                let looked: Vec<String> = catalogue::data_dirs()
                    .iter()
                    .map(|d| d.join("onnxruntime").display().to_string())
                    .collect();
                return Err(format!(
                    "the ONNX Runtime library was not found (looked in {} and the system's library path); run scripts/setup.sh",
                    looked.join(", ")
                ));
            }
            let builder = ort::init_from(&path).map_err(|e| {
                format!(
                    "cannot load ONNX Runtime from {}: {e}; run scripts/setup.sh",
                    path.display()
                )
            })?;
            builder
                .with_name("narrate")
                .with_telemetry(false)
                .build()
                .map_err(|e| format!("ONNX Runtime from {} did not start: {e}", path.display()))
        })
        .as_ref()
        .map_err(Clone::clone)
}
