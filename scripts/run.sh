#!/usr/bin/env bash
# Builds tracelink in release mode and runs it. Extra arguments go to `tracelink run`
# (e.g. `scripts/run.sh --config config/tracelink.yaml`).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/install-dependencies.sh run
swift build -c release --product tracelink
exec "$(swift build -c release --show-bin-path)/tracelink" run "$@"
