//! Output files written whole or not at all: bytes from the encoders and exporters in,
//! files in place beside each other out.
//!
//! - An [`AtomicOutput`] is a file being written: a temporary file
//!   `.narrate-RANDOM.part` in its target's folder. Its writer holds an advisory lock on
//!   it (`flock`, which network file systems carry between machines) for as long as it
//!   exists, and it is listed as in flight so that an interrupted run can remove it
//!   ([`abandon_in_flight`]).
//! - [`commit_unit`] puts the files of one unit in place, the audio and its subtitles
//!   and manifest: all of them, or none. Each old file is first kept under a second
//!   name (a hard link, so the target never goes missing), then each temporary file is
//!   renamed over its target, the audio last, so that new audio always stands beside
//!   new sidecars. If any rename fails, those already done are undone from the backups,
//!   and the unit is as it was before the run. Only once every file is in place are the
//!   backups deleted. A replaced file keeps its permissions; a new one gets the umask's.
//! - An output made with [`AtomicOutput::create_new`] (`--no-clobber`) replaces
//!   nothing: it is refused when its target exists at the start, and its rename is one
//!   that fails when a file has appeared at the target meanwhile (`renameat2` with
//!   `RENAME_NOREPLACE`, else a hard link then the temporary name removed: both fail
//!   atomically with `AlreadyExists`), after which the unit is undone as for any
//!   failed rename.
//! - [`remove_leftovers`] tidies a folder before a new file is written there: a
//!   temporary file left by a run that was killed (SIGKILL, a crash) is removed when no
//!   one holds its lock *and* it was last written more than [`LEFTOVER_AGE`] ago. Never
//!   by process id: a run in another container or on another machine writing to the same
//!   folder has a process id that means nothing here.
//!
//! Written by hand on top of `tempfile` and the standard library's `rename`,
//! `hard_link` and `File::try_lock`: the crates that write files atomically (atomicwrites,
//! tempfile's `persist`) replace one file; none replaces a set of files with a way back.

use crate::error::{Error, Result};
use std::io::{BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// The names of temporary output files: `.narrate-RANDOM.part`.
pub const TEMPORARY_PREFIX: &str = ".narrate-";
pub const TEMPORARY_SUFFIX: &str = ".part";
/// An old file kept while its unit is committed: the temporary file's name with this
/// suffix instead of `.part`. One is left only if the machine stops during the
/// renames; it is the file as it was before the run, and is never removed by narrate.
const BACKUP_SUFFIX: &str = ".old";

/// How long a temporary file must have been left unwritten, as well as unlocked, for
/// [`remove_leftovers`] to remove it: an hour. The lock alone protects a live writer
/// (it takes the lock within microseconds of creating the file); the age covers those
/// microseconds, file systems where locks are not shared, and clocks a little apart
/// across machines.
pub const LEFTOVER_AGE: Duration = Duration::from_secs(60 * 60);

/// The temporary files of this process that exist now. Its lock is held while a
/// temporary file is created, while a unit is committed, and by the interrupt handler
/// from the moment it starts removing them until the process exits: so a unit is never
/// half committed when a signal comes.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    // A list of paths: a panic elsewhere cannot leave it half-made.
    IN_FLIGHT.lock().unwrap_or_else(|p| p.into_inner())
}

/// Removes every temporary file of this process and returns the list's guard: while
/// it is held, no output file can be created or committed. For the interrupt handler,
/// which exits holding it.
pub fn abandon_in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    let mut registry = in_flight();
    for path in registry.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    registry
}

/// Where a file's temporary file is.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Removes the temporary output files in `dir` that a run killed before it could
/// remove them left behind: those that no process holds locked and that were last
/// written more than [`LEFTOVER_AGE`] ago. Failures are ignored: this is tidying, not
/// work.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX)) {
            continue;
        }
        // This process's own (another input of a batch): where `flock` is emulated with
        // POSIX locks (NFS), a process's locks do not exclude itself.
        if in_flight()
            .iter()
            .any(|p| p.file_name() == Some(name.as_ref()))
        {
            continue;
        }
        let path = entry.path();
        // A regular file only (a link of that name is someone else's).
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let old_enough = meta
            .modified()
            .ok()
            .and_then(|written| now.duration_since(written).ok())
            .is_some_and(|age| age >= LEFTOVER_AGE);
        if !meta.is_file() || !old_enough {
            continue;
        }
        // Opened for writing: NFS gives an exclusive lock only on such a file.
        let Ok(file) = std::fs::OpenOptions::new().write(true).open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Where an [`AtomicOutput`]'s bytes are.
