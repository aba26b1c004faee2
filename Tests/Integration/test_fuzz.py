"""The libFuzzer targets build (address sanitizer on) and run clean on their seed corpus for a short time each:
about a minute of fuzzing in all. `scripts/fuzz.sh TARGET SECONDS` runs one longer."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ["FuzzOTLPProtobuf", "FuzzOTLPJSON", "FuzzExtractor", "FuzzConfig", "FuzzAPIQuery"]
SECONDS_EACH = int(os.environ.get("FUZZ_SECONDS", "12"))


@pytest.fixture(scope="module")
def built():
    result = subprocess.run([str(ROOT / "scripts" / "fuzz.sh"), "--build-only", "all"], cwd=ROOT,
                            capture_output=True, text=True, timeout=3600)
    # Exit 3: the toolchain has no libFuzzer runtime. That is a failure here (CI=true or not): fuzzing is a
    # test of this suite, not an optional extra.
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_target_runs_clean(built, target):
    result = subprocess.run([str(ROOT / "scripts" / "fuzz.sh"), target, str(SECONDS_EACH)], cwd=ROOT,
                            capture_output=True, text=True, timeout=SECONDS_EACH + 600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{target} found a crash, timeout or leak:\n{output[-4000:]}"
    assert "exec/s" in output or "execs" in output, output[-2000:]
