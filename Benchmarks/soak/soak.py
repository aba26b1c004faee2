#!/usr/bin/env python3
"""Soak: the agent under steady span and log load for MINUTES, its log file rotated every 30 s, the agent itself
restarted every 2 minutes (SIGTERM and SIGKILL in turn); then a table of what held and what leaked.

Accounting is exact: before each restart the load pauses and the agent is left to catch up (every line written so
far read, every accepted span counted), the counters are read, and only then is the agent stopped. Lines read in
the next lifetime past the lines written since are duplicates (a kill -9 may re-read its last batch); lines never
read are losses.

Usage: Benchmarks/soak/soak.py [--binary PATH] [--minutes 10] [--span-rate N] [--line-rate N]
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests as http

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Benchmarks" / "load"))
from requests_body import export_request  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def metric_total(text: str, name: str) -> float:
    """The sum of every sample of `name` (any labels)."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


class Agent:
    def __init__(self, binary: Path, workdir: Path):
        self.binary = binary
        self.workdir = workdir
        self.http_port, self.metrics_port = free_port(), free_port()
        self.config = workdir / "tracelink.yaml"
        self.config.write_text(f"""state_directory: {workdir / "state"}
log_level: warning
receivers:
  otlp_grpc: {{endpoint: 127.0.0.1:{free_port()}}}
  otlp_http: {{endpoint: 127.0.0.1:{self.http_port}}}
metrics: {{endpoint: 127.0.0.1:{self.metrics_port}}}
api: {{endpoint: 127.0.0.1:{free_port()}}}
store: {{max_memory: 128MiB}}
sources:
  - type: file
    name: soak
    include: ["{workdir}/logs/app.log*"]
    start_at: beginning
    poll_interval: 250ms
    rotate_wait: 2s
""")
        self.process = None

    def start(self):
        self.process = subprocess.Popen([str(self.binary), "run", "--config", str(self.config)],
                                        stdout=subprocess.DEVNULL, stderr=open(self.workdir / "agent.stderr", "a"))
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if http.get(f"http://127.0.0.1:{self.metrics_port}/readyz", timeout=1).ok:
                    return
            except http.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("agent not ready: " + (self.workdir / "agent.stderr").read_text()[-2000:])

    def scrape(self) -> str:
        return http.get(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=10).text

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def stop(self, kill: bool):
        if kill:
            self.process.kill()
        else:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        if not kill and code != 0:
            raise RuntimeError(f"agent exited {code} on SIGTERM")


