//! Headless Chromium for the page tests, driven over the DevTools protocol through a
//! pipe (`--remote-debugging-pipe`): commands go to the browser's file descriptor 3,
//! replies and events come from its descriptor 4, each one JSON message ended by a NUL
//! byte. A pipe needs neither a free port nor a WebSocket client, and only the test
//! process can talk to the browser. Hand-written (about a hundred lines over `libc` and
//! `serde_json`) because the DevTools crates bring a WebSocket stack, an async runtime
//! and, for some, a browser download.
//!
//! Chromium is Debian's `chromium`, which `scripts/setup.sh` installs; `$CHROMIUM`
//! names another binary. A machine without it fails the test and says so.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long a command may take before the test fails.
const REPLY_TIMEOUT: Duration = Duration::from_secs(30);

/// The Chromium binary: `$CHROMIUM`, else `chromium` on the `PATH`. Panics, saying to
/// run the set-up script, when there is none: a page test never passes untested.
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "Chromium is not installed, and the listen page is tested in it: run scripts/setup.sh (it installs Debian's chromium), or set $CHROMIUM to a Chromium binary"
    );
}

/// One headless browser with one page open, and every event it has sent.
pub struct Chromium {
    child: Child,
    commands: File,
    replies: Receiver<Value>,
    /// Events received while waiting for replies, oldest first.
    events: VecDeque<Value>,
    /// Every event ever received, for checks at the end (requests, console).
    pub log: Vec<Value>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// A pipe whose ends are closed on exec; (read end, write end).
fn pipe() -> (RawFd, RawFd) {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(r, 0, "pipe2: {}", std::io::Error::last_os_error());
    (fds[0], fds[1])
}

/// `fd` moved to a number of at least 10 (closed on exec), out of the way of 3 and 4.
fn high(fd: RawFd) -> RawFd {
    // SAFETY: plain descriptor calls on a descriptor this process owns.
    unsafe {
        let moved = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 10);
        assert!(moved >= 10, "fcntl: {}", std::io::Error::last_os_error());
        libc::close(fd);
        moved
    }
}

impl Chromium {
    /// Starts headless Chromium (no network of its own, a throw-away profile) with a
    /// page of `width` × `height` CSS pixels open on `about:blank`.
    pub fn launch(width: u32, height: u32) -> Chromium {
        let binary = binary();
        let profile = tempfile::tempdir().expect("a temporary profile folder");
        let (browser_reads, we_write) = pipe();
        let (we_read, browser_writes) = pipe();
        let (browser_reads, browser_writes) = (high(browser_reads), high(browser_writes));
        let mut command = Command::new(&binary);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--mute-audio",
                "--hide-scrollbars",
                "--autoplay-policy=no-user-gesture-required",
                "--remote-debugging-pipe",
                &format!("--window-size={width},{height}"),
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: dup2 is async-signal-safe; the descriptors are open and at least 10,
        // so neither copy overwrites the other.
        unsafe {
            command.pre_exec(move || {
                if libc::dup2(browser_reads, 3) < 0 || libc::dup2(browser_writes, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().unwrap_or_else(|e| {
            panic!(
                "cannot start Chromium ({}): {e}; run scripts/setup.sh",
                binary.display()
            )
        });
        // SAFETY: each descriptor is ours and closed or owned once.
        let (commands, replies_file) = unsafe {
            libc::close(browser_reads);
            libc::close(browser_writes);
            (File::from_raw_fd(we_write), File::from_raw_fd(we_read))
        };
        let (sender, replies) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(replies_file);
            let mut message = Vec::new();
            loop {
                message.clear();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if message.last() == Some(&0) {
                            message.pop();
                        }
                        let Ok(value) = serde_json::from_slice::<Value>(&message) else {
                            continue;
                        };
                        if sender.send(value).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let mut browser = Chromium {
            child,
            commands,
            replies,
            events: VecDeque::new(),
            log: Vec::new(),
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = browser.browser_call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"]
            .as_str()
            .expect("a target id")
            .to_string();
        let attached = browser.browser_call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        for domain in ["Page", "Network", "Runtime", "Log"] {
            browser.call(&format!("{domain}.enable"), json!({}));
        }
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        browser
    }

    fn send(&mut self, method: &str, params: Value, session: Option<String>) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = Value::String(session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("JSON");
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .unwrap_or_else(|e| panic!("Chromium stopped listening ({method}): {e}"));
        let deadline = Instant::now() + REPLY_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.replies.recv_timeout(left) {
                Ok(reply) if reply["id"] == json!(id) => {
                    if let Some(error) = reply.get("error") {
                        panic!("{method} failed: {error}");
                    }
                    return reply["result"].clone();
                }
                Ok(event) => {
                    self.log.push(event.clone());
                    self.events.push_back(event);
                }
                Err(RecvTimeoutError::Timeout) => panic!("Chromium did not answer {method}"),
                Err(RecvTimeoutError::Disconnected) => panic!("Chromium exited during {method}"),
            }
        }
    }

    /// A command to the browser itself.
    pub fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, None)
    }

    /// A command to the page.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(method, params, Some(session))
    }

    /// Waits for the page's event `method` (one received before counts too).
    pub fn wait_for(&mut self, method: &str, timeout: Duration) -> Value {
        if let Some(at) = self.events.iter().position(|e| e["method"] == method) {
            let event = self.events.remove(at).expect("the event is there");
            return event;
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.replies.recv_timeout(left) {
                Ok(event) => {
                    self.log.push(event.clone());
                    if event["method"] == method {
                        return event;
                    }
                    self.events.push_back(event);
                }
                Err(_) => panic!("no {method} from Chromium"),
            }
        }
    }

    /// Opens `path` (a file) and waits until it has loaded.
    pub fn open(&mut self, path: &Path) -> String {
        let url = file_url(path);
        self.events.clear();
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("Page.loadEventFired", REPLY_TIMEOUT);
        url
    }

    /// The value of a JavaScript expression in the page (promises awaited).
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(details) = result.get("exceptionDetails") {
            panic!("{expression}\nthrew: {details}");
        }
        result["result"]["value"].clone()
    }

    /// A mouse click at (x, y) in CSS pixels of the viewport, as a reader's.
    pub fn click(&mut self, x: f64, y: f64) {
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// A key press (`key` as KeyboardEvent.key names it, with its `code`).
    pub fn press(&mut self, key: &str, code: &str, key_code: u32) {
        for kind in ["keyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": key, "code": code,
                       "windowsVirtualKeyCode": key_code, "nativeVirtualKeyCode": key_code}),
            );
        }
    }

    /// A PNG of the viewport.
    pub fn screenshot(&mut self) -> Vec<u8> {
        use base64::Engine;
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("base64")
    }

    /// Every URL the page asked for since it was launched.
    pub fn requested_urls(&self) -> Vec<String> {
        self.log
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str().map(String::from))
            .collect()
    }

    /// Console errors, uncaught exceptions and security (CSP) messages so far.
    pub fn errors(&self) -> Vec<String> {
        self.log
            .iter()
            .filter(|e| {
                e["method"] == "Runtime.exceptionThrown"
                    || (e["method"] == "Log.entryAdded"
                        && (e["params"]["entry"]["level"] == "error"
                            || e["params"]["entry"]["source"] == "security"))
                    || (e["method"] == "Runtime.consoleAPICalled" && e["params"]["type"] == "error")
            })
            .map(|e| e["params"].to_string())
            .collect()
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `file://` URL of an absolute path (percent-encoding what a path may hold).
pub fn file_url(path: &Path) -> String {
    let path = path.canonicalize().expect("the page exists");
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}
