"""A real Prometheus server (Debian's package) scraping the agent every second, for the tests that query it."""
import contextlib
import subprocess
import tempfile
from pathlib import Path

from conftest import free_port, require_tool


@contextlib.contextmanager
def prometheus_scraping(agent):
    """Starts Prometheus with exemplar storage, scraping `agent`'s /metrics (it negotiates OpenMetrics); yields its
    URL and the path of its log; stops it afterwards."""
    binary = require_tool("prometheus")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="prom-") as tmp:
        config = Path(tmp) / "prometheus.yml"
        config.write_text(f"""global:
  scrape_interval: 1s
scrape_configs:
  - job_name: tracelink
    static_configs:
      - targets: ["127.0.0.1:{agent.metrics_port}"]
""")
        log = Path(tmp) / "prometheus.log"
        process = subprocess.Popen(
            [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp}/data",
             f"--web.listen-address=127.0.0.1:{port}", "--enable-feature=exemplar-storage"],
            stdout=subprocess.DEVNULL, stderr=open(log, "w"))
        try:
            yield f"http://127.0.0.1:{port}", log
        finally:
            process.terminate()
            process.wait(timeout=15)
