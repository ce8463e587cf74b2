"""The embed as an npm package, as a single-page app's developer uses it: ``npm pack`` of
widget/, installed from the tarball into a scratch app, imported by the app's bundler
(esbuild) and started with ``start({server})`` against a real LeFlux server in Chromium;
its TypeScript types checked by tsc against a small app that uses them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from evals.run import static_site

from tests.e2e.support.browser import CHROMIUM, Chat, launch, wait_for
from tests.support.server import LeFluxServer

REPO = Path(__file__).resolve().parents[2]
WIDGET = REPO / "widget"
BIN = WIDGET / "node_modules" / ".bin"

pytestmark = pytest.mark.slow

# The app a developer writes: the package's ES module entry, started by hand. What the
# page held before start() shows that importing the package started nothing.
APP_JS = """
import { start, VERSION } from "leflux-widget";

window.__beforeStart = window.LeFlux === undefined && !document.querySelector("leflux-widget");
window.__events = [];
const api = start({ server: window.LEFLUX_SERVER, position: "left" });
window.__sameApi = api === window.LeFlux && start({ server: "http://elsewhere.test" }) === api;
window.__version = VERSION;
for (const name of ["session_joined", "message", "message_done", "task_complete", "status"]) {
  api.on(name, (payload) => window.__events.push([name, payload]));
}
"""

# Type-checked with tsc: the calls an app makes must compile, the mistakes must not.
CHECK_TS = """
import { start, type LeFluxEvents, type StartOptions, type ToolDefinition } from "leflux-widget";

const options: StartOptions = { server: "https://agent.example.com", open: true };
const api = start(options);
const stop: () => void = api.on("message_done", (p) => p.text.toUpperCase() + p.streamId);
api.on("session_joined", (p) => p.history.map((m) => m.role === "visitor" && m.text));
api.on("action_executed", (p) => p.replayed && p.kind === "sequence");
api.on("status", (p) => { const s: "connected" | string = p.status; return s; });
api.on("ui_block", (p) => p.block_type + String(p.data));
stop();
const id: string = api.sessionId;
const url: string = api.getContext().url;
window.LeFlux?.send(id + url);  // the script tag's global is typed too
const chunk: LeFluxEvents["message_chunk"] = { delta: "a", streamId: "s", chunkIndex: 0 };
void chunk;
const tool: ToolDefinition = {
  name: "add_to_cart", description: "Adds a product", highStakes: false,
  parameters: { type: "object", properties: { sku: { type: "string" } } },
  handler: (args) => ({ added: String(args.sku) }),
};
const registered: boolean = api.registerTool(tool) && api.unregisterTool("add_to_cart");
void registered;
// @ts-expect-error: not an event the widget emits
api.on("no_such_event", () => undefined);
// @ts-expect-error: a message_done has no chunkIndex
api.on("message_done", (p) => p.chunkIndex);
// @ts-expect-error: the server is required
start({ open: true });
// @ts-expect-error: sessionId is read-only
api.sessionId = "x";
// @ts-expect-error: a tool needs its handler
api.registerTool({ name: "no_handler" });
"""


def _run(cmd: list[str], cwd: Path, timeout: float = 180) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          check=False)
    assert done.returncode == 0, f"{cmd}: {done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch app with the packed package installed from its tarball."""
    npm = shutil.which("npm")
    if npm is None or not (BIN / "esbuild").exists():
        pytest.fail("npm and widget/node_modules are needed: run `make setup`")
    tmp = tmp_path_factory.mktemp("npm")
    _run([npm, "pack", "--silent", "--pack-destination", str(tmp)], cwd=WIDGET)
    tarball = next(tmp.glob("leflux-widget-*.tgz"))
    app = tmp / "app"
    app.mkdir()
    (app / "package.json").write_text(json.dumps({"name": "scratch-app", "private": True,
                                                  "type": "module"}))
    _run([npm, "install", "--offline", "--no-audit", "--no-fund", str(tarball)], cwd=app)
    return app


