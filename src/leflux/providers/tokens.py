"""Counting tokens with tiktoken's real ``o200k_base`` encoding, offline.

tiktoken downloads its rank files on first use, and this machine (like many servers)
has no internet. The ``bpe-openai`` wheel ships the same file (gzipped); we unpack it
into tiktoken's own cache under the name tiktoken looks for, and tiktoken then checks
it against the SHA-256 it pins for o200k_base, so the counts are tiktoken's exactly.

Loading the encoding costs ~0.3 s of CPU and ~47 MB for the life of the process, so it
is loaded only when a count is needed: every o200k_base token stands for at least one
byte of UTF-8 (``utf8_bound``), which decides most small pages' budgets without it.
"""

from __future__ import annotations

import binascii
import gzip
import hashlib
import importlib.util
import os
import tempfile
import threading
import uuid
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

ENCODING = "o200k_base"
_URL = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
_lock = threading.Lock()


def _cache_dir() -> str:
    # The same rules as tiktoken.load.read_file_cached.
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        return os.environ["TIKTOKEN_CACHE_DIR"]
    if "DATA_GYM_CACHE_DIR" in os.environ:
        return os.environ["DATA_GYM_CACHE_DIR"]
    return os.path.join(tempfile.gettempdir(), "data-gym-cache")


def _seed_cache() -> None:
    cache_dir = _cache_dir()
    if not cache_dir:
        return
    path = os.path.join(cache_dir, hashlib.sha1(_URL.encode()).hexdigest())
    if os.path.exists(path):
        return
    # Only the data file is read: the package itself (a large native module) is not imported.
    spec = importlib.util.find_spec("bpe_openai")
    if spec is None or not spec.submodule_search_locations:
        return  # tiktoken will try the network and say clearly if it cannot
    packed = Path(next(iter(spec.submodule_search_locations))) / "data" / "o200k_base.tiktoken.gz"
    try:
        data = gzip.decompress(packed.read_bytes())
    except OSError:
        return  # tiktoken will try the network and say clearly if it cannot
    if hashlib.sha256(data).hexdigest() != _SHA256:
        return
    os.makedirs(cache_dir, exist_ok=True)
    tmp = f"{path}.{uuid.uuid4()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def utf8_bound(text: str) -> int:
    """An upper bound of ``count_tokens(text)``: its length in UTF-8.

    o200k_base is a byte-level BPE without an empty token, so each token of a text is at
    least one of its bytes. (tiktoken encodes a lone surrogate as U+FFFD, three bytes as
    ``surrogatepass`` counts it, and a pair as one 4-byte character, under its 6.)"""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def _load_ranks(blobpath: str, expected_hash: str | None) -> dict[bytes, int] | None:
    """o200k_base's ranks as ``tiktoken.load.load_tiktoken_bpe`` reads them (a dict of
    each line's base64 token decoded -> its rank), in C loops instead of a Python loop
    per line: ~0.25 -> ~0.15 CPU-s. Only for the file whose SHA-256 tiktoken pins, read
    and checked by tiktoken's ``read_file_cached``: its content is known, one
    ``<base64> <rank>`` line per token (tests: the same dict as tiktoken's). Anything
    else (None): tiktoken's own load."""
    if blobpath != _URL or expected_hash != _SHA256:
        return None
    from tiktoken.load import read_file_cached

    contents = read_file_cached(blobpath, expected_hash)
    parts = contents.split()
    if len(parts) != 2 * contents.count(b"\n"):
        return None
    return dict(zip(map(binascii.a2b_base64, parts[::2]), map(int, parts[1::2]), strict=True))


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    with _lock:
        _seed_cache()
        from leflux.compat_tiktoken import drop_python_ranks, tiktoken_encoding

        found: tiktoken.Encoding = tiktoken_encoding(ENCODING, _load_ranks)
        drop_python_ranks(found)  # ~29 MB an LLM server no longer keeps
        return found


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


def truncate_to_tokens(text: str, budget: int) -> tuple[str, bool]:
    """The longest prefix of ``text`` within ``budget`` tokens, and whether it was cut."""
    if len(text) <= budget and utf8_bound(text) <= budget:
        return text, False  # no more tokens than bytes: no need to count them
    enc = encoding()
    # Encoding a whole long page to keep its start is wasteful: a token is rarely more
    # than a few characters, so encode a generous prefix first. Pre-tokenisation splits
    # on words, so the tokens well before the cut are the same as in the full text.
    head = text[: max(0, budget) * 12 + 64]
    tokens = enc.encode(head, disallowed_special=())
    if len(head) < len(text) and len(tokens) <= budget:
        tokens = enc.encode(text, disallowed_special=())
    if len(tokens) <= budget:
        return text, False
    return enc.decode(tokens[: max(0, budget)]), True
