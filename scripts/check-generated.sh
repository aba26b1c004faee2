#!/usr/bin/env bash
# Fails when Sources/TraceLinkOTLP/Generated differs from what scripts/generate-protos.sh produces.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$ROOT/scripts/generate-protos.sh" "$TMP" >/dev/null
if ! diff -r -x README.md "$TMP" "$ROOT/Sources/TraceLinkOTLP/Generated"; then
    echo "Generated code is stale: run scripts/generate-protos.sh" >&2
    exit 1
fi
echo "generated code is current"
