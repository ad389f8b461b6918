#!/usr/bin/env bash
# The main job: set up, build, and narrate the bundled example article to
# out/article.wav. Extra arguments go to `narrate render` (e.g. --voice en-gb).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --quiet
target/release/narrate render examples/article.txt -o out/article.wav "$@"
