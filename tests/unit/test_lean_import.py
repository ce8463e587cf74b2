"""What `leflux serve` loads (transport/lean_import.py): python-socketio without its
clients' HTTP libraries, and without redis unless --redis-url is set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


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
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=REPO, timeout=120, check=True)
    return out.stdout.strip().split(",") if out.stdout.strip() else []


def test_the_server_loads_no_client_libraries_and_no_redis_without_redis():
    assert loaded_after(redis=False) == []


def test_redis_mode_keeps_the_redis_manager():
    assert loaded_after(redis=True) == ["redis"]
