#!/usr/bin/env bash
# Builds tracelink's libFuzzer targets (Fuzz/, address sanitizer on) and runs them on a copy of their seed corpus.
#
#   scripts/fuzz.sh TARGET SECONDS          build TARGET, fuzz it for SECONDS
#   scripts/fuzz.sh all SECONDS             every target in turn, SECONDS each
#   scripts/fuzz.sh --build-only TARGET|all build only
#   scripts/fuzz.sh --minimize TARGET FILE  minimise a crashing input (writes Fuzz/artifacts/TARGET/minimized-*)
#
# Targets: FuzzOTLPProtobuf FuzzOTLPJSON FuzzExtractor FuzzConfig FuzzAPIQuery.
# Prints executions per second and coverage from libFuzzer's final stats; exits non-zero on a crash, a timeout
# (10 s for one input) or an out-of-memory (2 GiB), naming the reproducer, which
# `Fuzz/.build-fuzz/debug/TARGET FILE` replays. The full libFuzzer log is Fuzz/artifacts/TARGET/fuzz.log.
# Environment: FUZZ_ARGS adds libFuzzer flags (e.g. FUZZ_ARGS="-seed=1 -fork=2 -ignore_crashes=1").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

TARGETS=(FuzzOTLPProtobuf FuzzOTLPJSON FuzzExtractor FuzzConfig FuzzAPIQuery)
SCRATCH="Fuzz/.build-fuzz"
# SwiftPM's --sanitize=fuzzer keeps the entry point libFuzzer's (no `<target>_main` rename) but does not
# instrument Swift code for coverage on Linux; -Xswiftc -sanitize=fuzzer,address does. Both are needed.
# shellcheck disable=SC2054 # the comma belongs to the flag: -sanitize=fuzzer,address
BUILD=(swift build -c debug --package-path Fuzz --scratch-path "$SCRATCH"
    --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address)
# The Swift runtime's own crash handler fights ASan's; libFuzzer's handler prints the symbolised stack.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1}"

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

known_target() {
    local name
    for name in "${TARGETS[@]}"; do [[ "$name" == "$1" ]] && return 0; done
    echo "fuzz.sh: unknown target '$1'; expected one of: ${TARGETS[*]} or all" >&2
    exit 2
}

check_toolchain() {
    command -v swift >/dev/null || { echo "fuzz.sh: swift is not on PATH" >&2; exit 3; }
    local resource
    resource="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")/lib/clang"
    if ! compgen -G "$resource/*/lib/linux/libclang_rt.fuzzer-*.a" >/dev/null; then
        echo "fuzz.sh: this Swift toolchain has no libFuzzer runtime (libclang_rt.fuzzer-*.a under $resource)" >&2
        exit 3
    fi
}

build() {
    local target="$1" log="$SCRATCH/build-$1.log" started=$SECONDS
    mkdir -p "$SCRATCH"
    echo "== building $target"
    if ! "${BUILD[@]}" --product "$target" >"$log" 2>&1; then
        # gold warns once per ASan helper symbol it cannot export; the errors are the other lines.
        grep -v "Cannot export local symbol" "$log" | grep -E "error|warning: unable" | head -40 >&2 || true
        echo "fuzz.sh: building $target failed; the whole log is $log" >&2
        exit 4
    fi
    echo "   built $target in $((SECONDS - started)) s"
}

# The last value libFuzzer printed for `key:` on its status lines (cov, ft, corp).
status_value() {
    grep -E "^#[0-9]+" "$2" | tail -1 | grep -oE "$1: [^ ]+" | cut -d' ' -f2 || true
}

stat_value() {
    grep -E "^stat::$1:" "$2" | tail -1 | awk '{print $2}' || true
}

