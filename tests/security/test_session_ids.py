"""Session ids: a session belongs to the site that created it, and only canonical UUIDs
are ids (no path tricks, no alternative spellings of one UUID)."""

from __future__ import annotations

import json
import uuid
from urllib.parse import quote

import pytest

from tests.security.conftest import (
    OTHER,
    SITE_A,
    Sock,
    http,
    raw_http,
    sock,
    wait_disconnected,
)

U = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"
TRICKS = [
    "../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fhealthz",
    "%2e%2e",
    f"{U}%2F..",
    f"{U}/../{U}",
    f"{{{U}}}",  # uuid.UUID() takes braces
    f"urn:uuid:{U}",  # and the urn: prefix
    U.replace("-", ""),  # and no hyphens
    f" {U}",
    f"{U}\x00",
    f"{U};DROP TABLE sessions",
    "' OR '1'='1",
    "*",
    "",
]
# What the path of a REST URL may carry (httpx keeps percent-escapes as written).
REST_TRICKS = [t for t in TRICKS if t and "\x00" not in t]


async def test_other_sites_session_cannot_be_joined(served):
    async with http(served, OTHER) as h:  # site "other" owns this session
        sid = str(uuid.uuid4())
        r = await h.post(f"/api/sessions/{sid}/messages", json={"text": "hello there"})
        assert r.status_code == 202
    async with sock(served, origin=OTHER, session_id=sid) as owner:
        # By query parameter and by join_session event, from site A: error, then out.
        for by_query in (True, False):
            async with sock(served, session_id=sid if by_query else None,
                            join=False, query=by_query) as intruder:
                if not by_query:
                    await intruder.sio.emit("join_session", {"sessionId": sid})
                err = await intruder.wait_for("error")
                assert err["code"] == "forbidden"
                assert await wait_disconnected(intruder)
                assert "session_joined" not in intruder.names()
        assert owner.sio.connected and "error" not in owner.names()
    async with http(served, SITE_A) as h:
        r = await h.get(f"/api/sessions/{sid}")
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
        r = await h.post(f"/api/sessions/{sid}/messages", json={"text": "I am the owner now"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    async with http(served, OTHER) as h:
        texts = [m["text"] for m in (await h.get(f"/api/sessions/{sid}")).json()["history"]]
        assert "I am the owner now" not in texts


@pytest.mark.parametrize("bad", REST_TRICKS)
async def test_rest_path_tricks(served, bad):
    target = bad.replace(" ", "%20").replace("'", "%27")
    for method, path, body in [("GET", f"/api/sessions/{target}", b""),
                               ("POST", f"/api/sessions/{target}/messages", b'{"text": "hi"}')]:
        status, answer = await raw_http(served, method, path, body=body)
        # Refused as a bad id, or no such route; never served, never a 5xx.
        assert status in (400, 404, 405), (path, status, answer[:200])
        if status == 400:
            assert json.loads(answer)["error"]["code"] == "invalid_session"
        assert b"Traceback" not in answer
    async with http(served) as h:  # nothing was created under the real UUID either
        assert (await h.get(f"/api/sessions/{U}")).status_code == 404


async def test_uppercase_is_not_a_spelling_of_a_session_id(served):
    sid = str(uuid.uuid4())
    async with http(served) as h:
        r = await h.post(f"/api/sessions/{sid}/messages", json={"text": "hi"})
        assert r.status_code == 202
        r = await h.get(f"/api/sessions/{sid.upper()}")
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_session"
        r = await h.post(f"/api/sessions/{sid.upper()}/messages", json={"text": "hi"})
        assert r.status_code == 400
    async with http(served, OTHER) as h:
        assert (await h.get(f"/api/sessions/{sid.upper()}")).status_code in (400, 403)
    async with sock(served, join=False) as s:
        await s.sio.emit("join_session", {"sessionId": sid.upper()})
        err = await s.wait_for("error")
        assert err["code"] == "invalid_session" and "lowercase" in err["message"]


@pytest.mark.parametrize("bad", TRICKS)
async def test_socket_id_tricks(served, bad):
    async with sock(served, join=False) as s:
        await s.sio.emit("join_session", {"sessionId": bad})
        err = await s.wait_for("error")
        assert err["code"] == "invalid_session"
        assert "session_joined" not in s.names()
        # And the same socket still joins a real id afterwards.
        await s.sio.emit("join_session", {"sessionId": str(uuid.uuid4())})
        await s.wait_for("session_joined")


async def test_query_id_tricks(served):
    for bad in ("../x", f"urn:uuid:{U}", f"{{{U}}}", f"{U}/..", "%2e%2e"):
        s = Sock()
        await s.sio.connect(f"{served.url}?sessionId={quote(bad)}", transports=["websocket"],
                            headers={"Origin": SITE_A}, wait_timeout=5)
        try:
            err = await s.wait_for("error")
            assert err["code"] == "invalid_session"
            assert "session_joined" not in s.names()
        finally:
            await s.sio.disconnect()
