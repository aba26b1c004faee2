#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, builds, runs the Swift tests, then the
# integration tests that drive the real binary with the real OpenTelemetry SDK, promtool and journald.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/install-dependencies.sh test
if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r Tests/Integration/requirements.txt

scripts/check-embedded-config.sh
scripts/check-embedded-page.sh
scripts/check-generated.sh
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/swift-test.log
.venv/bin/python -m pytest -q -p no:cacheprovider Tests/Integration
