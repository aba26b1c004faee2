"""The libFuzzer targets build (address sanitizer on) and run clean on their seed corpus for a short time each:
about a minute of fuzzing in all, plus the sanitizer build (about 10 minutes cold on 2 cores, seconds when warm).
`scripts/fuzz.sh TARGET SECONDS` runs one longer; FUZZ_SECONDS changes the time per target here."""
import os
import re
import subprocess

import pytest

from conftest import IN_CI, ROOT

TARGETS = ["FuzzOTLPProtobuf", "FuzzOTLPJSON", "FuzzExtractor", "FuzzConfig", "FuzzAPIQuery"]
SECONDS_EACH = int(os.environ.get("FUZZ_SECONDS", "12"))
MISSING_TOOLCHAIN = 3  # scripts/fuzz.sh's exit code when swift or its libFuzzer runtime is missing


@pytest.fixture(scope="module")
def built():
    result = subprocess.run([str(ROOT / "scripts" / "fuzz.sh"), "--build-only", "all"], cwd=ROOT,
                            capture_output=True, text=True, timeout=3600)
    output = result.stdout[-3000:] + result.stderr[-3000:]
    if result.returncode == MISSING_TOOLCHAIN and not IN_CI:
        pytest.skip(f"no libFuzzer toolchain here: {result.stderr.strip()}")
    # Under CI=true a missing toolchain piece fails like any other build failure.
    assert result.returncode == 0, output


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_target_runs_clean(built, target):
    result = subprocess.run([str(ROOT / "scripts" / "fuzz.sh"), target, str(SECONDS_EACH)], cwd=ROOT,
                            capture_output=True, text=True, timeout=SECONDS_EACH + 600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{target} found a crash, timeout or out-of-memory:\n{output[-4000:]}"
    summary = re.search(rf"{target}: (\d+) runs, (\d+) exec/s", output)
    assert summary, output[-2000:]
    assert int(summary.group(1)) > 0, output[-2000:]  # libFuzzer ran inputs, not just the build
    assert f"ok {target}" in output, output[-2000:]
