"""Loading the server's libraries without the parts it never uses: python-socketio
without its clients and Redis manager (below), and packages whose ``__init__`` imports
far more than the submodules the server runs (``defer_package_init``).

python-socketio's package imports all of its clients and queue managers, and through
them aiohttp and requests (its Socket.IO clients) and redis (its Redis manager) whenever
those are installed: ~200 ms of CPU at every start and ~23 MB resident for the life of a
server that runs no Socket.IO client and, without ``--redis-url``, no Redis
(bench/FINDINGS.md, "Start-up and memory at rest"). Each of those imports sits in a
``try: ... except ImportError`` in python-socketio and python-engineio; while the package
loads, a ``None`` in ``sys.modules`` makes the import raise ImportError (the import
system's documented meaning of that entry), so they are skipped. The entries are removed
afterwards: code that imports those libraries later gets them as usual.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import sys
from typing import Any

_NONE = object()
# A third GC threshold no start-up reaches (it is what starts a full collection).
NO_FULL_COLLECTION = 1_000_000
# Used only by python-socketio's own Socket.IO clients.
CLIENT_LIBRARIES = ("aiohttp", "requests")


def load_socketio(*, redis: bool) -> None:
    """Import socketio and engineio for serving (``redis``: keep its Redis manager)."""
    if "socketio" in sys.modules:  # too late to leave anything out
        return
    skipped = [name for name in (*CLIENT_LIBRARIES, *(() if redis else ("redis",)))
               if name not in sys.modules]
    for name in skipped:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import engineio  # noqa: F401
        import socketio  # noqa: F401
    finally:
        for name in skipped:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]



# Packages whose ``__init__`` loads far more than the server uses, with the names the
# server (and the libraries it runs) import from them and the submodule each comes from
# (bench/FINDINGS.md, "Start-up and memory at rest"):
# * sqlalchemy.ext.asyncio: its __init__ also imports AsyncSession and the scoped
#   session, and through them the whole ORM (~6 MB, ~45 modules); the store uses the
#   engine and its connections only.
# * uvicorn: its __init__ imports uvicorn.main, the command line (click) and the
#   reloading supervisors (watchfiles, anyio, multiprocessing); the server runs
#   uvicorn.config.Config and uvicorn.server.Server (its lifespan imports Config).
# * prometheus_client: its __init__ imports the exposition (an HTTP server, WSGI,
#   urllib's client) and the default registry's collectors; the server keeps its own
#   registry and renders it when /metrics is first scraped.
# * snowballstemmer: its __init__ imports the stemmers of ~30 languages (~2.5 MB); the
#   rules planner makes those of the four it knows (agent/planners/rules/snowball.py).
DEFERRED_PACKAGES: dict[str, dict[str, str]] = {
    "sqlalchemy.ext.asyncio": dict.fromkeys(
        ("AsyncEngine", "AsyncConnection", "AsyncTransaction", "create_async_engine"),
        "engine"),
    "uvicorn": {"Config": "config", "__version__": "_version"},
    "prometheus_client": {"CollectorRegistry": "registry", "Counter": "metrics",
                          "Gauge": "metrics", "Histogram": "metrics",
                          "generate_latest": "exposition"},
    "snowballstemmer": {},
}


def defer_package_init(name: str, exports: dict[str, str]) -> None:
    """Register package ``name`` so that its submodules, and the names in ``exports``
    (name -> the submodule defining it), import without its ``__init__``. The
    ``__init__`` runs the first time the package is asked for any other attribute
    (``uvicorn.run``, ``sqlalchemy.ext.asyncio.AsyncSession``), so code that uses the
    package as usual gets all of it."""
    if name in sys.modules:  # already imported: nothing left to save
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return
    package = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def __getattr__(attr: str) -> Any:  # PEP 562: only for names the module lacks
        if attr in exports:  # (a release that moved it: the real __init__ below)
            found = getattr(importlib.import_module(f"{name}.{exports[attr]}"), attr, _NONE)
            if found is not _NONE:
                return found
        if not attr.startswith("__"):
            try:  # `from package import submodule` asks here first
                return importlib.import_module(f"{name}.{attr}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{name}.{attr}":
                    raise
        if package.__dict__.pop("__getattr__", None) is not None:
            loader.exec_module(package)  # the real __init__, once, in this module
            if attr in package.__dict__:
                return package.__dict__[attr]
        raise AttributeError(f"module {name!r} has no attribute {attr!r}")

    package.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[name] = package
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(importlib.import_module(parent), child, package)


# The OpenAI SDK's __init__ imports every type of its API (``openai.types``: ~480
# modules, ~660 pydantic models) and its helpers (``openai.lib``, which imports the
# chat and responses types), and its ``_base_client`` imports aiohttp for an optional
# transport. The provider (providers/openai_chat.py, compat.py) uses the client, its
# stream class, its HTTP client class and its errors: ~45 of the SDK's modules. The
# SDK loads as if aiohttp were not installed (its ``DefaultAioHttpClient`` is then a
# stand-in); the provider makes its aiohttp transport at the first request
# (compat.openai_aiohttp_client), so aiohttp loads then, not at start-up.
SDK_EXPORTS: dict[str, dict[str, str]] = {
    "openai": {
        **dict.fromkeys(("AsyncOpenAI", "OpenAI"), "_client"),
        **dict.fromkeys(("OpenAIError", "APIError", "APIStatusError", "APITimeoutError",
                         "APIConnectionError", "BadRequestError"), "_exceptions"),
        "AsyncStream": "_streaming", "DefaultAsyncHttpxClient": "_base_client",
        "__version__": "_version",
    },
}
SDK_SUBPACKAGES: dict[str, tuple[str, ...]] = {
    "openai": ("openai.types", "openai.types.shared", "openai.lib"),
}
# httpx._main: an SDK built on httpx (the releases before httpx2) imports httpx, whose
# __init__ imports its command line (click, pygments, rich: ~40 modules, ~10 ms, ~2 MB)
# where they are installed and falls back to a stand-in ``main`` where that fails; a
# server never runs the ``httpx`` command (``_httpx_main_on_call``).
SDK_SKIPPED = ("aiohttp", "httpx._main")


def load_sdk(name: str) -> None:
    """Import an LLM SDK's client for serving, its deferred packages' ``__init__``
    left to whoever asks for more than the provider uses (``defer_package_init``)."""
    if name in sys.modules or name not in SDK_EXPORTS:
        return
    if importlib.util.find_spec(name) is None:  # not installed: extras.require says so
        return
    skipped = [lib for lib in SDK_SKIPPED if lib not in sys.modules]
    httpx_before = "httpx" in sys.modules
    for lib in skipped:
        sys.modules[lib] = None  # type: ignore[assignment]
    try:
        defer_package_init(name, SDK_EXPORTS[name])
        for package in SDK_SUBPACKAGES[name]:
            defer_package_init(package, {})
        importlib.import_module(f"{name}._client")
    finally:
        for lib in skipped:
            if lib in sys.modules and sys.modules[lib] is None:
                del sys.modules[lib]
        if not httpx_before and sys.modules.get("httpx") is not None:
            _httpx_main_on_call(sys.modules["httpx"])


def _httpx_main_on_call(httpx: Any) -> None:
    """``httpx.main`` of an httpx loaded without ``httpx._main`` (``load_sdk``): the
    real command line, imported when called (httpx's own stand-in where its packages
    are missing, as httpx itself falls back)."""
    stand_in = getattr(httpx, "main")  # noqa: B009 (typed as a plain module)

    def main(*args: Any, **kwargs: Any) -> Any:
        try:
            real = importlib.import_module("httpx._main").main
        except ImportError:
            real = stand_in
        return real(*args, **kwargs)

    setattr(httpx, "main", main)  # noqa: B010


def load_for_serving(*, redis: bool) -> None:
    """What `leflux serve` does first: python-socketio without its clients (and Redis
    unless asked for), then the packages whose few submodules are all it needs. The LLM
    SDK a planner uses is loaded at its first plan (compat.import_sdk -> ``load_sdk``)."""
    load_socketio(redis=redis)
    for name, exports in DEFERRED_PACKAGES.items():
        defer_package_init(name, exports)


def no_full_collections() -> tuple[int, int, int]:
    """No full collection of the cyclic GC until the thresholds are set again (the
    server sets its own once started: LeFluxApp.startup); returns the ones to restore.
    Start-up allocates the tens of thousands of objects of the libraries it loads, kept
    for the process's life: full collections while they loaded found nothing to free
    and cost ~25 ms of CPU in a rules server, ~90 ms with the OpenAI SDK's types. The
    young generations are still collected as before."""
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], NO_FULL_COLLECTION)
    return threshold
