#!/usr/bin/env bash
# Installs tracelink as a systemd service, or removes it.
#
#   scripts/install.sh [--binary PATH] [--prefix /usr/local] [--destdir DIR]
#   scripts/install.sh --uninstall [--purge] [--prefix /usr/local] [--destdir DIR]
#
# Install: builds the release binary (unless --binary is given) and installs
#   $DESTDIR$PREFIX/bin/tracelink                      the agent
#   $DESTDIR/etc/systemd/system/tracelink.service      the hardened unit (ExecStart pointed at the binary)
#   $DESTDIR/etc/tracelink/tracelink.yaml              the documented config, only when none is there: an
#                                                      edited one is kept and the new one lands beside it
#                                                      as tracelink.yaml.new
#   $DESTDIR$PREFIX/share/doc/tracelink/README.md      the unit's Documentation=
# then reloads systemd (without --destdir, when systemd runs) and prints the next step.
# Uninstall: stops and disables the unit (without --destdir, when systemd runs), removes the binary, the
# unit and the doc; keeps /etc/tracelink, /var/lib/tracelink and unit drop-ins unless --purge.
# Both are idempotent: running them twice changes nothing the second time.
# PREFIX and DESTDIR may also come from the environment (as make passes them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UNIT_NAME=tracelink.service
# The paths the unit in systemd/ is written for; the installed copy is rewritten for --prefix.
UNIT_BINARY=/usr/local/bin/tracelink
UNIT_DOC=/usr/local/share/doc/tracelink/README.md

PREFIX="${PREFIX:-/usr/local}"
DESTDIR="${DESTDIR:-}"
BINARY=""
WORK=""
MODE=install
PURGE=no

