//! Synthesis on several cores for engines that can speak only one sentence at a time per
//! process: text in, the same [`Chunk`]s the engine gives, from whichever copy is free.
//!
//! libespeak-ng keeps its state in globals, so one process runs one synthesis at a time
//! (see [`super::espeak`]). A [`Pool`] is a [`Voice`] made of worker processes, each the
//! `narrate` binary started as `narrate worker`, with an engine of its own, plus the voice
//! in this process as a last resort. A sentence goes to whichever worker is free; rayon's
//! threads, one per sentence in flight, wait for one when all are busy.
//!
//! # Reproducible speech
//! libespeak-ng also carries state from one sentence to the next that its API cannot
//! reset (the phase of its pitch flutter, its gain control, its cycle counter: statics
//! inside wavegen.c), so a sentence's samples depend on what that process spoke before,
//! and so on `-j` and on which worker got it. A worker therefore never speaks in its own
//! process: it loads the voice once and then, for every sentence, forks a copy of itself
//! that speaks from that same loaded state, sends the reply back through a pipe and
//! exits ([`serve`]). Every sentence is then spoken from the same state, in any worker,
//! in any run: the same text gives the same samples. The cost is one `fork` of a small
//! single-threaded process per sentence (measured: see the pool test and the README
//! figures); a worker is `narrate worker`, whose only other thread is espeak-ng's idle
//! queue thread, which the child never uses. The voice in this process speaks only when
//! no worker is left (none could start, or all died), and then without that guarantee.
//!
//! The protocol on a worker's standard input and output is as small as it can be: a
//! request is the text's byte length (u32, little-endian) and its UTF-8 bytes, then the
//! sentence's [`Style`] the same way ([`Style::describe`], empty for none); a reply
//! is a status byte, then for 0 (speech) the sample count (u32), the samples (i16,
//! little-endian), the word mark count (u32) and the marks (text start and end, start
//! and end sample, u32 each, then a byte: 1 if estimated), for 1 (the engine failed) the message's length (u32) and UTF-8 bytes.
//! A worker ends when its input closes. A worker that cannot start or dies is dropped
//! from the pool and its sentence is spoken by another, or here when none is left, so a
//! pool never fails where the voice alone would not.
//!
//! Written by hand: the crates that run closures in other processes (procspawn, mitosis)
//! fork the calling process, which is unsound with rayon's threads running, or bring a
//! serialisation framework for what is two length-prefixed messages. The fork here is of
//! the worker, which runs no other Rust thread.

use super::{Chunk, Style, Voice, VoiceSettings, WordMark};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Condvar, Mutex, MutexGuard};

/// The reply status of a chunk of speech.
const SPEECH: u8 = 0;
/// The reply status of an engine error.
const FAILED: u8 = 1;
/// The longest text or message accepted on the wire, in bytes.
const MAX_MESSAGE: u32 = 1 << 20;

