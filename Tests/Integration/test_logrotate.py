"""Real logrotate with `compress` rotating a file the agent tails: every line read exactly once, through
rotations while running and a rotation while the agent is stopped; a line read from a `.gz` archive jumps
to its trace by file and (decompressed) offset."""
import json
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import require_tool
from test_correlation import wait_for
from test_file_restart import all_seqs

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


def line(seq: int) -> bytes:
    record = {"level": "info", "msg": f"line {seq}", "seq": seq, "pad": "x" * (seq % 40)}
    if seq % 1000 == 7:
        record.update(trace_id=TRACE_ID, span_id=f"{seq:016x}")
    return (json.dumps(record) + "\n").encode()


def logrotate_config(logs: Path, delaycompress: bool) -> str:
    return f"""{logs}/app.log {{
    rotate 4
    compress
    {"delaycompress" if delaycompress else ""}
    missingok
    notifempty
    create 0644
}}
"""


class Writer:
    """Appends numbered JSON lines in bursts, reopening the path after each rotation as `create` expects."""

    def __init__(self, path: Path):
        self.path = path
        self.written = 0
        self.lock = threading.Lock()

    def burst(self, count: int) -> None:
        with self.lock, open(self.path, "ab", buffering=0) as out:
            out.write(b"".join(line(seq) for seq in range(self.written, self.written + count)))
            self.written += count


@pytest.mark.parametrize("delaycompress", [False, True], ids=["compress", "delaycompress"])
def test_logrotate_compress_every_line_once(agent_factory, tmp_path, delaycompress):
    logrotate = require_tool("logrotate")
    logs = tmp_path / "app"
    logs.mkdir()
    state = tmp_path / "state"
    config = f"""sources:
  - type: file
    name: app
    include: ["{logs}/app.log*"]
    start_at: beginning
    poll_interval: 100ms
    rotate_wait: 500ms
"""
    rotate_conf = tmp_path / "logrotate.conf"
    rotate_conf.write_text(logrotate_config(logs, delaycompress))
    rotate_state = tmp_path / "logrotate.state"

    def rotate():
        subprocess.run([logrotate, "-f", "-s", str(rotate_state), str(rotate_conf)], check=True)
        assert (logs / "app.log").exists()

    writer = Writer(logs / "app.log")
    first = agent_factory(config, state_dir=state)
    for _ in range(6):
        for _ in range(10):
            writer.burst(300)
            time.sleep(0.01)
        wait_for(lambda: len(all_seqs(first)) >= writer.written - 1000)
        rotate()
    writer.burst(500)
    wait_for(lambda: len(all_seqs(first)) >= writer.written)
    assert any(path.suffix == ".gz" for path in logs.iterdir()), sorted(logs.iterdir())
    seqs = all_seqs(first)
    assert sorted(seqs) == list(range(writer.written)), "lines lost or read twice while rotating"
    first.stop()

    # Stopped: lines written, then rotated and compressed (twice) before the agent comes back.
    stopped_at = writer.written
    writer.burst(3000)
    rotate()
    writer.burst(200)
    rotate()
    writer.burst(300)
    second = agent_factory(config, state_dir=state)
    wait_for(lambda: len(all_seqs(second)) >= writer.written - stopped_at, timeout=60)
    time.sleep(1)  # archives appearing late (none should add a line) are settled

    seqs = all_seqs(second)
    assert len(seqs) == len(set(seqs)), "a line was delivered twice"
    assert sorted(seqs) == list(range(stopped_at, writer.written)), "the restart lost lines or re-read old ones"
    metrics = second.scrape()
    assert 'tracelink_file_compressed_read_total{source="app"}' in metrics

    # A line that the second run read from a compressed archive jumps to its trace by file and offset.
    logs_json = requests.get(f"http://127.0.0.1:{second.api_port}/api/v1/logs",
                             params={"source": "app", "trace_id": TRACE_ID, "limit": 1000}, timeout=10).json()["logs"]
    from_archive = [log for log in logs_json if log["location"]["file"].endswith(".gz")]
    assert from_archive, "no traced line came from a .gz archive"
    location = from_archive[0]["location"]
    jump = requests.get(f"http://127.0.0.1:{second.api_port}/api/v1/jump",
                        params={"file": location["file"], "offset": location["offset"]}, timeout=10).json()
    assert jump["trace_id"] == TRACE_ID
    assert jump["span_id"] == from_archive[0]["span_id"]
