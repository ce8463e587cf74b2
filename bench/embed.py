"""`make bench` section "embed": indexing time of the built embed in headless Chromium on
the 50 / 500 / 5,000-element fixtures (bench/pages.py), and embed.js size raw/gzipped.

Two figures per page: ``indexPage`` alone (the widget's own indexer, bundled from
widget/src for the bench) and ``window.LeFlux.getContext()`` of the built embed.js (index
plus visible text, what the embed sends). The first call on a page is reported apart:
later calls reuse the ids already given to elements, as the embed's re-index after each
action does."""

from __future__ import annotations

import gzip
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import ROOT, Report, register
from bench.pages import SIZES, page_html

if TYPE_CHECKING:
    from playwright.sync_api import Route

EMBED = ROOT / "src" / "leflux" / "static" / "embed.js"
WIDGET = ROOT / "widget"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
KB = 1024

MEASURE = """async ([repeats]) => {
  for (let i = 0; i < 50 && !window.LeFlux; i++) await new Promise(r => setTimeout(r, 20));
  const time = (fn) => {
    const t = performance.now(); const r = fn(); return [performance.now() - t, r];
  };
  const opts = {widgetHost: document.querySelector("leflux-widget")};
  const [first, r0] = time(() => window.__benchIndex(document, opts));
  const index = [], ctx = [];
  let n = r0.elements.length, ctxN = 0;
  for (let i = 0; i < repeats; i++) index.push(time(() => window.__benchIndex(document, opts))[0]);
  for (let i = 0; i < repeats; i++) {
    const [ms, c] = time(() => window.LeFlux.getContext());
    ctx.push(ms); ctxN = c.indexedElements.length;
  }
  const med = (a) => {
    const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)];
  };
  return {first, index: med(index), context: med(ctx), indexed: n, contextIndexed: ctxN,
          indexAll: index, contextAll: ctx};
}"""


def indexer_bundle() -> str:
    """The widget's indexer as a script defining window.__benchIndex (esbuild)."""
    esbuild = WIDGET / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise RuntimeError("widget/node_modules is missing: run `make embed` first")
    with tempfile.TemporaryDirectory() as tmp:
        entry = Path(tmp) / "entry.ts"
        entry.write_text(f'import {{ indexPage }} from "{WIDGET / "src/dom/indexer"}";\n'
                         "(window as any).__benchIndex = indexPage;\n")
        out = subprocess.run([str(esbuild), str(entry), "--bundle", "--minify",
                              "--format=iife", "--target=chrome90", "--log-level=warning"],
                             capture_output=True, text=True, check=True, cwd=WIDGET)
        return out.stdout


def server_for(doc: str, embed: bytes) -> Callable[[Route], None]:
    def serve(route: Route) -> None:
        url = route.request.url
        if url.endswith("/embed.js"):
            route.fulfill(body=embed, content_type="application/javascript")
        elif url.endswith("/page"):
            route.fulfill(body=doc, content_type="text/html")
        else:  # the widget's own server calls: no server in this section
            route.fulfill(status=404, body="{}", content_type="application/json")

    return serve


def measure_pages(repeats: int) -> dict[int, dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    if not EMBED.exists():
        raise RuntimeError("src/leflux/static/embed.js is missing: run `make embed` first")
    embed = EMBED.read_bytes()
    bundle = indexer_bundle()
    results: dict[int, dict[str, Any]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for n in SIZES:
                doc = page_html(n, embed_src="http://bench.test/embed.js")

                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.route("http://bench.test/**", server_for(doc, embed))
                page.goto("http://bench.test/page", wait_until="load")
                page.add_script_tag(content=bundle)
                results[n] = page.evaluate(MEASURE, [repeats])
                page.close()
        finally:
            browser.close()
    return results


@register("embed")
def bench_embed(report: Report, quick: bool) -> None:
    raw = EMBED.read_bytes() if EMBED.exists() else b""
    gz = len(gzip.compress(raw, compresslevel=9))
    report.raw["embed:size"] = {"raw": len(raw), "gzip": gz}
    report.add("embed", "embed.js size", len(raw) / KB, "KB")
    report.add("embed", "embed.js size gzipped", gz / KB, "KB", below=60)
    for n, r in measure_pages(repeats=7 if quick else 25).items():
        report.raw[f"embed:index:{n}"] = r
        report.add("embed", f"indexPage, {n:,} elements (median)", r["index"], "ms",
                   below=40 if n == 5_000 else None,
                   note=f"{r['indexed']:,} indexed; first call {r['first']:.1f} ms")
        report.add("embed", f"LeFlux.getContext(), {n:,} elements (median)", r["context"], "ms",
                   note=f"index + visible text; {r['contextIndexed']:,} elements sent")