/// One worker process.
struct Worker {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl Worker {
    /// Starts `exe worker --voice NAME --speed X`.
    fn spawn(exe: &Path, voice: &str, settings: &VoiceSettings) -> Option<Worker> {
        let mut command = Command::new(exe);
        command
            .args(["worker", "--voice", voice, "--speed"])
            .arg(settings.speed.to_string());
        if let Some(speaker) = &settings.speaker {
            command.args(["--speaker", speaker]);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        // Ended with the run if it is interrupted.
        crate::interrupt::track_worker(child.id());
        let input = BufWriter::new(child.stdin.take()?);
        let output = BufReader::new(child.stdout.take()?);
        Some(Worker {
            child,
            input,
            output,
        })
    }

    /// Sends one sentence and reads its reply. `Err` means the worker is broken;
    /// `Ok(Err(message))` that its engine could not speak the text.
    fn speak(
        &mut self,
        text: &str,
        style: &Style,
        sample_rate: u32,
    ) -> std::io::Result<std::result::Result<Chunk, String>> {
        write_message(&mut self.input, text.as_bytes())?;
        write_message(
            &mut self.input,
            style.describe().unwrap_or_default().as_bytes(),
        )?;
        self.input.flush()?;
        let mut status = [0u8];
        self.output.read_exact(&mut status)?;
        match status[0] {
            SPEECH => {
                let count = read_u32(&mut self.output)? as usize;
                // Decoded a block at a time, so the samples are never held twice. The
                // count comes from another process: no more than 2^21 samples (95 s at
                // 22,050 Hz) are reserved before they arrive.
                let mut samples = Vec::with_capacity(count.min(1 << 21));
                let mut block = [0u8; 2 * 4096];
                while samples.len() < count {
                    let bytes = &mut block[..2 * (count - samples.len()).min(4096)];
                    self.output.read_exact(bytes)?;
                    samples.extend(
                        bytes
                            .chunks_exact(2)
                            .map(|b| i16::from_le_bytes([b[0], b[1]])),
                    );
                }
                let marks = read_u32(&mut self.output)? as usize;
                let mut words = Vec::with_capacity(marks.min(1 << 16));
                let mut mark = [0u8; WordMark::ENCODED_LEN];
                for _ in 0..marks {
                    self.output.read_exact(&mut mark)?;
                    words.push(WordMark::decode(&mark));
                }
                Ok(Ok(Chunk {
                    samples,
                    sample_rate,
                    words,
                }))
            }
            FAILED => {
                let message = read_message(&mut self.output)?;
                Ok(Err(String::from_utf8_lossy(&message).into_owned()))
            }
            other => Err(std::io::Error::other(format!(
                "worker replied with status {other}"
            ))),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        crate::interrupt::untrack_worker(self.child.id());
        // Closing its input ends a healthy worker; a hung one is killed.
        let _ = self.input.flush();
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Which copies of the engine are free.
struct Free {
    local: bool,
    workers: Vec<Worker>,
    /// Workers still in the pool, busy or free. While any is, the voice in this process
    /// is not used (its speech depends on what it spoke before).
    alive: usize,
}

/// A voice spread over this process and worker processes.
pub struct Pool {
    local: Box<dyn Voice>,
    free: Mutex<Free>,
    freed: Condvar,
}

/// A copy of the engine, taken from the pool.
enum Slot {
    Local,
    Worker(Worker),
}

impl Pool {
    /// `workers` worker processes of `exe` (the `narrate` binary) speaking with the voice
    /// called `voice`, and `local`, the same voice in this process, for when none is
    /// left. Workers start in the background; any that cannot start are left out.
    pub fn new(
        local: Box<dyn Voice>,
        exe: &Path,
        voice: &str,
        settings: VoiceSettings,
        workers: usize,
    ) -> Pool {
        let workers: Vec<Worker> = (0..workers)
            .filter_map(|_| Worker::spawn(exe, voice, &settings))
            .collect();
        Pool {
            local,
            free: Mutex::new(Free {
                local: true,
                alive: workers.len(),
                workers,
            }),
            freed: Condvar::new(),
        }
    }

    /// How many worker processes the pool holds now (busy ones included only while
    /// they are free; for tests and diagnostics).
    pub fn idle_workers(&self) -> usize {
        self.lock().workers.len()
    }

    fn lock(&self) -> MutexGuard<'_, Free> {
        // The state is a flag and a list; a panic elsewhere cannot leave it half-made.
        self.free.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for a free copy: a worker, or the voice in this process once no worker is
    /// left.
    fn take(&self) -> Slot {
        let mut free = self.lock();
        loop {
            if let Some(worker) = free.workers.pop() {
                return Slot::Worker(worker);
            }
            if free.alive == 0 && free.local {
                free.local = false;
                return Slot::Local;
            }
            free = self.freed.wait(free).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Speaks with the voice in this process, already taken, and gives it back.
    fn speak_here(&self, text: &str, style: &Style) -> std::result::Result<Chunk, String> {
        let result = self.local.synthesize_styled(text, style);
        self.give_back(Some(Slot::Local));
        result
    }

    /// Returns a copy to the pool; `None` for a worker that broke and was dropped.
    fn give_back(&self, slot: Option<Slot>) {
        let mut free = self.lock();
        match slot {
            Some(Slot::Local) => free.local = true,
            Some(Slot::Worker(w)) => free.workers.push(w),
            None => free.alive = free.alive.saturating_sub(1),
        }
        // Everyone waiting looks again: the last worker gone frees the local voice for
        // every waiter at once.
        self.freed.notify_all();
    }
}

impl Voice for Pool {
    fn name(&self) -> &str {
        self.local.name()
    }

    fn sample_rate(&self) -> u32 {
        self.local.sample_rate()
    }

    fn serial(&self) -> bool {
        false
    }

    /// The voice's own: the workers open the same voice with the same settings.
    fn identity(&self) -> String {
        self.local.identity()
    }

    fn synthesize(&self, text: &str) -> std::result::Result<Chunk, String> {
        self.synthesize_styled(text, &Style::default())
    }

    fn synthesize_styled(&self, text: &str, style: &Style) -> std::result::Result<Chunk, String> {
        loop {
            match self.take() {
                Slot::Local => return self.speak_here(text, style),
                Slot::Worker(mut worker) => match worker.speak(text, style, self.sample_rate()) {
                    Ok(result) => {
                        self.give_back(Some(Slot::Worker(worker)));
                        return result;
                    }
                    Err(_) => {
                        // A broken worker leaves the pool; another copy speaks the
                        // sentence.
                        drop(worker);
                        self.give_back(None);
                    }
                },
            }
        }
    }
}

/// The worker's side: answers requests from `input` with `voice` until `input` ends.
/// With `fresh` (for a voice that keeps state between sentences, [`Voice::serial`]),
/// each sentence is spoken in a forked copy of this process, so that every one starts
/// from the state the voice had when it was opened (see "Reproducible speech" above):
/// only for a process that runs no other thread, as `narrate worker`.
pub fn serve(
    voice: &dyn Voice,
    input: impl Read,
    output: impl Write,
    fresh: bool,
) -> std::io::Result<()> {
    let mut input = BufReader::new(input);
    let mut output = BufWriter::new(output);
    loop {
        let text = match read_message(&mut input) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        };
        let text = String::from_utf8_lossy(&text);
        let style = Style::parse(&String::from_utf8_lossy(&read_message(&mut input)?));
        let reply = if fresh {
            fresh::speak(voice, &text, &style)?
        } else {
            encode_reply(voice.synthesize_styled(&text, &style))
        };
        output.write_all(&reply)?;
        output.flush()?;
    }
}

/// The reply to a request: speech, or the engine's message when it failed.
fn encode_reply(result: std::result::Result<Chunk, String>) -> Vec<u8> {
    let mut reply = Vec::new();
    match result.and_then(|chunk| {
        u32::try_from(chunk.samples.len())
            .map(|count| (count, chunk))
            .map_err(|_| "the sentence's audio is too long to send".to_string())
    }) {
        Ok((count, chunk)) => {
            reply.reserve(5 + 2 * chunk.samples.len());
            reply.push(SPEECH);
            reply.extend_from_slice(&count.to_le_bytes());
            for s in &chunk.samples {
                reply.extend_from_slice(&s.to_le_bytes());
            }
            reply.extend_from_slice(&(chunk.words.len() as u32).to_le_bytes());
            for w in &chunk.words {
                w.encode(&mut reply);
            }
        }
        Err(message) => {
            reply.push(FAILED);
            // Cut to what the wire takes; an engine's message is one line.
            let mut end = message.len().min(MAX_MESSAGE as usize);
            while !message.is_char_boundary(end) {
                end -= 1;
            }
            let bytes = &message.as_bytes()[..end];
            reply.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            reply.extend_from_slice(bytes);
        }
    }
    reply
}

/// Speaking one sentence in a forked copy of this process, which exits after it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod fresh {
    use super::{encode_reply, Style, Voice};
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};

    /// The reply for `text`, spoken by `voice` in a child process, so that nothing of
    /// the synthesis stays in this one. A child that dies gives a failure reply.
    ///
    /// Call only in a process that runs no other Rust thread (`narrate worker`): the
    /// child is a copy of the calling thread alone.
    pub fn speak(voice: &dyn Voice, text: &str, style: &Style) -> std::io::Result<Vec<u8>> {
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe2 writes.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: both descriptors were just opened and are owned by nothing else.
        let (read_end, write_end) =
            unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        // SAFETY: the caller runs no other Rust thread; the child only synthesizes
        // (allocation is safe after fork with glibc, whose malloc resets its locks in
        // the child), writes to its pipe and leaves with `_exit`, never returning into
        // the caller's code.
        let pid = unsafe { libc::fork() };
        if pid < 0 {
            return Err(std::io::Error::last_os_error());
        }
        if pid == 0 {
            drop(read_end);
            let status = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let reply = encode_reply(voice.synthesize_styled(text, style));
                std::io::Write::write_all(&mut std::fs::File::from(write_end), &reply).is_ok()
            }));
            let code = if matches!(status, Ok(true)) { 0 } else { 1 };
            // SAFETY: ends the child at once, without running the parent's exit handlers
            // or destructors on its copies of the parent's state.
            unsafe { libc::_exit(code) };
        }
        drop(write_end);
        let mut reply = Vec::new();
        let read = std::fs::File::from(read_end).read_to_end(&mut reply);
        let mut status = 0;
        // SAFETY: `pid` is our child; `status` is a valid place for its exit status.
        while unsafe { libc::waitpid(pid, &mut status, 0) } < 0 {
            let error = std::io::Error::last_os_error();
            if error.kind() != std::io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
        let clean_exit = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
        if read.is_err() || !clean_exit || reply.is_empty() {
            return Ok(encode_reply(Err(
                "the speech engine died while speaking this sentence".to_string(),
            )));
        }
        Ok(reply)
    }
}

/// Without `fork`, the sentence is spoken in this process (not reproducible).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod fresh {
    use super::{encode_reply, Style, Voice};

