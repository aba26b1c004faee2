#!/usr/bin/env python3
"""How the page copes with a big trace: 1,000 spans and 10,000 log lines in one trace.

Starts the agent (argv[1], default .build/release/tracelink, else .build/debug/tracelink) on free loopback
ports, sends the trace as OTLP/JSON (POST /v1/traces) and its logs as OTLP/JSON (POST /v1/logs), then measures
the API's answer for GET /api/v1/traces/<id> (size, time), and headless Chromium rendering the trace view
(navigation start to the last span row in the DOM, and to the next frame), the in-trace filter, and the size
of the page's assets. Prints a markdown table.

Run: .venv/bin/python Benchmarks/page/page_render.py [path/to/tracelink]   (needs selenium, chromium,
chromium-driver; see Tests/Integration/browser.py)
"""
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "Sources/TraceLinkServer/UI/Assets"
sys.path.insert(0, str(ROOT / "Tests/Integration"))
from browser import chromium_path, start_chromium  # noqa: E402

SPANS = 1000
LOGS = 10_000
FANOUT = 4
SERVICES = ["edge-gateway", "order-service", "inventory-service", "payment-service", "postgres"]
RUNS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_agent(binary: Path, workdir: Path):
    ports = {name: free_port() for name in ("grpc", "http", "metrics", "api")}
    config = workdir / "tracelink.yaml"
    config.write_text(f"""state_directory: {workdir / 'state'}
log_level: warning
receivers:
  otlp_grpc:
    endpoint: 127.0.0.1:{ports['grpc']}
  otlp_http:
    endpoint: 127.0.0.1:{ports['http']}
metrics:
  endpoint: 127.0.0.1:{ports['metrics']}
api:
  endpoint: 127.0.0.1:{ports['api']}
""")
    env = dict(os.environ)
    process = subprocess.Popen([str(binary), "run", "--config", str(config)], stdout=subprocess.DEVNULL,
                               stderr=open(workdir / "agent.stderr", "w"), env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"tracelink exited: {(workdir / 'agent.stderr').read_text()}")
        try:
            if requests.get(f"http://127.0.0.1:{ports['api']}/api/v1/traces", timeout=1).ok:
                return process, ports
        except requests.RequestException:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("tracelink not ready within 30 s")


