"""The systemd unit and its installer: `systemd-analyze verify` finds nothing to say about the unit, `systemd-analyze
security` rates its sandbox at an exposure of 2.0 or less, the settings the agent relies on are there, and
scripts/install.sh stages the binary, the unit and the config, keeps an edited config (writing the shipped one as
.new), and --uninstall removes the binary and the unit but keeps the config (all of it with --purge)."""
import filecmp
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, require_tool

UNIT = ROOT / "systemd" / "tracelink.service"
CONFIG = ROOT / "config" / "tracelink.yaml"
INSTALL = ROOT / "scripts" / "install.sh"
UNIT_BINARY = "/usr/local/bin/tracelink"
MAX_EXPOSURE = 2.0


def unit_settings(text: str) -> dict[str, list[str]]:
    """Key to values, in order, of the unit's [Service] and [Unit] lines (comments skipped)."""
    settings: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")) or "=" not in line:
            continue
        key, value = line.split("=", 1)
        settings.setdefault(key.strip(), []).append(value.strip())
    return settings


@pytest.fixture
def unit_for_binary(tmp_path, tracelink_binary) -> Path:
    """The unit with its commands pointed at the built binary: `verify` checks that ExecStart= is executable."""
    text = UNIT.read_text()
    assert f"ExecStart={UNIT_BINARY} run" in text
    binary = str(tracelink_binary)
    if re.search(r"\s", binary):
        binary = f'"{binary}"'
    unit = tmp_path / "tracelink.service"
    unit.write_text(text.replace(UNIT_BINARY, binary))
    return unit


