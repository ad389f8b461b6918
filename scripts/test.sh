#!/usr/bin/env bash
# The tests: set up, check formatting and lints where the tools are installed, then
# run every unit and end-to-end test. CI (.ci/run) calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if cargo fmt --version >/dev/null 2>&1; then
  cargo fmt --all --check
fi
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --all-targets --quiet -- -D warnings
fi
cargo test --release
