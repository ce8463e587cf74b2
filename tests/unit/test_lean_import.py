"""What `leflux serve` loads (transport/lean_import.py): python-socketio without its
clients' HTTP libraries, and without redis unless --redis-url is set; packages whose
``__init__`` loads far more than the server uses, deferred; and, in a real server with
the rules planner on SQLite, none of the heavy modules only other configurations need."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leflux.transport.lean_import import defer_package_init
from tests.support.server import LeFluxServer

REPO = Path(__file__).resolve().parents[2]

# What a rules-planner server on SQLite must not import at start (each is what another
# configuration, a CLI command or a library's unused half needs).
HEAVY_FOR_RULES_ON_SQLITE = (
    "openai", "anthropic", "httpx",           # the LLM planners' SDKs and client
    "asyncpg", "sqlalchemy.dialects.postgresql",  # PostgreSQL
    "redis", "aiohttp", "requests",           # --redis-url; python-socketio's clients
    "sqlalchemy.orm",                         # AsyncSession (the store uses the engine)
    "alembic", "mako",                        # migrations run in a child process
    "jsonschema",                             # the page tools' schemas, when a tool runs
    "click", "watchfiles", "multiprocessing",  # uvicorn's command line and reloader
    "pydantic_settings", "dotenv",            # the flags are read with plain pydantic
    "prometheus_client.exposition",           # /metrics, when first scraped
    "leflux.session.console", "leflux.session.console_models",  # --admin-token
    "leflux.agent.planners.rules", "rapidfuzz",  # at the first plan (agent/planners)
)


def loaded_after(redis: bool) -> list[str]:
    script = (
        "import sys\n"
        "from leflux.transport.lean_import import load_socketio\n"
        f"load_socketio(redis={redis})\n"
        "import leflux.app\n"
        "loaded = sorted(m for m in ('aiohttp', 'requests', 'redis') if m in sys.modules)\n"
        "import aiohttp, redis, requests  # still importable by whoever needs them\n"
        "import socketio\n"
        "assert socketio.AsyncServer and socketio.AsyncRedisManager\n"
        "print(','.join(loaded))\n"
    )
    out = run_python(script)
    return out.split(",") if out else []


def run_python(script: str) -> str:
    """What a fresh interpreter running ``script`` prints, stripped."""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=REPO, timeout=120, check=True)
    return out.stdout.strip()


def test_the_server_loads_no_client_libraries_and_no_redis_without_redis():
    assert loaded_after(redis=False) == []


def test_redis_mode_keeps_the_redis_manager():
    assert loaded_after(redis=True) == ["redis"]


# Runs `leflux serve` as the console entry point does; on SIGUSR1 it writes the names of
# every module it has imported.
SERVE_AND_LIST_MODULES = (
    "import runpy, signal, sys\n"
    "out = sys.argv.pop(1)\n"
    "signal.signal(signal.SIGUSR1, lambda *_: open(out + '.tmp', 'w').write(\n"
    "    '\\n'.join(sorted(sys.modules))) and __import__('os').rename(out + '.tmp', out))\n"
    "sys.argv[0] = 'leflux'\n"
    "runpy.run_module('leflux', run_name='__main__', alter_sys=True)\n"
)


def test_a_rules_server_on_sqlite_imports_nothing_heavy_it_does_not_use(tmp_path: Path):
    listing = tmp_path / "modules.txt"
    server = LeFluxServer(tmp_path)
    assert server.args[1:4] == ["-m", "leflux", "serve"]
    server.args[1:3] = ["-c", SERVE_AND_LIST_MODULES, str(listing)]
    with server:  # serving: asked once it answers /healthz
        assert server.proc is not None
        server.proc.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + 30
        while not listing.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    loaded = set(listing.read_text().split())
    assert "leflux.agent.engine" in loaded and "aiosqlite" in loaded  # it served
    assert sorted(loaded.intersection(HEAVY_FOR_RULES_ON_SQLITE)) == []


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A package whose __init__ counts its runs and re-exports a submodule's name."""
    name = f"lean_probe_{tmp_path.name.replace('-', '_')}"
    root = tmp_path / name
    root.mkdir()
    (root / "__init__.py").write_text("RUNS.append(1)\nfrom .light import Light\n"
                                      "from .heavy import Heavy\n")
    (root / "light.py").write_text("class Light: pass\n")
    (root / "heavy.py").write_text("class Heavy: pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr("builtins.RUNS", [], raising=False)
    yield name
    for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[mod]


def test_a_deferred_package_gives_its_submodules_and_exports_without_its_init(package):
    import builtins
    import importlib

    defer_package_init(package, {"Light": "light"})
    light = importlib.import_module(f"{package}.light")
    pkg = sys.modules[package]
    assert pkg.Light is light.Light
    exec(f"from {package} import light as again", {})  # `from package import submodule`
    assert builtins.RUNS == [] and f"{package}.heavy" not in sys.modules  # type: ignore[attr-defined]
    # Anything else runs the real __init__, once, in the same module object.
    assert pkg.Heavy is importlib.import_module(f"{package}.heavy").Heavy
    assert builtins.RUNS == [1] and sys.modules[package] is pkg  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        pkg.Missing  # noqa: B018
    assert builtins.RUNS == [1]  # type: ignore[attr-defined]


def test_start_up_skips_full_collections_and_a_command_restores_the_thresholds(
        tmp_path: Path):
    import gc

    from leflux.cli import main
    from leflux.transport.lean_import import NO_FULL_COLLECTION, no_full_collections

    before = gc.get_threshold()
    try:
        assert no_full_collections() == before
        assert gc.get_threshold() == (before[0], before[1], NO_FULL_COLLECTION)
    finally:
        gc.set_threshold(*before)
    assert main(["schema", "--output", str(tmp_path / "protocol.json")]) == 0
    assert gc.get_threshold() == before


def test_the_rules_planner_loads_the_stemmers_of_its_languages_only():
    script = (
        "import sys\n"
        "from leflux.transport.lean_import import load_for_serving\n"
        "load_for_serving(redis=False)\n"
        "from leflux.agent.planners.rules.lexicon import LANGS, stem\n"
        "stems = [stem('shipping', lang) for lang in LANGS]\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('snowballstemmer.'))\n"
        "import snowballstemmer  # the whole package, for whoever asks for more\n"
        "assert snowballstemmer.stemmer('finnish').stemWord('talot') == 'talo'\n"
        "print(','.join(stems), ' '.join(loaded))\n"
    )
    stems, loaded = run_python(script).split(" ", 1)
    assert stems == "ship,shipping,shipping,shipping"
    assert loaded.split() == sorted(
        f"snowballstemmer.{name}" for name in ("among", "basestemmer", "english_stemmer",
                                                "french_stemmer", "german_stemmer",
                                                "spanish_stemmer"))
