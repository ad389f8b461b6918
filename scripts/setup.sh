#!/usr/bin/env bash
# Installs what narrate needs to build and run, and nothing it already has:
# libespeak-ng (the built-in voice) through the system package manager.
# Safe to run again; the README's commands call it first.
set -euo pipefail

missing=()
for pkg in libespeak-ng-dev espeak-ng-data; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: narrate needs ${missing[*]} (libespeak-ng); install it with your package manager" >&2
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
