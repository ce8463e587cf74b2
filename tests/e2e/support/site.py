"""A tiny website on its own loopback origin, for the embed to live on.

Serves ``tests/e2e/pages`` with ``__LEFLUX__`` in HTML replaced by the LeFlux server's
URL, so each page loads the real ``/embed.js`` from a real ``leflux serve`` on another
origin, exactly as a customer's site would. GET form submissions land on static pages
that read their query string.
"""

from __future__ import annotations

import io
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).resolve().parent.parent / "pages"
EMBED = Path(__file__).resolve().parents[3] / "src" / "leflux" / "static" / "embed.js"
# The built embed, also served by this site: loaded from here it finds no LeFlux server
# behind it (a CDN copy whose server is gone).
ORPHAN_EMBED = "/orphan/embed.js"


class _Handler(SimpleHTTPRequestHandler):
    site: FixtureSite

    def __init__(self, *args: Any, site: FixtureSite, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, directory=str(PAGES), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        self.site.requests.append(self.path)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        delay = parse_qs(urlsplit(self.path).query).get("delay", ["0"])[0]
        if delay.isdigit():  # a slow server, for the settle tests
            time.sleep(min(int(delay), 3000) / 1000)
        if self.path.split("?")[0] == ORPHAN_EMBED:
            return self._bytes(EMBED.read_bytes(), "application/javascript")
        path = self.translate_path(self.path)
        if not path.endswith(".html"):
            return super().send_head()
        try:
            body = Path(path).read_text(encoding="utf-8")
        except OSError:
            self.send_error(404, "not found")
            return None
        data = body.replace("__LEFLUX__", self.site.server_url).encode()
        extra = self.site.headers.get("/" + self.path.split("?")[0].lstrip("/"), {})
        return self._bytes(data, "text/html; charset=utf-8", extra)

    def _bytes(self, data: bytes, content_type: str,
               extra: dict[str, str] | None = None) -> io.BytesIO:
        self.send_response(200)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


class FixtureSite:
    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.requests: list[str] = []
        # Extra response headers by page path ("/plain.html"), e.g. a Content-Security-Policy.
        self.headers: dict[str, dict[str, str]] = {}
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, site=self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def start(self) -> FixtureSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
