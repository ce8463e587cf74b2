"""Cost and storage abuse from one address (issue 11): the client picks its session ids,
so the per-session message limit alone let one IP post to as many fresh sessions as it
liked, each a stored row and, with an LLM planner, a paid model call."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.security.conftest import ALLOWED, SITE_A, http, sock
from tests.support.fake_llm import FakeLLMServer, Reply
from tests.support.fake_openai import FakeOpenAI
from tests.support.server import ORIGIN, LeFluxServer

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def defaults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    server = LeFluxServer(tmp_path_factory.mktemp("quotas"), allowed_origins=ALLOWED, env={
        "LEFLUX_MESSAGES_PER_MINUTE_PER_IP": "", "LEFLUX_NEW_SESSIONS_PER_HOUR_PER_IP": ""})
    with server:
        yield server


@pytest.fixture(scope="module")
def few_sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    server = LeFluxServer(tmp_path_factory.mktemp("few"), allowed_origins=ALLOWED, env={
        "LEFLUX_NEW_SESSIONS_PER_HOUR_PER_IP": "5",
    })
    with server:
        yield server


async def test_200_posts_to_fresh_sessions_from_one_ip_are_refused_after_the_limit(defaults):
    async def post(h: Any, i: int) -> tuple[int, dict[str, Any]]:
        r = await h.post(f"/api/sessions/{uuid.uuid4()}/messages",
                         json={"text": f"hello {i}"})
        return r.status_code, r.json()

    async with http(defaults) as h:
        answers = [await post(h, i) for i in range(200)]
    codes = [status for status, _ in answers]
    assert codes[:60] == [202] * 60  # LEFLUX_MESSAGES_PER_MINUTE_PER_IP's default
    assert codes[60:] == [429] * 140
    refusal = answers[-1][1]["error"]
    assert refusal["code"] == "rate_limited" and refusal["message"].endswith(".")
    # Nothing of the refused ones was stored: no session exists for them.
    async with http(defaults) as h:
        r = await h.get(f"/api/sessions/{uuid.uuid4()}")
        assert r.status_code == 404


async def test_new_sessions_per_hour_per_ip(few_sessions):
    ids = [str(uuid.uuid4()) for _ in range(6)]
    async with http(few_sessions) as h:
        codes = [(await h.post(f"/api/sessions/{i}/messages", json={"text": "hi"})).status_code
                 for i in ids]
        assert codes == [202] * 5 + [429]
        r = await h.post(f"/api/sessions/{ids[5]}/messages", json={"text": "hi"})
        assert r.json()["error"]["code"] == "rate_limited"
        assert (await h.get(f"/api/sessions/{ids[5]}")).status_code == 404  # not created
        # Sessions it already has keep working, over REST and over a socket.
        r = await h.post(f"/api/sessions/{ids[0]}/messages", json={"text": "again"})
        assert r.status_code == 202
    async with sock(few_sessions, session_id=ids[1]) as s:
        assert s.of("session_joined")[0]["restored"] is True
    # A socket joining a fresh id is refused the same way, and stays usable.
    fresh = str(uuid.uuid4())
    async with sock(few_sessions, join=False) as s:
        await s.sio.emit("join_session", {"sessionId": fresh})
        err = await s.wait_for("error")
        assert err["code"] == "rate_limited"
        await s.sio.emit("join_session", {"sessionId": ids[2]})
        assert (await s.wait_for("session_joined"))["sessionId"] == ids[2]
    async with http(few_sessions) as h:  # the refused join's insert was undone
        assert (await h.get(f"/api/sessions/{fresh}")).status_code == 404


# ------------------------------------------------------------------ the token budget


@pytest.fixture
async def budgeted(tmp_path: Path) -> AsyncIterator[tuple[LeFluxServer, FakeLLMServer]]:
    """The openai planner on the fake server; the site may use 100 tokens a day and
    each model call uses 120 (so the first call spends it all)."""
    fake = await FakeOpenAI([Reply(text=f"Answer {i}.", input_tokens=100,
                                   output_tokens=20) for i in range(10)]).start()
    server = LeFluxServer(tmp_path, planner="openai",
                          extra_args=["--model", "fake-model",
                                      "--openai-base-url", f"{fake.base_url}/v1"],
                          env={"OPENAI_API_KEY": "sk-test"})
    # The flags' site ("default"), stored with a budget.
    await asyncio.to_thread(_budget, server.database_url, "default", ORIGIN, 100)
    await asyncio.to_thread(server.start, 90)
    yield server, fake
    server.stop()
    await fake.stop()


def _budget(db_url: str, name: str, origins: str, tokens: int) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "leflux", "sites", "add", name, "--origins",
                          origins, "--daily-token-budget", str(tokens),
                          "--database-url", db_url],
                         check=True, capture_output=True, timeout=60, text=True)
    assert "daily token budget 100" in out.stdout


async def test_spent_budget_refuses_turns_without_calling_the_model(budgeted, sio_client):
    server, fake = budgeted
    c = await sio_client(server.url)
    async with http(server, origin=ORIGIN) as h:
        r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": "hello"})
        assert r.status_code == 202
        done = await c.wait_for("message_done", within=20)
        assert done["text"] == "Answer 0."
        assert len(fake.requests) == 1
        # 120 of 100 tokens used today: the next message is refused at once.
        r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": "more"})
        assert r.status_code == 429
        err = r.json()["error"]
        assert err["code"] == "budget_exhausted" and "Traceback" not in r.text
        # Another visitor of the same site too.
        r = await h.post(f"/api/sessions/{uuid.uuid4()}/messages", json={"text": "hi"})
        assert r.json()["error"]["code"] == "budget_exhausted"
    # A socket event that would plan gets the same answer as an `error` event.
    n = len(c.events)
    await c.emit("continue_task", {"sessionId": c.session_id,
                                   "context": {"url": "http://site.test/", "title": "t"}})
    err = await c.wait_for("error", after=n)
    assert err["code"] == "budget_exhausted"
    await asyncio.sleep(0.3)
    assert len(fake.requests) == 1  # no further model call
    # /metrics still counts what was used.
    async with http(server) as h:
        assert 'leflux_errors_total{code="budget_exhausted"}' in (await h.get("/metrics")).text


def test_daily_token_budget_must_be_a_number(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "leflux", "sites", "add", "s", "--origins",
                          SITE_A, "--daily-token-budget", "lots", "--database-url",
                          f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"],
                         capture_output=True, timeout=60, text=True)
    assert out.returncode != 0
    assert out.stderr.strip() == "leflux: error: --daily-token-budget must be a number, not 'lots'"
