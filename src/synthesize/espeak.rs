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
//! mode espeak-ng hands the audio and its events to a callback on the calling thread
//! before `espeak_Synth` returns; the callback appends them to the `Heard` owned by the
//! locked state, reached through the `user_data` pointer espeak-ng copies into every
//! event.
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
//! # Word times
//! Every chunk carries espeak-ng's own word times (`estimated: false`). Among the events
//! of the synth callback, espeak-ng 1.51 sends an `espeakEVENT_WORD` as it begins to say
//! a word, placed in the wave generator's queue with the word's first phoneme: its
//! `text_position` is the word's first character, counted from 1 in characters (not
//! bytes) of the text given to `espeak_Synth`, through every clause of it; its `sample`
//! counts the samples spoken since that `espeak_Synth` began, whichever callback
//! buffer the event comes with (measured: the count starts at 0 on every call, and the
//! last clause's end event falls on the last sample). The text given is [`c_text`]'s,
//! which replaces characters one for one, so the positions count the caller's
//! characters too and are turned into its byte offsets. espeak-ng reports no event for
//! some words and several for others; [`word_marks`] makes one mark per event that
//! begins a new word, or a part of one that punctuation joins to the next without a
//! space, and gives the words without an event to the mark before (see there). A mark starts at its event's sample and
//! ends where the next begins, the last at the chunk's end: so it takes in a closure
//! before a stop or a pause after a comma, and [`crate::stitch::Clip::new`] moves each
//! start and end onto the word's own sound. The tests check the marks against the
//! audio (each word's sound starts within a stop closure of its mark), and
//! `tests/word_timings.rs` checks the seed's words against the speech onsets of the
//! final audio.
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

use super::{Chunk, Style, Voice, VoiceInfo, VoiceSettings, WordMark};
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
    /// `espeakEVENT_LIST_TERMINATED`: the last event of a callback's list.
    pub const EVENT_LIST_TERMINATED: c_int = 0;
    /// `espeakEVENT_WORD`: the start of a word.
    pub const EVENT_WORD: c_int = 1;

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

/// What the synth callback gathers while one text is spoken: the samples, and where
/// espeak-ng began each word.
#[derive(Debug, Default)]
struct Heard {
    samples: Vec<i16>,
    words: Vec<WordEvent>,
}

/// One `espeakEVENT_WORD`: where a word begins in the text and in the audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordEvent {
    /// The word's first character, counted from 1 in characters (not bytes) of the
    /// text espeak-ng was given.
    position: usize,
    /// The sample where espeak-ng begins to say it, counted from the first sample of
    /// this `espeak_Synth` call.
    sample: usize,
}

/// The state behind the global lock: what the synth callback fills.
struct State {
    heard: Heard,
}

