#!/usr/bin/env bash
# Regenerates Sources/TraceLinkOTLP/Generated from the OTLP .proto files (opentelemetry-proto v1.11.0).
# Usage: scripts/generate-protos.sh [OUTPUT_DIR]   (default: Sources/TraceLinkOTLP/Generated)
# Needs protoc (Debian: protobuf-compiler). Builds the swift-protobuf and grpc-swift-protobuf plugins
# once into .build-protoc-plugins unless PROTOC_GEN_SWIFT and PROTOC_GEN_GRPC_SWIFT point at them.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The protos live in shared/ beside the repository; a clone made elsewhere (git clone . /tmp/x) finds them beside
# the repository it was cloned from.
if [[ -z "${PROTO_ROOT:-}" ]]; then
    PROTO_ROOT="$ROOT/../shared/opentelemetry-proto"
    ORIGIN="$(git -C "$ROOT" config --get remote.origin.url 2>/dev/null || true)"
    if [[ ! -d "$PROTO_ROOT" && -d "$ORIGIN" ]]; then
        PROTO_ROOT="$(cd "$ORIGIN" && pwd)/../shared/opentelemetry-proto"
    fi
fi
if [[ ! -d "$PROTO_ROOT" ]]; then
    echo "opentelemetry-proto not found at $PROTO_ROOT: set PROTO_ROOT" >&2
    exit 1
fi
OUT="${1:-$ROOT/Sources/TraceLinkOTLP/Generated}"
PLUGINS="$ROOT/.build-protoc-plugins"

if [[ -z "${PROTOC_GEN_SWIFT:-}" || -z "${PROTOC_GEN_GRPC_SWIFT:-}" ]]; then
    if [[ ! -d "$PLUGINS/grpc-swift-protobuf" ]]; then
        git clone -q --branch 2.4.1 https://github.com/grpc/grpc-swift-protobuf "$PLUGINS/grpc-swift-protobuf"
    fi
    (cd "$PLUGINS/grpc-swift-protobuf" \
        && swift build -q --product protoc-gen-grpc-swift-2 \
        && swift build -q --product protoc-gen-swift)
    BIN="$(cd "$PLUGINS/grpc-swift-protobuf" && swift build --show-bin-path)"
    PROTOC_GEN_SWIFT="$BIN/protoc-gen-swift"
    PROTOC_GEN_GRPC_SWIFT="$BIN/protoc-gen-grpc-swift-2"
fi

MESSAGES=(
    opentelemetry/proto/common/v1/common.proto
    opentelemetry/proto/resource/v1/resource.proto
    opentelemetry/proto/trace/v1/trace.proto
    opentelemetry/proto/logs/v1/logs.proto
    opentelemetry/proto/metrics/v1/metrics.proto
    opentelemetry/proto/collector/trace/v1/trace_service.proto
    opentelemetry/proto/collector/logs/v1/logs_service.proto
    opentelemetry/proto/collector/metrics/v1/metrics_service.proto
)
SERVICES=(
    opentelemetry/proto/collector/trace/v1/trace_service.proto
    opentelemetry/proto/collector/logs/v1/logs_service.proto
    opentelemetry/proto/collector/metrics/v1/metrics_service.proto
)

mkdir -p "$OUT"
find "$OUT" -name '*.swift' -delete
protoc --proto_path="$PROTO_ROOT" \
    --plugin=protoc-gen-swift="$PROTOC_GEN_SWIFT" \
    --swift_out="$OUT" --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores --swift_opt=UseAccessLevelOnImports=true \
    "${MESSAGES[@]}"
protoc --proto_path="$PROTO_ROOT" \
    --plugin=protoc-gen-grpc-swift="$PROTOC_GEN_GRPC_SWIFT" \
    --grpc-swift_out="$OUT" --grpc-swift_opt=Visibility=Public --grpc-swift_opt=FileNaming=PathToUnderscores --grpc-swift_opt=UseAccessLevelOnImports=true \
    --grpc-swift_opt=Server=true --grpc-swift_opt=Client=true \
    "${SERVICES[@]}"
echo "generated into $OUT"
