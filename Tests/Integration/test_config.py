"""Bad configs are refused by check-config and run alike, naming file, line and key."""
import subprocess

import pytest

from conftest import ROOT

UNKNOWN_KEY = """log_level: info
receivers:
  otlp_http:
    endpoint: 127.0.0.1:4318
    max_body: 5
"""
BAD_VALUE = """receivers:
  otlp_grpc:
    enabled: true
    endpoint: localhost-4317
"""
BAD_TYPE = """span_metrics:
  max_series: lots
"""
API_OFF_LOOPBACK = """api:
  endpoint: 0.0.0.0:9465
"""
BAD_YAML = """receivers:
  otlp_grpc: [unclosed
"""


@pytest.mark.parametrize("text,line,key,expected", [
    (UNKNOWN_KEY, 5, "receivers.otlp_http.max_body", "unknown key"),
    (BAD_VALUE, 4, "receivers.otlp_grpc.endpoint", "expected host:port"),
    (BAD_TYPE, 2, "span_metrics.max_series", "expected an integer"),
    (BAD_YAML, None, None, "not valid YAML"),
    (API_OFF_LOOPBACK, 2, "api.endpoint", "needs bearer_token"),
])
@pytest.mark.parametrize("command", ["check-config", "run"])
def test_bad_config_names_file_line_and_key(tracelink_binary, tmp_path, text, line, key, expected, command):
    path = tmp_path / "tracelink.yaml"
    path.write_text(text)
    args = [str(tracelink_binary), "check-config", str(path)] if command == "check-config" else \
        [str(tracelink_binary), "run", "--config", str(path)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    message = result.stderr
    assert str(path) in message
    if line is not None:
        assert f"{path}:{line}:" in message, message
    if key is not None:
        assert f"key '{key}'" in message, message
    assert expected in message, message


def test_shipped_config_is_valid(tracelink_binary):
    result = subprocess.run([str(tracelink_binary), "check-config", str(ROOT / "config" / "tracelink.yaml")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout
