"""``leflux serve --log-format json`` through the real CLI: every log line is one JSON
object (uvicorn's own lines included), and what a visitor typed is in none of them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx

from tests.support.server import ORIGIN, LeFluxServer

SECRET = "visitor-secret-4111111111111111"


def test_json_logs_one_object_per_line_without_visitor_values(tmp_path: Path) -> None:
    server = LeFluxServer(tmp_path, extra_args=["--log-format", "json", "--log-level", "debug"])
    with server:
        session = str(uuid.uuid4())
        r = httpx.post(f"{server.url}/api/sessions/{session}/messages",
                       json={"text": f"sign me up, card {SECRET}"},
                       headers={"Origin": ORIGIN}, timeout=10)
        assert r.status_code == 202
        httpx.get(f"{server.url}/api/sessions/not-a-uuid", headers={"Origin": ORIGIN})
    lines = [line for line in server.log_path.read_text().splitlines()
             if line.strip() and not line.startswith("LeFlux listening")]
    assert len(lines) >= 3, lines  # uvicorn's start-up lines at least
    records = [json.loads(line) for line in lines]
    for record in records:
        assert {"time", "level", "logger", "message"} <= record.keys()
    assert any(r["logger"].startswith("uvicorn") for r in records)
    assert not any(SECRET in line for line in lines)
