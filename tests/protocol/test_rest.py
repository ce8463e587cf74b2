"""REST through the real server: Origin check, CORS, errors, embed, metrics."""

from __future__ import annotations

import asyncio
import gzip
import hashlib

import brotli
import httpx
import pytest

from leflux.transport.embed import EMBED_PATH, EmbedFile
from tests.conftest import ORIGIN, new_session_id


async def test_healthz_and_metrics(srv, sio_client):
    async with httpx.AsyncClient(base_url=srv.url) as h:
        r = await h.get("/healthz")
        assert r.status_code == 200 and r.json() == {"status": "ok"}
    c = await sio_client(srv.url)
    await c.emit("nope", {})
    await c.wait_for("error")
    async with httpx.AsyncClient(base_url=srv.url) as h:
        text = (await h.get("/metrics")).text
    assert "leflux_sockets 1.0" in text
    assert "leflux_sessions 1.0" in text
    assert 'leflux_events_total{event="unknown"} 1.0' in text
    assert 'leflux_errors_total{code="invalid_payload"} 1.0' in text
    assert "# TYPE leflux_planner_latency_seconds histogram" in text


async def test_post_message_streams_reply_on_socket(srv, sio_client):
    c = await sio_client(srv.url)
    ctx = {"url": "http://site.test/", "title": "Home", "visibleText": "hi",
           "indexedElements": [{"id": 1, "tag": "a", "text": "Shop"}]}
    async with srv.http() as h:
        r = await h.post(f"/api/sessions/{c.session_id}/messages",
                         json={"text": "hello", "context": ctx})
    assert r.status_code == 202
    message_id = r.json()["messageId"]
    done = await c.wait_for("message_done")
    assert done["text"] == "echo: hello"
    assert r.headers["access-control-allow-origin"] == ORIGIN
    async with srv.http() as h:
        body = (await h.get(f"/api/sessions/{c.session_id}")).json()
    assert body["sessionId"] == c.session_id
    assert body["history"][0]["id"] == message_id
    assert [m["role"] for m in body["history"]] == ["visitor", "agent"]
    stored = await srv.app.store.get_session(c.session_id)
    assert stored.context["url"] == "http://site.test/"


async def test_messages_answered_in_order(srv, sio_client):
    c = await sio_client(srv.url)
    async with srv.http() as h:
        for i in range(5):
            r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": f"m{i}"})
            assert r.status_code == 202
    for _ in range(200):
        if len(c.of("message_done")) == 5:
            break
        await asyncio.sleep(0.02)
    assert [d["text"] for d in c.of("message_done")] == [f"echo: m{i}" for i in range(5)]


async def test_widget_config(srv):
    async with srv.http() as h:
        r = await h.get("/api/widget-config")
    assert r.status_code == 200
    body = r.json()
    # No title, avatar or greeting set: left out (the widget uses its own words).
    assert set(body) == {"name", "accentColor", "suggestions", "limits"}
    assert isinstance(body["suggestions"], list)
    # The embed keeps to the server's limits, not to numbers of its own.
    assert body["limits"] == {"maxMessageChars": 4_000, "roundTrips": 5,
                              "maxElements": 5_000, "maxPayloadBytes": 1_048_576,
                              "maxTools": 32, "maxToolSchemaChars": 8_000,
                              "maxToolSchemaDepth": 8, "toolTimeoutMs": 10_000,
                              "toolResultChars": 4_000}


@pytest.mark.parametrize("origin", [None, "http://evil.test", "http://site.test.evil.net"])
async def test_rest_refuses_other_origins(srv, origin):
    sid = new_session_id()
    async with srv.http(origin) as h:
        for method, path, kw in [("GET", "/api/widget-config", {}),
                                 ("GET", f"/api/sessions/{sid}", {}),
                                 ("POST", f"/api/sessions/{sid}/messages",
                                  {"json": {"text": "hi"}})]:
            r = await h.request(method, path, **kw)
            assert r.status_code == 403
            assert r.json()["error"]["code"] == "forbidden"
            assert "access-control-allow-origin" not in r.headers
    assert await srv.app.store.get_session(sid) is None