enum State {
    Writing(BufWriter<tempfile::NamedTempFile>),
    /// Flushed to the disk, permissions set, waiting for its rename.
    Ready(tempfile::NamedTempFile),
    /// Renamed into place (or given up).
    Done,
}

/// An output file being written: a temporary file in the target's folder, locked by
/// this process.
pub struct AtomicOutput {
    path: PathBuf,
    temporary: PathBuf,
    state: State,
    /// What [`AtomicOutput::sink`] gives once the file is no longer being written.
    closed: Closed,
    /// Whether a file at the target may be replaced.
    replace: bool,
}

impl AtomicOutput {
    /// Creates the temporary file beside `path`, after removing leftovers there. A
    /// folder at `path` is refused now, before any work is done for it.
    pub fn create(path: &Path) -> Result<AtomicOutput> {
        let write_error = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
            return Err(write_error(is_a_folder()));
        }
        let dir = folder_of(path);
        remove_leftovers(dir);
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
        // Like any new file: readable by others as the umask allows (a temporary file
        // is private by default, and the rename would keep that).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = {
            // Listed as soon as it exists, so an interrupt cannot miss it.
            let mut registry = in_flight();
            let tmp = builder.tempfile_in(dir).map_err(write_error)?;
            registry.push(tmp.path().to_path_buf());
            tmp
        };
        // Held until the file is renamed or removed. Where the file system has no locks,
        // the age in `remove_leftovers` is the only protection.
        let _ = tmp.as_file().lock();
        Ok(AtomicOutput {
            path: path.to_path_buf(),
            temporary: tmp.path().to_path_buf(),
            state: State::Writing(BufWriter::with_capacity(1 << 16, tmp)),
            closed: Closed,
            replace: true,
        })
    }

    /// As [`AtomicOutput::create`], for a file that must not replace any: refused now
    /// if something is at `path`, and never renamed over a file that appears there
    /// before it is put in place.
    pub fn create_new(path: &Path) -> Result<AtomicOutput> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(Error::Write {
                path: path.to_path_buf(),
                source: already_exists(),
            });
        }
        let mut output = AtomicOutput::create(path)?;
        output.replace = false;
        Ok(output)
    }

    /// Where the file will be.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The writer for an encoder. Writing after [`AtomicOutput::commit`] started is an
    /// error of the writer.
    pub fn sink(&mut self) -> &mut dyn crate::encode::Sink {
        match &mut self.state {
            State::Writing(file) => file,
            _ => &mut self.closed,
        }
    }

    /// The bytes written so far, from the start, through a handle of their own (the
    /// writer's position is left where it is): to read back what an encoder wrote.
    pub fn written(&mut self) -> std::io::Result<std::fs::File> {
        match &mut self.state {
            State::Writing(writer) => {
                writer.flush()?;
                writer.get_ref().reopen()
            }
            _ => Err(std::io::Error::other("the file is no longer being written")),
        }
    }

    /// Empties the file to write it again from the start.
    pub fn restart(&mut self) -> std::io::Result<()> {
        match &mut self.state {
            State::Writing(writer) => {
                writer.flush()?;
                writer.get_ref().as_file().set_len(0)?;
                writer.seek(std::io::SeekFrom::Start(0))?;
                Ok(())
            }
            _ => Err(std::io::Error::other("the file is no longer being written")),
        }
    }

    /// An I/O error while writing this file, as narrate reports it.
    pub fn error(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self.path.clone(),
            source,
        }
    }

    /// Flushes the file and renames it into place.
    pub fn commit(self) -> Result<()> {
        commit_unit(vec![self])
    }

    /// Flushes the file to the disk and gives it the permissions of the file it
    /// replaces.
    fn make_ready(&mut self) -> std::io::Result<()> {
        let State::Writing(writer) = std::mem::replace(&mut self.state, State::Done) else {
            return Ok(());
        };
        let tmp = writer.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        if let Ok(old) = std::fs::metadata(&self.path) {
            if old.is_file() {
                tmp.as_file()
                    .set_permissions(kept_permissions(old.permissions()))?;
            }
        }
        self.state = State::Ready(tmp);
        Ok(())
    }

    /// Keeps the file at the target aside and renames the temporary file over it.
    fn place(&mut self) -> std::io::Result<Placed> {
        let State::Ready(tmp) = std::mem::replace(&mut self.state, State::Done) else {
            return Err(std::io::Error::other("the file was not finished"));
        };
        if !self.replace {
            let placed = Placed {
                target: self.path.clone(),
                backup: None,
            };
            return match tmp.persist_noclobber(&self.path) {
                Ok(_) => Ok(placed),
                Err(e) => {
                    self.state = State::Ready(e.file);
                    Err(match e.error.kind() {
                        std::io::ErrorKind::AlreadyExists => already_exists(),
                        _ => e.error,
                    })
                }
            };
        }
        let backup = match std::fs::symlink_metadata(&self.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                self.state = State::Ready(tmp);
                return Err(e);
            }
            Ok(meta) if meta.is_dir() => {
                self.state = State::Ready(tmp);
                return Err(is_a_folder());
            }
            Ok(_) => {
                let backup = self.temporary.with_extension(&BACKUP_SUFFIX[1..]);
                match keep_aside(&self.path, &backup) {
                    Ok(how) => Some((backup, how)),
                    Err(e) => {
                        self.state = State::Ready(tmp);
                        return Err(e);
                    }
                }
            }
        };
        let placed = Placed {
            target: self.path.clone(),
            backup,
        };
        match tmp.persist(&self.path) {
            Ok(_) => Ok(placed),
            Err(e) => {
                // Removed when this output is dropped.
                self.state = State::Ready(e.file);
                placed.give_back_unplaced();
                Err(e.error)
            }
        }
    }
}

