//! The espeak-ng engine: one sentence of text in, 16-bit PCM from libespeak-ng out,
//! returned as a [`Chunk`] as it is, at the engine's rate (22050 Hz).
//!
//! Voices are named by espeak-ng's language code (`en-us`, `en-gb`, `de`, …), the first
//! language each espeak-ng voice file lists; a voice's other languages (`en` for
//! `en-gb`) are accepted too when no voice has them as its first.
//!
//! # Why hand-written FFI
//! narrate needs eight functions of `speak_lib.h`, so they are declared here by hand and
//! checked against the header (Debian 12, espeak-ng 1.51; see the layout assertions in
//! `ffi`). The crates on crates.io did not fit: `espeakng-sys` generates its bindings
//! with bindgen (needs libclang at build time), `espeak-rs` builds its own copy of
//! espeak-ng through `espeak-rs-sys`, `espeak-sys` binds the old libespeak rather than
//! espeak-ng, and `espeak-ng` is a young pure-Rust port rather than the library.
//! `build.rs` links the system's libespeak-ng.
//!
//! # Threads
//! libespeak-ng keeps global state and is not thread-safe (two threads crash it within
//! seconds), while the pipeline calls [`Voice::synthesize`] from many rayon threads. So
//! the library is initialised exactly once ([`OnceLock`]) and every call into it goes
//! through one global lock, `ESPEAK`. Voice and rate are set inside the lock on every
//! call, since voices with different settings share the one engine. In synchronous
//! mode espeak-ng hands the audio to a callback on the calling thread before
//! `espeak_Synth` returns; the callback appends it to the buffer owned by the locked
//! state, reached through the `user_data` pointer espeak-ng copies into every event.
//! [`Voice::serial`] says so, and `narrate render` then speaks on several cores through
//! a [`super::pool::Pool`] of processes, each with its own copy of the library.
//!
//! The same text with the same voice does not give bit-identical samples on every call
//! in one process: libespeak-ng carries its pitch-flutter phase, its gain control and a
//! cycle counter from one utterance to the next (statics of wavegen.c) and draws breath
//! noise from the C `rand()`, none of which its API can reset (measured with 1.51:
//! re-selecting the voice, re-seeding `rand()`, even `espeak_Initialize` again leave a
//! sentence's samples depending on what came before). The differences are tiny (a few
//! samples of length, the fine waveform), but they make bytes differ. `narrate render`
//! therefore speaks through [`super::pool`], whose workers speak every sentence in a
//! fresh fork of a process that has only loaded the voice: each sentence then starts
//! from the same state, whatever was spoken before, in whichever process.
//!
//! # No audio device
//! narrate only takes samples from the callback, yet `espeak_Initialize` (1.51) opens an
//! audio output through pcaudiolib whatever the output mode: it connects to PulseAudio
//! (creating `~/.config/pulse` and touching its sockets), else ALSA or OSS. So this
//! module defines pcaudiolib's `create_audio_device_object` itself, returning NULL ("no
//! device"), and `build.rs` exports it from the binary, where the dynamic linker finds
//! it before libpcaudio's. libespeak-ng handles a NULL device, as on a machine without
//! sound (pcaudiolib's `audio_object_*` calls do nothing on NULL), and it only plays
//! audio in the playback modes, which narrate never uses.
//!
//! # Text
//! Text is passed as UTF-8 (`espeakCHARS_UTF8`, never `espeakSSML`), so `<` and `&` are
//! read as text, not markup. Text that contains `[[` is synthesized with
//! `espeakPHONEMES`, so that `[[zEl'EnskI]]` is read as espeak-ng's phoneme mnemonics:
//! the speak stage writes such spans for the lexicon's phoneme entries and splits any
//! other `[[` (see [`crate::speak::lexicon`]). NUL and other control characters are
//! replaced by spaces. Empty or unpronounceable text gives an empty chunk, not an
//! error.
//!
//! # Phonemes for Piper
//! [`phonemize`] uses `espeak_TextToPhonemes`, which reads `[[…]]` as phonemes only
//! while espeak-ng's global `option_phoneme_input` is set. Nothing in the API sets it
//! but synthesis: `espeak_Synth` (its internal `Synthesize`) sets it from the
//! `espeakPHONEMES` flag of every call, and it stays so until the next call (speech.c;
//! `ReadClause` in readclause.c consults it, and `espeak_TextToPhonemes` leaves it
//! alone: so in espeak-ng's current source, and so measured with 1.51, the library
//! narrate links). So for text with `[[`, [`phonemize`] first synthesizes an empty
//! text with `espeakPHONEMES` (its audio, if any, is dropped), reads the clauses, and
//! then synthesizes an empty text without it, all under the lock, so that no other call
//! sees the setting. The tests check that a span comes out as the IPA of its phonemes,
//! which would fail if a later espeak-ng stopped honouring this.

