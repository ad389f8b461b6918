//! Batches: the inputs a user names (files, directories, standard input) in, one
//! [`Job`] per article with the path its audio goes to, and the jobs run in parallel on
//! rayon's one pool, their sentences on the same pool (rayon nests the work; there is
//! never a pool within a pool). [`Summary`] says what became of each.
//!
//! A directory stands for every article in it, recursively, in name order (`.txt`,
//! `.html`, `.htm`, `.md`, `.markdown`); its articles' outputs keep their place in the
//! tree under the output directory, so `articles/world/x.html` becomes
//! `out/world/x.wav`. Two inputs that would write the same file are refused before any
//! work, as a usage error.

use crate::encode::OutputFormat;
use crate::error::{Error, Result};
use crate::read::Input;
use crate::render::{Destination, Rendered};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The extensions of the files a directory contributes.
pub const ARTICLE_EXTENSIONS: [&str; 5] = ["txt", "html", "htm", "md", "markdown"];

/// One article and where its audio goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub input: Input,
    pub destination: Destination,
}

/// An input as named, before its directories are expanded: the input and, for files
/// found in a directory, their path under that directory (which names the output).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    input: Input,
    under: Option<PathBuf>,
}

/// Expands directories into the articles in them; also returns the symbolic links in
/// them that were not followed.
fn expand(args: &[String], follow: bool) -> Result<(Vec<Found>, Vec<SkippedLink>)> {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for arg in args {
        let input = Input::parse(arg);
        match &input {
            Input::File(dir) if dir.is_dir() => {
                let (mut files, links) = walk(dir, follow)?;
                skipped.extend(links);
                if files.is_empty() {
                    return Err(Error::Usage(format!(
                        "{} holds no articles (files ending in .{})",
                        crate::display::path(dir),
                        ARTICLE_EXTENSIONS.join(", .")
                    )));
                }
                files.sort();
                out.extend(files.into_iter().map(|(path, under)| Found {
                    input: Input::File(path),
                    under: Some(under),
                }));
            }
            _ => out.push(Found { input, under: None }),
        }
    }
    if out.iter().filter(|f| f.input == Input::Stdin).count() > 1 {
        return Err(Error::Usage(
            "standard input (-) can be read only once".into(),
        ));
    }
    Ok((out, skipped))
}

/// A symbolic link found in a directory that the walk did not follow, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedLink {
    /// The link, as found under the directory named.
    pub path: PathBuf,
    pub why: SkipReason,
}

/// Why a symbolic link in a directory was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// It points to a folder, and `--follow` was not given.
    Folder,
    /// It points to an article outside the directory named, and `--follow` was not given.
    OutsideTree,
    /// It points to nothing that exists.
    Broken,
    /// It points to a folder already walked (a loop, or two links to one folder).
    AlreadyWalked,
}

impl std::fmt::Display for SkippedLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.why {
            SkipReason::Folder => "a link to a folder (--follow follows links)",
            SkipReason::OutsideTree => {
                "a link to a file outside the folder (--follow follows links)"
            }
            SkipReason::Broken => "a link to nothing",
            SkipReason::AlreadyWalked => "a link to a folder already read (a loop)",
        };
        write!(f, "{}: {why}", crate::display::path(&self.path))
    }
}

/// What identifies a folder however it is reached: its device and inode, so that a
/// folder reached again through a link (a loop, `a -> .`) is recognised.
#[cfg(unix)]
fn folder_identity(_path: &Path, meta: &std::fs::Metadata) -> (u64, u64, PathBuf) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino(), PathBuf::new())
}

#[cfg(not(unix))]
fn folder_identity(path: &Path, _meta: &std::fs::Metadata) -> (u64, u64, PathBuf) {
    (
        0,
        0,
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
    )
}

