"""What a ui block may make the visitor's browser load or open, whoever planned it.

A product card's image is fetched by the visitor's browser as soon as it is shown: an
image from any host would let a model or a page (through injected text) send the visitor,
with whatever the URL carries, to a server of its choice. Images are kept only from the
site's own origins and the hosts its owner lists (``--image-hosts``); links (cards and
``link_list``) only when they are http(s). The rest is dropped before the block is
stored or sent.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import SplitResult, urlsplit

from leflux.agent.ports import SiteInfo

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Browsers drop ASCII tab/newline anywhere in a URL and spaces/controls at its ends.
_IGNORED = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))


def _split(url: Any) -> SplitResult | None:
    if not isinstance(url, str):
        return None
    text = _IGNORED.sub("", url).strip(_C0_OR_SPACE)
    if not text:
        return None
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises on a malformed port
    except ValueError:
        return None
    return parts


def web_link(url: Any) -> bool:
    """An http(s) URL, or one relative to the (http/https) page it is shown on."""
    parts = _split(url)
    return parts is not None and parts.scheme.lower() in ("", "http", "https")


def _host_matches(host: str, pattern: str) -> bool:
    pattern = pattern.strip().lower().rstrip(".")
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return host == pattern


def _origin_matches(parts: SplitResult, entry: str) -> bool:
    rule = _split(entry)
    if rule is None or not rule.hostname:
        return False
    scheme = parts.scheme.lower()
    if scheme and scheme != rule.scheme.lower():
        return False
    port = parts.port or _DEFAULT_PORTS.get(scheme or rule.scheme.lower())
    if port != (rule.port or _DEFAULT_PORTS.get(rule.scheme.lower())):
        return False
    return _host_matches(parts.hostname or "", rule.hostname)


def image_allowed(url: Any, site: SiteInfo) -> bool:
    """An image the site's own origins or its listed image hosts serve."""
    parts = _split(url)
    if parts is None or parts.scheme.lower() not in ("", "http", "https"):
        return False  # data:, blob:, javascript: and the like
    if not parts.netloc:
        return True  # relative: the page's own origin
    host = (parts.hostname or "").lower()
    if not host:
        return False
    return (any(_origin_matches(parts, o) for o in site.origins) or
            any(_host_matches(host, h) for h in site.image_hosts))


def allowed_block(block_type: str, data: dict[str, Any], site: SiteInfo
                  ) -> dict[str, Any] | None:
    """``data`` without the images and links it may not carry; None when nothing is left
    worth showing."""
    if block_type == "product_cards":
        items = []
        for item in data.get("items") or []:
            if not isinstance(item, dict):
                continue
            kept = dict(item)
            if "image" in kept and not image_allowed(kept["image"], site):
                del kept["image"]
            if "url" in kept and not web_link(kept["url"]):
                del kept["url"]
            items.append(kept)
        return {**data, "items": items} if items else None
    if block_type == "link_list":
        links = [link for link in data.get("links") or []
                 if isinstance(link, dict) and web_link(link.get("url"))]
        return {**data, "links": links} if links else None
    return data