use super::{Chunk, Voice, VoiceInfo, VoiceSettings};
use crate::error::{Error, Result};
use std::ffi::{CStr, CString};
use std::os::raw::{c_int, c_short, c_uint, c_void};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// The engine's name in `narrate voices`.
const ENGINE: &str = "espeak-ng";

/// espeak-ng's normal speaking rate in words per minute, used at speed 1.0.
const RATE_NORMAL: f32 = 175.0;
/// The slowest and fastest rates espeak-ng accepts (`espeakRATE_MINIMUM`/`MAXIMUM`).
const RATE_MIN: i32 = 80;
const RATE_MAX: i32 = 450;

/// Milliseconds of audio per callback in synchronous mode.
const BUFFER_MS: c_int = 500;

/// The hand-written part of `speak_lib.h` that narrate uses.
mod ffi {
    use std::os::raw::{c_char, c_int, c_short, c_uchar, c_uint, c_void};

    /// `espeak_AUDIO_OUTPUT::AUDIO_OUTPUT_SYNCHRONOUS`.
    pub const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
    /// `espeakINITIALIZE_DONT_EXIT`: return instead of calling `exit()` when the data
    /// files are missing.
    pub const INITIALIZE_DONT_EXIT: c_int = 0x8000;
    /// `espeakCHARS_UTF8`.
    pub const CHARS_UTF8: c_uint = 1;
    /// `espeakPHONEMES`: text within `[[ ]]` is phoneme mnemonics.
    pub const PHONEMES: c_uint = 0x100;
    /// `espeak_POSITION_TYPE::POS_CHARACTER`.
    pub const POS_CHARACTER: c_int = 1;
    /// `espeak_PARAMETER::espeakRATE`.
    pub const RATE: c_int = 1;
    /// `espeakPHONEMES_IPA`: phonemes as IPA characters.
    pub const PHONEMES_IPA: c_int = 0x02;
    /// `espeak_ERROR::EE_OK`.
    pub const EE_OK: c_int = 0;

    /// `espeak_EVENT` (C enums are `int`-sized on the platforms espeak-ng supports).
    #[repr(C)]
    pub struct Event {
        pub kind: c_int,
        pub unique_identifier: c_uint,
        pub text_position: c_int,
        pub length: c_int,
        pub audio_position: c_int,
        pub sample: c_int,
        pub user_data: *mut c_void,
        pub id: EventId,
    }

    /// The `id` union of `espeak_EVENT`.
    #[repr(C)]
    pub union EventId {
        pub number: c_int,
        pub name: *const c_char,
        pub string: [c_char; 8],
    }

    /// `espeak_VOICE`.
    #[repr(C)]
    pub struct VoiceEntry {
        pub name: *const c_char,
        /// Pairs of a priority byte and a NUL-terminated language, ended by an empty one.
        pub languages: *const c_char,
        pub identifier: *const c_char,
        pub gender: c_uchar,
        pub age: c_uchar,
        pub variant: c_uchar,
        pub xx1: c_uchar,
        pub score: c_int,
        pub spare: *mut c_void,
    }

    // Layouts as measured with gcc against /usr/include/espeak-ng/speak_lib.h on x86_64
    // (sizeof(espeak_EVENT) == 40, offsetof(user_data) == 24; sizeof(espeak_VOICE) == 40).
    #[cfg(target_pointer_width = "64")]
    const _: () = {
        assert!(std::mem::size_of::<Event>() == 40);
        assert!(std::mem::offset_of!(Event, user_data) == 24);
        assert!(std::mem::offset_of!(Event, id) == 32);
        assert!(std::mem::size_of::<VoiceEntry>() == 40);
        assert!(std::mem::offset_of!(VoiceEntry, identifier) == 16);
        assert!(std::mem::offset_of!(VoiceEntry, gender) == 24);
        assert!(std::mem::offset_of!(VoiceEntry, score) == 28);
    };

