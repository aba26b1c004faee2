#!/usr/bin/env bash
# Fails when Sources/TraceLinkServer/UI/PageAssets+Embedded.swift is not the page's assets embedded.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FRESH="$(mktemp)"
"$ROOT/scripts/embed-page-assets.sh" "$FRESH"
if ! diff -q "$FRESH" "$ROOT/Sources/TraceLinkServer/UI/PageAssets+Embedded.swift" >/dev/null; then
    rm -f "$FRESH"
    echo "PageAssets+Embedded.swift is stale: run scripts/embed-page-assets.sh and commit" >&2
    exit 1
fi
rm -f "$FRESH"
