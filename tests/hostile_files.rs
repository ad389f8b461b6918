//! Hostile file systems and names, through the binary with the espeak-ng voice:
//!
//! - symbolic links inside a directory input are not followed unless `--follow` is
//!   given; with it, a loop is walked once; every link skipped is named on stderr;
//! - an output (audio, subtitles, manifest) that is the same file as an input is
//!   refused before any work, with exit code 2, and nothing is written;
//! - control characters from an article or a file name never reach the terminal, the
//!   subtitle files or the list of written paths, which stays one path a line;
//! - the batch summary names the inputs that failed.

mod common;

use common::{stderr, stdout};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// One short article.
const ARTICLE: &str = "A short story\n\nThe council met on Monday.\n";

/// Runs `narrate ARGS` and kills it if it has not ended within `limit`: a run that
/// walks a loop of links forever fails the test instead of hanging it.
fn narrate_within(args: &[&str], limit: Duration) -> Output {
    let (mut cmd, _cache) = common::command();
    let mut child = cmd
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the narrate binary starts");
    let started = Instant::now();
    while child
        .try_wait()
        .expect("the child can be waited on")
        .is_none()
    {
        if started.elapsed() > limit {
            child.kill().expect("the child can be killed");
            let out = child.wait_with_output().expect("the child ends");
            panic!(
                "narrate {args:?} still ran after {limit:?}; stderr: {}",
                stderr(&out)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("the output can be read")
}

fn render(args: &[&str]) -> Output {
    let mut full = vec!["render", "--voice", "en-us", "-j", "2"];
    full.extend_from_slice(args);
    narrate_within(&full, Duration::from_secs(30))
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                folders.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// A folder with one article and the links each case adds, rendered into `out/`.
struct LinkCase {
    name: &'static str,
    /// Links to make: (link path under the folder, target as written in the link).
    links: &'static [(&'static str, &'static str)],
    follow: bool,
    /// The audio files expected under `out/`.
    rendered: &'static [&'static str],
    /// Words each expected on stderr (the skipped links and why).
    said: &'static [&'static str],
}

#[test]
fn links_in_a_folder_input_are_followed_only_when_asked_and_loops_end() {
    // The folder is `tree/`, beside it `elsewhere/` holds an article of its own.
    let cases = [
        LinkCase {
            name: "two links to the folder itself",
            links: &[("again", "."), ("more", ".")],
            follow: false,
            rendered: &["story.wav", "sub/inner.wav"],
            said: &["again: a link to a folder", "more: a link to a folder"],
        },
        LinkCase {
            name: "two links to the folder itself, followed: each folder is read once",
            links: &[("again", "."), ("more", ".")],
            follow: true,
            rendered: &["story.wav", "sub/inner.wav"],
            said: &["again: a link to a folder already read", "more: a link"],
        },
        LinkCase {
            name: "a link back up, not followed",
            links: &[("sub/up", "..")],
            follow: false,
            rendered: &["story.wav", "sub/inner.wav"],
            said: &["up: a link to a folder"],
        },
        LinkCase {
            name: "a link back up, followed: the loop is read once",
            links: &[("sub/up", "..")],
            follow: true,
            rendered: &["story.wav", "sub/inner.wav"],
            said: &["up: a link to a folder already read"],
        },
        LinkCase {
            name: "links out of the tree, not followed",
            links: &[
                ("outside", "../elsewhere"),
                ("far.txt", "../elsewhere/far.txt"),
            ],
            follow: false,
            rendered: &["story.wav", "sub/inner.wav"],
            said: &[
                "outside: a link to a folder",
                "far.txt: a link to a file outside",
            ],
        },
        LinkCase {
            name: "links out of the tree, followed",
            links: &[
                ("outside", "../elsewhere"),
                ("far.txt", "../elsewhere/far.txt"),
            ],
            follow: true,
            rendered: &["far.wav", "outside/far.wav", "story.wav", "sub/inner.wav"],
            said: &[],
        },
        LinkCase {
            name: "a link to a file inside the tree is read",
            links: &[("copy.txt", "sub/inner.txt")],
            follow: false,
            rendered: &["copy.wav", "story.wav", "sub/inner.wav"],
            said: &[],
        },
    ];
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        std::fs::create_dir_all(tree.join("sub")).unwrap();
        std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        std::fs::write(tree.join("story.txt"), ARTICLE).unwrap();
        std::fs::write(tree.join("sub/inner.txt"), ARTICLE).unwrap();
        std::fs::write(dir.path().join("elsewhere/far.txt"), ARTICLE).unwrap();
        for (link, target) in case.links {
            symlink(target, tree.join(link)).unwrap();
        }
        let out = dir.path().join("out");
        let out_arg = format!("{}/", out.display());
        let mut args = vec![tree.to_str().unwrap(), "-o", &out_arg];
        if case.follow {
            args.push("--follow");
        }
        let result = render(&args);
        let err = stderr(&result);
        assert_eq!(result.status.code(), Some(0), "{}: {err}", case.name);
        assert_eq!(files_under(&out), case.rendered, "{}: {err}", case.name);
        for words in case.said {
            assert!(err.contains(words), "{}: '{words}' not in {err}", case.name);
        }
        if case.said.is_empty() {
            assert!(!err.contains("skipped"), "{}: {err}", case.name);
        }
    }
}

/// An input, and the options that would write over it.
struct OverwriteCase {
    name: &'static str,
    /// The input file, made in the folder with an article in it.
    input: &'static str,
    /// A symbolic link to make first (link, target), if any.
    link: Option<(&'static str, &'static str)>,
    /// The arguments after `render INPUT`; `{}` in them is the folder.
    args: &'static [&'static str],
}