    /// `t_espeak_callback`: samples (may be NULL), their count, and the event list
    /// (terminated by an `espeakEVENT_LIST_TERMINATED` event). Returns 0 to go on.
    pub type SynthCallback = unsafe extern "C" fn(*mut c_short, c_int, *mut Event) -> c_int;

    extern "C" {
        pub fn espeak_Initialize(
            output: c_int,
            buflength: c_int,
            path: *const c_char,
            options: c_int,
        ) -> c_int;
        pub fn espeak_SetSynthCallback(callback: SynthCallback);
        pub fn espeak_SetVoiceByName(name: *const c_char) -> c_int;
        pub fn espeak_SetParameter(parameter: c_int, value: c_int, relative: c_int) -> c_int;
        #[allow(clippy::too_many_arguments)]
        pub fn espeak_Synth(
            text: *const c_void,
            size: usize,
            position: c_uint,
            position_type: c_int,
            end_position: c_uint,
            flags: c_uint,
            unique_identifier: *mut c_uint,
            user_data: *mut c_void,
        ) -> c_int;
        pub fn espeak_ListVoices(voice_spec: *mut VoiceEntry) -> *mut *const VoiceEntry;
        /// The library's version string; `path_data` (if not NULL) receives the path of
        /// the espeak-ng-data folder in use.
        pub fn espeak_Info(path_data: *mut *const c_char) -> *const c_char;
        pub fn espeak_TextToPhonemes(
            textptr: *mut *const c_void,
            textmode: c_int,
            phonememode: c_int,
        ) -> *const c_char;
    }
}

/// What is known once the library is up: its sample rate, its voices, its version and
/// where its data is.
struct Library {
    sample_rate: u32,
    voices: Vec<EspeakVoice>,
    /// `espeak_Info`: the library's version and its espeak-ng-data folder, e.g.
    /// "1.51 /usr/lib/x86_64-linux-gnu/espeak-ng-data".
    version: String,
}

/// One voice file of espeak-ng.
#[derive(Debug, Clone)]
struct EspeakVoice {
    /// The first language it lists, lower-cased: the name narrate uses.
    language: String,
    /// Its other languages, lower-cased.
    other_languages: Vec<String>,
    /// espeak-ng's own name for it ("English_(America)").
    description: String,
    /// Its file within espeak-ng-data/voices ("gmw/en-US"); what it is loaded by.
    identifier: String,
}

/// The state behind the global lock: the buffer the synth callback fills.
struct State {
    samples: Vec<i16>,
}

/// The one lock every call into libespeak-ng goes through.
static ESPEAK: Mutex<State> = Mutex::new(State {
    samples: Vec::new(),
});

/// The library, initialised once; the error says why it could not be.
static LIBRARY: OnceLock<std::result::Result<Library, String>> = OnceLock::new();

/// Takes the global lock. A panic while it was held cannot leave the buffer in a state
/// that matters (it is cleared before every use), so a poisoned lock is taken anyway.
fn lock() -> MutexGuard<'static, State> {
    ESPEAK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The library, initialising it on first use. Never call with [`ESPEAK`] held.
