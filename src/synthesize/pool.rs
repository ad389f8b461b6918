//! Synthesis on several cores for engines that can speak only one sentence at a time per
//! process: text in, the same [`Chunk`]s the engine gives, from whichever copy is free.
//!
//! libespeak-ng keeps its state in globals, so one process runs one synthesis at a time
//! (see [`super::espeak`]). A [`Pool`] is a [`Voice`] made of the voice in this process
//! plus worker processes, each the `narrate` binary started as `narrate worker`, with an
//! engine of its own. A sentence goes to whichever copy is free; rayon's threads, one per
//! sentence in flight, wait for one when all are busy.
//!
//! The protocol on a worker's standard input and output is as small as it can be: a
//! request is the text's byte length (u32, little-endian) and its UTF-8 bytes; a reply
//! is a status byte, then for 0 (speech) the sample count (u32) and the samples (i16,
//! little-endian), for 1 (the engine failed) the message's length (u32) and UTF-8 bytes.
//! A worker ends when its input closes. A worker that cannot start or dies is dropped
//! from the pool and its sentence is spoken here instead, so a pool never fails where
//! the voice alone would not.
//!
//! Written by hand: the crates that run closures in other processes (procspawn, mitosis)
//! fork the calling process, which is unsound with rayon's threads running, or bring a
//! serialisation framework for what is two length-prefixed messages.

use super::{Chunk, Voice, VoiceSettings};
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
        sample_rate: u32,
    ) -> std::io::Result<std::result::Result<Chunk, String>> {
        write_message(&mut self.input, text.as_bytes())?;
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
                Ok(Ok(Chunk {
                    samples,
                    sample_rate,
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
    /// `local` plus `workers` worker processes of `exe` (the `narrate` binary) speaking
    /// with the voice called `voice`. Workers start in the background; any that cannot
    /// start are left out.
    pub fn new(
        local: Box<dyn Voice>,
        exe: &Path,
        voice: &str,
        settings: VoiceSettings,
        workers: usize,
    ) -> Pool {
        let workers = (0..workers)
            .filter_map(|_| Worker::spawn(exe, voice, &settings))
            .collect();
        Pool {
            local,
            free: Mutex::new(Free {
                local: true,
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

    /// Waits for a free copy: a worker first, so this process stays free for the
    /// stitching work around synthesis.
    fn take(&self) -> Slot {
        let mut free = self.lock();
        loop {
            if let Some(worker) = free.workers.pop() {
                return Slot::Worker(worker);
            }
            if free.local {
                free.local = false;
                return Slot::Local;
            }
            free = self.freed.wait(free).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Waits for the voice in this process to be free and takes it.
    fn take_local(&self) {
        let mut free = self.lock();
        while !free.local {
            free = self.freed.wait(free).unwrap_or_else(|p| p.into_inner());
        }
        free.local = false;
    }

    /// Speaks with the voice in this process, already taken, and gives it back.
    fn speak_here(&self, text: &str) -> std::result::Result<Chunk, String> {
        let result = self.local.synthesize(text);
        self.give_back(Some(Slot::Local));
        result
    }

    fn give_back(&self, slot: Option<Slot>) {
        let mut free = self.lock();
        match slot {
            Some(Slot::Local) => free.local = true,
            Some(Slot::Worker(w)) => free.workers.push(w),
            None => {}
        }
        self.freed.notify_one();
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
        match self.take() {
            Slot::Local => self.speak_here(text),
            Slot::Worker(mut worker) => match worker.speak(text, self.sample_rate()) {
                Ok(result) => {
                    self.give_back(Some(Slot::Worker(worker)));
                    result
                }
                Err(_) => {
                    // A broken worker leaves the pool; this sentence is spoken here.
                    drop(worker);
                    self.give_back(None);
                    self.take_local();
                    self.speak_here(text)
                }
            },
        }
    }
}

/// The worker's side: answers requests from `input` with `voice` until `input` ends.
pub fn serve(voice: &dyn Voice, input: impl Read, output: impl Write) -> std::io::Result<()> {
    let mut input = BufReader::new(input);
    let mut output = BufWriter::new(output);
    loop {
        let text = match read_message(&mut input) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        };
        let text = String::from_utf8_lossy(&text);
        match voice.synthesize(&text) {
            Ok(chunk) => {
                output.write_all(&[SPEECH])?;
                let count = u32::try_from(chunk.samples.len())
                    .map_err(|_| std::io::Error::other("chunk too long"))?;
                output.write_all(&count.to_le_bytes())?;
                for s in &chunk.samples {
                    output.write_all(&s.to_le_bytes())?;
                }
            }
            Err(message) => {
                output.write_all(&[FAILED])?;
                write_message(&mut output, message.as_bytes())?;
            }
        }
        output.flush()?;
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
        }
        let mut replies = Vec::new();
        serve(espeak().as_ref(), &requests[..], &mut replies).unwrap();
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