impl Drop for AtomicOutput {
    fn drop(&mut self) {
        // The temporary file itself is removed by `NamedTempFile` (unless renamed).
        in_flight().retain(|p| p != &self.temporary);
    }
}

/// How an old file was kept aside.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Aside {
    /// A second name for it: the target stays in place until the rename replaces it.
    Linked,
    /// Moved (where the file system has no hard links): the target is missing until
    /// the rename.
    Moved,
}

fn keep_aside(target: &Path, backup: &Path) -> std::io::Result<Aside> {
    match std::fs::hard_link(target, backup) {
        Ok(()) => Ok(Aside::Linked),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => std::fs::rename(target, backup).map(|()| Aside::Moved),
    }
}

/// A file renamed into place, with the old file it replaced.
struct Placed {
    target: PathBuf,
    backup: Option<(PathBuf, Aside)>,
}

impl Placed {
    /// The rename did not happen: the old file goes back to being only the target.
    fn give_back_unplaced(self) {
        match self.backup {
            Some((backup, Aside::Linked)) => {
                let _ = std::fs::remove_file(backup);
            }
            Some((backup, Aside::Moved)) => {
                let _ = std::fs::rename(backup, &self.target);
            }
            None => {}
        }
    }

    /// Undoes the rename: the old file back in place, or no file where there was none.
    /// Returns where the old file is if it could not be put back.
    fn undo(self) -> Option<PathBuf> {
        match self.backup {
            Some((backup, _)) => std::fs::rename(&backup, &self.target).err().map(|_| backup),
            None => {
                let _ = std::fs::remove_file(&self.target);
                None
            }
        }
    }

    /// Every file of the unit is in place: the old one goes.
    fn discard_backup(self) {
        if let Some((backup, _)) = self.backup {
            let _ = std::fs::remove_file(backup);
        }
    }
}