def attr(key, value):
    if isinstance(value, bool):
        return {"key": key, "value": {"boolValue": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    return {"key": key, "value": {"stringValue": str(value)}}


def build_trace(rng: random.Random):
    """1,000 spans in a 4-ary tree: each parent's interval split among its children; a few errors."""
    trace_id = rng.randbytes(16).hex()
    start = time.time_ns() - 5_000_000_000
    ids = [rng.randbytes(8).hex() for _ in range(SPANS)]
    intervals = [(start, start + 2_000_000_000)] + [None] * (SPANS - 1)
    depth = [0] * SPANS
    by_service = {}
    spans = []
    for i in range(SPANS):
        s, e = intervals[i]
        children = [c for c in range(i * FANOUT + 1, min(i * FANOUT + FANOUT + 1, SPANS))]
        if children:
            slot = (e - s) * 0.9 / len(children)
            for n, c in enumerate(children):
                cs = int(s + (e - s) * 0.05 + n * slot)
                intervals[c] = (cs, cs + int(slot * rng.uniform(0.5, 0.95)))
                depth[c] = depth[i] + 1
        service = SERVICES[min(depth[i], len(SERVICES) - 1)]
        error = i % 97 == 13
        span = {
            "traceId": trace_id, "spanId": ids[i], "name": f"{service.split('-')[0]}.op{i % 23}",
            "kind": 2 if i == 0 else 3, "startTimeUnixNano": str(s), "endTimeUnixNano": str(e),
            "attributes": [attr("http.route", f"/api/v1/items/{i % 50}"), attr("db.statement", f"SELECT * FROM t{i % 7} WHERE id = $1"),
                           attr("item.count", i % 9), attr("cache.hit", i % 3 == 0)],
            "status": {"code": 2, "message": "upstream failed"} if error else {},
        }
        if i:
            span["parentSpanId"] = ids[(i - 1) // FANOUT]
        if error:
            span["events"] = [{"name": "exception", "timeUnixNano": str(e - 1000), "attributes": [
                attr("exception.type", "UpstreamError"), attr("exception.message", f"call {i} failed"),
                attr("exception.stacktrace", "Traceback (most recent call last):\n" + "".join(
                    f'  File "/srv/app/mod{k}.py", line {10 + k}, in handler{k}\n    call()\n' for k in range(12))
                    + "UpstreamError: failed")]}]
        by_service.setdefault(service, []).append(span)
        spans.append(span)
    request = {"resourceSpans": [{"resource": {"attributes": [attr("service.name", name)]},
                                  "scopeSpans": [{"scope": {"name": "bench"}, "spans": group}]}
                                 for name, group in by_service.items()]}
    return trace_id, ids, intervals, request


def log_requests(rng: random.Random, trace_id, ids, intervals, batch=1000):
    severities = [(5, "DEBUG"), (9, "INFO"), (9, "INFO"), (9, "INFO"), (13, "WARN"), (17, "ERROR")]
    for first in range(0, LOGS, batch):
        records = []
        for n in range(first, min(first + batch, LOGS)):
            i = n % SPANS
            s, e = intervals[i]
            number, text = severities[n % len(severities)]
            records.append({"timeUnixNano": str(rng.randint(s, e)), "severityNumber": number, "severityText": text,
                            "body": {"stringValue": f"handled item {n} in step {n % 17}: ok={n % 5 != 0}"},
                            "attributes": [attr("order_id", f"ord-{n % 300}"), attr("attempt", n % 4),
                                           attr("user.id", 1000 + n % 77)],
                            "traceId": trace_id, "spanId": ids[i]})
        yield {"resourceLogs": [{"resource": {"attributes": [attr("service.name", "order-service")]},
                                 "scopeLogs": [{"scope": {"name": "bench"}, "logRecords": records}]}]}


def post(url, body):
    response = requests.post(url, data=json.dumps(body), headers={"Content-Type": "application/json"}, timeout=60)
    if response.status_code != 200:
        raise SystemExit(f"POST {url}: {response.status_code} {response.text[:300]}")


def main():
    binary = Path(sys.argv[1]) if len(sys.argv) > 1 else next(
        (p for p in (ROOT / ".build/release/tracelink", ROOT / ".build/debug/tracelink") if p.exists()),
        ROOT / ".build/debug/tracelink")
    chromium, chromedriver = chromium_path(), shutil.which("chromedriver")
    if not binary.exists() or not chromium or not chromedriver:
        raise SystemExit(f"needs {binary}, chromium and chromedriver")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="tracelink-page-bench-") as tmp:
        process, ports = start_agent(binary, Path(tmp))
        try:
            run(binary, ports, rng, chromium, chromedriver)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def run(binary, ports, rng, chromium, chromedriver):
    otlp = f"http://127.0.0.1:{ports['http']}"
    base = f"http://127.0.0.1:{ports['api']}"
    trace_id, ids, intervals, spans_request = build_trace(rng)
    post(f"{otlp}/v1/traces", spans_request)
    for body in log_requests(rng, trace_id, ids, intervals):
        post(f"{otlp}/v1/logs", body)

    held = (0, 0)
    deadline = time.time() + 60
    while time.time() < deadline:
        response = requests.get(f"{base}/api/v1/traces/{trace_id}", timeout=30)
        if response.ok:
            body = response.json()
            held = (len(body["spans"]), sum(len(s["logs"]) for s in body["spans"]) + len(body["logs"]))
            if held == (SPANS, LOGS):
                break
        time.sleep(0.5)
    if held != (SPANS, LOGS):
        print(f"warning: the agent holds {held[0]} spans and {held[1]} logs of {SPANS} and {LOGS}", file=sys.stderr)

    times, size = [], 0
    for _ in range(5):
        began = time.perf_counter()
        response = requests.get(f"{base}/api/v1/traces/{trace_id}", timeout=30)
        times.append((time.perf_counter() - began) * 1000)
        size = len(response.content)

    from selenium.webdriver.common.keys import Keys

    driver = start_chromium(chromium, chromedriver)
    results = []
    try:
        for _ in range(RUNS):
            driver.get("about:blank")
            driver.get(f"{base}/#/trace/{trace_id}")
            deadline = time.time() + 120
            marks = None
            while time.time() < deadline:
                marks = driver.execute_script(
                    "const m = {}; for (const e of performance.getEntriesByType('mark')) m[e.name] = e.startTime;"
                    "return m['tl-trace-painted'] ? m : null")
                if marks:
                    break
                time.sleep(0.05)
            if not marks:
                raise SystemExit("the trace view did not render within 120 s")
            rows, lines, nodes, heap = driver.execute_script(
                "return [document.querySelectorAll('.span-row').length, document.querySelectorAll('.log-line').length,"
                " document.getElementsByTagName('*').length, performance.memory ? performance.memory.usedJSHeapSize : 0]")
            filters = []
            for text in ("payment", "ord-42", ""):
                driver.execute_script("performance.clearMeasures('tl-filter')")
                box = driver.find_element("id", "trace-filter")
                box.send_keys(Keys.CONTROL, "a")
                box.send_keys(Keys.DELETE, text)
                deadline = time.time() + 30
                duration = None
                while time.time() < deadline and duration is None:
                    duration = driver.execute_script(
                        "const m = performance.getEntriesByName('tl-filter'); return m.length ? m[m.length - 1].duration : null")
                    time.sleep(0.02)
                filters.append(duration or float("nan"))
            select_ms = driver.execute_script(
                "const row = document.querySelectorAll('.span-row')[500]; const t = performance.now();"
                "row.querySelector('.n').click(); document.body.offsetHeight; return performance.now() - t")
            results.append({**marks, "rows": rows, "lines": lines, "nodes": nodes, "heap": heap,
                            "filters": filters, "select": select_ms})
    finally:
        driver.quit()

    asset_bytes = {name: (ASSETS / name).stat().st_size for name in ("index.html", "app.css", "app.js")}
    served = sum(len(requests.get(f"{base}{path}", timeout=10).content) for path in ("/", "/assets/app.css", "/assets/app.js"))

    def med(key):
        return statistics.median(r[key] for r in results)

    last = results[-1]
    print(f"\nPage benchmark: one trace of {SPANS} spans and {LOGS} log lines ({binary}, median of {RUNS} loads)\n")
    print("| what | value |")
    print("|---|---|")
    print(f"| spans / logs held by the agent | {held[0]} / {held[1]} |")
    print(f"| GET /api/v1/traces/<id>: answer size | {size / 1024:.0f} KiB |")
    print(f"| GET /api/v1/traces/<id>: time (median of 5, min) | {statistics.median(times):.0f} ms, {min(times):.0f} ms |")
    print(f"| page: navigation start → trace JSON fetched | {med('tl-trace-fetched'):.0f} ms |")
    print(f"| page: navigation start → last span row in the DOM | {med('tl-trace-rendered'):.0f} ms |")
    print(f"| page: navigation start → next frame after render | {med('tl-trace-painted'):.0f} ms |")
    print(f"| span rows / log lines / DOM elements | {last['rows']} / {last['lines']} / {last['nodes']} |")
    print(f"| JS heap after render | {last['heap'] / 1048576:.0f} MiB |")
    print(f"| filter 'payment' / 'ord-42' / cleared (apply, after 150 ms debounce) | "
          + " / ".join(f"{statistics.median(r['filters'][k] for r in results):.1f} ms" for k in range(3)) + " |")
    print(f"| select a span (JS + layout) | {med('select'):.1f} ms |")
    print(f"| page assets (index.html + app.css + app.js) | {sum(asset_bytes.values()) / 1024:.1f} KiB "
          f"({', '.join(f'{k} {v / 1024:.1f}' for k, v in asset_bytes.items())}); served {served / 1024:.1f} KiB |")


if __name__ == "__main__":
    main()
