"""A log record's own fields through the API and the attribute search (a tailed JSON line, a journal entry, an OTLP
log record), and the terminal: `trace` as a waterfall (coloured on a terminal, plain when piped), `jump` reading
the line from stdin, `tail` printing an error span as it arrives."""
import re
import subprocess
import sys
import threading

from test_correlation import HERE, api, correlated, run_orders, wait_for, write_journal  # noqa: F401 (fixture)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def held_trace(agent, trace_id, logs=6):
    """The trace once its 4 spans and `logs` log lines are held."""
    def complete():
        response = api(agent, f"/api/v1/traces/{trace_id}")
        if response.status_code != 200:
            return None
        body = response.json()
        held = sum(len(span["logs"]) for span in body["spans"]) + len(body["logs"])
        return body if len(body["spans"]) == 4 and held >= logs else None
    return wait_for(complete)


def orders_with_every_source(agent, logs, journal_dir, tmp, orders=2):
    result = subprocess.run(
        [sys.executable, str(HERE / "order_service.py"), "--transport", "http", "--endpoint", agent.http_url,
         "--orders", str(orders), "--log-file", str(logs / "orders.log"), "--journal-export",
         str(tmp / "orders.export"), "--otlp-logs"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    write_journal(tmp / "orders.export", journal_dir)
    return result.stdout.split()


def test_every_field_of_a_log_record_is_kept_typed_and_searchable(correlated):
    agent, logs, journal_dir, tmp = correlated
    trace_ids = orders_with_every_source(agent, logs, journal_dir, tmp)
    trace = held_trace(agent, trace_ids[1])
    payment = next(span for span in trace["spans"] if span["name"] == "process_payment")
    by_source = {log["source"]: log for log in payment["logs"]}
    assert set(by_source) == {"app-logs", "journal", "otlp"}, payment["logs"]

    line = by_source["app-logs"]["fields"]
    assert line["order_id"] == "ord-1" and line["payment.attempt"] == 2 and line["payment.retryable"] is False
    assert line["level"] == "error" and line["trace_id"] == trace_ids[1]
    assert by_source["journal"]["fields"]["PAYMENT_REF"] == "pay-1"
    assert by_source["otlp"]["fields"]["card_network"] == "visa"
    assert by_source["otlp"]["fields"]["order_number"] == 1

    for key, value in (("order_id", "ord-1"), ("payment.attempt", "2"), ("PAYMENT_REF", "pay-1"),
                       ("order_number", "1")):
        found = api(agent, "/api/v1/search", attr=f"{key}={value}").json()["traces"]
        assert [t["trace_id"] for t in found] == [trace_ids[1]], (key, found)
    assert api(agent, "/api/v1/search", attr="order_id=ord-9").json()["traces"] == []


def cli(agent, binary, *args, stdin=None):
    return subprocess.run([str(binary), *args, "--api", f"http://127.0.0.1:{agent.api_port}"], input=stdin,
                          capture_output=True, text=True, timeout=30)


def test_trace_prints_a_waterfall_plain_when_piped_and_coloured_when_asked(correlated):
    agent, logs, journal_dir, tmp = correlated
    trace_id = run_orders(agent, logs / "orders.log", tmp / "orders.export", orders=1)[0]
    held_trace(agent, trace_id, logs=4)

    plain = cli(agent, agent.binary, "trace", trace_id)
    assert plain.returncode == 0, plain.stderr
    assert not ANSI.search(plain.stdout)
    lines = plain.stdout.splitlines()
    assert lines[0].startswith(f"trace {trace_id}  order-service create_order  ")
    assert lines[0].endswith("4 spans  4 logs  1 error")
    assert lines[1] == f"  jaeger: http://jaeger.example:16686/trace/{trace_id}"
    spans = [line for line in lines if line.startswith("[")]
    assert [re.sub(r"^\[[ =]+\] +", "", line).split(" ")[1] for line in spans] == [
        "create_order", "validate_inventory", "process_payment", "send_confirmation"]
    payment = lines.index(next(line for line in spans if "process_payment" in line))
    assert "ERROR" in lines[payment] and lines[payment].endswith("*")
    assert lines[payment + 1].strip() == "! RuntimeError: card declined"
    assert re.fullmatch(r" +\| \S+ ERROR \[app-logs\] payment failed: card declined", lines[payment + 2])
    assert lines[-1] == "* on the critical path"

    coloured = cli(agent, agent.binary, "trace", trace_id, "--color")
    assert coloured.returncode == 0, coloured.stderr
    assert "\x1b[31mERROR\x1b[0m" in coloured.stdout
    assert ANSI.sub("", coloured.stdout) == plain.stdout


def test_jump_reads_the_line_from_stdin(correlated):
    agent, logs, journal_dir, tmp = correlated
    trace_id = run_orders(agent, logs / "orders.log", tmp / "orders.export", orders=1)[0]
    held_trace(agent, trace_id, logs=4)
    pasted = next(line for line in (logs / "orders.log").read_text().splitlines() if "payment failed" in line)

    result = cli(agent, agent.binary, "jump", stdin="\n" + pasted + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"trace {trace_id}  order-service create_order")
    assert "payment failed: card declined" in result.stdout
    page = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(rf"page: http://127\.0\.0\.1:{agent.api_port}/#/trace/{trace_id}\?span=[0-9a-f]{{16}}&log=\S+",
                        page), page

    nothing = cli(agent, agent.binary, "jump", stdin="no ids in this line\n")
    assert nothing.returncode == 1 and "no trace id found in the line" in nothing.stderr


def test_tail_prints_an_error_span_as_it_arrives(correlated):
    agent, logs, journal_dir, tmp = correlated
    tail = subprocess.Popen([str(agent.binary), "tail", "--errors", "--api", f"http://127.0.0.1:{agent.api_port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    reader = threading.Thread(target=lambda: seen.extend(iter(tail.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        # The stream is open once the agent counts a subscriber: wait for the first event instead of guessing.
        def error_span_printed():
            run_orders(agent, logs / "orders.log", tmp / "orders.export", orders=1)
            return any(line.startswith("ERROR span order-service process_payment  trace ") for line in seen)
        wait_for(error_span_printed, timeout=30, interval=0.5)
        assert not any(ANSI.search(line) for line in seen)
        assert not any("inventory ok" in line for line in seen), "--errors prints error spans and lines only"
    finally:
        tail.terminate()
        tail.wait(timeout=10)
