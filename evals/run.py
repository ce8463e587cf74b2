"""``make eval``: the corpus and the demo shop's own tasks, measured with ``leflux eval``.

1. Builds what the corpus needs (``node evals/build.mjs``, when present).
2. Serves ``evals/site/`` on a free loopback port and runs every ``evals/tasks/*.yaml``
   against it (the eval starts its own LeFlux server allowing that origin).
3. Starts ``leflux demo`` on a free port (fresh data folder) and runs
   ``evals/demo/tasks.yaml`` against it (pages and embed on one port).
4. Writes ``evals/results/latest.{json,html,md}`` and ``demo.{json,html}``; ``latest.md``
   holds the figures of both.

Exit status: 1 when either run is under ``--min-success`` (EVAL_MIN_SUCCESS, default 0.9).
Extra arguments go to both ``leflux eval`` runs (e.g. ``-k todo``, ``--planner hybrid``);
EVAL_PARTS=corpus or EVAL_PARTS=demo runs one of the two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from leflux.eval.server import eval_environ, free_port, stop_process, wait_healthy

EVALS = Path(__file__).resolve().parent
RESULTS = EVALS / "results"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextmanager
def static_site(root: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def demo_server() -> Iterator[str]:
    port = free_port()
    data = tempfile.mkdtemp(prefix="leflux-eval-demo-")
    # Many visitors from one IP within minutes: the per-IP limits measure nothing here.
    env = {**eval_environ(), "XDG_DATA_HOME": data}
    log = open(Path(data) / "demo.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "leflux", "demo", "--port", str(port),
                             "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, 60.0, proc)
        yield url
    finally:
        stop_process(proc)
        log.close()
        shutil.rmtree(data, ignore_errors=True)


def build() -> None:
    script = EVALS / "build.mjs"
    if script.exists():
        subprocess.run(["node", str(script)], check=True)


def leflux_eval(files: list[Path], site: str, name: str, extra: list[str],
                server: str | None = None) -> int:
    names = [os.path.relpath(f) for f in files]  # as the reports will show them
    args = [sys.executable, "-m", "leflux", "eval", *names, "--site", site,
            "--json", str(RESULTS / f"{name}.json"), "--html", str(RESULTS / f"{name}.html"),
            "--markdown", str(RESULTS / f"{name}.md"),
            "--min-success", os.environ.get("EVAL_MIN_SUCCESS", "0.9"), *extra]
    if server:
        args += ["--server", server]
    print(f"\n== leflux eval: {name} ({len(files)} file(s)) ==", flush=True)
    return subprocess.run(args).returncode


def main(extra: list[str]) -> int:
    parts = os.environ.get("EVAL_PARTS", "corpus,demo").split(",")
    RESULTS.mkdir(parents=True, exist_ok=True)
    codes = []
    if "corpus" in parts:
        build()
        corpus = sorted((EVALS / "tasks").glob("*.yaml"))
        with static_site(EVALS / "site") as site:
            codes.append(leflux_eval(corpus, site, "latest", extra))
    demo_tasks = EVALS / "demo" / "tasks.yaml"
    if "demo" in parts and demo_tasks.exists():
        with demo_server() as url:
            codes.append(leflux_eval([demo_tasks], url + "/", "demo", extra, server=url))
    combine()
    print(f"\nfigures: {RESULTS / 'latest.md'}")
    return max(codes, default=0)


def combine() -> None:
    """latest.md: the corpus's figures, then the demo shop's (its headings one level down)."""
    latest, demo = RESULTS / "latest.md", RESULTS / "demo.md"
    if not (latest.exists() and demo.exists()):
        return
    lines = demo.read_text().splitlines()
    lines[0] = "# Demo shop (evals/demo/tasks.yaml on leflux demo)"
    shifted = ["#" + line if line.startswith("#") else line for line in lines]
    latest.write_text(latest.read_text().rstrip() + "\n\n" + "\n".join(shifted) + "\n")
    demo.unlink()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
