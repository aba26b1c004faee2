#!/usr/bin/env bash
# Builds tracelink in release mode and runs it. Extra arguments go to `tracelink run`
# (e.g. `scripts/run.sh --config config/tracelink.yaml`).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/install-dependencies.sh run
# The Swift runtime and Foundation linked in statically: only the parts used are loaded (a smaller idle RSS).
swift build -c release --static-swift-stdlib --product tracelink
exec "$(swift build -c release --static-swift-stdlib --show-bin-path)/tracelink" run "$@"