#[test]
fn an_output_that_is_an_input_is_refused_and_nothing_is_written() {
    let cases = [
        OverwriteCase {
            name: "the audio file is the input",
            input: "a.wav",
            link: None,
            args: &["-o", "{}/a.wav"],
        },
        OverwriteCase {
            name: "the same file by another path",
            input: "a.wav",
            link: None,
            args: &["-o", "{}/./a.wav"],
        },
        OverwriteCase {
            name: "the audio file is a link to the input",
            input: "a.txt",
            link: Some(("b.wav", "a.txt")),
            args: &["-o", "{}/b.wav"],
        },
        OverwriteCase {
            name: "the subtitles land on the input",
            input: "talk.srt",
            link: None,
            args: &["-o", "{}/talk.wav", "--subtitles", "vtt,srt"],
        },
        OverwriteCase {
            name: "the manifest lands on the input",
            input: "story.json",
            link: None,
            args: &["-o", "{}/story.mp3", "--manifest"],
        },
        OverwriteCase {
            name: "an output folder holding the input",
            input: "a.wav",
            link: None,
            args: &["-o", "{}/"],
        },
    ];
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().display().to_string();
        let input = dir.path().join(case.input);
        std::fs::write(&input, ARTICLE).unwrap();
        if let Some((link, target)) = case.link {
            symlink(target, dir.path().join(link)).unwrap();
        }
        let before = files_under(dir.path());
        let rest: Vec<String> = case.args.iter().map(|a| a.replace("{}", &folder)).collect();
        let mut args = vec![input.to_str().unwrap()];
        args.extend(rest.iter().map(String::as_str));
        let result = render(&args);
        let err = stderr(&result);
        assert_eq!(result.status.code(), Some(2), "{}: {err}", case.name);
        assert!(
            err.contains("would be written over the input"),
            "{}: {err}",
            case.name
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{}: {err}", case.name);
        assert_eq!(
            std::fs::read_to_string(&input).unwrap(),
            ARTICLE,
            "{}",
            case.name
        );
        assert_eq!(
            files_under(dir.path()),
            before,
            "{}: nothing written",
            case.name
        );
    }
}

