"""The agent as systemd runs it: the notify protocol on a real datagram socket (READY, WATCHDOG, STOPPING in that
order), /readyz, a SIGHUP reload that picks up a new source without losing or repeating a line (and refuses a
broken config while running on), and jump's refusal to read files no source tails."""
import os
import signal
import socket
import time
from pathlib import Path

import pytest
import requests

from test_correlation import api, wait_for


@pytest.fixture
def notify_socket(tmp_path):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(0.2)
    yield path, sock
    sock.close()


def receive_until(sock, predicate, timeout=20.0):
    """Datagrams received until one satisfies predicate (all of them, in order)."""
    received = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            received.append(sock.recv(4096).decode())
        except socket.timeout:
            continue
        if predicate(received[-1]):
            return received
    raise AssertionError(f"no matching notification within {timeout}s; received {received}")


def test_notify_protocol_ready_watchdog_stopping_in_order(agent_factory, notify_socket, tmp_path):
    path, sock = notify_socket
    agent = agent_factory(f"""sources:
  - type: journald
    name: nojournal
    directory: {tmp_path / "no-such-journal"}
""", env={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "1000000"})

    ready = receive_until(sock, lambda message: "READY=1" in message)
    assert ready[-1].startswith("READY=1\nSTATUS=1 source, 0 traces held"), ready
    pings = receive_until(sock, lambda message: message == "WATCHDOG=1")
    assert not any("STOPPING" in message for message in pings)

    readyz = requests.get(f"http://127.0.0.1:{agent.metrics_port}/readyz", timeout=5)
    assert readyz.status_code == 200
    lines = readyz.text.splitlines()
    assert lines[0] == "ready"
    assert {"OTLP/HTTP: ready", "OTLP/gRPC: ready", "metrics: ready", "API: ready"} <= set(lines)
    assert any(line.startswith("journal source nojournal: unavailable (") for line in lines), lines

    agent.process.send_signal(signal.SIGTERM)
    stopping = receive_until(sock, lambda message: message.startswith("STOPPING=1"))
    assert agent.process.wait(timeout=15) == 0
    order = [m.split("\n")[0] for m in ready + pings + stopping if m.split("\n")[0] in
             ("READY=1", "WATCHDOG=1", "STOPPING=1")]
    assert order[0] == "READY=1" and order[-1] == "STOPPING=1" and "WATCHDOG=1" in order[1:-1]


def test_sighup_reloads_the_config_without_losing_a_line(agent_factory, notify_socket, tmp_path):
    path, sock = notify_socket
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    source = lambda name, folder: f"""  - type: file
    name: {name}
    include: ["{folder}/*.log"]
    start_at: beginning
    poll_interval: 100ms
"""
    agent = agent_factory("sources:\n" + source("first", first), env={"NOTIFY_SOCKET": str(path)})
    receive_until(sock, lambda message: "READY=1" in message)
    log = first / "app.log"
    trace = "5b8efff798038103d269b633813fc60c"

    def write(lines, start, into=log):
        with open(into, "a") as out:
            for n in range(start, start + lines):
                out.write(f'{{"msg":"line {n}","trace_id":"{trace}"}}\n')

    write(500, 0)
    # A broken config on SIGHUP: refused with its file, line and key; the agent runs on as it was.
    good = agent.config_path.read_text()
    agent.config_path.write_text(good + "bogus_key: 1\n")
    agent.process.send_signal(signal.SIGHUP)
    wait_for(lambda: "config not reloaded" in agent.stderr_path.read_text())
    assert "bogus_key" in agent.stderr_path.read_text() and agent.process.poll() is None

    # A valid one with a second source, while lines keep coming.
    agent.config_path.write_text(good + source("second", second))
    write(500, 500)
    agent.process.send_signal(signal.SIGHUP)
    receive_until(sock, lambda message: message.startswith("RELOADING=1"))
    write(500, 1000)
    between = receive_until(sock, lambda message: "READY=1" in message)
    # systemd 252 takes STOPPING=1 during a reload for a stop, and kills the unit after TimeoutStopSec.
    assert not any(message.startswith("STOPPING=1") for message in between), between
    write(500, 1500)
    write(10, 0, into=second / "other.log")

    def held():
        body = api(agent, "/api/v1/logs", trace_id=trace, limit=5000).json()["logs"]
        return body if len(body) >= 2010 else None

    logs = wait_for(held)
    messages = sorted(log["message"] for log in logs if log["source"] == "first")
    assert messages == sorted(f"line {n}" for n in range(2000)), "every line exactly once across the reload"
    assert len([log for log in logs if log["source"] == "second"]) == 10
    assert "configuration reloaded" in agent.stderr_path.read_text()


def test_jump_reads_only_files_a_source_tails(agent_factory, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "app.log").write_text('{"msg":"hi","trace_id":"5b8efff798038103d269b633813fc60c"}\n')
    (tmp_path / "secret.txt").write_text('{"trace_id":"5b8efff798038103d269b633813fc60c"}\n')
    agent = agent_factory(f"""sources:
  - type: file
    name: app
    include: ["{logs}/*.log"]
    start_at: beginning
""")
    tailed = api(agent, "/api/v1/jump", file=str(logs / "app.log"), offset=0)
    assert tailed.status_code == 200 and tailed.json()["trace_id"] == "5b8efff798038103d269b633813fc60c"
    for path in ("/etc/shadow", str(tmp_path / "secret.txt"), f"{logs}/../secret.txt", "relative/app.log"):
        refused = api(agent, "/api/v1/jump", file=path, offset=0)
        assert refused.status_code == 403, (path, refused.text)
        assert refused.json()["error"]["code"] == "not_a_tailed_file"
    assert api(agent, "/api/v1/traces").status_code == 200, "the agent keeps serving"