    pub fn speak(voice: &dyn Voice, text: &str, style: &Style) -> std::io::Result<Vec<u8>> {
        Ok(encode_reply(voice.synthesize_styled(text, style)))
    }
}

fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_message(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let len = read_u32(r)?;
    if len > MAX_MESSAGE {
        return Err(std::io::Error::other(format!("message of {len} bytes")));
    }
    let mut bytes = vec![0u8; len as usize];
    r.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn write_message(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(bytes.len())
        .ok()
        .filter(|&l| l <= MAX_MESSAGE)
        .ok_or_else(|| std::io::Error::other("message too long"))?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthesize::espeak;

    fn espeak() -> Box<dyn Voice> {
        let voice = espeak::open("en-us", VoiceSettings::default()).unwrap();
        Box::new(voice.expect("espeak-ng has en-us"))
    }

    #[test]
    fn the_wire_protocol_round_trips_real_speech() {
        let texts = ["The council met on Tuesday.", "", "Héllo, wörld."];
        let mut requests = Vec::new();
        for text in texts {
            write_message(&mut requests, text.as_bytes()).unwrap();
            write_message(&mut requests, b"").unwrap();
        }
        let mut replies = Vec::new();
        serve(espeak().as_ref(), &requests[..], &mut replies, false).unwrap();
        let mut r = &replies[..];
        for text in texts {
            let mut status = [0u8];
            r.read_exact(&mut status).unwrap();
            assert_eq!(status[0], SPEECH);
            let n = read_u32(&mut r).unwrap() as usize;
            let mut bytes = vec![0u8; n * 2];
            r.read_exact(&mut bytes).unwrap();
            let peak = bytes
                .chunks_exact(2)
                .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])).abs() / 32768.0)
                .fold(0.0, f32::max);
            if text.is_empty() {
                assert_eq!(n, 0);
            } else {
                // At least half a second of audible speech.
                assert!(n > 11025 && peak > 0.1, "{text}: {n} samples, peak {peak}");
            }
            // The word marks follow the samples, 17 bytes each: espeak-ng's own, one for
            // each word of these texts, ending within the text and the samples.
            let marks = read_u32(&mut r).unwrap() as usize;
            assert_eq!(marks, text.split_whitespace().count(), "{text}");
            for _ in 0..marks {
                let mut bytes = [0u8; WordMark::ENCODED_LEN];
                r.read_exact(&mut bytes).unwrap();
                let mark = WordMark::decode(&bytes);
                assert!(
                    mark.text_end <= text.len() && mark.end <= n,
                    "{text}: {mark:?}"
                );
                assert!(!mark.estimated, "{text}: reported, not estimated");
            }
        }
        assert!(r.is_empty(), "no bytes beyond the replies");
    }

    #[test]
    fn a_pool_whose_workers_cannot_start_speaks_locally() {
        let pool = Pool::new(
            espeak(),
            Path::new("/nonexistent/narrate"),
            "en-us",
            VoiceSettings::default(),
            3,
        );
        assert_eq!(pool.idle_workers(), 0);
        assert!(pool.synthesize("Still spoken.").unwrap().samples.len() > 5000);
    }
}
