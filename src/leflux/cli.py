"""The ``leflux`` command: serve, demo, sites add/list, eval.

Every flag falls back to ``LEFLUX_<FLAG_IN_CAPS>``; flags win (for serve and demo, then a
``--config`` file: leflux.flags). Any mistake at start-up
(bad flag, bad URL, unreachable database or Redis, port in use) is one line on stderr
and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any, NoReturn

from leflux.cli_store import sessions_export, sites_add, sites_list
from leflux.config import PLANNERS, Limits, Settings, default_data_dir
from leflux.errors import ConfigError, LeFluxError, LeFluxRuntimeError
from leflux.transport.lean_import import no_full_collections

# The LLM SDKs each planner may call (hybrid: whichever --llm picks, so both).
EXIT_USAGE = 2
EXIT_START = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block.
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _env(flag: str, default: Any = None) -> Any:
    return os.environ.get("LEFLUX_" + flag.lstrip("-").replace("-", "_").upper(), default)


def _add(parser: argparse.ArgumentParser, flag: str, default: Any = None, **kw: Any) -> None:
    parser.add_argument(flag, default=_env(flag, default), **kw)


def _flag(parser: argparse.ArgumentParser, flag: str, **kw: Any) -> None:
    # Left out of the namespace unless given: the environment, the --config file and the
    # defaults come in below the command line (leflux.flags).
    parser.add_argument(flag, default=argparse.SUPPRESS, **kw)


def _server_flags(parser: argparse.ArgumentParser, *, full: bool) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE.toml",
                   help="a TOML file with a key for any flag (flags and LEFLUX_* win)")
    _flag(parser, "--port", help="TCP port (default 8000)")
    _flag(parser, "--planner", help=f"one of {', '.join(PLANNERS)} (default rules)")
    _flag(parser, "--model", help="model name for the openai/anthropic planners")
    _flag(parser, "--openai-base-url", help="any OpenAI-compatible API")
    _flag(parser, "--llm", help="the LLM behind --planner hybrid: openai or anthropic "
                           "(default: from --model, then the API key set)")
    if full:
        _flag(parser, "--host", help="default 127.0.0.1")
        _flag(parser, "--allowed-origins", help='e.g. "http://localhost:3000,https://*.a.com"')
        _flag(parser, "--database-url", help="default sqlite+aiosqlite:///./leflux.db")
        _flag(parser, "--redis-url")
        _flag(parser, "--admin-token",
              help="enables the owner's console at /admin and its API; guards /metrics")
    else:
        _flag(parser, "--database-url", help="default: a SQLite file in the user's data folder")
    _flag(parser, "--log-level", choices=["debug", "info", "warning", "error"])
    _flag(parser, "--log-format", choices=["text", "json"],
          help="json: one JSON object per line (time, level, logger, message)")
    _flag(parser, "--retention-days",
          help="delete sessions (transcripts, tasks, contexts) idle this long (default 30)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leflux", description="An AI agent that lives on a website.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _server_flags(sub.add_parser("serve", help="run the server"), full=True)
    _server_flags(sub.add_parser("demo", help="the demo shop and the server on one port"),
                  full=False)
    sites = sub.add_parser("sites", help="manage sites").add_subparsers(
        dest="sites_command", required=True, parser_class=_Parser
    )
    add = sites.add_parser("add", help="add or update a site")
    add.add_argument("name")
    add.add_argument("--origins", required=True)
    add.add_argument("--instructions", type=Path, help="a text file of instructions for the agent")
    add.add_argument("--greeting")
    add.add_argument("--title", help="the widget's title (default: \"Assistant\" in the "
                                     "visitor's language)")
    add.add_argument("--avatar-url", help="an https:// (or data:image/) URL of the image "
                                          "shown beside the title")
    add.add_argument("--accent-color")
    add.add_argument("--suggestions", help="comma-separated suggestions for the widget")
    add.add_argument("--daily-token-budget",
                     help="LLM tokens (input + output) the site may use per UTC day; "
                          "0 or unset: no cap")
    add.add_argument("--image-hosts", default="",
                     help="comma-separated hosts besides the site's origins that product "
                          "images may load from, e.g. cdn.example.com,*.imgix.net")
    _add(add, "--database-url", "sqlite+aiosqlite:///./leflux.db")
    lst = sites.add_parser("list", help="list the sites")
    _add(lst, "--database-url", "sqlite+aiosqlite:///./leflux.db")
    _eval_flags(sub.add_parser("eval", help="run visitor tasks in headless Chromium"))
    sessions = sub.add_parser("sessions", help="visitor sessions").add_subparsers(
        dest="sessions_command", required=True, parser_class=_Parser)
    export = sessions.add_parser(
        "export", help="write sessions as JSON lines (each with its transcript and timeline)")
    export.add_argument("--site", help="only this site's sessions")
    export.add_argument("--since", help="only sessions started since this date (YYYY-MM-DD)")
    export.add_argument("--output", "-o", type=Path, help="a file (default: standard output)")
    _add(export, "--database-url", "sqlite+aiosqlite:///./leflux.db")
    schema = sub.add_parser(
        "schema", help="write the wire protocol's JSON Schema (from the pydantic models)")
    schema.add_argument("--output", "-o", type=Path, default=Path("schema/protocol.json"),
                        help="the file to write (default: schema/protocol.json)")
    return parser


def _eval_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tasks", nargs="+", metavar="TASKS.yaml", help="task files")
    parser.add_argument("--server", help="a running LeFlux server (default: start one)")
    parser.add_argument("--site", help="base URL of the pages, instead of each file's site:")
    _add(parser, "--planner", "rules",
         help=f"planner of the server it starts: {', '.join(PLANNERS)}")
    _add(parser, "--model", help="model name for the openai/anthropic planners")
    _add(parser, "--openai-base-url", help="any OpenAI-compatible API")
    parser.add_argument("--browser-path", default="/usr/bin/chromium", help="Chromium to drive")
    parser.add_argument("--json", metavar="FILE",
                        help="write every result, transcript and timeline")
    parser.add_argument("--html", metavar="FILE",
                        help="write a report with failed-task screenshots")
    parser.add_argument("--markdown", metavar="FILE", help="write the figures as Markdown")
    parser.add_argument("--min-success", type=float, default=0.9,
                   help="exit 1 when the success rate is under this (default 0.9)")
    parser.add_argument("-k", action="append", metavar="NAME",
                   help="only tasks whose name contains NAME (repeatable)")
    parser.add_argument("--workers", type=int, default=2, help="browsers in parallel (default 2)")


def settings_from(args: argparse.Namespace, **override: Any) -> Settings:
    from leflux.transport.origins import split_origins

    values: dict[str, Any] = {
        "host": getattr(args, "host", "127.0.0.1"),
        "port": args.port,
        "allowed_origins": split_origins(",".join(getattr(args, "allowed_origins", ()))),
        "planner": args.planner,
        "model": args.model or None,
        "openai_base_url": args.openai_base_url or None,
        "llm": args.llm or None,
        "database_url": args.database_url,
        "redis_url": getattr(args, "redis_url", None) or None,
        "admin_token": getattr(args, "admin_token", None) or None,
        "log_level": args.log_level,
        "log_format": args.log_format,
        "retention_days": args.retention_days,
        "limits": Limits.from_env(),
    }
    values.update(override)
    return Settings(**values)


def _migrate(database_url: str) -> None:
    """Bring the schema up to date in a child process, once: the server process then
    never imports Alembic (storage/migrate.py); its start-up opens the database as is."""
    from leflux.storage.migrate import migrate_in_child

    migrate_in_child(database_url)


async def _check_services(settings: Settings) -> None:
    """Reach Redis before binding the port (the database was reached by _migrate)."""
    if settings.redis_url:
        from leflux.extras import require
        from leflux.session.locks import lease_from_env

        aioredis = require("redis.asyncio")

        lease_from_env()  # a bad LEFLUX_SESSION_LEASE_S is one clear line too

        client = aioredis.from_url(settings.redis_url, socket_connect_timeout=3)
        try:
            await client.ping()
        except Exception as exc:
            raise ConfigError(f"cannot reach Redis at {settings.redis_url}: {exc}") from None
        finally:
            await client.aclose()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # TCP named: asyncio's loop then sets TCP_NODELAY as uvloop does (Nagle: +40 ms).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def _require_extras(settings: Settings) -> None:
    """A missing optional package is one line naming its extra, before anything starts."""
    from leflux.extras import require, require_installed

    if settings.planner in ("openai", "anthropic"):
        require_installed(settings.planner)  # imported at the first plan
    if settings.redis_url:
        require("redis.asyncio")
    if settings.database_url.startswith("postgresql"):
        require("asyncpg")


def run_server(settings: Settings, *, site_app: Any = None, banner: str = "",
               engine: Any = None) -> None:
    """Serve until stopped. ``engine`` replaces the configured planner's engine (only the
    test entry point ``tests/support/serve_engine.py`` passes one)."""
    from leflux.transport.lean_import import load_for_serving

    # First: what python-socketio, SQLAlchemy's asyncio extension and uvicorn would
    # load for nothing (transport/lean_import.py). A planner's SDK is loaded at its
    # first plan (agent/planners ``LLMOnFirstPlan``).
    load_for_serving(redis=settings.redis_url is not None)
    from leflux.compat import check_versions
    from leflux.storage.migrate import Migration

    # A python-socketio or SDK release we were not tested with: one line. No SDK is
    # imported for it: its release is read from its metadata, its hooks are checked
    # when the planner imports it (compat.import_sdk).
    check_versions(sdks=())
    _require_extras(settings)
    migration = Migration(settings.database_url)  # runs while the server is imported
    import uvicorn.config
    import uvicorn.server

    from leflux.app import create_app
    from leflux.transport.ws_protocol import connection_options

    migration.wait()
    asyncio.run(_check_services(settings))
    sock = _bind(settings.host, settings.port)
    app = create_app(settings, site_app=site_app, engine=engine)
    config = uvicorn.config.Config(
        app,
        log_level=settings.log_level,
        # JSON lines: uvicorn's loggers go through the root handler's formatter too.
        log_config=None if settings.log_format == "json" else uvicorn.config.LOGGING_CONFIG,
        access_log=False,
        lifespan="on",
        **connection_options(settings),
    )
    from leflux.logs import guard_uvicorn

    guard_uvicorn()
    print(banner or f"LeFlux listening on http://{settings.host}:{settings.port}", flush=True)
    server = uvicorn.server.Server(config)
    server.run(sockets=[sock])
    if not server.started:
        raise ConfigError("the server failed to start (see the log above)")


def cmd_serve(args: argparse.Namespace) -> None:
    run_server(settings_from(args))


def cmd_demo(args: argparse.Namespace) -> None:
    port = args.port
    data_dir = default_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = settings_from(
        args,
        host="127.0.0.1",
        allowed_origins=(f"http://127.0.0.1:{port}", f"http://localhost:{port}"),
        database_url=args.database_url or f"sqlite+aiosqlite:///{data_dir / 'leflux.db'}",
        site_name="Northwind Outfitters",  # what the panel's title shows
    )
    site_app = None
    try:
        from leflux.demo import create_shop_app
    except ImportError:
        logging.getLogger("leflux").warning("the demo shop is not available; serving LeFlux only")
    else:
        site_app = create_shop_app(data_dir)
    _migrate(settings.database_url)
    asyncio.run(_seed_demo_site(settings))
    url = f"http://127.0.0.1:{port}"
    banner = (
        f"LeFlux demo shop: open {url}/ and click the chat bubble.\n"
        "Try: \"sign me up as Ahmed, ahmed@example.com, password Secret123!\", "
        "\"search for red shoes\", \"what is your return policy?\""
    )
    run_server(settings, site_app=site_app, banner=banner)


DEMO_SUGGESTIONS = [
    "Sign me up as Ahmed, ahmed@example.com",
    "Find red shoes under $50",
    "What is your return policy?",
]


async def _seed_demo_site(settings: Settings) -> None:
    """The demo site's greeting and suggestion chips (its origins come from the port)."""
    from leflux.storage.opening import open_database
    from leflux.storage.store import SiteRow, Store

    store = Store(await open_database(settings.database_url))
    try:
        await store.upsert_site(SiteRow(
            name=settings.site_name, origins=list(settings.allowed_origins),
            title=settings.site_name,
            greeting="Hi! I'm the shop's assistant. I can find products, fill in forms and "
                     "check out for you. What would you like to do?",
            suggestions=DEMO_SUGGESTIONS,
        ))
    finally:
        await store.close()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; for serve and demo, every flag's value from the command line,
    the environment, the --config file or the default, in that order (leflux.flags)."""
    args = build_parser().parse_args(argv)
    if args.command in ("serve", "demo"):
        from leflux.flags import resolve

        given = {k: v for k, v in vars(args).items() if k not in ("command", "config")}
        for name, value in resolve(args.command, given, args.config).items():
            setattr(args, name, value)
    return args


def main(argv: list[str] | None = None) -> int:
    threshold = no_full_collections()  # while a server loads (transport/lean_import.py)
    try:
        return _main(argv, threshold)
    finally:
        gc.set_threshold(*threshold)


def _main(argv: list[str] | None, threshold: tuple[int, int, int]) -> int:
    try:
        args = parse_args(argv)
    except ConfigError as exc:
        print(f"leflux: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command not in ("serve", "demo"):
        gc.set_threshold(*threshold)
    from leflux.logs import configure as configure_logging

    configure_logging(getattr(args, "log_level", "info"), getattr(args, "log_format", "text"))
    try:
        if args.command == "serve":
            cmd_serve(args)
        elif args.command == "demo":
            cmd_demo(args)
        elif args.command == "eval":
            from leflux.eval.command import run as run_eval

            return run_eval(args)
        elif args.command == "schema":
            from leflux.contract import write_schema

            changed = write_schema(args.output)
            print(f"{args.output}: {'written' if changed else 'unchanged'}", file=sys.stderr)
        elif args.command == "sessions":
            count = asyncio.run(sessions_export(args))
            print(f"exported {count} session(s)", file=sys.stderr)
        elif args.sites_command == "add":
            print(asyncio.run(sites_add(args)))
        else:
            print(asyncio.run(sites_list(args)))
    except (ConfigError, LeFluxRuntimeError, LeFluxError) as exc:
        message = getattr(exc, "message", None) or str(exc)
        print(f"leflux: error: {message}", file=sys.stderr)
        return EXIT_START
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # start-up must end in one line, never a traceback
        logging.getLogger("leflux").debug("start-up failed", exc_info=True)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"leflux: error: {type(exc).__name__}: {first[:300]}", file=sys.stderr)
        return EXIT_START
    return 0
