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
# The property tests try the same generated cases on every run of this command, so
# that its verdict belongs to the commit; `cargo test` alone, or another seed here,
# draws new cases (PROPTEST_RNG_SEED=$RANDOM scripts/test.sh).
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261207}"
cargo test --release
