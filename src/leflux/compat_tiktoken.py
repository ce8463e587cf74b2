"""The one place LeFlux reaches past tiktoken's public API (``compat.py`` is the same for
the other libraries; this one is imported only by an LLM planner's token counts).

tiktoken has no tested-range check at start-up: it is not imported there, and each use
below falls back to tiktoken's own behaviour when a name it needs is missing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

_TIKTOKEN_LOADER = "load_tiktoken_bpe"  # the name its plugin's constructors call

def tiktoken_encoding(name: str, load_ranks: Callable[[str, str | None], Any]) -> Any:
    """``tiktoken.get_encoding(name)``, its plugin constructor's rank file read by
    ``load_ranks(blobpath, expected_hash)`` where that returns a dict (None: tiktoken's
    own ``load_tiktoken_bpe``). The constructor's module name is swapped under the
    registry's lock (an RLock ``get_encoding`` takes too) and put back; anything missing
    means tiktoken's own load."""
    registry = importlib.import_module("tiktoken.registry")
    plugin = importlib.import_module("tiktoken_ext.openai_public")
    own = getattr(plugin, _TIKTOKEN_LOADER, None)
    lock = getattr(registry, "_lock", None)
    if own is None or lock is None:
        return registry.get_encoding(name)

    def load(blobpath: str, expected_hash: str | None = None) -> Any:
        found = load_ranks(blobpath, expected_hash)
        return own(blobpath, expected_hash) if found is None else found

    with lock:
        setattr(plugin, _TIKTOKEN_LOADER, load)
        try:
            return registry.get_encoding(name)
        finally:
            setattr(plugin, _TIKTOKEN_LOADER, own)


def drop_python_ranks(encoding: Any) -> None:
    """Let go of a registered tiktoken encoding's Python copy of its ranks
    (``Encoding._mergeable_ranks``: 200,000 entries for o200k_base, ~29 MB resident).
    Encoding and decoding run on the Rust ``CoreBPE`` built from them; tiktoken keeps
    the dict only to pickle an encoding it has not registered (a registered one is
    pickled by name) and for its educational module. Anything else: left as it is."""
    registry = importlib.import_module("tiktoken.registry")
    if (registry.ENCODINGS.get(getattr(encoding, "name", None)) is encoding
            and isinstance(getattr(encoding, "_mergeable_ranks", None), dict)):
        encoding._mergeable_ranks = {}
