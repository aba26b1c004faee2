"""kill -9 of the agent in the middle of a stream, then a restart: no line lost, duplicates at most one batch.
(`checkpoint_interval: 0s` checkpoints after every batch; the default interval re-reads at most its own lines.)

Run 1's newest delivered line is read through the API; the checkpoint is read from the state file while the
agent is stopped (SIGSTOP), and only a checkpoint covered by what was observed is accepted before SIGKILL
(the writer never pauses), so every line after the checkpoint must be read by run 2, exactly once.
"""
import json
import os
import signal
import struct
import threading
import time
from pathlib import Path

import requests

from test_correlation import wait_for

MAX_LINES = 2_000_000
BATCH = 1024


def line(seq: int) -> bytes:
    return (json.dumps({"level": "info", "msg": f"line {seq}", "seq": seq, "pad": "x" * (seq % 50)}) + "\n").encode()


def checkpoint_offset(state_file: Path) -> int | None:
    if not state_file.exists():
        return None
    data = state_file.read_bytes()
    if len(data) < 16 or data[:8] != b"TLSTATE1":
        return None
    length = struct.unpack("<I", data[8:12])[0]
    entries = data[12:12 + length].decode().splitlines()[1:]
    return int(entries[0].split(" ")[4]) if entries else None


def newest_seq(agent) -> int:
    logs = requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/logs", params={"source": "app", "limit": 1},
                        timeout=5).json()["logs"]
    return int(logs[0]["message"].split()[1]) if logs else -1


def all_seqs(agent) -> list:
    seqs, cursor = [], None
    while True:
        params = {"source": "app", "limit": 10000}
        if cursor:
            params["cursor"] = cursor
        page = requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/logs", params=params, timeout=30).json()
        seqs += [int(log["message"].split()[1]) for log in page["logs"]]
        cursor = page.get("next_cursor")
        if not cursor:
            return seqs


def test_kill_9_mid_stream_loses_nothing(agent_factory, tmp_path):
    logs = tmp_path / "app"
    logs.mkdir()
    state = tmp_path / "state"
    config = f"""sources:
  - type: file
    name: app
    include: ["{logs}/*.log"]
    start_at: beginning
    poll_interval: 50ms
    batch_size: {BATCH}
    checkpoint_interval: 0s
"""
    ends = [0]
    written = [0]
    stop_writing = threading.Event()

    def writer():
        """~20k lines/s until told to stop, so the kill always lands mid-stream."""
        with open(logs / "app.log", "ab", buffering=0) as out:
            while not stop_writing.is_set() and written[0] < MAX_LINES:
                chunk = [line(seq) for seq in range(written[0], written[0] + 200)]
                for item in chunk:
                    ends.append(ends[-1] + len(item))
                out.write(b"".join(chunk))
                written[0] += len(chunk)
                time.sleep(0.01)

    first = agent_factory(config, state_dir=state)
    thread = threading.Thread(target=writer)
    thread.start()
    wait_for(lambda: newest_seq(first) > 5000)

    # Find a moment where the checkpoint on disk is covered by what run 1 was seen to hold, then kill -9.
    for _ in range(200):
        observed = newest_seq(first)
        os.kill(first.process.pid, signal.SIGSTOP)
        offset = checkpoint_offset(state / "file-app.state")
        if offset is not None and offset <= ends[observed + 1]:
            break
        os.kill(first.process.pid, signal.SIGCONT)
        time.sleep(0.01)
    else:
        raise AssertionError("never caught a checkpoint covered by observed deliveries")
    first.kill()
    assert not stop_writing.is_set() and written[0] < MAX_LINES, "the stream ended before the kill"
    lines_before_checkpoint = ends.index(offset)
    duplicates = observed + 1 - lines_before_checkpoint
    print(f"\nkilled at line {observed}; checkpoint at line {lines_before_checkpoint}; re-read after restart: {duplicates}")
    assert 0 <= duplicates <= BATCH

    second = agent_factory(config, state_dir=state)
    time.sleep(1)  # the stream goes on while the new agent starts and catches up
    stop_writing.set()
    thread.join()
    total = written[0]
    wait_for(lambda: newest_seq(second) == total - 1, timeout=60)
    seqs = all_seqs(second)
    assert len(seqs) == len(set(seqs)), "a line was delivered twice by the same run"
    assert sorted(seqs) == list(range(lines_before_checkpoint, total)), "run 2 did not resume at the checkpoint"
