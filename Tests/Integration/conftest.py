"""Fixtures that build and run the real tracelink binary on free loopback ports."""
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(name: str) -> str:
    """The tool's path; under CI=true a missing tool fails the test instead of skipping it."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is required under CI=true but is not installed")
        pytest.skip(f"{name} not installed")
    return path


# Listening ports are taken below the kernel's ephemeral range (32768-60999 by default): a port the kernel handed
# out and the test released could be given to some process's outgoing connection before the agent binds it.
PORT_RANGE = (20000, 32000)
_handed_out: set[int] = set()


def free_port() -> int:
    """A loopback port nothing listens on, outside the ephemeral range, not handed out before in this run."""
    for _ in range(1000):
        port = random.randrange(*PORT_RANGE)
        if port in _handed_out:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port in {PORT_RANGE}")


@pytest.fixture(scope="session")
def tracelink_binary() -> Path:
    if os.environ.get("TRACELINK_BINARY"):  # e.g. a release build: TRACELINK_BINARY=.build/release/tracelink
        return Path(os.environ["TRACELINK_BINARY"]).resolve()
    bin_path = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    binary = Path(bin_path) / "tracelink"
    if not binary.exists():
        pytest.fail(f"{binary} not built: run `swift build` first")
    return binary


class Agent:
    """A running `tracelink run --config ...` process."""

    def __init__(self, binary: Path, workdir: Path, extra_yaml: str = "", state_dir: Path | None = None,
                 env: dict | None = None):
        self.binary = binary
        self.killed = False
        self.state_dir = state_dir or workdir / "state"
        self.grpc_port = free_port()
        self.http_port = free_port()
        self.metrics_port = free_port()
        self.api_port = free_port()
        self.zipkin_port = free_port()
        self.workdir = workdir
        self.config_path = workdir / "tracelink.yaml"
        extra_yaml = extra_yaml.replace("{api_port}", str(self.api_port))
        # `limits:` lines given under a `receivers_limits:` key of extra_yaml replace the test defaults below.
        limits = "max_request_bytes: 1MiB\n    max_decompressed_bytes: 2MiB"
        if "receivers_limits:\n" in extra_yaml:
            head, _, tail = extra_yaml.partition("receivers_limits:\n")
            lines = tail.split("\n")
            count = next((i for i, line in enumerate(lines) if not line.startswith("  ")), len(lines))
            limits = "\n    ".join(line.strip() for line in lines[:count])
            extra_yaml = head + "\n".join(lines[count:])
        if "api:" not in extra_yaml:
            extra_yaml = f"api:\n  endpoint: 127.0.0.1:{self.api_port}\n" + extra_yaml
        self.config_path.write_text(
            f"""state_directory: {self.state_dir}
log_level: info
receivers:
  otlp_grpc:
    endpoint: 127.0.0.1:{self.grpc_port}
  otlp_http:
    endpoint: 127.0.0.1:{self.http_port}
  zipkin:
    endpoint: 127.0.0.1:{self.zipkin_port}
  limits:
    {limits}
metrics:
  endpoint: 127.0.0.1:{self.metrics_port}
{extra_yaml}"""
        )
        self.stderr_path = workdir / "agent.stderr"
        self.process = subprocess.Popen(
            [str(binary), "run", "--config", str(self.config_path)],
            stdout=subprocess.DEVNULL,
            stderr=open(self.stderr_path, "w"),
            env={**os.environ, **(env or {})},
        )
        self.wait_ready()

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def grpc_endpoint(self) -> str:
        return f"127.0.0.1:{self.grpc_port}"

    @property
    def metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.metrics_port}/metrics"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tracelink exited: {self.stderr_path.read_text()}")
            try:
                # /readyz: every receiver listens and every source has opened (or said why it cannot).
                if requests.get(f"http://127.0.0.1:{self.metrics_port}/readyz", timeout=1).ok:
                    if self._port_open(self.http_port) and self._port_open(self.grpc_port):
                        return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"tracelink not ready: {self.stderr_path.read_text()}")

    @staticmethod
    def _port_open(port: int) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    def scrape(self, openmetrics: bool = False) -> str:
        headers = {"Accept": "application/openmetrics-text; version=1.0.0"} if openmetrics else {}
        response = requests.get(self.metrics_url, headers=headers, timeout=5)
        response.raise_for_status()
        return response.text

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would."""
        self.killed = True
        self.process.kill()
        self.process.wait()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case a test left it stopped
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError("tracelink did not stop within 15 s of SIGTERM")
        return self.process.returncode


@pytest.fixture
def agent_factory(tracelink_binary):
    agents = []
    with tempfile.TemporaryDirectory(prefix="tracelink-it-") as tmp:
        def start(extra_yaml: str = "", state_dir: Path | None = None, env: dict | None = None) -> Agent:
            workdir = Path(tmp) / f"agent{len(agents)}"
            workdir.mkdir()
            agent = Agent(tracelink_binary, workdir, extra_yaml, state_dir, env)
            agents.append(agent)
            return agent

        yield start
        for agent in agents:
            if agent.killed:
                continue
            code = agent.stop()
            assert code == 0, f"tracelink exited with {code} on SIGTERM: {agent.stderr_path.read_text()}"


@pytest.fixture
def agent(agent_factory):
    return agent_factory()
