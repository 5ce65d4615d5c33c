#!/usr/bin/env bash
# Conformance of the emulator with the official Python client attune-sdk 0.5.4:
# starts the emulator binary and feeds every in-scope response to the generated client's own parsers.
#
# The official client comes from PyPI. When it cannot be installed (no network, no python3 venv support),
# this prints "conformance: SKIPPED (<reason>)" and exits 0 — the check then counts as not run.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv="target/conformance-venv"
if ! command -v python3 >/dev/null 2>&1; then
  echo "conformance: SKIPPED (python3 is not installed)"
  exit 0
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import attune.api_client" >/dev/null 2>&1; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    echo "conformance: SKIPPED (python3 cannot create a virtualenv; install python3-venv)"
    exit 0
  fi
  if ! "$venv/bin/pip" install -q --disable-pip-version-check "attune-sdk==0.5.4" >/tmp/attune-conformance-pip.log 2>&1; then
    echo "conformance: SKIPPED (pip could not install attune-sdk==0.5.4; see /tmp/attune-conformance-pip.log)"
    exit 0
  fi
fi

cargo build -q -p attune-emulator --bin attune-emulator
bin="${CARGO_TARGET_DIR:-target}/debug/attune-emulator"
"$venv/bin/python" tools/conformance/check_sdk_054.py --binary "$bin"