/// Whether `text` holds a character that must not reach a terminal as it is (a line
/// break is allowed: it ends a line).
fn has_control(text: &str) -> bool {
    text.chars().any(|c| c != '\n' && c.is_control())
}

#[test]
fn control_characters_never_reach_the_terminal_the_subtitles_or_the_path_list() {
    let dir = tempfile::tempdir().unwrap();
    // A name with a line break and an escape that would turn the terminal red, and an
    // article whose words clear the screen, ring the bell and overwrite their line.
    let name = "bad\nname\u{1b}[31m.txt";
    let input = dir.path().join(name);
    std::fs::write(
        &input,
        "A title\u{1b}[2J that clears\n\nThe council\u{7} met on Monday.\rFAKE LINE\n\
         It voted\u{1b}]0;owned\u{7} to keep the library open.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let out_arg = format!("{}/", out.display());

    // plan, as text.
    let plan = narrate_within(
        &["plan", "--voice", "en-us", input.to_str().unwrap()],
        Duration::from_secs(60),
    );
    assert!(plan.status.success(), "{}", stderr(&plan));
    let shown = stdout(&plan);
    assert!(!has_control(&shown), "plan: {shown:?}");
    assert!(
        shown.contains("\\u{1b}[2J"),
        "the escape is shown, not run: {shown}"
    );
    assert!(shown.contains("bad\\nname"), "{shown}");

    // render, with subtitles: the list of paths, the progress lines and the cues.
    let result = render(&[
        input.to_str().unwrap(),
        "-o",
        &out_arg,
        "--subtitles",
        "srt,vtt",
    ]);
    let (listed, err) = (stdout(&result), stderr(&result));
    assert_eq!(result.status.code(), Some(0), "{err}");
    assert!(
        !has_control(&listed) && !has_control(&err),
        "{listed:?} {err:?}"
    );
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 3, "one path a line: {listed:?}");
    assert!(
        lines[0].ends_with("bad\\nname\\u{1b}[31m.wav"),
        "{listed:?}"
    );
    assert!(err.contains("bad\\nname"), "{err}");
    // WebVTT's word timestamp tags aside.
    let tag = regex::Regex::new(r"<[0-9:.]+>").unwrap();
    for ext in ["srt", "vtt"] {
        let cues = std::fs::read_to_string(out.join(format!("bad\nname\u{1b}[31m.{ext}"))).unwrap();
        assert!(!has_control(&cues), "{ext}: {cues:?}");
        let shown = tag.replace_all(&cues, "");
        assert!(
            shown.contains("The council met on Monday."),
            "{ext}: {cues}"
        );
    }

    // An error that names the file.
    let missing = dir.path().join("gone\u{1b}[2J.txt");
    let result = render(&[missing.to_str().unwrap(), "-o", &out_arg]);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{err}");
    assert!(!has_control(&err), "{err:?}");
    assert!(err.contains("gone\\u{1b}[2J.txt"), "{err}");
}

#[test]
fn the_batch_summary_names_the_inputs_that_failed() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("articles");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("good.txt"), ARTICLE).unwrap();
    std::fs::write(tree.join("blank.txt"), "\n\n").unwrap();
    std::fs::write(tree.join("noise.md"), b"\x00\x01binary").unwrap();
    let out_arg = format!("{}/", dir.path().join("out").display());
    let result = render(&[tree.to_str().unwrap(), "-o", &out_arg, "--keep-going"]);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(3), "{err}");
    let summary = err
        .lines()
        .find(|l| l.starts_with("narrate: rendered"))
        .unwrap_or_else(|| panic!("no summary in {err}"));
    assert!(summary.contains("1 of 3 inputs, 2 failed"), "{summary}");
    for name in ["blank.txt", "noise.md"] {
        assert!(summary.contains(name), "{name} not named in: {summary}");
    }
    assert!(!summary.contains("good.txt"), "{summary}");
}