def test_the_package_has_its_entry_types_and_licence(app: Path) -> None:
    pkg = app / "node_modules" / "leflux-widget"
    meta = json.loads((pkg / "package.json").read_text())
    assert meta["license"] == "Apache-2.0" and meta["dependencies"] == {}
    assert meta["exports"]["."]["import"] == "./dist/leflux.js"
    assert (pkg / meta["exports"]["."]["types"]).is_file()
    assert "Apache License" in (pkg / "dist" / "LICENSE").read_text()
    # Importing it (here in Node, without a DOM) starts nothing and needs no browser.
    out = _run(["node", "--input-type=module", "-e",
                "import * as m from 'leflux-widget';"
                "console.log(JSON.stringify([Object.keys(m).sort(), m.VERSION]))"], cwd=app)
    assert json.loads(out) == [["VERSION", "start"], meta["version"]]


def test_the_types_check_an_app_and_refuse_mistakes(app: Path) -> None:
    # One tsc run over two copies: as written (no errors), and with each
    # @ts-expect-error taken away (a type error on each of those lines, and no other).
    (app / "check.ts").write_text(CHECK_TS)
    (app / "loose.ts").write_text(CHECK_TS.replace("// @ts-expect-error", "//"))
    (app / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {"strict": True, "noEmit": True, "target": "ES2020",
                            "module": "ESNext", "moduleResolution": "Bundler",
                            "lib": ["ES2022", "DOM"], "types": []},
        "files": ["check.ts", "loose.ts"]}))
    done = subprocess.run([str(BIN / "tsc"), "-p", "tsconfig.json"], cwd=app,
                          capture_output=True, text=True, timeout=180, check=False)
    errors = re.findall(r"^(\w+)\.ts\((\d+),", done.stdout, re.M)
    lines = CHECK_TS.split("\n")
    expected = {("loose", str(i + 2)) for i, line in enumerate(lines)
                if "@ts-expect-error" in line}
    assert len(expected) == 5 and set(errors) == expected, done.stdout


@pytest.fixture
def app_site(app: Path) -> Iterator[str]:
    """The app bundled by esbuild and served from its own loopback origin."""
    (app / "app.js").write_text(APP_JS)
    _run([str(BIN / "esbuild"), "app.js", "--bundle", "--format=iife",
          "--outfile=public/bundle.js", "--log-level=warning"], cwd=app)
    with static_site(app / "public") as url:
        yield url.rstrip("/")


def test_a_bundled_app_starts_the_widget_and_talks_to_the_server(
        app: Path, app_site: str, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with LeFluxServer(tmp_path, allowed_origins=app_site) as server:
        (app / "public" / "index.html").write_text(
            "<!doctype html><html lang=en><title>App</title><body><h1>My app</h1>"
            f"<script>window.LEFLUX_SERVER = {json.dumps(server.url)};</script>"
            "<script src=bundle.js></script></body></html>")
        with sync_playwright() as pw:
            browser = launch(pw)
            try:
                page = browser.new_page()
                page.goto(app_site + "/index.html")
                chat = Chat(page).ready().connected()
                state = page.evaluate("() => [window.__beforeStart, window.__sameApi,"
                                      " window.__version, window.LeFlux.sessionId]")
                version = json.loads((WIDGET / "package.json").read_text())["version"]
                assert state[:3] == [True, True, version], state
                assert page.locator("leflux-widget").get_attribute("data-position") == "bottom-left"

                def events(name: str) -> list[Any]:
                    got = page.evaluate("() => window.__events")
                    return [p for e, p in got if e == name]

                joined = wait_for(lambda: events("session_joined"), page=page,
                                  what="session_joined through api.on")
                assert joined[0]["sessionId"] == state[3]
                chat.say("hello")
                wait_for(lambda: events("message_done") or events("message")
                         or events("task_complete"), timeout=30, page=page,
                         what=f"the server's answer: {chat.seen()}")
                assert chat.messages("visitor") == ["hello"]
                wait_for(lambda: chat.messages("agent"), page=page, what="the reply shown")
            finally:
                browser.close()
