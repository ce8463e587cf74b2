"""The embed as served: ``/embed.js`` a small loader cached for minutes, and the real code
at a content-hashed ``/embed/<hash>.js`` cached for a year. Both go out gzip- or
brotli-compressed when the browser asks; the real code's compressed copies are made at
build time by ``widget/build.mjs`` (``embed.js.gz``, ``embed.js.br`` and a manifest beside
``embed.js``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

EMBED_PATH = Path(__file__).resolve().parent.parent / "static" / "embed.js"
HASH_LENGTH = 16
LOADER_MAX_AGE = 300  # seconds: a new release reaches visitors within five minutes
MANIFEST = "embed.manifest.json"  # {"sha256": hex of embed.js}, written with the copies
IMMUTABLE = "public, max-age=31536000, immutable"

# The owner's one tag keeps working: the loader adds the hashed script beside itself,
# carrying the tag's data-* attributes and CSP nonce; the embed reads them from there and
# finds its server from the hashed URL (".../embed/<hash>.js" -> ".../").
LOADER_TEMPLATE = """\
(function(){try{if(window.LeFlux)return;var c=document.currentScript;\
if(!c||!c.src){var l=document.querySelectorAll("script[src]");\
for(var i=l.length-1;i>=0;i--)if(/\\/embed\\.js([?#]|$)/.test(l[i].src)){c=l[i];break}}\
if(!c)return;var s=document.createElement("script");\
s.src=new URL("embed/%(hash)s.js",c.src).href;s.async=true;\
for(var j=0;j<c.attributes.length;j++){var a=c.attributes[j];\
if(a.name.indexOf("data-")===0)s.setAttribute(a.name,a.value)}\
if(c.nonce)s.nonce=c.nonce;if(c.crossOrigin!==null)s.crossOrigin=c.crossOrigin;\
(document.head||document.documentElement).appendChild(s)}\
catch(e){console.warn("[LeFlux] could not load the embed",e)}})();
"""


@dataclass(frozen=True)
class Representation:
    """One file in every encoding we have for it, each with its own ETag."""

    bodies: dict[str, bytes]  # "identity", "gzip", "br" -> bytes
    tag: str  # content hash; ETags are derived per encoding

    def etag(self, encoding: str) -> str:
        return f'"{self.tag}"' if encoding == "identity" else f'"{self.tag}-{encoding}"'


@dataclass(frozen=True)
class EmbedBundle:
    hash: str
    code: Representation
    loader: Representation = field(repr=False)


def accepted_encodings(header: str | None) -> set[str]:
    """Encodings the request accepts with a non-zero quality (``br;q=0`` refuses br)."""
    accepted: set[str] = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name and quality > 0:
            accepted.add(name.strip().lower())
    return accepted


def choose_encoding(rep: Representation, header: str | None) -> str:
    accepted = accepted_encodings(header)
    for encoding in ("br", "gzip"):
        if encoding in rep.bodies and (encoding in accepted or "*" in accepted):
            return encoding
    return "identity"


def _precompressed(path: Path, raw: bytes) -> dict[str, bytes]:
    """The build's compressed copies, used only when the build's manifest names the very
    bytes of ``embed.js`` (a copy left over from an older build is never served)."""
    try:
        manifest = json.loads(path.with_name(MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("sha256") != hashlib.sha256(raw).hexdigest():
        return {}
    found: dict[str, bytes] = {}
    for encoding, suffix in (("gzip", ".gz"), ("br", ".br")):
        try:
            found[encoding] = path.with_name(path.name + suffix).read_bytes()
        except OSError:
            continue
    return found


class EmbedFile:
    """The built embed, re-read only when the file changes."""

    def __init__(self, path: Path = EMBED_PATH) -> None:
        self.path = path
        self._key: tuple[float, int] | None = None
        self._bundle: EmbedBundle | None = None

    def load(self) -> EmbedBundle | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        key = (st.st_mtime, st.st_size)
        if key != self._key or self._bundle is None:
            self._bundle = self._read()
            self._key = key
        return self._bundle

    def _read(self) -> EmbedBundle:
        raw = self.path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()[:HASH_LENGTH]
        bodies = {"identity": raw, **_precompressed(self.path, raw)}
        loader = (LOADER_TEMPLATE % {"hash": digest}).encode()
        loader_tag = hashlib.sha256(loader).hexdigest()[:HASH_LENGTH]
        loader_bodies = {"identity": loader, "gzip": gzip.compress(loader, mtime=0)}
        return EmbedBundle(
            hash=digest,
            code=Representation(bodies, digest),
            loader=Representation(loader_bodies, loader_tag),
        )