fn is_article(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// An article found in a directory: its path, and its path under the directory.
type ArticleFound = (PathBuf, PathBuf);

/// The articles under `root`, each with its path relative to `root`, and the symbolic
/// links not followed. A link to a folder is followed only when `follow` is set, and
/// then only to a folder not walked yet; without `follow`, a link to a file is followed
/// only when the file is inside `root`. No folder is walked twice, so a loop ends.
///
/// Hand-written rather than with the `walkdir` crate: the walk is thirty lines, and the
/// rule for links to files (inside the tree or not) and the report of what was skipped
/// are ours either way.
fn walk(root: &Path, follow: bool) -> Result<(Vec<ArticleFound>, Vec<SkippedLink>)> {
    let read_error = |dir: &Path| {
        let path = dir.display().to_string();
        move |source| Error::Read {
            path: path.clone(),
            source,
        }
    };
    let root_meta = std::fs::metadata(root).map_err(read_error(root))?;
    let canonical_root = std::fs::canonicalize(root).map_err(read_error(root))?;
    let mut walked = std::collections::HashSet::new();
    walked.insert(folder_identity(root, &root_meta));
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    let mut folders = vec![root.to_path_buf()];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir).map_err(read_error(&dir))? {
            let entry = entry.map_err(read_error(&dir))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(read_error(&path))?;
            let under = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let mut skip = |why| {
                skipped.push(SkippedLink {
                    path: path.clone(),
                    why,
                })
            };
            if kind.is_symlink() {
                let Ok(target) = std::fs::metadata(&path) else {
                    if is_article(&path) {
                        skip(SkipReason::Broken);
                    }
                    continue;
                };
                if target.is_dir() {
                    if !follow {
                        skip(SkipReason::Folder);
                    } else if walked.insert(folder_identity(&path, &target)) {
                        folders.push(path);
                    } else {
                        skip(SkipReason::AlreadyWalked);
                    }
                } else if is_article(&path) {
                    let inside = std::fs::canonicalize(&path)
                        .is_ok_and(|real| real.starts_with(&canonical_root));
                    if follow || inside {
                        files.push((path.clone(), under(&path)));
                    } else {
                        skip(SkipReason::OutsideTree);
                    }
                }
            } else if kind.is_dir() {
                let meta = entry.metadata().map_err(read_error(&path))?;
                // A folder mounted twice (a bind mount) is walked once too.
                if walked.insert(folder_identity(&path, &meta)) {
                    folders.push(path);
                }
            } else if is_article(&path) {
                files.push((path.clone(), under(&path)));
            }
        }
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, skipped))
}

/// The jobs of a batch, the format they are written in, and the symbolic links its
/// directories held that were not followed.
#[derive(Debug)]
pub struct Batch {
    pub jobs: Vec<Job>,
    pub format: OutputFormat,
    pub skipped: Vec<SkippedLink>,
}

