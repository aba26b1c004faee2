"""End-to-end load benchmark: tracelink against rotel on the same OTLP span load, and tracelink's log tailing.

Usage (from the repository root; `make bench` does it all):
    .venv/bin/python Benchmarks/load/bench.py [--duration 10] [--connections 4] [--skip-rotel] [--json out.json]
        [--binary PATH]   (measure a prebuilt release binary instead of running `swift build -c release`)

For each agent it starts the binary on free loopback ports, sends pre-encoded 1000-span requests at maximum
rate over keep-alive connections (wrk for OTLP/HTTP, gRPC channels in worker processes for OTLP/gRPC), and
reads the agent's CPU seconds and peak RSS from /proc. Throughput is reported per CPU-second of the agent,
so noise in wall time (the load generator shares the machine) does not matter.
"""
import argparse
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests as http

sys.path.insert(0, str(Path(__file__).parent))
from requests_body import export_request  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def memory_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} never opened")


class Process:
    def __init__(self, args, ports, workdir: Path):
        self.log = open(workdir / "agent.log", "w")
        self.popen = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        for port in ports:
            wait_port(port)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def stop(self):
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


def write_config(workdir: Path, http_port: int, grpc_port: int, metrics_port: int, extra: str = "") -> Path:
    """The agent's config for a load run: free loopback ports (the API's too), quiet logs, `extra` appended."""
    config = workdir / "tracelink.yaml"
    config.write_text(f"""state_directory: {workdir / 'state'}
log_level: warning
receivers:
  otlp_grpc: {{endpoint: 127.0.0.1:{grpc_port}}}
  otlp_http: {{endpoint: 127.0.0.1:{http_port}}}
metrics: {{endpoint: 127.0.0.1:{metrics_port}}}
api: {{endpoint: 127.0.0.1:{free_port()}}}
{extra}""")
    return config


def start_tracelink(binary: Path, workdir: Path, extra: str = "", metrics_port: int | None = None):
    http_port, grpc_port = free_port(), free_port()
    metrics_port = metrics_port or free_port()
    config = write_config(workdir, http_port, grpc_port, metrics_port, extra)
    process = Process([str(binary), "run", "--config", str(config)], [http_port, grpc_port, metrics_port], workdir)
    return process, http_port, grpc_port


def start_rotel(workdir: Path):
    binary = shutil.which("rotel-agent") or str(Path(sys.executable).parent / "rotel-agent")
    if not Path(binary).exists():
        try:
            import rotel  # noqa: F401  (the PyPI package ships the binary)
            binary = str(Path(rotel.__file__).parent / "rotel-agent")
        except ImportError:
            return None
    http_port, grpc_port = free_port(), free_port()
    process = Process(
        [binary, "start", "--exporter", "blackhole", "--otlp-http-endpoint", f"127.0.0.1:{http_port}",
         "--otlp-grpc-endpoint", f"127.0.0.1:{grpc_port}"], [http_port, grpc_port], workdir)
    return process, http_port, grpc_port


