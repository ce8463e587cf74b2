"""The ``leflux`` commands that work on the store with no server running: ``sites add``,
``sites list`` and ``sessions export``. Each opens the database (migrated to the latest
schema), does its work and closes it; ``cli.py`` parses their flags and calls them."""

from __future__ import annotations

import argparse
import re
import sys

from leflux.config import Settings
from leflux.errors import ConfigError


def _number(flag: str, value: str, kind: type[int] | type[float]) -> int | float:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{flag} must be a number, not {value!r}") from None
    if number < 0:
        raise ConfigError(f"{flag} must not be negative, not {value!r}")
    return number


async def sites_add(args: argparse.Namespace) -> str:
    from leflux.storage.opening import open_database
    from leflux.storage.store import SiteRow, Store
    from leflux.transport.origins import split_origins

    origins = list(split_origins(args.origins))
    if not origins:
        raise ConfigError("--origins needs at least one origin")
    instructions = ""
    if args.instructions is not None:
        try:
            instructions = args.instructions.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read --instructions {args.instructions}: {exc.strerror}") \
                from None
    suggestions = [s.strip() for s in (args.suggestions or "").split(",") if s.strip()]
    budget = None
    if args.daily_token_budget not in (None, ""):
        budget = int(_number("--daily-token-budget", args.daily_token_budget, int)) or None
    image_hosts = _image_hosts(args.image_hosts)
    Settings(database_url=args.database_url)  # checks the URL
    store = Store(await open_database(args.database_url))
    try:
        new = await store.upsert_site(SiteRow(
            name=args.name, origins=origins, instructions=instructions,
            greeting=args.greeting, accent_color=args.accent_color, suggestions=suggestions,
            daily_token_budget=budget,
            image_hosts=image_hosts,
            title=_title(args.title), avatar_url=_avatar_url(args.avatar_url),
        ))
    finally:
        await store.close()
    cap = f" (daily token budget {budget:,})" if budget else ""
    return f"{'added' if new else 'updated'} site {args.name}: {', '.join(origins)}{cap}"


def _title(value: str | None) -> str | None:
    title = " ".join((value or "").split())
    if len(title) > 100:
        raise ConfigError("--title must be at most 100 characters")
    return title or None


def _avatar_url(value: str | None) -> str | None:
    url = (value or "").strip()
    if not url:
        return None
    if len(url) > 2048 or not re.match(r"^(https?://[^\s/]+/?\S*|data:image/[a-z+.-]+[;,]\S+)$",
                                        url, re.I):
        raise ConfigError(f"--avatar-url: {url[:80]!r} must be an https:// URL (or a "
                          "data:image/ URL) of at most 2048 characters")
    return url


_IMAGE_HOST = re.compile(r"^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*"
                         r"[a-z0-9])?)*$")


def _image_hosts(value: str) -> list[str]:
    hosts = [h.strip().lower() for h in value.split(",") if h.strip()]
    for h in hosts:
        if not _IMAGE_HOST.match(h):
            raise ConfigError(f"--image-hosts: {h!r} must be a host name such as "
                              "cdn.example.com or *.example.net")
    return hosts


async def sites_list(args: argparse.Namespace) -> str:
    from leflux.storage.opening import open_database
    from leflux.storage.store import Store

    Settings(database_url=args.database_url)
    store = Store(await open_database(args.database_url))
    try:
        sites = await store.list_sites()
    finally:
        await store.close()
    if not sites:
        return "no sites (the default site comes from --allowed-origins)"
    return "\n".join(
        f"{s.name}\t{', '.join(s.origins)}"
        + (f"\t{s.daily_token_budget} tokens/day" if s.daily_token_budget else "")
        for s in sites)


async def sessions_export(args: argparse.Namespace) -> int:
    import orjson

    from leflux.session.console import ConsoleService
    from leflux.storage.opening import open_database
    from leflux.storage.store import Store

    Settings(database_url=args.database_url)
    store = Store(await open_database(args.database_url))
    count = 0
    try:
        out = args.output.open("wb") if args.output else sys.stdout.buffer
        try:
            async for line in ConsoleService(store).export(site=args.site, since=args.since):
                out.write(orjson.dumps(line) + b"\n")
                count += 1
        finally:
            if args.output:
                out.close()
            else:
                out.flush()
    finally:
        await store.close()
    return count