/// Puts the files of one unit in place, in the order given (the audio last): all of
/// them or, if one cannot be, none, the old files left as they were. The error names
/// the file that failed and says the others were not replaced.
pub fn commit_unit(mut outputs: Vec<AtomicOutput>) -> Result<()> {
    for i in 0..outputs.len() {
        if let Err(e) = outputs[i].make_ready() {
            let path = outputs[i].path.clone();
            return Err(unit_error(&outputs, path, e));
        }
    }
    // No interrupt between the first rename and the last.
    let registry = in_flight();
    let mut placed = Vec::with_capacity(outputs.len());
    let mut failure = None;
    for (i, output) in outputs.iter_mut().enumerate() {
        match output.place() {
            Ok(p) => placed.push(p),
            Err(e) => {
                failure = Some((i, e));
                break;
            }
        }
    }
    let result = match failure {
        None => {
            placed.into_iter().for_each(Placed::discard_backup);
            Ok(())
        }
        Some((i, e)) => {
            let stranded: Vec<PathBuf> =
                placed.into_iter().rev().filter_map(Placed::undo).collect();
            let mut error = unit_error(&outputs, outputs[i].path.clone(), e);
            if !stranded.is_empty() {
                let list: Vec<String> = stranded.iter().map(|p| p.display().to_string()).collect();
                error = Error::Write {
                    path: outputs[i].path.clone(),
                    source: std::io::Error::other(format!(
                        "{error}; the old files could not all be put back and are kept as {}",
                        list.join(", ")
                    )),
                };
            }
            Err(error)
        }
    };
    drop(registry);
    result
}

/// The error of a unit whose file `path` could not be written: it names the others,
/// left as they were.
fn unit_error(outputs: &[AtomicOutput], path: PathBuf, source: std::io::Error) -> Error {
    if outputs.len() < 2 {
        return Error::Write { path, source };
    }
    let names: Vec<String> = outputs
        .iter()
        .map(|o| {
            o.path.file_name().map_or_else(
                || o.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    Error::Write {
        path,
        source: std::io::Error::new(
            source.kind(),
            format!("{source}; none of {} was replaced", names.join(", ")),
        ),
    }
}

/// The permissions a replacing file takes from the file it replaces: who may read and
/// write it, not the set-id and sticky bits.
fn kept_permissions(old: std::fs::Permissions) -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(old.mode() & 0o777)
    }
    #[cfg(not(unix))]
    old
}

/// The error of a file `--no-clobber` keeps.
pub fn already_exists() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "it already exists, and --no-clobber replaces no file",
    )
}

fn is_a_folder() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder is in the way")
}

