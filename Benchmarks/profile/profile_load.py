"""Drives one tracelink under a profiler with one kind of load, reusing Benchmarks/load/bench.py's helpers.

    venv/bin/python profile_load.py MODE --binary PATH [--wrap "valgrind --tool=callgrind ..."]
                                       [--perf OUT] [--seconds N] [--lines N]

MODE: http | grpc | file | idle.
--wrap  prefixes the agent's command (callgrind: started with --collect-atstart=no; collection is switched on
        with callgrind_control only for the load phase, so start-up is not counted).
--perf  attaches `perf record -e cpu-clock -g` to the agent for the load phase only and writes OUT.
Prints the agent's CPU seconds for the load phase and what the load achieved.
"""
import argparse
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "load"))
import bench  # noqa: E402
from requests_body import export_request  # noqa: E402


def start(binary, wrap, workdir, extra=""):
    http_port, grpc_port, metrics_port = bench.free_port(), bench.free_port(), bench.free_port()
    config = bench.write_config(workdir, http_port, grpc_port, metrics_port, extra)
    log = open(workdir / "agent.log", "w")
    args = shlex.split(wrap) + [str(binary), "run", "--config", str(config)]
    popen = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    for port in (http_port, grpc_port, metrics_port):
        bench.wait_port(port, timeout=300)
    return popen, http_port, grpc_port, metrics_port


def callgrind(pid, switch):
    subprocess.run(["callgrind_control", "-i", switch, str(pid)], check=False, capture_output=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["http", "grpc", "file", "idle"])
    parser.add_argument("--binary", required=True, type=Path)
    parser.add_argument("--wrap", default="")
    parser.add_argument("--perf")
    parser.add_argument("--call-graph", default="fp", help="perf's --call-graph: fp, or dwarf,16384 to see through libc")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--lines", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=0,
                        help="send exactly this many requests one after the other (for callgrind) instead of a timed load")
    args = parser.parse_args()
    is_callgrind = "callgrind" in args.wrap

    with tempfile.TemporaryDirectory(prefix="tracelink-profile-") as tmp:
        tmp = Path(tmp)
        extra = ""
        if args.mode == "file":
            logs = tmp / "logs"
            logs.mkdir()
            with open(logs / "app.log", "wb") as out:
                for first in range(0, args.lines, 10000):
                    out.write(b"".join(bench.json_line(seq, f"{seq // 10 + 1:032x}")
                                       for seq in range(first, min(first + 10000, args.lines))))
            extra = bench.file_source_config(logs)
            # The source starts reading as soon as the agent is up: hide the file until collection is on.
            os.rename(logs / "app.log", tmp / "app.log.hidden")
        popen, http_port, grpc_port, metrics_port = start(args.binary, args.wrap, tmp, extra)
        pid = popen.pid
        time.sleep(2)
        perf = None
        if args.perf:
            perf = subprocess.Popen(["perf", "record", "-e", "cpu-clock", "-F", "499" if "dwarf" in args.call_graph else "999",
                                     "--call-graph", args.call_graph, "-p", str(pid),
                                     "-o", args.perf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)
        if is_callgrind:
            callgrind(pid, "on")
        before = bench.cpu_seconds(pid)
        started = time.time()
        body = export_request()
        done = ""
        if args.mode == "http" and args.requests:
            session = bench.http.Session()
            for _ in range(args.requests):
                response = session.post(f"http://127.0.0.1:{http_port}/v1/traces", data=body, timeout=600,
                                        headers={"Content-Type": "application/x-protobuf"})
                response.raise_for_status()
            done = f"{args.requests * 1000} spans over OTLP/HTTP, one request at a time"
        elif args.mode == "grpc" and args.requests:
            import grpc
            with grpc.insecure_channel(f"127.0.0.1:{grpc_port}") as channel:
                export = channel.unary_unary("/opentelemetry.proto.collector.trace.v1.TraceService/Export",
                                             request_serializer=lambda b: b, response_deserializer=lambda b: b)
                for _ in range(args.requests):
                    export(body, timeout=600)
            done = f"{args.requests * 1000} spans over OTLP/gRPC, one request at a time"
        elif args.mode == "http":
            body_dir = bench.write_bodies(tmp / "requests", [body])
            requests = bench.http_load(http_port, body_dir, 1, args.seconds, args.connections)
            done = f"{requests * 1000} spans over OTLP/HTTP"
        elif args.mode == "grpc":
            requests = bench.grpc_load(grpc_port, [body], args.seconds, args.connections)
            done = f"{requests * 1000} spans over OTLP/gRPC"
        elif args.mode == "file":
            os.rename(tmp / "app.log.hidden", tmp / "logs" / "app.log")
            while bench.records_stored(metrics_port, "bench") < args.lines:
                time.sleep(0.2)
            done = f"{args.lines} JSON lines tailed"
        else:
            time.sleep(args.seconds)
            done = "idle"
        wall = time.time() - started
        cpu = bench.cpu_seconds(pid) - before
        if is_callgrind:
            callgrind(pid, "off")
        if perf:
            perf.send_signal(signal.SIGINT)
            perf.wait()
        status = Path(f"/proc/{pid}/status").read_text()
        rss = [line for line in status.splitlines() if line.startswith(("VmRSS", "VmHWM", "Threads"))]
        popen.send_signal(signal.SIGTERM)
        popen.wait(timeout=600)
        print(f"{done}; agent CPU {cpu:.2f} s in {wall:.1f} s wall; {'; '.join(' '.join(r.split()) for r in rss)}")


if __name__ == "__main__":
    main()
