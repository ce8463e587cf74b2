"""``leflux eval`` end to end: the real CLI in a subprocess, its own (or a running)
LeFlux server, Debian's Chromium, and small pages on a loopback static server."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import LeFluxServer

pytestmark = pytest.mark.browser

PAGES = Path(__file__).parent / "eval_site"
CHROMIUM = Path("/usr/bin/chromium")


class _Pages(SimpleHTTPRequestHandler):
    """Static pages; ``__LEFLUX__`` in HTML becomes the running server's URL."""

    server_url = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.suffix != ".html" or not path.is_file():
            return super().send_head()
        import io

        data = path.read_text(encoding="utf-8").replace("__LEFLUX__", self.server_url).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Pages, directory=str(PAGES)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def leflux_eval(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leflux", "eval", *args], capture_output=True,
                          text=True, timeout=timeout)


TASKS = """\
site: http://127.0.0.1:9/            # replaced by --site
inject: true                         # none of these pages has the embed
tasks:
  - name: passes after a setup step
    start: /contact.html
    setup:
      - fill: ["#name", "Maria"]
      - check: "#news"
    say: ["my email is maria@example.com"]
    submit: false
    expect:
      - selector: "#name"
        value: "Maria"
      - selector: "#email"
        value: "maria@example.com"
      - selector: "#news"
        checked: true
      - absent: "#status:not(:empty)"
  - name: fails without a claim
    start: /contact.html
    say: ["fly me to the moon"]
    expect:
      - selector: "#moon"
  - name: false success
    start: /contact.html
    say: ["my email is maria@example.com"]
    expect:                          # deliberately not what was asked, while the agent says done
      - selector: "#email"
        value: "someone@example.org"
  - name: gate approved
    start: /order.html
    say: ["click Place order"]
    confirm: approve
    expect:
      - selector: "#status"
        text: "order placed"
  - name: gate declined
    start: /order.html
    say: ["click Place order"]
    confirm: decline
    expect:
      - selector: "#status"
        text: "Not placed yet"
  - name: submit while told not to
    start: /contact.html
    say: ["send a message as Ahmed, ahmed@example.com"]
    submit: false
    expect:
      - count: ["#contact", 1]
"""


@pytest.fixture(scope="module")
def full_run(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("eval")
    tasks = tmp / "shop.yaml"
    tasks.write_text(TASKS)
    out_json, out_html = tmp / "out" / "r.json", tmp / "out" / "r.html"
    proc = leflux_eval(str(tasks), "--site", site + "/", "--json", str(out_json),
                       "--html", str(out_html), "--min-success", "0")
    assert proc.returncode == 0, proc.stderr[-3000:]
    doc = json.loads(out_json.read_text())
    return {"proc": proc, "doc": doc, "html": out_html.read_text(),
            "tasks": {t["name"]: t for t in doc["tasks"]}}


def test_summary_counts_passes_false_successes_and_unrequested_submits(full_run) -> None:
    s = full_run["doc"]["summary"]
    tasks = full_run["tasks"]
    assert s["tasks"] == 6
    passed = {n for n, t in tasks.items() if t["passed"]}
    assert passed == {"passes after a setup step", "gate approved", "gate declined"}, \
        {n: t["why"] for n, t in tasks.items()}
    # Its agent may well say "submitted" about the unrequested submit: also false success.
    assert set(s["false_successes"]) - {"submit while told not to"} == {"false success"}
    assert s["unrequested_submits"] == ["submit while told not to"]
    assert s["families"] == {"shop": {"tasks": 6, "passed": 3, "success_rate": 0.5,
                                      "keep_going_presses": 0}}
    assert s["keep_going_presses"] == 0  # no task here reaches the embed's round-trip cap
    assert s["median_seconds"] > 0
    failing = tasks["fails without a claim"]
    assert not failing["passed"] and not failing["false_success"]
    assert failing["checks"][0]["detail"] == "no element matches"


def test_table_and_summary_on_stdout(full_run) -> None:
    out = full_run["proc"].stdout
    assert "false success" in out.splitlines()[0]
    assert "success: 3/6 (50.0%)" in out
    assert "false successes: " in out and "(false success" in out
    assert "unrequested submits: 1 (submit while told not to)" in out
    # Not a terminal: one progress line per task on stderr.
    assert full_run["proc"].stderr.count("[") >= 6


def test_json_has_transcripts_and_timelines(full_run) -> None:
    t = full_run["tasks"]["passes after a setup step"]
    assert t["transcript"][0] == {**t["transcript"][0], "role": "visitor",
                                  "text": "my email is maria@example.com"}
    assert any(line["role"] == "agent" for line in t["transcript"])
    kinds = [e["kind"] for e in t["timeline"]]
    for kind in ("url", "embed_ready", "visitor", "action_plan", "action_executed"):
        assert kind in kinds, kinds
    assert t["turns"] == 1 and t["actions"] >= 1
    assert t["submits"] == []
    assert [c["passed"] for c in t["checks"]] == [True, True, True, True]


def test_gates_answered_as_the_task_says(full_run) -> None:
    approved = full_run["tasks"]["gate approved"]["timeline"]
    declined = full_run["tasks"]["gate declined"]["timeline"]
    assert {"confirmation", "approve"} <= {v for e in approved for v in e.values()
                                           if isinstance(v, str)}
    assert any(e["kind"] == "confirmation" and e["answer"] == "decline" for e in declined)
    assert any(e["kind"] == "confirmation_required" for e in declined)


def test_submit_events_are_recorded(full_run) -> None:
    t = full_run["tasks"]["submit while told not to"]
    assert t["unrequested_submit"] and not t["passed"]
    assert t["submits"][0]["form"]["id"] == "contact"
    assert "did not ask" in t["why"]


def test_html_report_is_self_contained_with_screenshots(full_run) -> None:
    html = full_run["html"]
    assert "<style>" in html and "<link" not in html and "<script" not in html
    # One screenshot per failed task.
    assert html.count("data:image/png;base64,") == 3
    assert "false success" in html and "fails without a claim" in html


def test_running_server_filter_and_gate(site: str, tmp_path: Path) -> None:
    """``--server`` (a page with its own embed tag), ``-k`` and ``--min-success``."""
    server = LeFluxServer(tmp_path, allowed_origins=site)
    _Pages.server_url = server.url
    tasks = tmp_path / "own.yaml"
    tasks.write_text(f"""\
site: {site}
tasks:
  - name: own embed fills the email
    start: /own-embed.html
    say: ["my email is ahmed@example.com"]
    expect: [{{selector: "#email", value: "ahmed@example.com"}}]
  - name: own embed cannot fly
    start: /own-embed.html
    say: ["fly me to the moon"]
    expect: [{{url: "/moon"}}]
""")
    with server:
        failing = leflux_eval(str(tasks), "--server", server.url, "-k", "cannot fly",
                              "--json", str(tmp_path / "f.json"))
        passing = leflux_eval(str(tasks), "--server", server.url, "-k", "FILLS")
    assert failing.returncode == 1, failing.stderr[-2000:]
    assert "under --min-success 90%" in failing.stderr
    doc = json.loads((tmp_path / "f.json").read_text())
    assert [t["name"] for t in doc["tasks"]] == ["own embed cannot fly"]
    assert passing.returncode == 0, passing.stdout + passing.stderr[-2000:]
    assert "success: 1/1 (100.0%)" in passing.stdout
