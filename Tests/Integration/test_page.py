"""The page at the API port, driven in headless Chromium as a person would: the order service's trace in the
recent list, its waterfall with every log line in place, a pasted log line landing on its span, the services
view, and the bearer token form. Each test leaves a screenshot in Tests/Integration/artifacts/."""
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from browser import chromium_path, screenshot, start_chromium, wait_until
from conftest import IN_CI, Agent, require_tool

HERE = Path(__file__).parent
SPAN_NAMES = {"create_order", "validate_inventory", "process_payment", "send_confirmation"}
DURATION = re.compile(r"^\d+(\.\d+)? (µs|ms|s)")
# Log lines the trace holds, by the span a person should see each under.
LOGS_BY_SPAN = {
    "creating order order-0": "create_order",
    "inventory ok": "validate_inventory",
    "payment failed: card declined": "process_payment",
    "payment order-0 rejected by the card network": "process_payment",  # over OTLP
    "payment retry scheduled": "process_payment",                       # the line with extra JSON fields
    "confirmation sent": "send_confirmation",
}
# Visible (span, log) pairs in document order: span rows and the log lines under them.
PAGE_ORDER_JS = """
const out = [];
let span = null;
for (const el of document.querySelectorAll('#trace-view .span-row, #trace-view .log-line')) {
  if (!el.getClientRects().length) continue;
  if (el.classList.contains('span-row')) span = el.querySelector('.n').textContent;
  else out.push([el.closest('#trace-logs') ? null : span, el.querySelector('.lm').textContent]);
}
return out;
"""


@pytest.fixture(scope="module")
def browser():
    chromium = chromium_path() or require_tool("chromium")
    chromedriver = require_tool("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("selenium is required under CI=true but is not installed")
        pytest.skip("selenium not installed")
    driver = start_chromium(chromium, chromedriver)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, request):
    """The browser, left on a blank page and screenshotted after the test under the test's name."""
    browser.get("about:blank")
    yield browser
    screenshot(browser, request.node.name)