WRK_SCRIPT = """
local count = tonumber(os.getenv("BODY_COUNT"))
local prepared = {}
local next = 0
function init(args)
  for i = 1, count do
    local file = io.open(string.format("%s/request-%03d.bin", os.getenv("BODY_DIR"), i - 1), "rb")
    prepared[i] = wrk.format("POST", nil, {["Content-Type"] = "application/x-protobuf"}, file:read("*a"))
    file:close()
  end
end
function request()
  next = next % count + 1
  return prepared[next]
end
done = function(summary, latency, requests)
  io.write(string.format("REQUESTS %d ERRORS %d\\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def write_bodies(directory: Path, bodies: list) -> Path:
    """Writes the pre-encoded requests where the wrk script reads them (request-000.bin, ...)."""
    directory.mkdir(parents=True, exist_ok=True)
    for index, body in enumerate(bodies):
        (directory / f"request-{index:03d}.bin").write_bytes(body)
    return directory


def http_load(port: int, body_dir: Path, count: int, duration: int, connections: int) -> int:
    """wrk posting the `count` requests of `body_dir` in turn over `connections` keep-alive connections."""
    script = body_dir / "post.lua"
    script.write_text(WRK_SCRIPT)
    result = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "-s", str(script),
         f"http://127.0.0.1:{port}/v1/traces"],
        env={**os.environ, "BODY_DIR": str(body_dir), "BODY_COUNT": str(count)}, capture_output=True, text=True,
        check=True)
    for line in result.stdout.splitlines():
        if line.startswith("REQUESTS"):
            parts = line.split()
            return int(parts[1]) - int(parts[3])
    raise RuntimeError(result.stdout + result.stderr)


def grpc_worker(port: int, bodies: list, duration: float, results):
    import grpc
    count = 0
    with grpc.insecure_channel(f"127.0.0.1:{port}", options=[("grpc.max_send_message_length", 64 << 20)]) as channel:
        export = channel.unary_unary("/opentelemetry.proto.collector.trace.v1.TraceService/Export",
                                     request_serializer=lambda b: b, response_deserializer=lambda b: b)
        deadline = time.time() + duration
        turn = 0
        while time.time() < deadline:
            futures = []
            for _ in range(4):
                futures.append(export.future(bodies[turn % len(bodies)], timeout=30))
                turn += 1
            for future in futures:
                future.result()
                count += 1
    results.put(count)


def grpc_load(port: int, bodies: list, duration: int, connections: int) -> int:
    """`connections` worker processes, each a gRPC channel exporting its own share of the requests in turn (so two
    workers never send the same request at once), 4 in flight."""
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=grpc_worker,
                                       args=(port, bodies[index::connections] or bodies, duration, results))
               for index in range(connections)]
    for worker in workers:
        worker.start()
    total = sum(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    return total


def measure(pid: int, load) -> dict:
    before = cpu_seconds(pid)
    started = time.time()
    requests_done = load()
    wall = time.time() - started
    cpu = cpu_seconds(pid) - before
    spans = requests_done * 1000
    return {"spans": spans, "cpu_seconds": round(cpu, 2), "wall_seconds": round(wall, 2),
            "spans_per_cpu_second": int(spans / cpu) if cpu else 0,
            "peak_rss_mib": round(memory_kib(pid, "VmHWM") / 1024, 1)}


def span_benchmarks(started, bodies: list, body_dir: Path, args, metrics_port: int | None = None) -> dict:
    """Idle RSS and CPU, then OTLP/HTTP and OTLP/gRPC load with `bodies` in turn; with `metrics_port` (tracelink),
    also what the store did: the duplicate spans it skipped and the traces it evicted."""
    process, http_port, grpc_port = started
    try:
        time.sleep(1)
        result = {"idle_rss_mib": round(memory_kib(process.pid, "VmRSS") / 1024, 1)}
        idle_before = cpu_seconds(process.pid)
        time.sleep(args.idle)
        result["idle_cpu_seconds_per_minute"] = round((cpu_seconds(process.pid) - idle_before) * 60 / args.idle, 3)
        http_run = lambda: http_load(http_port, body_dir, len(bodies), args.duration, args.connections)  # noqa: E731
        result["http"] = measure(process.pid, http_run)
        result["grpc"] = measure(process.pid, lambda: grpc_load(grpc_port, bodies, args.duration, args.connections))
        result["peak_rss_mib"] = round(memory_kib(process.pid, "VmHWM") / 1024, 1)
        if metrics_port:
            result["store"] = {name: metric_total(metrics_port, f"tracelink_store_{name}_total")
                               for name in ("duplicate_spans", "evicted_traces")}
        return result
    finally:
        process.stop()


def metric_total(metrics_port: int, name: str, label: str = "") -> int:
    """The sum of a counter's series on the agent's /metrics (those with `label`, e.g. `source="app"`, if given)."""
    text = http.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).text
    return int(sum(float(row.rsplit(" ", 1)[1]) for row in text.splitlines()
                   if (row.startswith(name + " ") or row.startswith(name + "{")) and label in row))


# 64 requests hold ~64k spans, several times this budget.
SPAN_STORE_CONFIG = "store: {max_memory: 4MiB}\n"


def json_line(seq: int, trace_id: str) -> bytes:
    """~300 bytes, ids near the start, as an OpenTelemetry-instrumented service writes them."""
    return (f'{{"ts":"2026-11-25T06:53:20.{seq % 1000:03d}Z","level":"info","trace_id":"{trace_id}",'
            f'"span_id":"{seq % (1 << 64):016x}","service":"checkout","msg":"order {seq} created with 3 items, total 129.95 EUR",'
            f'"http.route":"/api/orders","user_agent":"Mozilla/5.0 (X11; Linux x86_64) bench","seq":{seq}}}\n').encode()


def records_stored(metrics_port: int, source: str) -> int:
    """Log records the agent took in from `source`."""
    return metric_total(metrics_port, "tracelink_log_records_total", f'source="{source}"')


def file_source_config(logs: Path) -> str:
    """The file benchmark's config: the whole file held in the store (nothing evicted), read from the beginning."""
    return f"""store: {{max_memory: 4GiB}}
sources:
  - type: file
    name: bench
    include: ["{logs}/*.log"]
    start_at: beginning
    batch_size: 8192
"""