/// The jobs for `args`: each input with the file its audio goes to, in `format`, under
/// `output` (a file for one input, a directory, or `-` for standard output; `out/` when
/// not given). `format` is the format asked for, if any; a file name's extension
/// otherwise decides, then WAV. A directory's links to folders (and to files outside
/// it) are followed only with `follow`.
pub fn plan_jobs(
    args: &[String],
    output: Option<&Path>,
    format: Option<OutputFormat>,
    follow: bool,
) -> Result<Batch> {
    let (found, skipped) = expand(args, follow)?;
    let is_dir = |p: &Path| p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/');
    let named_in = |dir: &Path, f: &Found, format: OutputFormat| {
        let relative = match &f.under {
            Some(under) => under.with_extension(format.extension()),
            None => PathBuf::from(format!("{}.{}", f.input.stem(), format.extension())),
        };
        Destination::File(dir.join(relative))
    };
    let (jobs, format) = match output {
        Some(p) if p.as_os_str() == "-" => {
            if found.len() != 1 {
                return Err(Error::Usage(format!(
                    "{} inputs cannot all go to standard output; give -o a directory",
                    found.len()
                )));
            }
            let job = Job {
                input: found[0].input.clone(),
                destination: Destination::Stdout,
            };
            (vec![job], format.unwrap_or(OutputFormat::Wav))
        }
        Some(p) if !is_dir(p) => {
            if found.len() != 1 {
                return Err(Error::Usage(format!(
                    "{} inputs need an output directory, and {} is a file name (end it with / to make a directory)",
                    found.len(),
                    p.display()
                )));
            }
            let from_name = OutputFormat::from_path(p);
            let format = match (format, from_name) {
                (Some(asked), Some(named)) if asked != named => {
                    return Err(Error::Usage(format!(
                        "{} is named as .{} but --format asks for {}",
                        p.display(),
                        named.extension(),
                        asked.extension()
                    )))
                }
                (_, Some(named)) => named,
                (Some(asked), None) => {
                    return Err(Error::Usage(format!(
                        "cannot write {}: name it NAME.{}",
                        p.display(),
                        asked.extension()
                    )))
                }
                (None, None) => {
                    return Err(Error::Usage(format!(
                        "cannot tell the audio format of {}: name it .wav, .flac, .mp3 or .opus, or use --format",
                        p.display()
                    )))
                }
            };
            let job = Job {
                input: found[0].input.clone(),
                destination: Destination::File(p.to_path_buf()),
            };
            (vec![job], format)
        }
        _ => {
            let dir = output.unwrap_or(Path::new("out"));
            let format = format.unwrap_or(OutputFormat::Wav);
            let jobs = found
                .iter()
                .map(|f| Job {
                    input: f.input.clone(),
                    destination: named_in(dir, f, format),
                })
                .collect();
            (jobs, format)
        }
    };
    // Two inputs writing one file would lose one of them.
    let mut seen: Vec<(&Destination, &Input)> = Vec::new();
    for job in &jobs {
        if let Some((_, first)) = seen.iter().find(|(d, _)| **d == job.destination) {
            return Err(Error::Usage(format!(
                "{} and {} would both be written to {}; render them into different directories",
                first.name(),
                job.input.name(),
                job.destination.display()
            )));
        }
        seen.push((&job.destination, &job.input));
    }
    Ok(Batch {
        jobs,
        format,
        skipped,
    })
}

/// The same file however it is named (`a.txt`, `./a.txt`, a link to it, a hard link):
/// its device and inode.
#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Refuses, as a usage error before any work, a batch that would write over one of its
/// own inputs: an audio file, or a sidecar beside it (its name with one of
/// `sidecar_extensions`, as `json` for the manifest), that is the same file as an input
/// however either is named (`./a.txt`, a symbolic or hard link).
pub fn refuse_overwriting_inputs(jobs: &[Job], sidecar_extensions: &[&str]) -> Result<()> {
    let inputs: std::collections::HashMap<_, &Path> = jobs
        .iter()
        .filter_map(|job| match &job.input {
            Input::File(path) => file_identity(path).map(|id| (id, path.as_path())),
            Input::Stdin => None,
        })
        .collect();
    if inputs.is_empty() {
        return Ok(());
    }
    for job in jobs {
        for output in outputs_of(job, sidecar_extensions) {
            if let Some(input) = file_identity(&output).and_then(|id| inputs.get(&id)) {
                return Err(Error::Usage(format!(
                    "{} would be written over the input {}; choose another output with -o",
                    crate::display::path(&output),
                    crate::display::path(input)
                )));
            }
        }
    }
    Ok(())
}

/// The files a job writes: its audio file, then each sidecar beside it (its name with
/// one of `sidecar_extensions`); none for standard output.
fn outputs_of(job: &Job, sidecar_extensions: &[&str]) -> Vec<PathBuf> {
    let Destination::File(audio) = &job.destination else {
        return Vec::new();
    };
    std::iter::once(audio.clone())
        .chain(sidecar_extensions.iter().map(|e| audio.with_extension(e)))
        .collect()
}

/// `--no-clobber`: refuses, before any work, a batch that would replace a file (an
/// audio file or a sidecar, anything at its path). The error names the first such file
/// and counts the others.
pub fn refuse_replacing(jobs: &[Job], sidecar_extensions: &[&str]) -> Result<()> {
    let existing: Vec<PathBuf> = jobs
        .iter()
        .flat_map(|job| outputs_of(job, sidecar_extensions))
        .filter(|path| std::fs::symlink_metadata(path).is_ok())
        .collect();
    let Some(first) = existing.first() else {
        return Ok(());
    };
    let mut source = crate::output::already_exists();
    if existing.len() > 1 {
        source = std::io::Error::new(
            source.kind(),
            format!(
                "{source} ({} more outputs exist; --skip-existing passes over inputs already rendered)",
                existing.len() - 1
            ),
        );
    }
    Err(Error::Write {
        path: first.clone(),
        source,
    })
}

