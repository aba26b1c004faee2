#!/usr/bin/env bash
# Soak: steady span and log load, rotation every 30 s, an agent restart every 2 minutes (SIGTERM and SIGKILL in
# turn), then a table of RSS, open fds, lines written vs read and spans sent vs counted.
# Usage: scripts/soak.sh [MINUTES] [extra options of Benchmarks/soak/soak.py, e.g. --span-rate 20000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
MINUTES="${1:-10}"
shift || true
scripts/install-dependencies.sh run
test -x .venv/bin/python || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r Tests/Integration/requirements.txt
BINARY="${TRACELINK_BINARY:-.build/release/tracelink}"
if [[ -z "${TRACELINK_BINARY:-}" ]]; then
    swift build -c release --static-swift-stdlib --product tracelink
fi
exec .venv/bin/python Benchmarks/soak/soak.py --binary "$BINARY" --minutes "$MINUTES" "$@"
