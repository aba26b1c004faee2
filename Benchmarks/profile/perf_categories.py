"""Splits perf samples of one process into exclusive categories by the first matching frame of each stack
(leaf to root). Usage: perf script -i DATA | swift demangle --simplified | python3 perf_categories.py RULESET"""
import re, sys
from collections import Counter

RULES = {
    "spans": [
        ("kernel (syscalls: socket reads/writes, futex, scheduling)", r"\[kernel"),
        ("decode: OTLPTraceReader (protobuf -> [Span], Strings)", r"OTLPTraceReader\."),
        ("RED: SpanMetrics.record", r"SpanMetrics\.record|SpanMetrics\.consume"),
        ("store: CorrelationStore.insert(spans:)", r"CorrelationStore\.insert|CorrelationShard\.|TraceRecord\."),
        ("gRPC framework (grpc-swift, HTTP/2)", r"GRPC|HTTP2|NIOHTTP2|HPACK"),
        ("request body read/copy (RequestBodyReader)", r"RequestBodyReader"),
        ("freeing the decoded batch (destroy Span/Attribute, dealloc)", r"exportTraces|OTLPTraceGRPCService|SpanIngest\.accept|OTLPExportDeserializer"),
        ("Hummingbird HTTP/1 server", r"Hummingbird|HTTPServer|NIOHTTP1|HBHTTP"),
        ("NIO event loop / sockets (user space)", r"SelectableEventLoop|BaseSocketChannel|NIOPosix|ByteBuffer|ChannelPipeline|NIOAsync"),
        ("Swift concurrency runtime / dispatch", r"swift_task|swift_job|_dispatch|swift::"),
        ("malloc/free without a usable stack", r"malloc|_int_free|cfree|unlink_chunk"),
    ],
    "file": [
        ("kernel (read syscalls, page cache copy, futex)", r"\[kernel"),
        ("extraction: TraceContextExtractor", r"TraceContextExtractor|JSONScanner|FieldAccumulator|KeyTable|HeaderScanner|LogfmtScanner|IDParsing|TimestampParsing|TextDecoding"),
        ("store: CorrelationStore.insert(logs:)", r"CorrelationStore\.insert|CorrelationShard\.|TraceRecord\.|CorrelationStore\.accept|UntracedLogRing"),
        ("LogEvent building (message String, UTF-8 validation)", r"FileEventBuilder|makeEvent"),
        ("line splitting / read loop (FileTail, FileSourceLoop)", r"FileTail|FileSourceLoop|FileSource"),
        ("Swift concurrency runtime / dispatch", r"swift_task|swift_job|_dispatch|swift::"),
        ("malloc/free without a usable stack", r"malloc|_int_free|cfree|unlink_chunk"),
    ],
}

rules = [(name, re.compile(pattern)) for name, pattern in RULES[sys.argv[1]]]
counts = Counter()
total = 0
stack = []
def flush():
    global total
    if not stack:
        return
    total += 1
    for name, pattern in rules:
        if any(pattern.search(frame) for frame in stack):
            counts[name] += 1
            return
    counts["other: " + stack[0].split(None, 1)[-1][:70]] += 1

for line in sys.stdin:
    if not line.strip():
        flush(); stack = []
    elif line.startswith(("\t", " ")):
        stack.append(line.strip())
flush()
for name, count in counts.most_common(25):
    print(f"{100 * count / total:6.1f}%  {name}")
print(f"{total} samples")