def run_orders(agent: Agent, log_file: Path, orders: int) -> list:
    result = subprocess.run(
        [sys.executable, str(HERE / "order_service.py"), "--transport", "http", "--endpoint", agent.http_url,
         "--orders", str(orders), "--log-file", str(log_file), "--otlp-logs"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def api(agent: Agent, path: str, **params):
    return requests.get(f"http://127.0.0.1:{agent.api_port}{path}", params=params, timeout=10)


def poll(predicate, timeout=30.0, what="the condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class Shop:
    agent: Agent
    log_file: Path
    trace_id: str           # order-0: the trace most tests open
    other_trace_id: str     # order-1: the one attribute search finds alone

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.agent.api_port}/"

    def line(self, message: str) -> str:
        """The log file's line of `message` in the main trace."""
        for raw in self.log_file.read_text().splitlines():
            record = json.loads(raw)
            if record["msg"] == message and record["trace_id"] == self.trace_id:
                return raw
        raise AssertionError(f"no line {message!r} in {self.log_file}")


@pytest.fixture(scope="module")
def shop(tracelink_binary):
    """One agent tailing the order service's JSON log, with two orders in it and a line carrying extra fields."""
    with tempfile.TemporaryDirectory(prefix="tracelink-page-") as tmp:
        workdir = Path(tmp)
        logs = workdir / "app"
        logs.mkdir()
        agent = Agent(tracelink_binary, workdir, f"""api:
  endpoint: 127.0.0.1:{{api_port}}
  links:
    jaeger: http://jaeger.example:16686/trace/{{trace_id}}
sources:
  - type: file
    name: app-logs
    include: ["{logs}/*.log"]
    start_at: beginning
    poll_interval: 100ms
""")
        try:
            log_file = logs / "orders.log"
            trace_id, other = run_orders(agent, log_file, orders=2)
            failed = next(json.loads(raw) for raw in log_file.read_text().splitlines()
                          if "payment failed" in raw and trace_id in raw)
            with open(log_file, "a") as out:
                out.write(json.dumps({
                    "ts": failed["ts"] + 0.0001, "level": "warn", "msg": "payment retry scheduled",
                    "service": "order-service", "order_id": "ord-77", "amount": 12.5, "retry": False, "attempt": 2,
                    "trace_id": trace_id, "span_id": failed["span_id"]}) + "\n")

            def complete():
                response = api(agent, f"/api/v1/traces/{trace_id}")
                if response.status_code != 200:
                    return False
                body = response.json()
                held = sum(len(span["logs"]) for span in body["spans"]) + len(body["logs"])
                return len(body["spans"]) == 4 and held == len(LOGS_BY_SPAN)

            poll(complete, what=f"trace {trace_id} with 4 spans and {len(LOGS_BY_SPAN)} logs")
            yield Shop(agent, log_file, trace_id, other)
        finally:
            code = agent.stop()
            assert code == 0, f"tracelink exited with {code}: {agent.stderr_path.read_text()}"


def open_trace(page, shop: Shop, trace_id: str | None = None):
    page.get(f"{shop.url}#/trace/{trace_id or shop.trace_id}")
    return wait_until(page, lambda d: len(d.find_elements("css selector", ".span-row")) == 4 and
                      d.find_elements("css selector", ".span-row"), what="4 span rows")


def rows_by_name(page) -> dict:
    return {row.find_element("css selector", ".n").text: row for row in page.find_elements("css selector", ".span-row")}


def visible_logs(page) -> list:
    return page.execute_script(PAGE_ORDER_JS)


def test_recent_traces_list_shows_the_order_trace_and_updates_live(shop, page):
    page.get(shop.url)
    row = wait_until(page, lambda d: d.find_elements("css selector", f"tr.trace-row[data-trace-id='{shop.trace_id}']"),
                     what="the order trace in the list")[0]
    cells = [cell.text for cell in row.find_elements("css selector", "td")]
    assert cells[0] == "order-service" and cells[1].startswith("create_order"), cells
    assert DURATION.match(cells[3]), cells
    assert cells[4] == "4" and cells[5] == str(len(LOGS_BY_SPAN)), cells
    assert row.find_element("css selector", ".error-mark").is_displayed()  # process_payment failed

    # A new order appears without reloading: the page reads the event stream.
    page.execute_script("window.__sameDocument = true")
    new_id = run_orders(shop.agent, shop.log_file, orders=1)[0]
    wait_until(page, lambda d: d.find_elements("css selector", f"tr.trace-row[data-trace-id='{new_id}']"),
               what="the new order to appear live")
    assert page.execute_script("return window.__sameDocument === true"), "the page reloaded"
    assert "on" in page.find_element("id", "live").get_attribute("class").split()

    # Errors only keeps failed traces; the row opens the trace.
    page.find_element("id", "filter-errors").click()
    wait_until(page, lambda d: "status=error" in d.current_url, what="the errors filter in the address")
    wait_until(page, lambda d: d.find_elements("css selector", f"tr.trace-row[data-trace-id='{shop.trace_id}']"),
               what="the failed trace under errors only")[0].click()
    wait_until(page, lambda d: f"#/trace/{shop.trace_id}" in d.current_url, what="the trace to open")
    wait_until(page, lambda d: len(d.find_elements("css selector", ".span-row")) == 4, what="its spans")


def test_trace_view_shows_durations_critical_path_exception_and_logs_in_place(shop, page):
    open_trace(page, shop)
    rows = rows_by_name(page)
    assert set(rows) == SPAN_NAMES
    for name, row in rows.items():
        duration = row.find_element("css selector", ".dur").text
        assert DURATION.match(duration), (name, duration)
        assert "self" in duration, (name, duration)
        assert row.find_element("css selector", ".bar").size["width"] >= 1
    # The root and its slow child (validate_inventory sleeps 3 ms) are the chain the request waited on.
    for name in ("create_order", "validate_inventory"):
        assert "critical" in rows[name].get_attribute("class").split(), name
        mark = rows[name].find_element("css selector", ".cp-mark")
        assert mark.is_displayed() and mark.get_attribute("title") == "critical path"

    payment = rows["process_payment"]
    assert "error" in payment.get_attribute("class").split()
    exception = page.find_element("css selector", ".exception")
    assert exception.is_displayed()
    assert "RuntimeError" in exception.text and "card declined" in exception.text
    stack = exception.find_element("css selector", "pre.stacktrace")
    assert stack.is_displayed() and "Traceback" in stack.text and "card declined" in stack.text
    # The exception sits right under its span row.
    assert page.execute_script(
        "return document.querySelector('.exception').previousElementSibling.dataset.spanId") == \
        payment.get_attribute("data-span-id")

    shown = visible_logs(page)
    assert {message: span for span, message in shown} == LOGS_BY_SPAN, shown
    assert len(shown) == len(LOGS_BY_SPAN)
    lines = {line.find_element("css selector", ".lm").text: line for line in page.find_elements("css selector", ".log-line")}
    assert "sev-error" in lines["payment failed: card declined"].get_attribute("class").split()
    assert "sev-debug" in lines["inventory ok"].get_attribute("class").split()
    assert "sev-warn" in lines["payment retry scheduled"].get_attribute("class").split()
    assert re.match(r"^\d\d:\d\d:\d\d\.\d{3}$", lines["inventory ok"].find_element("css selector", ".lt").text)
    assert lines["inventory ok"].find_element("css selector", ".lsrc").text == "app-logs"

    jaeger = page.find_element("css selector", ".links a")
    assert jaeger.get_attribute("href") == f"http://jaeger.example:16686/trace/{shop.trace_id}"
    assert jaeger.get_attribute("target") == "_blank"

    # The filter keeps what matches: a field value finds its line and its span.
    page.find_element("id", "trace-filter").send_keys("ord-77")
    wait_until(page, lambda d: [m for _, m in visible_logs(d)] == ["payment retry scheduled"], what="the filter")
    assert [r.find_element("css selector", ".n").text for r in page.find_elements("css selector", ".span-row")
            if r.is_displayed()] == ["process_payment"]


def test_clicking_a_span_narrows_the_logs_to_it(shop, page):
    open_trace(page, shop)
    rows = rows_by_name(page)
    rows["validate_inventory"].find_element("css selector", ".n").click()
    wait_until(page, lambda d: visible_logs(d) == [["validate_inventory", "inventory ok"]],
               what="only validate_inventory's log")
    assert "selected" in rows["validate_inventory"].get_attribute("class").split()
    screenshot(page, "test_clicking_a_span_narrows_the_logs_to_it-selected")
    assert len([r for r in page.find_elements("css selector", ".span-row") if r.is_displayed()]) == 4

    rows["process_payment"].find_element("css selector", ".n").click()
    wait_until(page, lambda d: {m for _, m in visible_logs(d)} ==
               {m for m, s in LOGS_BY_SPAN.items() if s == "process_payment"}, what="process_payment's logs")
    assert "selected" not in rows["validate_inventory"].get_attribute("class").split()
    assert f"span={rows['process_payment'].get_attribute('data-span-id')}" in page.current_url

    show_all = page.find_element("id", "show-all")
    assert show_all.is_displayed()
    show_all.click()
    wait_until(page, lambda d: len(visible_logs(d)) == len(LOGS_BY_SPAN), what="all logs again")
    assert not show_all.is_displayed()


def test_expanded_json_line_shows_its_typed_fields_and_location(shop, page):
    open_trace(page, shop)
    line = next(line for line in page.find_elements("css selector", ".log-line")
                if line.find_element("css selector", ".lm").text == "payment retry scheduled")
    assert not line.find_elements("css selector", ".log-fields")
    line.find_element("css selector", ".lm").click()
    fields = wait_until(page, lambda d: [f for f in line.find_elements("css selector", ".log-fields") if f.is_displayed()],
                        what="the expanded fields")[0]
    pairs = dict(zip([dt.text for dt in fields.find_elements("css selector", "dt")],
                     fields.find_elements("css selector", "dd")))
    assert pairs["order_id"].text == "ord-77"
    assert pairs["amount"].text == "12.5" and pairs["amount"].find_elements("css selector", ".num")
    assert pairs["attempt"].text == "2" and pairs["attempt"].find_elements("css selector", ".num")
    assert pairs["retry"].text == "false" and pairs["retry"].find_elements("css selector", ".bool")
    assert pairs["location"].text.startswith(f"{shop.log_file} @ offset ")
    screenshot(page, "test_expanded_json_line_shows_its_typed_fields_and_location-open")

    line.find_element("css selector", ".lm").click()  # a second click folds it
    wait_until(page, lambda d: not fields.is_displayed(), what="the fields to fold")


def test_pasting_a_log_line_lands_on_its_span_with_the_line_highlighted(shop, page):
    page.get(shop.url)
    wait_until(page, lambda d: d.find_elements("css selector", "tr.trace-row"), what="the list")
    pasted = shop.line("payment failed: card declined")
    search = page.find_element("id", "search-input")
    search.send_keys(pasted + "\n")
    highlighted = wait_until(page, lambda d: d.find_elements("css selector", ".log-line.highlight"),
                             what="a highlighted log line")
    assert len(highlighted) == 1
    assert highlighted[0].find_element("css selector", ".lm").text == "payment failed: card declined"
    assert f"#/trace/{shop.trace_id}" in page.current_url
    payment = rows_by_name(page)["process_payment"]
    assert "selected" in payment.get_attribute("class").split()
    assert f"span={payment.get_attribute('data-span-id')}" in page.current_url
    in_view = page.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight",
        highlighted[0])
    assert in_view, "the highlighted line is scrolled into view"

    # An attribute goes through search; one trace found opens it.
    search = page.find_element("id", "search-input")
    search.clear()
    search.send_keys("order.id=order-1\n")
    wait_until(page, lambda d: f"#/trace/{shop.other_trace_id}" in d.current_url, what="attribute search")
    wait_until(page, lambda d: len(d.find_elements("css selector", ".span-row")) == 4, what="that trace's spans")
    # A trace id opens the trace.
    search = page.find_element("id", "search-input")
    search.clear()
    search.send_keys(shop.trace_id + "\n")
    wait_until(page, lambda d: d.current_url.endswith(f"#/trace/{shop.trace_id}"), what="trace id search")
    wait_until(page, lambda d: "creating order order-0" in d.find_element("id", "waterfall").text, what="its logs")


def test_search_errors_show_in_the_banner(shop, page):
    page.get(shop.url)
    wait_until(page, lambda d: d.find_elements("css selector", "tr.trace-row"), what="the list")
    banner = page.find_element("id", "error-banner")
    assert not banner.is_displayed(), banner.text
    search = page.find_element("id", "search-input")
    search.send_keys("a line with no trace context\n")
    wait_until(page, lambda d: banner.is_displayed() and "no trace id found" in banner.text, what="the jump error")
    search.clear()
    search.send_keys("ab" * 16 + "\n")
    wait_until(page, lambda d: banner.is_displayed() and "ab" * 16 in banner.text and "held" in banner.text,
               what="the missing trace error")


def test_services_view_shows_rate_and_error_ratio(shop, page):
    run_orders(shop.agent, shop.log_file, orders=1)  # calls inside the rate window
    page.get(f"{shop.url}#/services")
    row = wait_until(page, lambda d: d.find_elements("css selector", "#services-table tr.service-row[data-service='order-service']"),
                     what="the order service in the services table")[0]
    cells = [cell.text for cell in row.find_elements("css selector", "td")]
    rate, ratio = cells[1], cells[2]
    assert re.match(r"^\d+\.\d\d/s$", rate) and float(rate[:-2]) > 0, cells
    assert ratio.endswith("%") and float(ratio[:-1]) > 0, cells
    for quantile in cells[3:6]:
        assert DURATION.match(quantile), cells
    operations = {op.get_attribute("data-operation"): [c.text for c in op.find_elements("css selector", "td")]
                  for op in page.find_elements("css selector", "tr.op-row[data-service='order-service']")}
    assert set(operations) >= SPAN_NAMES
    assert operations["process_payment"][3] == "100.0%" and operations["validate_inventory"][3] == "0%"
    screenshot(page, "test_services_view_shows_rate_and_error_ratio-services")

    row.find_element("css selector", "a").click()  # the service's recent traces
    wait_until(page, lambda d: "#/?service=order-service" in d.current_url, what="the service filter")
    wait_until(page, lambda d: d.find_elements("css selector", f"tr.trace-row[data-trace-id='{shop.trace_id}']"),
               what="the service's traces")
    assert page.find_element("id", "filter-service").get_attribute("value") == "order-service"


def test_bearer_token_is_asked_once_then_traces_show(agent_factory, tmp_path, page):
    logs = tmp_path / "app"
    logs.mkdir()
    agent = agent_factory(f"""api:
  endpoint: 127.0.0.1:{{api_port}}
  bearer_token: secret
sources:
  - type: file
    name: app-logs
    include: ["{logs}/*.log"]
    start_at: beginning
    poll_interval: 100ms
""")
    trace_id = run_orders(agent, logs / "orders.log", orders=1)[0]
    assert api(agent, "/api/v1/traces").status_code == 401
    url = f"http://127.0.0.1:{agent.api_port}/"
    page.get(url)
    token = wait_until(page, lambda d: [e for e in d.find_elements("id", "token-input") if e.is_displayed()],
                       what="the token form")[0]
    assert not page.find_elements("css selector", "tr.trace-row")
    token.send_keys("secret")
    page.find_element("id", "token-save").click()
    wait_until(page, lambda d: d.find_elements("css selector", f"tr.trace-row[data-trace-id='{trace_id}']"),
               what="the traces after the token")
    assert not page.find_element("id", "token-form").is_displayed()
    assert page.execute_script("return sessionStorage.getItem('tracelink.token')") == "secret"
    wait_until(page, lambda d: "on" in d.find_element("id", "live").get_attribute("class").split(),
               what="the event stream to connect with the token")

    # Not asked again: another view, and a reload of the page in the same tab.
    page.get(f"{url}#/trace/{trace_id}")
    page.refresh()
    wait_until(page, lambda d: len(d.find_elements("css selector", ".span-row")) == 4, what="the trace with the token")
    assert not page.find_element("id", "token-form").is_displayed()
    assert not page.find_element("id", "error-banner").is_displayed()