/// `--skip-existing`: splits off the jobs whose audio file exists already. The audio is
/// the product: an input is taken as rendered when its audio file is there, whether or
/// not its sidecars are (ask for them again without --skip-existing to remake them).
/// Returns the jobs to run and those passed over, each in input order; a job for
/// standard output is never passed over.
pub fn split_existing(jobs: Vec<Job>) -> (Vec<Job>, Vec<Job>) {
    jobs.into_iter().partition(|job| match &job.destination {
        Destination::File(audio) => std::fs::symlink_metadata(audio).is_err(),
        Destination::Stdout => true,
    })
}

/// What became of every job, in input order.
#[derive(Debug)]
pub struct Summary {
    pub outcomes: Vec<(Job, Outcome)>,
}

/// What became of one job.
#[derive(Debug)]
pub enum Outcome {
    Rendered(Rendered),
    Failed(Error),
    /// Not started: an earlier job failed and `--keep-going` was not given.
    Skipped,
}

impl Summary {
    pub fn rendered(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Rendered(_)))
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    /// The inputs that failed, named as given, in input order.
    pub fn failed_inputs(&self) -> Vec<String> {
        self.outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Failed(_)))
            .map(|(job, _)| job.input.name())
            .collect()
    }

    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped))
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.outcomes.iter().filter(|(_, o)| f(o)).count()
    }
}

