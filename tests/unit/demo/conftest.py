"""The shop app driven in-process through httpx's ASGI transport (real app, real SQLite)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from leflux.demo import create_shop_app


@pytest.fixture
async def shop(tmp_path: Path) -> AsyncIterator[Starlette]:
    app = create_shop_app(tmp_path)
    yield app
    await app.state.store.close()


@pytest.fixture
async def client(shop: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shop), base_url="http://shop.test"
    ) as c:
        yield c


def new_client(shop: Starlette) -> httpx.AsyncClient:
    """A second browser: its own cookie jar, so its own visitor."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=shop),
                             base_url="http://shop.test")


def field_error(html: str, name: str) -> str | None:
    m = re.search(rf'id="{re.escape(name)}-error"[^>]*>([^<]*)<', html)
    return m.group(1) if m else None


def product_titles(html: str) -> list[str]:
    return re.findall(r'<a class="card-link" href="/products/[^"]+">.*?<h3>([^<]+)</h3>', html,
                      flags=re.S)