def analyze(*args: str) -> subprocess.CompletedProcess:
    tool = require_tool("systemd-analyze")
    return subprocess.run([tool, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SYSTEMD_PAGER": "", "SYSTEMD_COLORS": "0"})


def test_unit_verifies_without_complaints(unit_for_binary):
    result = analyze("verify", "--man=no", "--recursive-errors=no", str(unit_for_binary))
    output = result.stdout + result.stderr
    # verify reports unknown keys, bad values and missing binaries with exit status 0 for some of them, so the
    # output must not mention the unit at all (lines about other units on an odd host are not ours to judge).
    complaints = [line for line in output.splitlines()
                  if "tracelink" in line or unit_for_binary.name in line]
    assert result.returncode == 0, output
    assert complaints == [], output


def test_verify_would_catch_a_broken_unit(tmp_path, unit_for_binary):
    """Guards the test above: the same invocation does complain about a typo in the unit."""
    broken = tmp_path / "broken" / "tracelink.service"
    broken.parent.mkdir()
    broken.write_text(unit_for_binary.read_text().replace("NoNewPrivileges=yes", "NoNewPrivilege=yes"))
    result = analyze("verify", "--man=no", "--recursive-errors=no", str(broken))
    assert "NoNewPrivilege" in result.stdout + result.stderr


def test_security_exposure_is_at_most_two(unit_for_binary):
    result = analyze("security", "--offline=true", "--no-pager", str(unit_for_binary))
    output = result.stdout + result.stderr
    match = re.search(r"Overall exposure level for tracelink\.service:\s*(\d+(?:\.\d+)?)", output)
    assert match, output
    exposure = float(match.group(1))
    print(match.group(0))
    assert exposure <= MAX_EXPOSURE, output


def test_unit_keeps_what_the_agent_relies_on():
    """What the agent's side of the contract needs, which the exposure score alone would not notice missing."""
    settings = unit_settings(UNIT.read_text())
    expected = {
        "Type": "notify", "NotifyAccess": "main", "WatchdogSec": "30s", "Restart": "on-failure",
        "RestartSec": "2s", "TimeoutStopSec": "30s",
        "ExecStart": f"{UNIT_BINARY} run --config /etc/tracelink/tracelink.yaml",
        "ExecReload": "/bin/kill -HUP $MAINPID",
        "DynamicUser": "yes", "StateDirectory": "tracelink", "ConfigurationDirectory": "tracelink",
        "LimitNOFILE": "65536", "MemoryDenyWriteExecute": "yes", "ProcSubset": "pid", "UMask": "077",
    }
    for key, value in expected.items():
        assert settings.get(key) == [value], f"{key}: {settings.get(key)}"
    assert set(settings["SupplementaryGroups"][0].split()) == {"systemd-journal", "adm"}
    assert settings["RestrictAddressFamilies"] == ["AF_UNIX AF_INET AF_INET6"]
    assert settings["SystemCallFilter"] == ["@system-service", "~@privileged @resources"]
    # PrivateUsers= would map systemd-journal and adm away: the journal and /var/log would become unreadable.
    assert "PrivateUsers" not in settings
    # The metrics port may be scraped from anywhere: an IP allow list is the operator's choice, left commented.
    assert "IPAddressDeny" not in settings


def install(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("DESTDIR", "PREFIX")}
    result = subprocess.run(["bash", str(INSTALL), *args], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, f"install.sh {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_install_keeps_an_edited_config_and_uninstall_keeps_it_too(tmp_path, tracelink_binary):
    dest = tmp_path / "root"
    binary = dest / "usr/local/bin/tracelink"
    unit = dest / "etc/systemd/system/tracelink.service"
    config = dest / "etc/tracelink/tracelink.yaml"
    new_config = dest / "etc/tracelink/tracelink.yaml.new"

    first = install("--destdir", str(dest), "--binary", str(tracelink_binary))
    assert os.access(binary, os.X_OK) and filecmp.cmp(binary, tracelink_binary, shallow=False)
    assert unit.read_text() == UNIT.read_text()  # the default prefix is the one the unit names
    assert config.read_text() == CONFIG.read_text()
    assert not new_config.exists()
    assert "systemctl enable --now tracelink" in first.stdout

    # A second run over an edited config keeps the edit and puts the shipped config beside it.
    edited = config.read_text() + "# edited by the operator\n"
    config.write_text(edited)
    binary_mtime = binary.stat().st_mtime_ns
    second = install("--destdir", str(dest), "--binary", str(tracelink_binary))
    assert config.read_text() == edited
    assert new_config.read_text() == CONFIG.read_text()
    assert "tracelink.yaml.new" in second.stdout
    assert binary.stat().st_mtime_ns == binary_mtime  # unchanged files are left alone

    # Once more: nothing changes.
    third = install("--destdir", str(dest), "--binary", str(tracelink_binary))
    assert not re.search(r"^\s*(installed|updated)\s", third.stdout, re.MULTILINE), third.stdout
    assert config.read_text() == edited

    removed = install("--uninstall", "--destdir", str(dest))
    assert not binary.exists() and not unit.exists()
    assert config.read_text() == edited and new_config.exists()
    assert "--purge" in removed.stdout

    install("--uninstall", "--destdir", str(dest))  # idempotent: nothing left to remove is not an error

    state = dest / "var/lib/private/tracelink"
    state.mkdir(parents=True)
    (state / "file-app.state").write_text("checkpoint")
    (dest / "var/lib/tracelink").symlink_to("private/tracelink")
    install("--uninstall", "--purge", "--destdir", str(dest))
    assert not config.parent.exists() and not state.exists() and not (dest / "var/lib/tracelink").is_symlink()


def test_install_points_the_unit_at_the_prefix(tmp_path, tracelink_binary):
    dest = tmp_path / "root"
    install("--prefix", "/opt/tracelink", "--destdir", str(dest), "--binary", str(tracelink_binary))
    assert (dest / "opt/tracelink/bin/tracelink").exists()
    settings = unit_settings((dest / "etc/systemd/system/tracelink.service").read_text())
    assert settings["ExecStart"] == ["/opt/tracelink/bin/tracelink run --config /etc/tracelink/tracelink.yaml"]
    assert settings["ExecStartPre"] == ["/opt/tracelink/bin/tracelink check-config /etc/tracelink/tracelink.yaml"]
    assert settings["Documentation"] == ["file:///opt/tracelink/share/doc/tracelink/README.md"]
    assert (dest / "opt/tracelink/share/doc/tracelink/README.md").exists()
