"""`leflux demo` as a newcomer starts it: one process, one port, shop + LeFlux together.

No browser here: plain HTTP and a real Socket.IO client against the real subprocess.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import pytest
import socketio

from tests.support.server import LeFluxServer


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    return tmp_path / "xdg"


def _server(tmp_path: Path, demo_dir: Path, port: int | None = None) -> LeFluxServer:
    return LeFluxServer(tmp_path, command="demo", port=port,
                        env={"XDG_DATA_HOME": str(demo_dir)})


def test_one_port_serves_the_shop_and_leflux(tmp_path: Path, demo_dir: Path) -> None:
    with _server(tmp_path, demo_dir) as demo, httpx.Client(base_url=demo.url) as web:
        home = web.get("/")
        assert home.status_code == 200 and "Northwind Outfitters" in home.text
        assert '<script src="/embed.js" async></script>' in home.text
        embed = web.get("/embed.js")
        assert embed.status_code == 200
        assert embed.headers["content-type"].startswith("application/javascript")
        assert web.get("/healthz").json() == {"status": "ok"}
        assert web.get("/metrics").status_code == 200
        # The shop's own origin is allowed (both spellings of loopback); others are not.
        for origin in (demo.url, f"http://localhost:{demo.port}"):
            r = web.get("/api/widget-config", headers={"Origin": origin})
            assert r.status_code == 200, origin
        assert web.get("/api/widget-config",
                       headers={"Origin": "https://evil.example"}).status_code == 403
        # The shop's pages are the fallback; LeFlux's own paths are not shadowed.
        assert web.get("/api/sessions/not-a-uuid",
                       headers={"Origin": demo.url}).json()["error"]["code"] == "invalid_session"
        assert "LeFlux demo shop: open http://127.0.0.1:" in demo.log()


def test_shop_state_lives_in_the_user_data_folder_and_survives_a_restart(
    tmp_path: Path, demo_dir: Path
) -> None:
    demo = _server(tmp_path, demo_dir).start()
    try:
        with httpx.Client(base_url=demo.url) as web:
            r = web.post("/signup", data={"name": "Ahmed Ali", "email": "ahmed@example.com",
                                          "password": "Secret123!",
                                          "confirm_password": "Secret123!", "terms": "on"})
            assert r.status_code == 303
            web.post("/cart/add", data={"slug": "red-running-shoes", "quantity": "2"})
            cookie = web.cookies["leflux_shop_visitor"]
    finally:
        demo.stop()
    assert (demo_dir / "leflux" / "demo-shop.db").is_file()

    again = _server(tmp_path, demo_dir, port=demo.port).start()
    try:
        with httpx.Client(base_url=again.url, cookies={"leflux_shop_visitor": cookie}) as web:
            me = web.get("/shop-api/me").json()
            assert me["account"]["email"] == "ahmed@example.com"
            assert [(i["slug"], i["quantity"]) for i in me["cart"]["items"]] == [
                ("red-running-shoes", 2)]
    finally:
        again.stop()


async def test_the_shop_origin_can_open_a_session(tmp_path: Path, demo_dir: Path) -> None:
    demo = _server(tmp_path, demo_dir)
    await asyncio.to_thread(demo.start)
    client = socketio.AsyncClient()
    joined: asyncio.Future[dict] = asyncio.get_running_loop().create_future()
    client.on("session_joined", lambda data: joined.done() or joined.set_result(data))
    session_id = str(uuid.uuid4())
    try:
        await client.connect(f"{demo.url}?sessionId={session_id}",
                             headers={"Origin": f"http://localhost:{demo.port}"},
                             transports=["websocket"])
        data = await asyncio.wait_for(joined, 10)
        assert data["sessionId"] == session_id and data["restored"] is False
    finally:
        await client.disconnect()
        await asyncio.to_thread(demo.stop)