/// The one lock every call into libespeak-ng goes through.
static ESPEAK: Mutex<State> = Mutex::new(State {
    heard: Heard {
        samples: Vec::new(),
        words: Vec::new(),
    },
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

/// The synth callback: appends espeak-ng's samples and word events to the [`Heard`]
/// that `espeak_Synth` was given as `user_data`.
unsafe extern "C" fn on_audio(wav: *mut c_short, count: c_int, events: *mut ffi::Event) -> c_int {
    if events.is_null() {
        return 0;
    }
    // SAFETY: `events` is non-NULL and espeak-ng always passes at least the terminating
    // event, which like every event carries the `user_data` given to `espeak_Synth`.
    let user_data = unsafe { (*events).user_data };
    if user_data.is_null() {
        return 0;
    }
    // SAFETY: `user_data` is the `&mut Heard` that `Espeak::speak` passed to
    // `espeak_Synth`; this callback runs on that thread, inside that call, while the
    // lock is held, so nothing else touches it.
    let heard = unsafe { &mut *(user_data as *mut Heard) };
    let mut event = events;
    loop {
        // SAFETY: the list is ended by an `espeakEVENT_LIST_TERMINATED` event, and we
        // stop at it, so `event` never passes the end of the array.
        let e = unsafe { &*event };
        if e.kind == ffi::EVENT_LIST_TERMINATED {
            break;
        }
        if e.kind == ffi::EVENT_WORD {
            // Positions below 1 (espeak-ng reports 0 for a text of only spaces) and
            // negative samples name no word of the text.
            if let (Ok(position @ 1..), Ok(sample)) =
                (usize::try_from(e.text_position), usize::try_from(e.sample))
            {
                heard.words.push(WordEvent { position, sample });
            }
        }
        // SAFETY: `e` was not the terminator, so the next event is within the array.
        event = unsafe { event.add(1) };
    }
    if !wav.is_null() && count > 0 {
        // SAFETY: `wav` holds `count` samples.
        let samples = unsafe { std::slice::from_raw_parts(wav, count as usize) };
        heard.samples.extend_from_slice(samples);
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
    /// Speaks `text` with this voice's voice file and rate, all under the lock: its
    /// samples and espeak-ng's word events.
    fn speak(&self, text: &CStr, style: &Style) -> std::result::Result<Heard, String> {
        let mut state = lock();
        state.heard = Heard::default();
        // A style's language: its voice by the whole tag ("en-gb"), else by its primary
        // language ("de" for "de-AT"); this voice when espeak-ng has neither.
        let language_loaded = style.language.as_deref().is_some_and(|tag| {
            let tag = tag.to_ascii_lowercase();
            let primary = tag.split(['-', '_']).next().unwrap_or_default().to_string();
            [tag, primary].into_iter().any(|name| {
                CString::new(name).is_ok_and(|name| {
                    // SAFETY: under the global lock; `name` is a valid C string.
                    unsafe { ffi::espeak_SetVoiceByName(name.as_ptr()) == ffi::EE_OK }
                })
            })
        });
        if !language_loaded {
            // SAFETY: under the global lock; `identifier` is a valid C string.
            let status = unsafe { ffi::espeak_SetVoiceByName(self.identifier.as_ptr()) };
            if status != ffi::EE_OK {
                return Err(format!(
                    "espeak-ng could not load its voice (code {status})"
                ));
            }
        }
        let rate = ((self.rate as f32 * style.speed()).round() as c_int).clamp(RATE_MIN, RATE_MAX);
        // SAFETY: under the global lock; the rate is within espeak-ng's range.
        let status = unsafe { ffi::espeak_SetParameter(ffi::RATE, rate, 0) };
        if status != ffi::EE_OK {
            return Err(format!("espeak-ng refused rate {rate} (code {status})"));
        }
        let heard: *mut Heard = &mut state.heard;
        let flags = ffi::CHARS_UTF8 | phoneme_flag(text);
        // SAFETY: under the global lock. In synchronous mode espeak-ng calls `on_audio`
        // with `heard` only before `espeak_Synth` returns, while `state` (and so the
        // `Heard`) is borrowed here.
        let status = unsafe { synth(text, flags, heard as *mut c_void) };
        if status != ffi::EE_OK {
            return Err(format!("espeak-ng failed to synthesize (code {status})"));
        }
        Ok(std::mem::take(&mut state.heard))
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
    /// that each sentence is spoken from the freshly loaded voice and that its word
    /// marks are espeak-ng's (see the module docs), so that no clip cached before either
    /// was so (other samples, estimated marks) is reused.
    fn identity(&self) -> String {
        format!(
            "espeak-ng {}; voice {} ({}); rate {} wpm; {} Hz; each sentence from a fresh state; word times from its events",
            self.version,
            self.identifier.to_string_lossy(),
            self.name,
            self.rate,
            self.sample_rate
        )
    }

    /// The chunk carries espeak-ng's own word times ([`word_marks`]).
    fn synthesize(&self, text: &str) -> std::result::Result<Chunk, String> {
        self.synthesize_styled(text, &Style::default())
    }

    /// At the style's rate (the voice's times its factor, within espeak-ng's range), in
    /// the style's language with espeak-ng's voice for it where it has one.
    fn synthesize_styled(&self, text: &str, style: &Style) -> std::result::Result<Chunk, String> {
        let mut chunk = Chunk::new(Vec::new(), self.sample_rate);
        let Some(c_text) = c_text(text) else {
            return Ok(chunk);
        };
        let heard = self.speak(&c_text, style)?;
        chunk.words = word_marks(text, &heard.words, heard.samples.len());
        chunk.samples = heard.samples;
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

/// Whether espeak-ng reads `c` as a space: white space, and the control characters
/// that [`c_text`] turns into spaces.
fn is_break(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// The word marks of `text`, spoken as `samples` samples in which espeak-ng reported
/// `events`, in byte ranges of `text` and samples of the chunk, none estimated.
///
/// espeak-ng counts positions in characters of the text it was given ([`c_text`], one
/// character for each of `text`'s, so they count `text`'s characters too). It reports
/// no event for some words: those it says together with the one before ("on the",
/// "that a"), the second half of "twenty-two", the letters of "F-B-I" after the first,
/// dashes and other marks it does not read. It reports several in others: "22" (one
/// per digit), "3:30", and a run of words that punctuation joins without a space
/// ("Business)A", "sixteen—Colorado"), where it pauses as at a clause break. So a
/// mark begins at the word (a run of characters espeak-ng does not read as a space) of
/// its event, or within that word where the event's character follows one that is
/// neither a letter nor a digit ("A" of "Business)A", "30" of "3:30") and an earlier
/// event has begun a mark in that word; any other event within a word (after a letter
/// or digit, inside a phoneme span `[[…]]`, the word's first) belongs to the word's
/// mark. A mark's text runs to the
/// next mark's, spaces left out, so a word without an event belongs to the mark before
/// it (the first mark also takes any words before it). An event that begins no new mark
/// (one that goes back in the text or in time, or names a position past the text) is
/// dropped. A mark ends where the next begins, the last at the end of the chunk
/// ([`crate::stitch`] then ends each word where its sound does).
fn word_marks(text: &str, events: &[WordEvent], samples: usize) -> Vec<WordMark> {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        match (is_break(c), open) {
            (true, Some(s)) => {
                words.push((s, i));
                open = None;
            }
            (false, None) => open = Some(i),
            _ => {}
        }
    }
    if let Some(s) = open {
        words.push((s, text.len()));
    }
    let Some(&(first_word, _)) = words.first() else {
        return Vec::new();
    };
    let char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    // (byte where the mark's text begins, sample) of each mark, both rising.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for event in events {
        let character = event.position.checked_sub(1);
        let Some(&byte) = character.and_then(|c| char_starts.get(c)) else {
            continue;
        };
        // The word holding the event's character, or the next one when it is a space.
        let Some(&(word_start, _)) = words.get(words.partition_point(|&(_, end)| end <= byte))
        else {
            continue;
        };
        // A second mark within the word, after a mark that is not a letter or digit and
        // outside a phoneme span; else the word's own.
        // (Nothing when the event is on the space before the word.)
        let before = text.get(word_start..byte).unwrap_or_default();
        let splits = starts.last().is_some_and(|&(b, _)| b >= word_start)
            && before
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_alphanumeric())
            && before.matches("[[").count() <= before.matches("]]").count();
        let begins = if splits { byte } else { word_start };
        let sample = event.sample.min(samples);
        if starts
            .last()
            .is_some_and(|&(b, s)| begins <= b || sample < s)
        {
            continue;
        }
        starts.push((begins, sample));
    }
    let text_end = |before: usize| text[..before].trim_end_matches(is_break).len();
    starts
        .iter()
        .enumerate()
        .map(|(k, &(begins, start))| {
            let (text_end, end) = match starts.get(k + 1) {
                Some(&(next_begins, next_start)) => (text_end(next_begins), next_start),
                None => (text_end(text.len()), samples),
            };
            WordMark {
                text_start: if k == 0 { first_word } else { begins },
                text_end,
                start,
                end,
                estimated: false,
            }
        })
        .collect()
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
/// `*mut Heard` it may push to until this returns) or NULL.
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

    fn en_us() -> Espeak {
        open("en-us", VoiceSettings::default())
            .expect("espeak-ng starts")
            .expect("espeak-ng has en-us")
    }

    /// The text of each mark.
    fn mark_texts<'a>(text: &'a str, marks: &[WordMark]) -> Vec<&'a str> {
        marks
            .iter()
            .map(|w| &text[w.text_start..w.text_end])
            .collect()
    }

    /// An event at 1-based character `position` and `sample`.
    fn at(position: usize, sample: usize) -> WordEvent {
        WordEvent { position, sample }
    }

    /// Made-up events: how they become marks, whatever espeak-ng does. Each case: the
    /// text, the events, the chunk's length, and the marks as (text, start, end).
    #[test]
    fn events_become_word_marks() {
        type Case = (
            &'static str,
            Vec<WordEvent>,
            usize,
            Vec<(&'static str, usize, usize)>,
        );
        let cases: Vec<Case> = vec![
            // One event per word.
            (
                "Rain fell today.",
                vec![at(1, 0), at(6, 100), at(11, 250)],
                400,
                vec![("Rain", 0, 100), ("fell", 100, 250), ("today.", 250, 400)],
            ),
            // A word without an event belongs to the mark before it.
            (
                "Sat on the mat",
                vec![at(1, 0), at(5, 90), at(12, 200)],
                300,
                vec![("Sat", 0, 90), ("on the", 90, 200), ("mat", 200, 300)],
            ),
            // Words before the first event belong to the first mark.
            (
                "— so it goes",
                vec![at(3, 10), at(6, 60), at(9, 120)],
                200,
                vec![("— so", 10, 60), ("it", 60, 120), ("goes", 120, 200)],
            ),
            // Events within a word after a letter or digit (espeak-ng's for each digit
            // of "22") belong to the word's mark.
            (
                "Aged 22 years",
                vec![at(1, 0), at(6, 50), at(7, 90), at(9, 200)],
                260,
                vec![("Aged", 0, 50), ("22", 50, 200), ("years", 200, 260)],
            ),
            // One after a mark within a word begins a mark of its own, at its character:
            // "30" of "3:30", "A" of a scraped "Business)A".
            (
                "At 3:30 sharp",
                vec![at(1, 0), at(4, 50), at(6, 90), at(9, 200)],
                260,
                vec![
                    ("At", 0, 50),
                    ("3:", 50, 90),
                    ("30", 90, 200),
                    ("sharp", 200, 260),
                ],
            ),
            // A word's first event begins its mark, wherever it falls in the word; so
            // does an event within a phoneme span.
            (
                "Mr [[zEl'EnskI]] said",
                vec![at(1, 0), at(6, 30), at(10, 80), at(18, 140)],
                220,
                vec![
                    ("Mr", 0, 30),
                    ("[[zEl'EnskI]]", 30, 140),
                    ("said", 140, 220),
                ],
            ),
            (
                "(Business)A view",
                vec![at(2, 0), at(11, 120), at(13, 160)],
                220,
                vec![("(Business)", 0, 120), ("A", 120, 160), ("view", 160, 220)],
            ),
            // An event on a space starts the word after it.
            (
                "one  two",
                vec![at(1, 0), at(4, 70)],
                150,
                vec![("one", 0, 70), ("two", 70, 150)],
            ),
            // Positions count characters, not bytes: é, ü and € are two or three.
            (
                "Café über €5 ok",
                vec![at(1, 0), at(6, 80), at(11, 160), at(14, 300)],
                400,
                vec![
                    ("Café", 0, 80),
                    ("über", 80, 160),
                    ("€5", 160, 300),
                    ("ok", 300, 400),
                ],
            ),
            // Control characters are spaces to espeak-ng, NEL (U+0085) two bytes of one
            // character among them.
            (
                "up\u{85}down\tleft\0right",
                vec![at(1, 0), at(4, 40), at(9, 90), at(14, 150)],
                200,
                vec![
                    ("up", 0, 40),
                    ("down", 40, 90),
                    ("left", 90, 150),
                    ("right", 150, 200),
                ],
            ),
            // A phoneme span is one word.
            (
                "Mr [[zEl'EnskI]] spoke",
                vec![at(1, 0), at(6, 30), at(18, 140)],
                220,
                vec![
                    ("Mr", 0, 30),
                    ("[[zEl'EnskI]]", 30, 140),
                    ("spoke", 140, 220),
                ],
            ),
            // Events that go back in the text or in time, or name no character of the
            // text, are dropped; samples past the chunk end at it.
            (
                "a b c d",
                vec![
                    at(0, 0),
                    at(1, 0),
                    at(5, 50),
                    at(3, 60),
                    at(7, 40),
                    at(7, 90),
                    at(99, 95),
                ],
                80,
                vec![("a b", 0, 50), ("c", 50, 80), ("d", 80, 80)],
            ),
            // Two events at one sample: a word espeak-ng says nothing for.
            (
                "x - y",
                vec![at(1, 0), at(3, 40), at(5, 40)],
                90,
                vec![("x", 0, 40), ("-", 40, 40), ("y", 40, 90)],
            ),
            // No events: no marks (the pipeline estimates them).
            ("Quiet words", vec![], 500, vec![]),
        ];
        for (text, events, samples, expected) in cases {
            let marks = word_marks(text, &events, samples);
            let got: Vec<(&str, usize, usize)> = marks
                .iter()
                .map(|w| (&text[w.text_start..w.text_end], w.start, w.end))
                .collect();
            assert_eq!(got, expected, "{text:?}");
            assert!(marks.iter().all(|w| !w.estimated), "{text:?}");
        }
    }

    /// Real speech: espeak-ng's marks cover the text in order, word after word, and
    /// tile the chunk, for text of every kind the speak stage writes.
    #[test]
    fn spoken_marks_tile_the_chunk_in_order() {
        let voice = en_us();
        for text in [
            "Hello world, this is a test.",
            "The vote was twenty-two to three; the motion passed. Then they went home!",
            "The F-B-I said so.",
            "President [[zEl'EnskI]] spoke in Kyiv.",
            "Crème brûlée, naïve façade: Łódź and Kraków.",
            "By twenty sixteen—Colorado,Washington, and (C-N-N Business)A few more.",
            "A list without a single comma that goes on and on about roads and schools and parks and libraries and the fire service",
        ] {
            let chunk = voice.synthesize(text).expect("espeak-ng speaks");
            let marks = &chunk.words;
            assert!(marks.len() >= 3, "{text:?}: {marks:?}");
            assert!(marks.iter().all(|w| !w.estimated), "{text:?}");
            assert_eq!(marks[0].start, 0, "{text:?}: the first word opens the chunk");
            assert_eq!(marks[0].text_start, 0, "{text:?}");
            let last = marks[marks.len() - 1];
            assert_eq!(last.end, chunk.samples.len(), "{text:?}");
            assert_eq!(last.text_end, text.len(), "{text:?}");
            for pair in marks.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                assert!(a.start < a.end && a.end == b.start, "{text:?}: {a:?} {b:?}");
                assert!(
                    a.text_start < a.text_end && a.text_end <= b.text_start,
                    "{text:?}: {a:?} {b:?}"
                );
                // Nothing but spaces between two marks' texts.
                assert!(text[a.text_end..b.text_start].trim().is_empty(), "{text:?}");
            }
        }
    }

    /// Real speech: each kind of word the speak stage writes gets a mark of its own,
    /// on its bytes (espeak-ng 1.51 en-us reports every word of these).
    #[test]
    fn spoken_marks_land_on_the_words() {
        let voice = en_us();
        let cases: [(&str, &[&str]); 6] = [
            // A number written as words, an abbreviation spelled out, several clauses.
            (
                "The F-B-I counted twenty-two people, in Zürich.",
                &[
                    "The",
                    "F-B-I",
                    "counted",
                    "twenty-two",
                    "people,",
                    "in",
                    "Zürich.",
                ],
            ),
            // A phoneme span from the lexicon.
            (
                "President [[zEl'EnskI]] spoke.",
                &["President", "[[zEl'EnskI]]", "spoke."],
            ),
            // Letters outside ASCII, two bytes and more.
            (
                "Crème brûlée, naïve façade: Łódź and Kraków.",
                &[
                    "Crème",
                    "brûlée,",
                    "naïve",
                    "façade:",
                    "Łódź",
                    "and",
                    "Kraków.",
                ],
            ),
            // Sentences in one text, each a clause of its own.
            (
                "It rained. Then it stopped! Why?",
                &["It", "rained.", "Then", "it", "stopped!", "Why?"],
            ),
            // Words joined by marks without a space, as scraped text has them: espeak-ng
            // pauses within them and reports each part.
            (
                "In twenty sixteen—Colorado,Washington, and Business)A few.",
                &[
                    "In",
                    "twenty",
                    "sixteen—",
                    "Colorado,",
                    "Washington,",
                    "and",
                    "Business)",
                    "A",
                    "few.",
                ],
            ),
            // A control character (NEL, two bytes) between words.
            ("left\u{85}right now", &["left", "right", "now"]),
        ];
        for (text, words) in cases {
            let chunk = voice.synthesize(text).expect("espeak-ng speaks");
            assert_eq!(mark_texts(text, &chunk.words), words.to_vec(), "{text:?}");
        }
    }

    /// Real speech: a mark begins where its word's sound does, within the silence of a
    /// stop's closure (espeak-ng's "t", "k", "p" start with up to 40 ms of it), and a
    /// word after a comma begins after the pause, not in it.
    #[test]
    fn marks_begin_with_their_words_sound() {
        let voice = en_us();
        let text = "Hello world, this is a test, quickly made.";
        let chunk = voice.synthesize(text).expect("espeak-ng speaks");
        let rate = chunk.sample_rate;
        let closure = crate::stitch::trim::ms_to_samples(45, rate);
        for w in &chunk.words {
            let sound = crate::stitch::trim::sound_within(&chunk.samples, rate, w.start..w.end)
                .unwrap_or_else(|| panic!("{w:?} holds sound"));
            assert!(
                sound.start - w.start <= closure,
                "{:?} sounds {} samples after its mark",
                &text[w.text_start..w.text_end],
                sound.start - w.start
            );
        }
        let texts = mark_texts(text, &chunk.words);
        let this = chunk.words[texts.iter().position(|&t| t == "this").unwrap()];
        let world = chunk.words[texts.iter().position(|&t| t == "world,").unwrap()];
        let pause = crate::stitch::trim::ms_to_samples(100, rate);
        let heard = crate::stitch::trim::sound_within(&chunk.samples, rate, world.start..world.end)
            .unwrap();
        assert!(
            this.start >= heard.end + pause - crate::stitch::trim::ms_to_samples(10, rate),
            "\"this\" starts at {} though \"world,\" ends at {}: in the pause",
            this.start,
            heard.end
        );
    }
}
