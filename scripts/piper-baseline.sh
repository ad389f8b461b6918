#!/usr/bin/env bash
# Piper CLI baseline: synthesize TEXT_FILE with the Piper CLI (piper-tts from
# PyPI) and report how long it took and how much memory it used.
#
# Usage: scripts/piper-baseline.sh TEXT_FILE MODEL.onnx OUT.wav
#
# Prints exactly one line to stdout:
#   wall_seconds peak_rss_mb audio_seconds
# Everything else (pip, Piper's log) goes to stderr.
#
# - The venv lives at <repo>/.narrate/piper-venv and is created once; the pinned
#   piper-tts (and onnxruntime) are installed with pip only if missing.
# - Piper is run with its defaults: noise_scale / length_scale / noise_w from
#   MODEL.onnx.json, sentence silence 0, one WAV for the whole text. Piper
#   reads the file line by line (blank lines skipped) and splits each line into
#   sentences with its bundled espeak-ng; nothing is downloaded at run time.
# - wall_seconds covers the whole CLI invocation (Python start-up, model load,
#   synthesis, WAV write). peak_rss_mb is ru_maxrss of the Piper process
#   (wait4 rusage; Piper runs as a single process) in MiB.
set -euo pipefail

PIPER_TTS_VERSION="${PIPER_TTS_VERSION:-1.8.0}"
ONNXRUNTIME_VERSION="${ONNXRUNTIME_VERSION:-1.32.0}"

if [ "$#" -ne 3 ]; then
    echo "usage: $0 TEXT_FILE MODEL.onnx OUT.wav" >&2
    exit 2
fi

TEXT_FILE="$1"
MODEL="$2"
OUT_WAV="$3"

[ -f "$TEXT_FILE" ] || { echo "error: text file not found: $TEXT_FILE" >&2; exit 1; }
[ -f "$MODEL" ] || { echo "error: model not found: $MODEL" >&2; exit 1; }
[ -f "$MODEL.json" ] || { echo "error: voice config not found: $MODEL.json" >&2; exit 1; }

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.narrate/piper-venv"
PY="$VENV/bin/python"

have_pinned() {
    [ -x "$PY" ] && "$PY" - "$PIPER_TTS_VERSION" "$ONNXRUNTIME_VERSION" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
ok = version("piper-tts") == sys.argv[1] and version("onnxruntime") == sys.argv[2]
import piper  # noqa: F401  (the package must import, incl. espeakbridge)
sys.exit(0 if ok else 1)
EOF
}

if ! have_pinned; then
    echo "piper-baseline: installing piper-tts==$PIPER_TTS_VERSION into $VENV" >&2
    mkdir -p "$ROOT/.narrate"
    if [ ! -x "$PY" ]; then
        python3 -m venv "$VENV" >&2
    fi
    "$PY" -m pip install --quiet --disable-pip-version-check \
        "piper-tts==$PIPER_TTS_VERSION" "onnxruntime==$ONNXRUNTIME_VERSION" >&2
    have_pinned || { echo "error: piper-tts install in $VENV failed" >&2; exit 1; }
fi

mkdir -p "$(dirname "$OUT_WAV")"
rm -f "$OUT_WAV"

# Run the CLI as a child of a tiny Python timer; wall = fork..reap, RSS from
# the child's rusage. Piper's own stdout/stderr go to our stderr.
"$PY" - "$PY" "$MODEL" "$TEXT_FILE" "$OUT_WAV" <<'EOF'
import os, subprocess, sys, time, wave

py, model, text_file, out_wav = sys.argv[1:5]
cmd = [py, "-m", "piper", "--model", model, "--input-file", text_file,
       "--output-file", out_wav]
t0 = time.perf_counter()
proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sys.stderr)
_, status, rusage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - t0
proc.returncode = os.waitstatus_to_exitcode(status)
if proc.returncode != 0:
    sys.exit(f"error: piper exited with {proc.returncode}")
peak_rss_mb = rusage.ru_maxrss / 1024.0  # ru_maxrss is in KiB on Linux
with wave.open(out_wav, "rb") as w:
    audio_seconds = w.getnframes() / float(w.getframerate())
print(f"{wall:.3f} {peak_rss_mb:.1f} {audio_seconds:.3f}")
EOF