run() {
    local target="$1" seconds="$2"
    local binary="$SCRATCH/debug/$target"
    local artifacts="Fuzz/artifacts/$target"
    local work="$SCRATCH/corpus/$target"
    local log="$artifacts/fuzz.log"
    rm -rf "$work"
    mkdir -p "$work" "$artifacts"
    if compgen -G "Fuzz/Corpus/$target/*" >/dev/null; then cp Fuzz/Corpus/"$target"/* "$work"/; fi
    echo "== fuzzing $target for ${seconds} s ($(find "$work" -type f | wc -l) seeds)"
    local status=0 dictionary=()
    if [[ -f "Fuzz/Dictionaries/$target.dict" ]]; then dictionary=(-dict="Fuzz/Dictionaries/$target.dict"); fi
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags.
    "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "${dictionary[@]}" ${FUZZ_ARGS:-} "$work" >"$log" 2>&1 || status=$?
    local runs exec_per_second cov ft corpus rss
    runs="$(stat_value number_of_executed_units "$log")"
    exec_per_second="$(stat_value average_exec_per_sec "$log")"
    rss="$(stat_value peak_rss_mb "$log")"
    cov="$(status_value cov "$log")"
    ft="$(status_value ft "$log")"
    corpus="$(status_value corp "$log")"
    echo "   $target: ${runs:-?} runs, ${exec_per_second:-?} exec/s, coverage ${cov:-?} edges (${ft:-?} features)," \
        "corpus ${corpus:-?}, peak RSS ${rss:-?} MB"
    if [[ $status -ne 0 ]]; then
        local reproducer
        reproducer="$(grep -oE "Test unit written to [^ ]+" "$log" | tail -1 | cut -d' ' -f5 || true)"
        # The report: the Swift fatal error, if any, then the sanitizer's or libFuzzer's stack.
        grep -E "Fatal error|Precondition failed|Assertion failed" "$log" | head -3 >&2 || true
        sed -n '/^==[0-9]*==\( \)\{0,1\}ERROR/,/^SUMMARY/p' "$log" | grep -vE "^\s*$" | head -40 >&2 || true
        grep -E "^(MS:|Base64:)" "$log" | tail -2 >&2 || true
        echo "FAIL $target (libFuzzer exit $status): reproducer ${reproducer:-none written}; log $log" >&2
        if [[ -n "$reproducer" ]]; then
            echo "   replay: $binary $reproducer" >&2
            echo "   minimise: scripts/fuzz.sh --minimize $target $reproducer" >&2
        fi
        return 1
    fi
    echo "   ok $target"
}

minimize() {
    local target="$1" input="$2"
    local binary="$SCRATCH/debug/$target" artifacts="Fuzz/artifacts/$target"
    local output
    output="$artifacts/minimized-$(basename "$input")"
    mkdir -p "$artifacts"
    rm -f "$output"
    "$binary" -minimize_crash=1 -max_total_time=60 -runs=100000 -timeout=10 -rss_limit_mb=2048 \
        -exact_artifact_path="$output" "$input" >"$artifacts/minimize.log" 2>&1 || true
    if [[ ! -f "$output" ]]; then
        grep -E "^ERROR|did not crash" "$artifacts/minimize.log" >&2 || true
        echo "fuzz.sh: nothing minimised; the log is $artifacts/minimize.log" >&2
        exit 1
    fi
    echo "minimised: $output ($(wc -c <"$output") bytes)"
    "$binary" "$output" 2>&1 | grep -E "Fatal error|ERROR:|^\s+#[0-9]+ .*/Sources/" | head -6 || true
}

[[ $# -ge 1 ]] || usage
check_toolchain
case "$1" in
    --build-only)
        [[ $# -eq 2 ]] || usage
        if [[ "$2" == all ]]; then
            for target in "${TARGETS[@]}"; do build "$target"; done
        else
            known_target "$2"
            build "$2"
        fi
        ;;
    --minimize)
        [[ $# -eq 3 ]] || usage
        known_target "$2"
        build "$2"
        minimize "$2" "$3"
        ;;
    -h | --help) usage ;;
    *)
        [[ $# -eq 2 && "$2" =~ ^[0-9]+$ ]] || usage
        if [[ "$1" == all ]]; then
            selected=("${TARGETS[@]}")
        else
            known_target "$1"
            selected=("$1")
        fi
        for target in "${selected[@]}"; do build "$target"; done
        failed=()
        for target in "${selected[@]}"; do run "$target" "$2" || failed+=("$target"); done
        if [[ ${#failed[@]} -gt 0 ]]; then
            echo "fuzz.sh: ${#failed[@]} of ${#selected[@]} targets failed: ${failed[*]}" >&2
            exit 1
        fi
        echo "fuzz.sh: ${#selected[@]} targets ran clean"
        ;;
esac