def file_benchmark(binary: Path, tmp: Path, lines: int) -> dict:
    """Reads a JSON-lines file from the beginning with trace extraction into the store."""
    logs = tmp / "logs"
    logs.mkdir()
    path = logs / "app.log"
    with open(path, "wb") as out:
        chunk = []
        for seq in range(lines):
            chunk.append(json_line(seq, f"{seq // 10 + 1:032x}"))
            if len(chunk) == 10000:
                out.write(b"".join(chunk))
                chunk = []
        out.write(b"".join(chunk))
    size = path.stat().st_size
    subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)  # page cache, as the references
    workdir = tmp / "file-agent"
    workdir.mkdir()
    metrics_port = free_port()
    process, _, _ = start_tracelink(binary, workdir, file_source_config(logs), metrics_port=metrics_port)
    try:
        started = time.time()
        while records_stored(metrics_port, "bench") < lines:
            time.sleep(0.05)
            if time.time() - started > 600:
                raise RuntimeError("file benchmark did not finish in 10 minutes")
        wall = time.time() - started
        cpu = cpu_seconds(process.pid)
        return {"lines": lines, "bytes": size, "cpu_seconds": round(cpu, 2), "wall_seconds": round(wall, 2),
                "lines_per_cpu_second": int(lines / cpu), "mb_per_cpu_second": round(size / cpu / 1e6, 1),
                "peak_rss_mib": round(memory_kib(process.pid, "VmHWM") / 1024, 1)}
    finally:
        process.stop()


def lag_benchmark(binary: Path, tmp: Path, rate: int, seconds: int) -> dict:
    """Lines appended at `rate` per second, the file renamed away (rotated) and recreated every second;
    lag = time from write to the store counting the line."""
    logs = tmp / "lag-logs"
    logs.mkdir()
    workdir = tmp / "lag-agent"
    workdir.mkdir()
    metrics_port = free_port()
    process, _, _ = start_tracelink(binary, workdir, f"""sources:
  - type: file
    name: lag
    include: ["{logs}/*.log"]
    start_at: beginning
""", metrics_port=metrics_port)
    write_times = []
    arrivals = []
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            arrivals.append((time.time(), records_stored(metrics_port, "lag")))
            time.sleep(0.002)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        out = open(logs / "app.log", "ab", buffering=0)
        per_tick = rate // 100
        seq = 0
        start = time.time()
        for tick in range(seconds * 100):
            target = start + tick / 100
            delay = target - time.time()
            if delay > 0:
                time.sleep(delay)
            if tick and tick % 100 == 0:  # rename rotation, as logrotate without copytruncate does
                out.close()
                os.rename(logs / "app.log", logs / f"app.log.{tick // 100}")
                out = open(logs / "app.log", "ab", buffering=0)
            out.write(b"".join(json_line(seq + i, f"{(seq + i) // 10 + 1:032x}") for i in range(per_tick)))
            write_times.append((time.time(), seq + per_tick))
            seq += per_tick
        out.close()
        deadline = time.time() + 10
        while records_stored(metrics_port, "lag") < seq and time.time() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        poller.join()
        process.stop()
    lags = []
    index = 0
    for written_at, count in write_times:
        while index < len(arrivals) and arrivals[index][1] < count:
            index += 1
        if index < len(arrivals):
            lags.append(max(0.0, arrivals[index][0] - written_at))
    lags.sort()
    pick = lambda q: round(lags[min(len(lags) - 1, int(q * len(lags)))] * 1000, 1) if lags else None
    return {"rate_lines_per_second": rate, "seconds": seconds, "lag_ms_p50": pick(0.5), "lag_ms_p99": pick(0.99),
            "lag_ms_max": pick(1.0), "rotations": seconds - 1,
            "note": "lag measured to the store's count, polled every 2 ms (+ poll interval)"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--idle", type=int, default=10, help="seconds of idle CPU measurement")
    parser.add_argument("--skip-rotel", action="store_true")
    parser.add_argument("--requests", type=int, default=64, help="distinct pre-encoded 1000-span requests")
    parser.add_argument("--file-lines", type=int, default=1_000_000, help="lines in the file-tailing benchmark")
    parser.add_argument("--lag-rate", type=int, default=50_000)
    parser.add_argument("--skip-files", action="store_true")
    parser.add_argument("--json", default=str(ROOT / "Benchmarks" / "results" / "bench.json"))
    parser.add_argument("--binary", type=Path,
                        help="a prebuilt (release) tracelink binary to measure; skips `swift build -c release`")
    args = parser.parse_args()

    if args.binary:
        binary = args.binary.resolve()
        if not (binary.is_file() and os.access(binary, os.X_OK)):
            parser.error(f"--binary {args.binary}: not an executable file")
    else:
        release = ["swift", "build", "-c", "release", "--static-swift-stdlib"]  # as scripts/run.sh builds it
        subprocess.run(release + ["--product", "tracelink"], cwd=ROOT, check=True)
        binary = Path(subprocess.run(release + ["--show-bin-path"], cwd=ROOT, check=True,
                                     capture_output=True, text=True).stdout.strip()) / "tracelink"
    results = {}
    with tempfile.TemporaryDirectory(prefix="tracelink-bench-") as tmp:
        tmp = Path(tmp)
        # Distinct requests (their own trace and span ids), sent in turn; the store's budget is far smaller than
        # what they hold, so by the time a request comes round again its traces were evicted: every insert is new.
        bodies = [export_request(seed=seed) for seed in range(1, args.requests + 1)]
        body_dir = write_bodies(tmp / "requests", bodies)
        results["request_bytes_per_span"] = len(bodies[0]) // 1000
        results["distinct_requests"] = len(bodies)
        (tmp / "tracelink").mkdir()
        metrics_port = free_port()
        started = start_tracelink(binary, tmp / "tracelink", SPAN_STORE_CONFIG, metrics_port=metrics_port)
        results["tracelink"] = span_benchmarks(started, bodies, body_dir, args, metrics_port)
        if not args.skip_rotel:
            (tmp / "rotel").mkdir()
            started = start_rotel(tmp / "rotel")
            if started is None:
                print("rotel not installed (pip install rotel): skipped", file=sys.stderr)
            else:
                results["rotel"] = span_benchmarks(started, bodies, body_dir, args)

        if not args.skip_files:
            results["file"] = file_benchmark(binary, tmp, args.file_lines)
            results["lag"] = lag_benchmark(binary, tmp, args.lag_rate, 5)

    print_table(results)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2))
    print(f"\nresults written to {args.json}")