/// A sink for a file no longer being written: every call fails.
struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("the file was already finished"))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::io::Seek for Closed {
    fn seek(&mut self, _: std::io::SeekFrom) -> std::io::Result<u64> {
        Err(std::io::Error::other("the file was already finished"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> AtomicOutput {
        let mut out = AtomicOutput::create(&dir.join(name)).unwrap();
        out.sink().write_all(bytes).unwrap();
        out
    }

    fn temporaries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TEMPORARY_PREFIX))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_unit_is_put_in_place_whole_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.wav"), b"old audio").unwrap();
        let unit = vec![
            write(dir.path(), "a.srt", b"new srt"),
            write(dir.path(), "a.wav", b"new audio"),
        ];
        assert_eq!(temporaries(dir.path()).len(), 2);
        commit_unit(unit).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("a.wav")).unwrap(),
            b"new audio"
        );
        assert_eq!(std::fs::read(dir.path().join("a.srt")).unwrap(), b"new srt");
        assert_eq!(temporaries(dir.path()), Vec::<String>::new());
        assert!(!in_flight().iter().any(|p| p.starts_with(dir.path())));
    }

    #[test]
    fn a_rename_that_fails_puts_back_the_files_already_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.srt"), b"old srt").unwrap();
        std::fs::write(d.join("a.wav"), b"old audio").unwrap();
        let unit = vec![
            write(d, "a.srt", b"new srt"),
            write(d, "b.json", b"new manifest"),
            write(d, "a.json", b"new manifest"),
            write(d, "a.wav", b"new audio"),
        ];
        // In the way only after the files were started: the rename is what fails.
        std::fs::create_dir(d.join("a.json")).unwrap();
        let err = commit_unit(unit).unwrap_err().to_string();
        assert!(err.contains("a.json") && err.contains("none of"), "{err}");
        assert_eq!(std::fs::read(d.join("a.srt")).unwrap(), b"old srt");
        assert_eq!(std::fs::read(d.join("a.wav")).unwrap(), b"old audio");
        // A file the unit added is taken away again.
        assert!(!d.join("b.json").exists());
        assert!(d.join("a.json").is_dir());
        assert_eq!(temporaries(d), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(dir.path(), "a.json", b"new").commit().unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }

    /// A leftover temporary file, last written `age` ago.
    fn leftover(dir: &Path, name: &str, age: Duration) -> PathBuf {
        let path = dir.join(name);
        let file = File::create(&path).unwrap();
        file.set_modified(SystemTime::now() - age).unwrap();
        path
    }

    #[test]
    fn only_unlocked_old_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let hours = Duration::from_secs(2 * 60 * 60);
        let abandoned = leftover(d, ".narrate-abandoned.part", hours);
        let held = leftover(d, ".narrate-held.part", hours);
        let fresh = leftover(d, ".narrate-fresh.part", Duration::from_secs(60));
        let not_ours = leftover(d, "notes.part", hours);
        let backup = leftover(d, ".narrate-kept.old", hours);
        let lock = std::fs::OpenOptions::new().write(true).open(&held).unwrap();
        lock.lock().unwrap();
        remove_leftovers(d);
        assert!(!abandoned.exists());
        assert!(held.exists() && fresh.exists() && not_ours.exists() && backup.exists());
        drop(lock);
        remove_leftovers(d);
        assert!(!held.exists() && fresh.exists());
    }

    #[test]
    fn a_file_being_written_is_locked_by_its_writer() {
        let dir = tempfile::tempdir().unwrap();
        let out = write(dir.path(), "a.wav", b"x");
        let other = std::fs::OpenOptions::new()
            .write(true)
            .open(&out.temporary)
            .unwrap();
        assert!(matches!(
            other.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        // Even an hour later, neither another run nor this one removes it.
        other
            .set_modified(SystemTime::now() - 2 * LEFTOVER_AGE)
            .unwrap();
        remove_leftovers(dir.path());
        assert!(out.temporary.exists());
        let temporary = out.temporary.clone();
        drop(out);
        assert!(!temporary.exists());
    }

    #[test]
    fn a_new_file_replaces_nothing_even_one_that_appears_while_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.wav"), b"old audio").unwrap();
        let err = AtomicOutput::create_new(&d.join("a.wav"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("a.wav") && err.contains("already exists"),
            "{err}"
        );
        assert_eq!(temporaries(d), Vec::<String>::new());
        // Nothing in the way: put in place.
        let mut out = AtomicOutput::create_new(&d.join("b.wav")).unwrap();
        out.sink().write_all(b"new audio").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read(d.join("b.wav")).unwrap(), b"new audio");
        // The sidecar is new; the audio's target appears while the unit is written:
        // neither is put in place, and what appeared is kept as it is.
        let mut srt = AtomicOutput::create_new(&d.join("c.srt")).unwrap();
        srt.sink().write_all(b"new srt").unwrap();
        let mut wav = AtomicOutput::create_new(&d.join("c.wav")).unwrap();
        wav.sink().write_all(b"new audio").unwrap();
        std::fs::write(d.join("c.wav"), b"someone else's").unwrap();
        let err = commit_unit(vec![srt, wav]).unwrap_err().to_string();
        assert!(
            err.contains("c.wav") && err.contains("already exists"),
            "{err}"
        );
        assert_eq!(std::fs::read(d.join("c.wav")).unwrap(), b"someone else's");
        assert!(!d.join("c.srt").exists());
        assert_eq!(temporaries(d), Vec::<String>::new());
    }

    #[test]
    fn a_folder_in_the_way_is_refused_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a.srt")).unwrap();
        let err = AtomicOutput::create(&dir.path().join("a.srt"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("a.srt") && err.contains("folder"), "{err}");
        assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    }
}
