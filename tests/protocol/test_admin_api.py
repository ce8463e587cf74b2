"""The owner's console API through a real ``leflux serve`` with ``--admin-token``: a real
socket session runs a task, and the list, the timeline, the stats, erasure and export
show exactly what it did."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from tests.protocol.test_engine_rules import WELCOME, Visitor, wire_context
from tests.support.server import LeFluxServer
from tests.unit.rules.pages import CHECKOUT, SIGNUP

TOKEN = "s3cret-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    srv = LeFluxServer(tmp_path_factory.mktemp("admin"), planner="rules",
                       extra_args=["--admin-token", TOKEN])
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
async def visitor(server: LeFluxServer, sio_client: Any) -> AsyncIterator[Visitor]:
    c = await sio_client(server.url, session_id=str(uuid.uuid4()))
    yield Visitor(server, c)


def admin(server: LeFluxServer, **kw: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=server.url, timeout=10, **kw)


async def sign_up(visitor: Visitor, words: str) -> None:
    """A task that completes: fill the sign-up form, submit, see the welcome page."""
    m = await visitor.say(f"sign me up as Ahmed, ahmed@example.com {words}", wire_context(SIGNUP))
    plan = await visitor.wait("action_plan", m)
    await visitor.complete(plan)
    welcome = {**WELCOME, "alerts": ["Account created for Ahmed"]}
    await visitor.wait("task_complete", await visitor.cont(welcome))


async def decline_order(visitor: Visitor) -> None:
    m = await visitor.say("place my order", wire_context(CHECKOUT))
    await visitor.wait("confirmation_required", m)
    m2 = len(visitor.c.events)
    await visitor.c.emit("confirmation_response", {"sessionId": visitor.sid, "confirmed": False})
    await visitor.wait("task_complete", m2)


async def test_without_admin_token_everything_is_404(tmp_path: Path) -> None:
    with LeFluxServer(tmp_path) as srv:
        async with admin(srv, headers=AUTH) as h:
            for path in ("/admin", "/api/admin/sessions", "/api/admin/stats",
                         f"/api/admin/sessions/{uuid.uuid4()}"):
                assert (await h.get(path)).status_code == 404, path
            assert (await h.delete(f"/api/admin/sessions/{uuid.uuid4()}")).status_code == 404


async def test_refuses_without_or_with_a_wrong_token(server: LeFluxServer) -> None:
    async with admin(server) as h:
        r = await h.get("/api/admin/sessions")
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    # Another loopback address, so this IP's lock-out leaves the other tests alone.
    other = httpx.AsyncHTTPTransport(local_address="127.0.0.7")
    async with admin(server, transport=other) as h:
        wrong = {"Authorization": "Bearer not-the-token"}
        codes = [(await h.get("/api/admin/stats", headers=wrong)).status_code for _ in range(5)]
        assert codes == [401, 401, 401, 401, 429]
        # Locked out: even the right token waits now.
        assert (await h.get("/api/admin/stats", headers=AUTH)).status_code == 429
        r = await h.post("/admin/login", data={"token": TOKEN})
        assert r.status_code == 429
    async with admin(server, headers=AUTH) as h:  # other IPs are not affected
        assert (await h.get("/api/admin/stats")).status_code == 200


async def test_a_task_shows_in_list_timeline_and_stats(server: LeFluxServer,
                                                       visitor: Visitor) -> None:
    async with admin(server, headers=AUTH) as h:
        before = (await h.get("/api/admin/stats", params={"days": 1})).json()
        words = f"zebra{uuid.uuid4().hex[:6]}"
        await sign_up(visitor, words)
        listed = (await h.get("/api/admin/sessions", params={"q": words.upper()})).json()
        [s] = listed["sessions"]
        assert s["sessionId"] == visitor.sid and s["siteId"] == "default"
        assert s["outcome"] == "completed" and s["tasks"] == 1
        assert words in s["firstMessage"] and s["messages"] >= 3
        assert [p["url"] for p in s["pages"]] == [SIGNUP.url, WELCOME["url"]]
        assert s["startedAt"] <= s["lastActivityAt"]

        detail = (await h.get(f"/api/admin/sessions/{visitor.sid}")).json()
        kinds = [t["kind"] for t in detail["timeline"]]
        for kind in ("visitor_message", "task_started", "plan", "result", "page",
                     "task_closed", "agent_message"):
            assert kind in kinds, kind
        assert kinds.index("task_started") < kinds.index("plan") < kinds.index("result")
        assert kinds.index("result") < kinds.index("task_closed")
        [plan] = [t for t in detail["timeline"] if t["kind"] == "plan"]
        assert plan["planner"] == "rules" and plan["planMs"] >= 0 and plan["status"] == "sent"
        typed = [(st["action"], st.get("inputData"), st["success"]) for st in plan["steps"]]
        assert ("type", "Ahmed", True) in typed and ("type", "ahmed@example.com", True) in typed
        said = [t["alerts"] for t in detail["timeline"] if t["kind"] == "page_said"]
        assert said == [["Account created for Ahmed"]]
        [closed] = [t for t in detail["timeline"] if t["kind"] == "task_closed"]
        assert closed["outcome"] == "completed"
        assert detail["tasks"][0]["outcome"] == "completed"
        assert detail["transcript"][0]["role"] == "visitor"
        assert [t["at"] for t in detail["timeline"]] == sorted(t["at"] for t in detail["timeline"])

        after = (await h.get("/api/admin/stats", params={"days": 1})).json()
        assert after["started"] == before["started"] + 1
        assert after["completed"] == before["completed"] + 1
        assert after["medianSecondsToDone"] is not None and after["successRate"] > 0
        assert sum(d["started"] for d in after["perDay"]) == after["started"]


async def test_a_declined_gate(server: LeFluxServer, visitor: Visitor) -> None:
    async with admin(server, headers=AUTH) as h:
        before = (await h.get("/api/admin/stats")).json()
        await decline_order(visitor)
        listed = (await h.get("/api/admin/sessions", params={"outcome": "declined"})).json()
        assert visitor.sid in [s["sessionId"] for s in listed["sessions"]]
        completed = (await h.get("/api/admin/sessions", params={"outcome": "completed"})).json()
        assert visitor.sid not in [s["sessionId"] for s in completed["sessions"]]
        detail = (await h.get(f"/api/admin/sessions/{visitor.sid}")).json()
        asked = [t for t in detail["timeline"] if t["kind"] == "confirmation_asked"]
        answered = [t for t in detail["timeline"] if t["kind"] == "confirmation_answered"]
        assert asked and "Place order" in asked[0]["text"]
        assert answered and answered[0]["confirmed"] is False
        [plan] = [t for t in detail["timeline"] if t["kind"] == "plan"]
        assert plan["status"] == "declined"
        after = (await h.get("/api/admin/stats")).json()
        assert after["declined"] == before["declined"] + 1
        assert after["started"] == before["started"] + 1


async def test_a_stopped_task(server: LeFluxServer, visitor: Visitor) -> None:
    async with admin(server, headers=AUTH) as h:
        m = await visitor.say("sign me up as Ahmed, ahmed@example.com", wire_context(SIGNUP))
        await visitor.wait("action_plan", m)
        m2 = len(visitor.c.events)
        await visitor.c.emit("cancel_task", {"sessionId": visitor.sid})
        await visitor.wait("task_complete", m2)
        listed = (await h.get("/api/admin/sessions", params={"outcome": "declined"})).json()
        assert visitor.sid in [s["sessionId"] for s in listed["sessions"]]
        r = await h.get(f"/api/admin/sessions/{visitor.sid}")
        assert r.status_code == 200, r.text
        detail = r.json()
        [stop] = [t for t in detail["timeline"] if t["kind"] == "task_cancelled"]
        assert "pressed Stop" in stop["text"]
        [plan] = [t for t in detail["timeline"] if t["kind"] == "plan"]
        assert plan["status"] == "cancelled"
        assert detail["transcript"][-1]["text"].startswith("Stopped")


async def test_pagination_and_bad_parameters(server: LeFluxServer, sio_client: Any) -> None:
    for _ in range(2):
        v = Visitor(server, await sio_client(server.url, session_id=str(uuid.uuid4())))
        await v.say("hello there pagetest")
    async with admin(server, headers=AUTH) as h:
        await asyncio.sleep(0.3)
        first = (await h.get("/api/admin/sessions", params={"limit": 1, "q": "pagetest"})).json()
        assert len(first["sessions"]) == 1 and first["nextCursor"]
        second = (await h.get("/api/admin/sessions", params={
            "limit": 1, "q": "pagetest", "cursor": first["nextCursor"]})).json()
        assert second["sessions"][0]["sessionId"] != first["sessions"][0]["sessionId"]
        assert second["sessions"][0]["startedAt"] <= first["sessions"][0]["startedAt"]
        for params in ({"outcome": "great"}, {"cursor": "nope"}, {"since": "yesterday"},
                       {"limit": "0"}, {"limit": "x"}):
            r = await h.get("/api/admin/sessions", params=params)
            assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_payload"
        assert (await h.get("/api/admin/stats", params={"days": "0"})).status_code == 400
        assert (await h.get("/api/admin/sessions/not-a-uuid")).status_code == 400
        assert (await h.get(f"/api/admin/sessions/{uuid.uuid4()}")).status_code == 404


def _rows_of(db: Path, session_id: str) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t} WHERE {col} = ?",
                                (session_id,)).fetchone()[0]
                for t, col in (("sessions", "id"), ("messages", "session_id"),
                               ("tasks", "session_id"), ("actions", "session_id"),
                               ("session_events", "session_id"))}


async def test_export_then_erase(server: LeFluxServer, visitor: Visitor) -> None:
    await sign_up(visitor, "export-me")
    db = server.tmp_path / "leflux.db"
    out = server.tmp_path / "export.jsonl"
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "leflux", "sessions", "export", "--site", "default",
         "--since", "2000-01-01", "--output", str(out), "--database-url", server.database_url],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    [mine] = [x for x in lines if x["session"]["sessionId"] == visitor.sid]
    assert "export-me" in mine["transcript"][0]["text"]
    assert any(t["kind"] == "plan" for t in mine["timeline"])

    assert all(n > 0 for t, n in _rows_of(db, visitor.sid).items() if t != "session_events")
    async with admin(server, headers=AUTH) as h:
        r = await h.delete(f"/api/admin/sessions/{visitor.sid}")
        assert r.status_code == 200 and r.json() == {"sessionId": visitor.sid, "erased": True}
        assert (await h.get(f"/api/admin/sessions/{visitor.sid}")).status_code == 404
        listed = (await h.get("/api/admin/sessions", params={"q": "export-me"})).json()
        assert listed["sessions"] == []
        assert (await h.delete(f"/api/admin/sessions/{visitor.sid}")).status_code == 404
    assert _rows_of(db, visitor.sid) == dict.fromkeys(_rows_of(db, visitor.sid), 0)


async def test_console_sign_in_cookie_and_csrf(server: LeFluxServer) -> None:
    other = httpx.AsyncHTTPTransport(local_address="127.0.0.9")
    async with admin(server, transport=other, follow_redirects=False) as h:
        page = await h.get("/admin")
        assert page.status_code == 200 and 'name="token"' in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        wrong = await h.post("/admin/login", data={"token": "nope"})
        assert wrong.status_code == 401 and "not the admin token" in wrong.text
        cross = await h.post("/admin/login", data={"token": TOKEN},
                             headers={"Origin": "http://evil.test"})
        assert cross.status_code == 403
        ok = await h.post("/admin/login", data={"token": TOKEN},
                          headers={"Origin": server.url})
        assert ok.status_code == 303
        cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
        assert TOKEN not in cookie
        console = await h.get("/admin")
        csrf = re.search(r'name="csrf-token" content="([0-9a-f]+)"', console.text)
        assert csrf and 'data-admin="session-list"' in console.text
        assert (await h.get("/api/admin/sessions")).status_code == 200
        target = f"/api/admin/sessions/{uuid.uuid4()}"
        assert (await h.delete(target)).status_code == 403  # no CSRF token
        assert (await h.delete(target, headers={"X-CSRF-Token": csrf.group(1),
                                                "Origin": "http://evil.test"})).status_code == 403
        r = await h.delete(target, headers={"X-CSRF-Token": csrf.group(1), "Origin": server.url})
        assert r.status_code == 404  # allowed through; there is no such session
        assert (await h.get("/admin/assets/console.js")).status_code == 200
        assert (await h.get("/admin/assets/other.js")).status_code == 404
        out = await h.post("/admin/logout", headers={"Origin": server.url})
        assert out.status_code == 303
        h.cookies.clear()
        assert (await h.get("/api/admin/sessions")).status_code == 401


async def test_erasing_a_session_lets_its_live_visitor_go(server: LeFluxServer,
                                                          sio_client: Any) -> None:
    live = await sio_client(server.url, session_id=str(uuid.uuid4()))
    other = await sio_client(server.url, session_id=str(uuid.uuid4()))
    m = await Visitor(server, live).say("sign me up as Ahmed, ahmed@example.com",
                                        wire_context(SIGNUP))
    await live.wait_for("action_plan", within=15, after=m)
    async with admin(server, headers=AUTH) as h:
        r = await h.delete(f"/api/admin/sessions/{live.session_id}")
    assert r.status_code == 200
    err = await live.wait_for("error", pred=lambda e: e.get("code") == "invalid_session")
    assert "erased" in err["message"]
    for _ in range(100):
        if not live.sio.connected:
            break
        await asyncio.sleep(0.05)
    assert not live.sio.connected
    assert other.sio.connected and "error" not in other.names()
    await asyncio.sleep(0.3)
    assert _rows_of(server.tmp_path / "leflux.db", live.session_id) == dict.fromkeys(
        _rows_of(server.tmp_path / "leflux.db", live.session_id), 0)
