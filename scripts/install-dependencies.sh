#!/usr/bin/env bash
# Installs the Debian packages tracelink needs: `run` for building and running, `test` for the test suite too.
# Usage: scripts/install-dependencies.sh run|test
set -euo pipefail
MODE="${1:-run}"
PACKAGES=(libsystemd-dev zlib1g-dev pkg-config)
if [[ "$MODE" == "test" ]]; then
    # promtool and prometheus (scrape checks), journal tools (journald tests), protoc (generated-code check),
    # python3-venv (the OpenTelemetry SDK the tests drive), logrotate and gzip (compressed rotation),
    # chromium and its driver (the page's browser tests, driven by Selenium).
    PACKAGES+=(prometheus systemd systemd-journal-remote protobuf-compiler python3-venv logrotate gzip chromium
        chromium-driver)
fi
missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if (( ${#missing[@]} )); then
    SUDO=""
    [[ "$(id -u)" == "0" ]] || SUDO="sudo"
    echo "installing: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
