"""The OpenAI SDK in a real `leflux serve` (transport/lean_import.py, ``load_sdk``): the
server plans with it through the fake provider, and after its first turn it has still
not loaded the SDK's API types, resources or helpers; the SDK's package as a whole is
still there for whoever asks for more."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest

from tests.support.fake_llm import Reply
from tests.support.fake_openai import FakeOpenAI
from tests.support.server import LeFluxServer
from tests.unit.llm.test_through_the_server import context, post
from tests.unit.test_lean_import import SERVE_AND_LIST_MODULES, run_python

pytestmark = pytest.mark.timeout(90)

# What the SDK's own __init__ would have loaded (every API type, the resources, the
# helpers). Its aiohttp transport is loaded at the first request: the provider streams
# over it (providers/openai_chat.py).
NOT_LOADED = ("openai.resources", "openai.types.chat.chat_completion",
              "openai.types.responses", "openai.lib._tools", "openai.types.eval_create_params")


def _appears(path: Path, within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


async def test_an_openai_server_plans_without_loading_the_sdks_unused_parts(
        tmp_path: Path, sio_client):
    fake = await FakeOpenAI([Reply(text="Hello there.")]).start()
    listing = tmp_path / "modules.txt"
    server = LeFluxServer(tmp_path, planner="openai", env={"OPENAI_API_KEY": "sk-test"},
                          extra_args=["--model", "fake-model",
                                      "--openai-base-url", f"{fake.base_url}/v1"])
    server.args[1:3] = ["-c", SERVE_AND_LIST_MODULES, str(listing)]
    try:
        await asyncio.to_thread(server.start)
        c = await sio_client(server.url)
        await post(server, c.session_id, "hello", context())
        assert (await c.wait_for("message_done", within=15))["text"] == "Hello there."
        assert server.proc is not None
        server.proc.send_signal(signal.SIGUSR1)
        await asyncio.to_thread(_appears, listing)
    finally:
        server.stop()
        await fake.stop()
    loaded = set(listing.read_text().split())
    assert {"openai", "openai._client", "leflux.providers.openai_chat"} <= loaded
    assert sorted(m for m in loaded if m.startswith(NOT_LOADED)) == []
    assert "openai._vendor.httpx_aiohttp" in loaded  # the turn streamed over aiohttp
    # The page fits its token budgets by its UTF-8 length: no tokenizer was loaded.
    assert "tiktoken" not in loaded
    # The SDK runs on httpx2: httpx is not imported for its errors (providers/failures.py).
    assert "httpx2" in loaded and not loaded & {"httpx", "click", "pygments"}
    assert len([m for m in loaded if m.startswith("openai.")]) < 80


def test_an_openai_server_at_rest_has_loaded_neither_the_sdk_nor_its_planner(
        tmp_path: Path):
    # The planner, its SDK and its own modules are imported at its first plan
    # (agent/planners LLMOnFirstPlan), the SDK's client made at the first request
    # (providers/openai_chat.py): none of it is loaded by a server at rest.
    listing = tmp_path / "modules.txt"
    server = LeFluxServer(tmp_path, planner="openai", env={"OPENAI_API_KEY": "sk-test"},
                          extra_args=["--model", "fake-model",
                                      "--openai-base-url", "http://127.0.0.1:9/v1"])
    server.args[1:3] = ["-c", SERVE_AND_LIST_MODULES, str(listing)]
    with server:
        assert server.proc is not None
        server.proc.send_signal(signal.SIGUSR1)
        _appears(listing)
    loaded = set(listing.read_text().split())
    assert "leflux.agent.engine" in loaded and "aiosqlite" in loaded  # it served
    assert not loaded & {"openai", "httpx2", "tiktoken", "leflux.providers.openai_chat",
                         "leflux.agent.planners.llm", "leflux.agent.prompt",
                         "httpcore2", "httpcore", "h11", "aiohttp", "click"}


async def test_an_openai_server_makes_its_planner_at_the_first_page(tmp_path: Path,
                                                                    sio_client):
    # A visitor's page arrives before their words: the planner, its SDK and the SDK's
    # client (aiohttp) are made then, so the first reply does not wait for them.
    listing = tmp_path / "modules.txt"
    server = LeFluxServer(tmp_path, planner="openai", env={"OPENAI_API_KEY": "sk-test"},
                          extra_args=["--model", "fake-model",
                                      "--openai-base-url", "http://127.0.0.1:9/v1"])
    server.args[1:3] = ["-c", SERVE_AND_LIST_MODULES, str(listing)]
    try:
        await asyncio.to_thread(server.start)
        c = await sio_client(server.url)
        await c.sio.call("update_context", {"sessionId": c.session_id, "context": context()},
                         timeout=10)
        await asyncio.sleep(0.5)
        assert server.proc is not None
        server.proc.send_signal(signal.SIGUSR1)
        await asyncio.to_thread(_appears, listing)
    finally:
        server.stop()
    loaded = set(listing.read_text().split())
    assert {"openai._client", "leflux.agent.planners.llm",
            "openai._vendor.httpx_aiohttp"} <= loaded
    assert "tiktoken" not in loaded  # counted only where a page needs it


def test_the_deferred_sdk_is_whole_for_other_code():
    script = (
        "from leflux.transport.lean_import import load_sdk\n"
        "load_sdk('openai')\n"
        "import sys, openai\n"
        "assert 'openai.resources' not in sys.modules\n"
        "assert openai.AsyncOpenAI.__module__ == 'openai._client'\n"
        "from openai.types.chat import ChatCompletion  # the types, when asked for\n"
        "assert openai.types.Completion and openai.resources.chat.AsyncChat and ChatCompletion\n"
        "assert openai.OpenAI is openai._client.OpenAI and openai.Stream\n"
        "import aiohttp  # importable again by whoever needs it\n"
        "print('ok')\n"
    )
    assert run_python(script) == "ok"


def test_an_sdk_on_httpx_loads_it_without_its_command_line_which_runs_when_asked_for():
    # An SDK release built on httpx imports it with the SDK: its command line (click,
    # pygments, rich) is skipped then (transport/lean_import.py, load_sdk).
    script = (
        "import importlib, importlib.util, sys\n"
        "from leflux.transport import lean_import\n"
        "# A stand-in SDK whose client module imports httpx, as those releases did.\n"
        "lean_import.SDK_EXPORTS['fake_sdk'] = {}\n"
        "lean_import.SDK_SUBPACKAGES['fake_sdk'] = ()\n"
        "real_spec, real_import = importlib.util.find_spec, importlib.import_module\n"
        "importlib.util.find_spec = lambda name, *a: (\n"
        "    object() if name == 'fake_sdk' else real_spec(name, *a))\n"
        "importlib.import_module = lambda name, *a: (\n"
        "    real_import('httpx') if name == 'fake_sdk._client' else real_import(name, *a))\n"
        "lean_import.defer_package_init = lambda *a: None\n"
        "lean_import.load_sdk('fake_sdk')\n"
        "importlib.util.find_spec, importlib.import_module = real_spec, real_import\n"
        "import httpx\n"
        "assert not {'httpx._main', 'click', 'pygments'} & set(sys.modules)\n"
        "assert httpx.HTTPError and httpx.AsyncClient and httpx.URL('http://a.b/').host\n"
        "assert httpx.main.__module__ == 'leflux.transport.lean_import'\n"
        "try:  # as without load_sdk: the real module, or its missing dependency named\n"
        "    import httpx._main\n"
        "except ImportError as exc:\n"
        "    assert exc.name not in (None, 'httpx._main'), exc\n"
        "print('ok')\n"
    )
    assert run_python(script) == "ok"