/// Runs `render` on every job in parallel, each as soon as a thread is free. Without
/// `keep_going`, the first failure stops jobs from starting (those running finish);
/// `done` is called as each job ends, from its thread.
pub fn run(
    jobs: Vec<Job>,
    keep_going: bool,
    render: &(dyn Fn(&Job) -> Result<Rendered> + Sync),
    done: &(dyn Fn(&Job, &Outcome) + Sync),
) -> Summary {
    let stop = AtomicBool::new(false);
    let outcomes = jobs
        .into_par_iter()
        // One job per task, so that a long article does not hold back the short ones
        // queued behind it.
        .with_max_len(1)
        .map(|job| {
            if stop.load(Ordering::SeqCst) {
                return (job, Outcome::Skipped);
            }
            let outcome = match render(&job) {
                Ok(r) => Outcome::Rendered(r),
                Err(e) => {
                    if !keep_going {
                        stop.store(true, Ordering::SeqCst);
                    }
                    Outcome::Failed(e)
                }
            };
            done(&job, &outcome);
            (job, outcome)
        })
        .collect();
    Summary { outcomes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    /// The jobs and format of a batch whose directories' links are not followed.
    fn planned(
        args: &[String],
        output: Option<&Path>,
        format: Option<OutputFormat>,
    ) -> Result<(Vec<Job>, OutputFormat)> {
        plan_jobs(args, output, format, false).map(|b| (b.jobs, b.format))
    }

    fn paths(jobs: &[Job]) -> Vec<String> {
        jobs.iter().map(|j| j.destination.display()).collect()
    }

    #[test]
    fn directories_expand_to_their_articles_and_keep_their_tree() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("articles");
        std::fs::create_dir_all(root.join("world")).unwrap();
        for f in [
            "b.txt",
            "a.html",
            "world/c.md",
            "notes.pdf",
            "world/d.MARKDOWN",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let out = dir.path().join("o");
        let (jobs, format) = planned(
            &args(&[root.to_str().unwrap()]),
            Some(&PathBuf::from(format!("{}/", out.display()))),
            Some(OutputFormat::Mp3),
        )
        .unwrap();
        assert_eq!(format, OutputFormat::Mp3);
        let o = out.display().to_string();
        assert_eq!(
            paths(&jobs),
            vec![
                format!("{o}/a.mp3"),
                format!("{o}/b.mp3"),
                format!("{o}/world/c.mp3"),
                format!("{o}/world/d.mp3")
            ]
        );
        // An empty directory is a usage error.
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let err = planned(&args(&[empty.to_str().unwrap()]), None, None).unwrap_err();
        assert!(matches!(err, Error::Usage(_)), "{err}");
    }

    #[test]
    fn the_format_comes_from_the_flag_or_the_file_name() {
        let one = args(&["a.txt"]);
        let (jobs, f) = planned(&one, Some(Path::new("x/story.flac")), None).unwrap();
        assert_eq!(f, OutputFormat::Flac);
        assert_eq!(paths(&jobs), vec!["x/story.flac"]);
        let (_, f) = planned(&one, Some(Path::new("s.ogg")), None).unwrap();
        assert_eq!(f, OutputFormat::Opus);
        let (jobs, f) = planned(&one, None, None).unwrap();
        assert_eq!(
            (paths(&jobs), f),
            (vec!["out/a.wav".to_string()], OutputFormat::Wav)
        );
        let (jobs, _) = planned(&one, None, Some(OutputFormat::Opus)).unwrap();
        assert_eq!(paths(&jobs), vec!["out/a.opus"]);
        for (output, format) in [
            ("s.mp3", Some(OutputFormat::Flac)),
            ("s.aiff", None),
            ("s", Some(OutputFormat::Mp3)),
        ] {
            let err = planned(&one, Some(Path::new(output)), format).unwrap_err();
            assert!(matches!(err, Error::Usage(_)), "{output}: {err}");
        }
        let (jobs, f) = planned(&one, Some(Path::new("-")), None).unwrap();
        assert_eq!(
            (jobs[0].destination.clone(), f),
            (Destination::Stdout, OutputFormat::Wav)
        );
        // Any format goes to standard output when --format names it.
        let (jobs, f) = planned(&one, Some(Path::new("-")), Some(OutputFormat::Mp3)).unwrap();
        assert_eq!(
            (jobs[0].destination.clone(), f),
            (Destination::Stdout, OutputFormat::Mp3)
        );
    }

    #[test]
    fn existing_outputs_are_found_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let job = |name: &str| Job {
            input: Input::File(PathBuf::from(format!("{name}.txt"))),
            destination: Destination::File(d.join(format!("{name}.wav"))),
        };
        let stdout = Job {
            input: Input::Stdin,
            destination: Destination::Stdout,
        };
        // a: audio there; b: only its manifest; c: nothing.
        std::fs::write(d.join("a.wav"), b"audio").unwrap();
        std::fs::write(d.join("b.json"), b"{}").unwrap();
        let jobs = vec![job("a"), job("b"), job("c")];

        // --no-clobber: any file, audio or sidecar, is in the way.
        let err = refuse_replacing(&jobs, &["json"]).unwrap_err().to_string();
        assert!(err.contains("a.wav") && err.contains("1 more"), "{err}");
        let err = refuse_replacing(&jobs[1..], &["json", "srt"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("b.json") && !err.contains("more"), "{err}");
        refuse_replacing(&jobs[1..], &["srt"]).unwrap();
        refuse_replacing(std::slice::from_ref(&stdout), &["json"]).unwrap();

        // --skip-existing: the audio alone decides.
        let (run, passed) = split_existing(jobs.clone());
        assert_eq!(run, vec![job("b"), job("c")]);
        assert_eq!(passed, vec![job("a")]);
        let (run, passed) = split_existing(vec![stdout.clone()]);
        assert_eq!((run, passed), (vec![stdout], vec![]));
    }

    #[test]
    fn inputs_that_would_share_an_output_are_refused() {
        let err = planned(&args(&["a/x.txt", "b/x.html"]), None, None).unwrap_err();
        assert!(
            matches!(&err, Error::Usage(m) if m.contains("a/x.txt") && m.contains("out/x.wav")),
            "{err}"
        );
        let err =
            planned(&args(&["a.txt", "b.txt"]), Some(Path::new("one.wav")), None).unwrap_err();
        assert!(matches!(err, Error::Usage(_)), "{err}");
        let err = planned(&args(&["-", "-"]), None, None).unwrap_err();
        assert!(matches!(err, Error::Usage(_)), "{err}");
    }
}