async def test_cors_preflight(srv):
    sid = new_session_id()
    headers = {"Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "content-type"}
    async with srv.http() as h:
        r = await h.options(f"/api/sessions/{sid}/messages", headers=headers)
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in r.headers["access-control-allow-methods"]
    async with srv.http("http://evil.test") as h:
        r = await h.options(f"/api/sessions/{sid}/messages", headers=headers)
    assert r.status_code == 403
    assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize("body,status,code", [
    ({"text": ""}, 400, "invalid_payload"),
    ({"text": 5}, 400, "invalid_payload"),
    ({}, 400, "invalid_payload"),
    ({"text": "hi", "context": {"indexedElements": "x"}}, 400, "invalid_payload"),
    ({"text": "x" * 4001}, 413, "payload_too_large"),
])
async def test_post_message_bad_bodies(srv, body, status, code):
    async with srv.http() as h:
        r = await h.post(f"/api/sessions/{new_session_id()}/messages", json=body)
    assert r.status_code == status
    assert r.json()["error"]["code"] == code


async def test_post_message_not_json_and_too_big(srv):
    sid = new_session_id()
    async with srv.http() as h:
        r = await h.post(f"/api/sessions/{sid}/messages", content=b"{nope")
        assert r.status_code == 400
        r = await h.post(f"/api/sessions/{sid}/messages",
                         content=b'{"text": "' + b"x" * 1_100_000 + b'"}')
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "payload_too_large"


async def test_session_ids_checked(srv):
    async with srv.http() as h:
        r = await h.get("/api/sessions/not-a-uuid")
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_session"
        r = await h.post("/api/sessions/not-a-uuid/messages", json={"text": "hi"})
        assert r.status_code == 400
        r = await h.get(f"/api/sessions/{new_session_id()}")
        assert r.status_code == 404


async def test_message_rate_limit(srv):
    sid = new_session_id()
    async with srv.http() as h:
        codes = [(await h.post(f"/api/sessions/{sid}/messages", json={"text": f"m{i}"}))
                 for i in range(21)]
    assert [r.status_code for r in codes[:20]] == [202] * 20
    assert codes[20].status_code == 429
    assert codes[20].json()["error"]["code"] == "rate_limited"


async def test_embed_js_is_a_loader_with_etag(srv, tmp_path):
    srv.app.rest.embed = EmbedFile(tmp_path / "embed.js")
    async with httpx.AsyncClient(base_url=srv.url) as h:
        r = await h.get("/embed.js")
        assert r.status_code == 404
        assert "embed" in r.json()["error"]["message"]
        (tmp_path / "embed.js").write_text("console.log('leflux');")
        r = await h.get("/embed.js", headers={"Origin": "http://anything.test"})
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/javascript")
        assert r.headers["cache-control"] == "public, max-age=300"
        assert r.headers["vary"] == "Accept-Encoding"
        etag = r.headers["etag"]
        digest = hashlib.sha256(b"console.log('leflux');").hexdigest()[:16]
        assert f'"embed/{digest}.js"' in r.text
        r = await h.get("/embed.js", headers={"If-None-Match": etag})
        assert r.status_code == 304
        (tmp_path / "embed.js").write_text("console.log('v2!');")
        r = await h.get("/embed.js", headers={"If-None-Match": etag})
        assert r.status_code == 200 and r.headers["etag"] != etag


async def test_embed_hashed_is_immutable_and_unknown_hash_is_404(srv, tmp_path):
    srv.app.rest.embed = EmbedFile(tmp_path / "embed.js")
    (tmp_path / "embed.js").write_text("console.log('leflux');")
    digest = hashlib.sha256(b"console.log('leflux');").hexdigest()[:16]
    async with httpx.AsyncClient(base_url=srv.url) as h:
        r = await h.get(f"/embed/{digest}.js", headers={"Accept-Encoding": "identity"})
        assert r.status_code == 200 and r.text == "console.log('leflux');"
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert "content-encoding" not in r.headers
        r2 = await h.get(f"/embed/{digest}.js", headers={"If-None-Match": r.headers["etag"]})
        assert r2.status_code == 304
        for name in ("0123456789abcdef.js", f"{digest}.css", f"{digest}.js.br"):
            r = await h.get(f"/embed/{name}")
            assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        assert (await h.get(f"/embed/../static/{digest}.js")).status_code == 404


async def test_embed_built_is_served_gzip_and_brotli(srv):
    """The real build: its gzip and brotli copies decode to the very bytes of embed.js."""
    raw = EMBED_PATH.read_bytes()
    assert EmbedFile().load() is not None
    digest = hashlib.sha256(raw).hexdigest()[:16]
    async with httpx.AsyncClient(base_url=srv.url) as h:
        loader = await h.get("/embed.js", headers={"Accept-Encoding": "gzip"})
        assert loader.headers["content-encoding"] == "gzip"
        assert f"embed/{digest}.js" in loader.text and len(loader.content) < 1024
        etags = set()
        for asked, expected in (("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"),
                                ("br;q=0, gzip", "gzip"), ("identity", None)):
            async with h.stream("GET", f"/embed/{digest}.js",
                                headers={"Accept-Encoding": asked}) as r:
                assert r.status_code == 200
                assert r.headers.get("content-encoding") == expected
                assert r.headers["vary"] == "Accept-Encoding"
                body = b"".join([chunk async for chunk in r.aiter_raw()])
            decoded = {"br": brotli.decompress, "gzip": gzip.decompress,
                       None: lambda b: b}[expected](body)
            assert decoded == raw
            if expected:
                assert len(body) < len(raw) / 2
            etags.add(r.headers["etag"])
            again = await h.get(f"/embed/{digest}.js", headers={
                "Accept-Encoding": asked, "If-None-Match": r.headers["etag"]})
            assert again.status_code == 304
        assert len(etags) == 3  # one ETag per encoding


async def test_metrics_need_the_admin_token_when_set(server_factory):
    async with server_factory(admin_token="s3cret") as s:
        async with httpx.AsyncClient(base_url=s.url) as h:
            assert (await h.get("/metrics")).status_code == 403
            r = await h.get("/metrics", headers={"Authorization": "Bearer wrong"})
            assert r.status_code == 403
            r = await h.get("/metrics", headers={"Authorization": "Bearer s3cret"})
            assert r.status_code == 200 and "leflux_sockets" in r.text


async def test_store_failure_is_a_json_503_not_a_traceback(srv, sio_client):
    from leflux.storage.db import make_engine

    c = await sio_client(srv.url)
    good = srv.app.store.engine
    # Break the store for real: a database file that cannot be opened.
    srv.app.store.engine = make_engine("sqlite+aiosqlite:////proc/leflux-no-such.db")
    try:
        async with srv.http() as h:
            r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": "hi"})
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "internal"
        assert "Traceback" not in r.text
        await c.emit("join_session", {"sessionId": c.session_id})
        err = await c.wait_for("error")
        assert err["code"] == "internal" and "Traceback" not in err["message"]
    finally:
        await srv.app.store.engine.dispose()
        srv.app.store.engine = good


async def test_unknown_paths_answer_json(srv):
    async with srv.http() as h:
        r = await h.get("/api/nope")
        assert r.status_code == 404 and r.json()["error"]["code"]
        r = await h.delete(f"/api/sessions/{new_session_id()}")
        assert r.status_code == 405 and r.json()["error"]["code"]


async def test_sites_added_while_running_are_served(server_factory, monkeypatch):
    import leflux.app
    from leflux.storage.store import SiteRow

    monkeypatch.setattr(leflux.app, "SITE_RELOAD_S", 0.1)
    async with server_factory() as s:
        async with s.http("https://new.example") as h:
            assert (await h.get("/api/widget-config")).status_code == 403
            await s.app.store.upsert_site(SiteRow(name="new", origins=["https://new.example"],
                                                  suggestions=["Hello"]))
            for _ in range(50):
                r = await h.get("/api/widget-config")
                if r.status_code == 200:
                    break
                await asyncio.sleep(0.1)
            assert r.status_code == 200 and r.json()["name"] == "new"
            assert r.json()["suggestions"] == ["Hello"]