fn library() -> std::result::Result<&'static Library, String> {
    LIBRARY
        .get_or_init(|| {
            let _guard = lock();
            initialise()
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Starts libespeak-ng in synchronous mode and reads its voice list. Call with the lock.
fn initialise() -> std::result::Result<Library, String> {
    let setup = "is espeak-ng-data installed? run scripts/setup.sh";
    // SAFETY: called once, under the global lock; a NULL path makes espeak-ng use its
    // default data directory (or $ESPEAK_DATA_PATH). DONT_EXIT makes it return instead
    // of exiting the process when its data is missing.
    let rate = unsafe {
        ffi::espeak_Initialize(
            ffi::AUDIO_OUTPUT_SYNCHRONOUS,
            BUFFER_MS,
            std::ptr::null(),
            ffi::INITIALIZE_DONT_EXIT,
        )
    };
    if rate <= 0 {
        return Err(format!(
            "libespeak-ng failed to initialise (code {rate}); {setup}"
        ));
    }
    // SAFETY: `on_audio` matches `t_espeak_callback` and lives for the whole program.
    unsafe { ffi::espeak_SetSynthCallback(on_audio) };
    let voices = list_voices();
    if voices.is_empty() {
        return Err(format!("libespeak-ng found no voices; {setup}"));
    }
    let mut data: *const std::os::raw::c_char = std::ptr::null();
    // SAFETY: under the global lock, after initialisation; espeak-ng returns static
    // NUL-terminated strings (or leaves `data` NULL), copied at once.
    let version = unsafe {
        let version = c_string(ffi::espeak_Info(&mut data));
        format!("{version} {}", c_string(data))
    };
    Ok(Library {
        sample_rate: rate as u32,
        voices,
        version,
    })
}

/// Reads espeak-ng's voice list. Call with the lock, after initialisation.
fn list_voices() -> Vec<EspeakVoice> {
    // SAFETY: a NULL spec lists every voice; the result is NULL or a NULL-terminated
    // array owned by espeak-ng, valid until the next call, and read only under the lock.
    let list = unsafe { ffi::espeak_ListVoices(std::ptr::null_mut()) };
    let mut out: Vec<EspeakVoice> = Vec::new();
    if list.is_null() {
        return out;
    }
    for i in 0.. {
        // SAFETY: the array is NULL-terminated and we stop at the terminator.
        let entry = unsafe { *list.add(i) };
        if entry.is_null() {
            break;
        }
        // SAFETY: a non-NULL entry points to a valid `espeak_VOICE` whose strings are
        // NUL-terminated (or NULL, which `c_string` handles).
        let (name, identifier, languages) = unsafe {
            let v = &*entry;
            (
                c_string(v.name),
                c_string(v.identifier),
                languages(v.languages),
            )
        };
        let Some((first, rest)) = languages.split_first() else {
            continue;
        };
        if identifier.is_empty() || out.iter().any(|v| v.language == *first) {
            continue;
        }
        out.push(EspeakVoice {
            language: first.clone(),
            other_languages: rest.to_vec(),
            description: name,
            identifier,
        });
    }
    out
}

/// A C string as a Rust string ("" for NULL).
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string.
unsafe fn c_string(p: *const std::os::raw::c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: non-NULL and NUL-terminated, as the caller guarantees.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// The languages of an `espeak_VOICE`, lower-cased, in order.
///
/// # Safety
/// `p` is NULL or points to espeak-ng's language list: (priority byte, NUL-terminated
/// name) pairs ended by a zero priority byte or an empty name.
unsafe fn languages(mut p: *const std::os::raw::c_char) -> Vec<String> {
    let mut out = Vec::new();
    if p.is_null() {
        return out;
    }
    // SAFETY: per the caller's guarantee every read is inside the list, which ends
    // with a zero byte where the next priority byte would be, or an empty name.
    unsafe {
        while *p != 0 {
            let name = CStr::from_ptr(p.add(1));
            let bytes = name.to_bytes();
            if bytes.is_empty() {
                break;
            }
            out.push(String::from_utf8_lossy(bytes).to_lowercase());
            p = p.add(bytes.len() + 2);
        }
    }
    out
}

/// Takes the place of pcaudiolib's constructor of an audio output (see "No audio
/// device" above): no device, so that libespeak-ng never opens PulseAudio, ALSA or OSS.
/// Exported from the executable by `build.rs`, so the dynamic linker binds
/// libespeak-ng's call to this rather than to libpcaudio.
#[no_mangle]
pub extern "C" fn create_audio_device_object(
    _device: *const std::os::raw::c_char,
    _application_name: *const std::os::raw::c_char,
    _description: *const std::os::raw::c_char,
) -> *mut c_void {
    std::ptr::null_mut()
}

/// The synth callback: appends espeak-ng's samples to the buffer that `espeak_Synth`
/// was given as `user_data`.
unsafe extern "C" fn on_audio(wav: *mut c_short, count: c_int, events: *mut ffi::Event) -> c_int {
    if wav.is_null() || count <= 0 || events.is_null() {
        return 0;
    }
    // SAFETY: `events` is non-NULL and espeak-ng always passes at least the terminating
    // event, which like every event carries the `user_data` given to `espeak_Synth`.
    let user_data = unsafe { (*events).user_data };
    if user_data.is_null() {
        return 0;
    }
    // SAFETY: `user_data` is the `&mut Vec<i16>` that `speak` passed to `espeak_Synth`;
    // this callback runs on that thread, inside that call, while the lock is held, so
    // nothing else touches the vector. `wav` holds `count` samples.
    unsafe {
        let buffer = &mut *(user_data as *mut Vec<i16>);
        buffer.extend_from_slice(std::slice::from_raw_parts(wav, count as usize));
    }
    0
}

/// An espeak-ng voice with its settings.
#[derive(Debug)]
pub struct Espeak {
    name: String,
    identifier: CString,
    /// espeakRATE, words per minute.
    rate: c_int,
    sample_rate: u32,
    /// The library's version and data folder ([`version`]).
    version: String,
}

impl Espeak {
    /// Speaks `text` with this voice's voice file and rate: all under the lock.
    fn speak(&self, text: &CStr) -> std::result::Result<Vec<i16>, String> {
        let mut state = lock();
        state.samples.clear();
        // SAFETY: under the global lock; `identifier` is a valid C string.
        let status = unsafe { ffi::espeak_SetVoiceByName(self.identifier.as_ptr()) };
        if status != ffi::EE_OK {
            return Err(format!(
                "espeak-ng could not load its voice (code {status})"
            ));
        }
        // SAFETY: under the global lock; the rate is within espeak-ng's range.
        let status = unsafe { ffi::espeak_SetParameter(ffi::RATE, self.rate, 0) };
        if status != ffi::EE_OK {
            return Err(format!(
                "espeak-ng refused rate {} (code {status})",
                self.rate
            ));
        }
        let buffer: *mut Vec<i16> = &mut state.samples;
        let flags = ffi::CHARS_UTF8 | phoneme_flag(text);
        // SAFETY: under the global lock. In synchronous mode espeak-ng calls `on_audio`
        // with `buffer` only before `espeak_Synth` returns, while `state` (and so the
        // vector) is borrowed here.
        let status = unsafe { synth(text, flags, buffer as *mut c_void) };
        if status != ffi::EE_OK {
            return Err(format!("espeak-ng failed to synthesize (code {status})"));
        }
        Ok(std::mem::take(&mut state.samples))
    }
}

impl Voice for Espeak {
    fn name(&self) -> &str {
        &self.name
    }

    fn serial(&self) -> bool {
        true
    }

    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Everything that shapes its audio: the library's version and data folder, the
    /// voice file (which fixes language and variant), the rate and the sample rate; and
    /// that each sentence is spoken from the freshly loaded voice (see the module docs),
    /// so that no clip cached before that was so is reused.
    fn identity(&self) -> String {
        format!(
            "espeak-ng {}; voice {} ({}); rate {} wpm; {} Hz; each sentence from a fresh state",
            self.version,
            self.identifier.to_string_lossy(),
            self.name,
            self.rate,
            self.sample_rate
        )
    }

    fn synthesize(&self, text: &str) -> std::result::Result<Chunk, String> {
        let mut chunk = Chunk::new(Vec::new(), self.sample_rate);
        let Some(text) = c_text(text) else {
            return Ok(chunk);
        };
        chunk.samples = self.speak(&text)?;
        Ok(chunk)
    }
}

/// `text` as espeak-ng is given it: control characters (NUL among them) replaced by
/// spaces; `None` when nothing but white space is left.
fn c_text(text: &str) -> Option<CString> {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.trim().is_empty() {
        return None;
    }
    // No NUL is left, so this cannot fail.
    CString::new(clean).ok()
}

/// `espeakPHONEMES` when `text` has a phoneme span `[[…]]`, else no flag.
fn phoneme_flag(text: &CStr) -> c_uint {
    if text.to_bytes().windows(2).any(|w| w == b"[[") {
        ffi::PHONEMES
    } else {
        0
    }
}

/// Sets espeak-ng's `option_phoneme_input`, which `espeak_TextToPhonemes` obeys, the
/// only way its API allows: synthesizing an empty text with or without
/// `espeakPHONEMES`. Call with the lock, after a voice is set.
fn set_phoneme_input(on: bool) -> std::result::Result<(), String> {
    let flags = ffi::CHARS_UTF8 | if on { ffi::PHONEMES } else { 0 };
    // SAFETY: under the global lock (the caller holds it). A NULL `user_data` makes
    // `on_audio` ignore whatever audio comes (none).
    let status = unsafe { synth(c"", flags, std::ptr::null_mut()) };
    if status != ffi::EE_OK {
        return Err(format!(
            "espeak-ng could not switch phoneme input (code {status})"
        ));
    }
    Ok(())
}

/// `espeak_Synth` of the whole of `text` with `flags`; its status.
///
/// # Safety
/// The caller holds the global lock, and `user_data` is what `on_audio` expects (a
/// `*mut Vec<i16>` it may push to until this returns) or NULL.
unsafe fn synth(text: &CStr, flags: c_uint, user_data: *mut c_void) -> c_int {
    let bytes = text.to_bytes_with_nul();
    // SAFETY: `text` is NUL-terminated and outlives the call; the rest is the caller's.
    unsafe {
        ffi::espeak_Synth(
            bytes.as_ptr() as *const c_void,
            bytes.len(),
            0,
            ffi::POS_CHARACTER,
            0,
            flags,
            std::ptr::null_mut(),
            user_data,
        )
    }
}

/// One clause of text as espeak-ng's IPA phonemes, with the punctuation that ended it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub phonemes: String,
    /// `.`, `?`, `!`, `,`, `:` or `;`, when the clause ended with one.
    pub terminator: Option<char>,
    /// Whether the clause ends a sentence (a full stop, question or exclamation mark, or
    /// the end of the text).
    pub ends_sentence: bool,
}

/// The IPA phonemes of `text` in the espeak-ng voice `voice` (a language code such as
/// `en-us`), clause by clause, as Piper voices are trained on them.
///
/// libespeak-ng 1.51 (`espeak_TextToPhonemes`) does not report which punctuation ended
/// a clause (the `…WithTerminator` variant is newer), so it is read from the text the
/// call consumed: its last character, closing quotes and brackets skipped, after the one
/// character of the next clause that espeak-ng reads ahead.
///
/// Phoneme spans `[[…]]` (espeak-ng's ASCII mnemonics) come out as the IPA of those
/// phonemes; see "Phonemes for Piper" above.
pub fn phonemize(voice: &str, text: &str) -> std::result::Result<Vec<Clause>, String> {
    library()?;
    let Some(text) = c_text(text) else {
        return Ok(Vec::new());
    };
    let voice_name = CString::new(voice).map_err(|e| e.to_string())?;
    let bytes = text.as_bytes();
    let base = text.as_ptr() as usize;
    let _guard = lock();
    // SAFETY: under the global lock; `voice_name` is a valid C string.
    let status = unsafe { ffi::espeak_SetVoiceByName(voice_name.as_ptr()) };
    if status != ffi::EE_OK {
        return Err(format!("espeak-ng has no voice '{voice}' (code {status})"));
    }
    let phoneme_input = phoneme_flag(&text) != 0;
    if phoneme_input {
        set_phoneme_input(true)?;
    }
    let mut clauses = Vec::new();
    let mut cursor = text.as_ptr() as *const c_void;
    while !cursor.is_null() {
        let start = cursor as usize - base;
        // SAFETY: under the global lock; `cursor` points into the NUL-terminated `text`,
        // which outlives the loop; espeak-ng advances it past the clause it read, or sets
        // it to NULL at the end, and returns a NUL-terminated string it owns, valid until
        // its next call, which is copied at once.
        let phonemes = unsafe {
            let out = ffi::espeak_TextToPhonemes(
                &mut cursor,
                ffi::CHARS_UTF8 as c_int,
                ffi::PHONEMES_IPA,
            );
            if out.is_null() {
                String::new()
            } else {
                CStr::from_ptr(out).to_string_lossy().into_owned()
            }
        };
        let end = if cursor.is_null() {
            bytes.len()
        } else {
            (cursor as usize - base).min(bytes.len())
        };
        if end <= start && !cursor.is_null() {
            break; // espeak-ng did not advance: stop rather than loop forever.
        }
        let consumed = String::from_utf8_lossy(&bytes[start..end.max(start)]);
        // espeak-ng has read one character of the next clause ahead ("Hello, w"): the
        // clause's own text ends before it.
        let own = if cursor.is_null() {
            consumed.as_ref()
        } else {
            let t = consumed.as_ref();
            t.char_indices().last().map_or(t, |(i, _)| &t[..i])
        };
        let own = own.trim_end();
        let before_closing = own.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
        // A clause that ends in a phoneme span has no punctuation of its own: a `:` at
        // the end of the span is a long vowel.
        let terminator = before_closing
            .chars()
            .last()
            .filter(|_| !own[before_closing.len()..].contains("]]"))
            .filter(|c| matches!(c, '.' | '?' | '!' | ',' | ':' | ';'));
        clauses.push(Clause {
            phonemes,
            terminator,
            ends_sentence: cursor.is_null() || matches!(terminator, Some('.' | '?' | '!')),
        });
    }
    if phoneme_input {
        set_phoneme_input(false)?;
    }
    Ok(clauses)
}

/// The library's version and the espeak-ng-data folder it reads, as `espeak_Info` gives
/// them ("1.51 /usr/lib/x86_64-linux-gnu/espeak-ng-data"): part of the identity of
/// every voice whose sound comes from espeak-ng, Piper voices' phonemes included.
pub fn version() -> std::result::Result<String, String> {
    Ok(library()?.version.clone())
}

/// espeak-ng's rate for a speed (1.0 = 175 words per minute), clamped to its range.
fn rate_for(speed: f32) -> c_int {
    // `as` saturates and maps NaN to 0, which the clamp turns into the minimum.
    ((RATE_NORMAL * speed).round() as i32).clamp(RATE_MIN, RATE_MAX)
}

/// Every espeak-ng voice; empty when the library cannot start.
pub fn voices() -> Vec<VoiceInfo> {
    let Ok(library) = library() else {
        return Vec::new();
    };
    library
        .voices
        .iter()
        .map(|v| VoiceInfo {
            name: v.language.clone(),
            engine: ENGINE.to_string(),
            language: v.language.clone(),
            installed: true,
            description: v.description.clone(),
        })
        .collect()
}

/// The espeak-ng voice called `name` (a language code, any case) with `settings`;
/// `Ok(None)` when espeak-ng has no such voice, an error when it cannot start.
pub fn open(name: &str, settings: VoiceSettings) -> Result<Option<Espeak>> {
    let voice_error = |message: String| Error::Voice {
        voice: name.to_string(),
        message,
    };
    // The one speaker is speaker 0, as in a one-speaker Piper voice.
    if settings
        .speaker
        .as_deref()
        .is_some_and(|s| !super::is_first_speaker(s))
    {
        return Err(voice_error(
            "espeak-ng voices have one speaker, speaker 0; leave out --speaker".into(),
        ));
    }
    let library = library().map_err(voice_error)?;
    let wanted = name.trim().to_lowercase();
    let found = library
        .voices
        .iter()
        .find(|v| v.language == wanted)
        .or_else(|| {
            library
                .voices
                .iter()
                .find(|v| v.other_languages.contains(&wanted))
        });
    let Some(found) = found else {
        return Ok(None);
    };
    let identifier =
        CString::new(found.identifier.as_str()).map_err(|e| voice_error(e.to_string()))?;
    let voice = Espeak {
        name: found.language.clone(),
        identifier,
        rate: rate_for(settings.speed),
        sample_rate: library.sample_rate,
        version: library.version.clone(),
    };
    // Load it once now, so a broken voice file shows up here rather than mid-render.
    {
        let _guard = lock();
        // SAFETY: under the global lock; `identifier` is a valid C string.
        let status = unsafe { ffi::espeak_SetVoiceByName(voice.identifier.as_ptr()) };
        if status != ffi::EE_OK {
            return Err(voice_error(format!(
                "espeak-ng could not load voice file {} (code {status}); run scripts/setup.sh",
                found.identifier
            )));
        }
    }
    Ok(Some(voice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_follows_speed_within_espeak_range() {
        assert_eq!(rate_for(1.0), 175);
        assert_eq!(rate_for(2.0), 350);
        assert_eq!(rate_for(0.1), 80);
        assert_eq!(rate_for(10.0), 450);
        assert_eq!(rate_for(f32::NAN), 80);
        assert_eq!(rate_for(f32::INFINITY), 450);
        assert_eq!(rate_for(-1.0), 80);
    }

    #[test]
    fn language_list_is_parsed() {
        let raw = b"\x02en-gb\0\x02en\0\0";
        // SAFETY: a well-formed list ending in a zero byte.
        let langs = unsafe { languages(raw.as_ptr() as *const std::os::raw::c_char) };
        assert_eq!(langs, vec!["en-gb", "en"]);
        // SAFETY: NULL is allowed.
        assert!(unsafe { languages(std::ptr::null()) }.is_empty());
    }
}
