#!/usr/bin/env bash
# Fails when Sources/TraceLinkAgent/DefaultConfig.swift is not config/tracelink.yaml embedded.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cp "$ROOT/Sources/TraceLinkAgent/DefaultConfig.swift" /tmp/DefaultConfig.swift.$$
"$ROOT/scripts/embed-default-config.sh"
if ! diff -q /tmp/DefaultConfig.swift.$$ "$ROOT/Sources/TraceLinkAgent/DefaultConfig.swift" >/dev/null; then
    mv /tmp/DefaultConfig.swift.$$ "$ROOT/Sources/TraceLinkAgent/DefaultConfig.swift"
    echo "DefaultConfig.swift is stale: run scripts/embed-default-config.sh and commit" >&2
    exit 1
fi
rm -f /tmp/DefaultConfig.swift.$$