def print_table(results):
    tracelink, rotel = results.get("tracelink", {}), results.get("rotel")
    rows = [("metric", "tracelink", "rotel", "ratio")]
    for transport in ("http", "grpc"):
        ours = tracelink.get(transport, {}).get("spans_per_cpu_second", 0)
        theirs = rotel.get(transport, {}).get("spans_per_cpu_second", 0) if rotel else 0
        rows.append((f"OTLP/{transport} spans per CPU-second", f"{ours:,}", f"{theirs:,}" if rotel else "-",
                     f"{ours / theirs:.2f}x" if theirs else "-"))
    if "store" in tracelink:
        rows.append((f"store: duplicate spans / evicted traces ({results['distinct_requests']} distinct requests)",
                     f"{tracelink['store']['duplicate_spans']:,} / {tracelink['store']['evicted_traces']:,}", "-", ""))
    for key, label in (("idle_rss_mib", "idle RSS (MiB)"), ("peak_rss_mib", "peak RSS under load (MiB)"),
                       ("idle_cpu_seconds_per_minute", "idle CPU (s per minute)")):
        rows.append((label, str(tracelink.get(key, "-")), str(rotel.get(key, "-")) if rotel else "-", ""))
    if "file" in results:
        file = results["file"]
        rows.append(("JSON lines per CPU-second (file, extraction, store)", f"{file['lines_per_cpu_second']:,}", "-", ""))
        rows.append(("MB per CPU-second (file)", str(file["mb_per_cpu_second"]), "-", ""))
        rows.append(("peak RSS, file benchmark (MiB, store included)", str(file["peak_rss_mib"]), "-", ""))
    if "lag" in results:
        lag = results["lag"]
        rows.append((f"lag p50 / p99 at {lag['rate_lines_per_second']:,} lines/s (ms)",
                     f"{lag['lag_ms_p50']} / {lag['lag_ms_p99']}", "-", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))


if __name__ == "__main__":
    main()