class Load:
    """Spans over OTLP/HTTP and JSON lines into a rotated file, at fixed rates, pausable."""

    def __init__(self, agent: Agent, logs: Path, span_rate: int, line_rate: int, rotate_every: float):
        self.agent, self.logs = agent, logs
        self.span_rate, self.line_rate, self.rotate_every = span_rate, line_rate, rotate_every
        self.requests = [export_request(1000, seed=seed) for seed in range(16)]
        self.running = threading.Event()
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.spans_accepted = 0
        self.lines_written = 0
        self.rotations = 0

    def send_spans(self):
        interval = 1000 / self.span_rate
        index = 0
        next_at = time.time()
        while not self.stopped.is_set():
            if not self.running.wait(0.1):
                next_at = time.time()
                continue
            try:
                response = http.post(f"http://127.0.0.1:{self.agent.http_port}/v1/traces",
                                     data=self.requests[index % len(self.requests)],
                                     headers={"Content-Type": "application/x-protobuf"}, timeout=10)
                if response.status_code == 200:
                    with self.lock:
                        self.spans_accepted += 1000
            except http.RequestException:
                pass  # the agent is restarting: the SDKs retry, the soak just does not count it
            index += 1
            next_at += interval
            time.sleep(max(0.0, next_at - time.time()))

    def write_lines(self):
        path = self.logs / "app.log"
        out = open(path, "a")
        last_rotation = time.time()
        burst = max(1, self.line_rate // 20)
        sequence = 0
        while not self.stopped.is_set():
            if not self.running.wait(0.1):
                continue
            lines = []
            for _ in range(burst):
                lines.append(f'{{"ts":{time.time():.6f},"level":"info","msg":"soak line {sequence}",'
                             f'"trace_id":"{sequence // 100 + 1:032x}","span_id":"{sequence % 100 + 1:016x}"}}\n')
                sequence += 1
            out.write("".join(lines))
            out.flush()
            with self.lock:
                self.lines_written += burst
            if time.time() - last_rotation >= self.rotate_every:
                out.close()
                old = self.logs / "app.log.1"
                if old.exists():
                    old.unlink()
                path.rename(old)
                out = open(path, "a")
                last_rotation = time.time()
                self.rotations += 1
            time.sleep(0.05)
        out.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "tracelink"))
    parser.add_argument("--minutes", type=float, default=10)
    # Half the measured maximum of this machine's load tool: ~40k spans/s and ~40k lines/s sustained by Python.
    parser.add_argument("--span-rate", type=int, default=20_000)
    parser.add_argument("--line-rate", type=int, default=20_000)
    parser.add_argument("--rotate-every", type=float, default=30)
    parser.add_argument("--restart-every", type=float, default=120)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tracelink-soak-"))
    (workdir / "logs").mkdir()
    agent = Agent(Path(args.binary), workdir)
    agent.start()
    load = Load(agent, workdir / "logs", args.span_rate, args.line_rate, args.rotate_every)
    threads = [threading.Thread(target=load.send_spans, daemon=True),
               threading.Thread(target=load.write_lines, daemon=True)]
    for thread in threads:
        thread.start()

    rss_start, fds_start = agent.rss_mib(), agent.open_fds()
    lines_read = spans_counted = duplicates = 0.0
    written_at_start = 0
    restarts = 0
    kill_next = False
    end = time.time() + args.minutes * 60
    load.running.set()

    def settle() -> tuple[float, float]:
        """Pauses the load and waits until the agent read every line written and counted every span."""
        load.running.clear()
        time.sleep(0.5)  # a request or a burst in flight finishes
        deadline = time.time() + 60
        while True:
            text = agent.scrape()
            read = metric_total(text, "tracelink_file_lines_read_total")
            counted = metric_total(text, "traces_span_metrics_calls_total")
            with load.lock:
                due_lines, due_spans = load.lines_written - written_at_start, load.spans_accepted - spans_counted
            if (read >= due_lines and counted >= due_spans) or time.time() > deadline:
                return read, counted
            time.sleep(0.25)

    def account():
        """Adds this lifetime's lines and spans, once the agent has caught up, to the totals."""
        nonlocal duplicates, lines_read, spans_counted
        read, counted = settle()
        with load.lock:
            due = load.lines_written - written_at_start
        duplicates += max(0.0, read - due)
        lines_read += min(read, due)
        spans_counted += counted

    while time.time() < end:
        time.sleep(min(args.restart_every, max(0.0, end - time.time())))
        if time.time() >= end:
            break
        account()
        agent.stop(kill=kill_next)
        kill_next = not kill_next
        restarts += 1
        with load.lock:
            written_at_start = load.lines_written
        agent.start()
        load.running.set()

    account()
    rss_end, fds_end = agent.rss_mib(), agent.open_fds()
    load.stopped.set()
    agent.stop(kill=False)

    print(f"\n`Benchmarks/soak/soak.py --minutes {args.minutes:g} --span-rate {args.span_rate} "
          f"--line-rate {args.line_rate}` ({load.rotations} rotations, restarts every {args.restart_every:g} s)\n")
    print("| measure | start | end |")
    print("|---|---|---|")
    print(f"| RSS (MiB) | {rss_start:.1f} | {rss_end:.1f} |")
    print(f"| open fds | {fds_start} | {fds_end} |")
    print(f"| lines written / read (lost) | | {load.lines_written:,} / {int(lines_read):,} "
          f"({load.lines_written - int(lines_read):,}) |")
    print(f"| lines read twice (kill -9 re-reads) | | {int(duplicates):,} |")
    print(f"| spans accepted / counted in /metrics | | {load.spans_accepted:,} / {int(spans_counted):,} |")
    print(f"| restarts survived (SIGTERM and SIGKILL in turn) | | {restarts} |")
    lost = load.lines_written - int(lines_read)
    sys.exit(0 if lost == 0 and int(spans_counted) == load.spans_accepted else 1)


if __name__ == "__main__":
    main()
