#!/usr/bin/env bash
# Regenerates docs/listen-page.png, the README's picture of the listen page: renders the
# seed with its page and photographs it in headless Chromium (tests/page.rs, the ignored
# test "screenshot").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo test --release --test page -- --ignored --exact screenshot
echo "wrote docs/listen-page.png" >&2