usage() {
    sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

die() {
    echo "install.sh: $*" >&2
    exit 1
}

say() {
    echo "  $*"
}

while (( $# )); do
    case "$1" in
        --binary) [[ $# -ge 2 ]] || die "--binary needs a path"; BINARY="$2"; shift 2 ;;
        --binary=*) BINARY="${1#*=}"; shift ;;
        --prefix) [[ $# -ge 2 ]] || die "--prefix needs a directory"; PREFIX="$2"; shift 2 ;;
        --prefix=*) PREFIX="${1#*=}"; shift ;;
        --destdir) [[ $# -ge 2 ]] || die "--destdir needs a directory"; DESTDIR="$2"; shift 2 ;;
        --destdir=*) DESTDIR="${1#*=}"; shift ;;
        --uninstall) MODE=uninstall; shift ;;
        --purge) PURGE=yes; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

[[ "$PREFIX" == /* ]] || die "--prefix must be an absolute path, got '$PREFIX'"
PREFIX="${PREFIX%/}"
[[ -n "$PREFIX" ]] || die "--prefix / is not supported: use /usr"
[[ "$PREFIX" =~ ^[A-Za-z0-9._/+-]+$ ]] || die "--prefix may hold only letters, digits and ._/+-, got '$PREFIX'"
if [[ -n "$DESTDIR" ]]; then
    mkdir -p "$DESTDIR"
    DESTDIR="$(cd "$DESTDIR" && pwd)"
    DESTDIR="${DESTDIR%/}"
fi
[[ "$PURGE" == no || "$MODE" == uninstall ]] || die "--purge goes with --uninstall"
if [[ -z "$DESTDIR" && "$(id -u)" != 0 ]]; then
    die "installing into / needs root: run it with sudo, or give --destdir DIR"
fi

BIN_PATH="$PREFIX/bin/tracelink"
BIN_DEST="$DESTDIR$BIN_PATH"
UNIT_DEST="$DESTDIR/etc/systemd/system/$UNIT_NAME"
CONFIG_DIR="$DESTDIR/etc/tracelink"
CONFIG_DEST="$CONFIG_DIR/tracelink.yaml"
DOC_DIR="$DESTDIR$PREFIX/share/doc/tracelink"

# systemd is managing this machine (PID 1 is systemd) and we install into the live root.
systemd_runs() {
    [[ -z "$DESTDIR" && -d /run/systemd/system && "$(cat /proc/1/comm 2>/dev/null)" == systemd ]] \
        && command -v systemctl >/dev/null
}

# Installs SRC as DEST with MODE atomically (a running binary is replaced, never rewritten in place);
# says whether DEST changed.
install_file() {
    local src="$1" dest="$2" mode="$3"
    if [[ -f "$dest" ]] && cmp -s "$src" "$dest"; then
        say "unchanged  $dest"
        return
    fi
    local existed=no
    [[ -e "$dest" ]] && existed=yes
    mkdir -p "$(dirname "$dest")"
    local tmp
    tmp="$(mktemp "$(dirname "$dest")/.$(basename "$dest").XXXXXX")"
    install -m "$mode" "$src" "$tmp"
    mv -f "$tmp" "$dest"
    if [[ "$existed" == yes ]]; then say "updated    $dest"; else say "installed  $dest"; fi
}

remove_file() {
    if [[ -e "$1" || -L "$1" ]]; then
        rm -f "$1"
        say "removed    $1"
    else
        say "absent     $1"
    fi
}

remove_tree() {
    if [[ -e "$1" || -L "$1" ]]; then
        rm -rf "$1"
        say "removed    $1"
    fi
}

build_binary() {
    echo "building the release binary (swift build -c release --static-swift-stdlib)"
    "$ROOT/scripts/install-dependencies.sh" run
    local as=()
    # Under sudo, build as the calling user so .build/ does not end up owned by root.
    if [[ "$(id -u)" == 0 && -n "${SUDO_USER:-}" && "${SUDO_USER}" != root ]]; then
        as=(sudo -u "$SUDO_USER" -H)
    fi
    (cd "$ROOT" && "${as[@]}" swift build -c release --static-swift-stdlib --product tracelink)
    BINARY="$(cd "$ROOT" && "${as[@]}" swift build -c release --static-swift-stdlib --show-bin-path)/tracelink"
}

do_install() {
    if [[ -z "$BINARY" ]]; then
        build_binary
    fi
    [[ -f "$BINARY" && -x "$BINARY" ]] || die "no executable at $BINARY"
    [[ -f "$ROOT/systemd/$UNIT_NAME" ]] || die "missing $ROOT/systemd/$UNIT_NAME"
    [[ -f "$ROOT/config/tracelink.yaml" ]] || die "missing $ROOT/config/tracelink.yaml"

    echo "installing tracelink${DESTDIR:+ into $DESTDIR} (prefix $PREFIX)"
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT

    install_file "$BINARY" "$BIN_DEST" 0755

    # The unit names the installed binary and doc, wherever --prefix put them.
    sed -e "s#$UNIT_BINARY#$BIN_PATH#g" -e "s#$UNIT_DOC#$PREFIX/share/doc/tracelink/README.md#g" \
        "$ROOT/systemd/$UNIT_NAME" > "$WORK/$UNIT_NAME"
    install_file "$WORK/$UNIT_NAME" "$UNIT_DEST" 0644

    install_file "$ROOT/README.md" "$DOC_DIR/README.md" 0644

    # The config: never overwrite one that is there.
    local new_config=no
    mkdir -p "$CONFIG_DIR"
    if [[ ! -e "$CONFIG_DEST" ]]; then
        install_file "$ROOT/config/tracelink.yaml" "$CONFIG_DEST" 0644
    elif cmp -s "$ROOT/config/tracelink.yaml" "$CONFIG_DEST"; then
        say "unchanged  $CONFIG_DEST"
    else
        say "kept       $CONFIG_DEST (it differs from the shipped one)"
        install_file "$ROOT/config/tracelink.yaml" "$CONFIG_DEST.new" 0644
        new_config=yes
        # An upgrade may change the config's keys: check the kept one with the new binary.
        if ! "$BIN_DEST" check-config "$CONFIG_DEST" >"$WORK/check" 2>&1; then
            echo "warning: the kept config does not pass the new binary's check-config:" >&2
            sed 's/^/    /' "$WORK/check" >&2
        fi
    fi

    local active=no
    if systemd_runs; then
        systemctl daemon-reload
        say "reloaded   systemd (systemctl daemon-reload)"
        systemctl is-active --quiet "$UNIT_NAME" && active=yes
    fi

    echo
    if [[ "$new_config" == yes ]]; then
        echo "Your config was kept; the shipped one is in $CONFIG_DEST.new. Merge what you need into"
        echo "/etc/tracelink/tracelink.yaml, check it with '$BIN_PATH check-config /etc/tracelink/tracelink.yaml'"
        echo "and remove the .new file."
        echo
    fi
    if [[ -n "$DESTDIR" ]]; then
        echo "Staged under $DESTDIR. On the target machine: systemctl daemon-reload && systemctl enable --now tracelink"
    elif [[ "$active" == yes ]]; then
        echo "tracelink is running: 'systemctl restart tracelink' runs the new binary and unit"
        echo "(a config change alone needs only 'systemctl reload tracelink')."
    elif systemd_runs; then
        echo "Next: systemctl enable --now tracelink     (then: systemctl status tracelink, journalctl -u tracelink)"
    else
        echo "systemd is not running here (PID 1 is not systemd): on a systemd host,"
        echo "run 'systemctl daemon-reload && systemctl enable --now tracelink'."
    fi
}

do_uninstall() {
    echo "uninstalling tracelink${DESTDIR:+ from $DESTDIR} (prefix $PREFIX)"
    if systemd_runs; then
        if systemctl cat "$UNIT_NAME" >/dev/null 2>&1; then
            systemctl disable --now "$UNIT_NAME" >/dev/null 2>&1 || true
            say "stopped    $UNIT_NAME (systemctl disable --now)"
        fi
    fi
    remove_file "$BIN_DEST"
    remove_file "$UNIT_DEST"
    remove_tree "$DOC_DIR"
    if systemd_runs; then
        systemctl daemon-reload
        systemctl reset-failed "$UNIT_NAME" >/dev/null 2>&1 || true
        say "reloaded   systemd (systemctl daemon-reload)"
    fi
    # DynamicUser= keeps the state in /var/lib/private/tracelink, reached through /var/lib/tracelink.
    local state=("$DESTDIR/var/lib/tracelink" "$DESTDIR/var/lib/private/tracelink")
    local dropins="$DESTDIR/etc/systemd/system/$UNIT_NAME.d"
    echo
    if [[ "$PURGE" == yes ]]; then
        remove_tree "$CONFIG_DIR"
        remove_tree "${state[0]}"
        remove_tree "${state[1]}"
        remove_tree "$dropins"
        echo "Purged the config, the state (checkpoints and store) and the unit's drop-ins."
    else
        local kept=()
        [[ -d "$CONFIG_DIR" ]] && kept+=("$CONFIG_DIR")
        [[ -e "${state[0]}" || -e "${state[1]}" ]] && kept+=("${state[0]}")
        [[ -d "$dropins" ]] && kept+=("$dropins")
        if (( ${#kept[@]} )); then
            echo "Kept: ${kept[*]}"
            echo "(remove them with: scripts/install.sh --uninstall --purge${DESTDIR:+ --destdir $DESTDIR})"
        fi
    fi
}

case "$MODE" in
    install) do_install ;;
    uninstall) do_uninstall ;;
esac
