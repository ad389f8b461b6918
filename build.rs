//! Links libespeak-ng, the speech engine behind the built-in `espeak` voices.
//!
//! The library comes from the system (Debian: `libespeak-ng-dev`); nothing is downloaded
//! or compiled here. `pkg-config --libs espeak-ng` is asked for extra search paths when
//! it is available; without it the linker's default paths are used.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if let Ok(out) = Command::new("pkg-config")
        .args(["--libs-only-L", "espeak-ng"])
        .output()
    {
        if out.status.success() {
            for flag in String::from_utf8_lossy(&out.stdout).split_whitespace() {
                if let Some(dir) = flag.strip_prefix("-L") {
                    println!("cargo:rustc-link-search=native={dir}");
                }
            }
        }
    }
    println!("cargo:rustc-link-lib=espeak-ng");
    // narrate's own `create_audio_device_object` (src/synthesize/espeak.rs) must be in
    // the executable's dynamic symbol table to take the place of libpcaudio's, so that
    // libespeak-ng opens no audio device.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg=-Wl,--export-dynamic-symbol=create_audio_device_object");
    }
}
