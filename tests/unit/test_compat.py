"""leflux.compat: the installed python-engineio, python-socketio and SDK releases are
checked at start-up, one outside the tested range stops the start with one line, and no
other module touches their private names."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from leflux.compat import HOOKS, TESTED, check_versions, problems
from leflux.errors import ConfigError

SRC = Path(__file__).resolve().parents[2] / "src" / "leflux"
LIBRARIES = re.compile(r"^\s*(import|from) (engineio|socketio|openai|anthropic|httpx)\b", re.M)


def test_the_installed_releases_are_the_tested_ones() -> None:
    assert problems() == []


def _versions(**changed: str):  # the installed versions, some replaced
    def version(dist: str) -> str:
        return changed.get(dist.replace("-", "_")) or metadata.version(dist)
    return version


def test_a_release_outside_the_range_is_one_line() -> None:
    found = problems(_versions(python_socketio="6.0.1", openai="4.2.0"))
    assert found == ["python-socketio 6.0.1 is outside the tested 5.11 to below 6",
                     "openai 4.2.0 is outside the tested 1.40 to below 4"]
    with pytest.raises(ConfigError) as err:
        check_versions(found)
    line = str(err.value)
    assert "\n" not in line and line.startswith("python-socketio 6.0.1 is outside")
    assert "-c constraints.txt" in line
    assert problems(_versions(python_engineio="4.8.9")) == [
        "python-engineio 4.8.9 is outside the tested 4.9 to below 5"]


def test_a_missing_hook_is_named() -> None:
    hooks = (("socketio", "AsyncServer._handle_eio_message"),
             ("socketio", "AsyncServer._gone_in_a_release"), ("no_such_module", "X"))
    assert problems(hooks=hooks) == ["socketio.AsyncServer._gone_in_a_release is gone",
                                     "no_such_module.X is gone"]


def test_private_names_appear_in_the_adapter_only() -> None:
    private = {path.rsplit(".", 1)[-1] for _, path in HOOKS}
    private = {name for name in private if name.startswith("_")}
    assert {"_handle_eio_connect", "_publish", "_listen", "_async"} <= private
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, private)) + r")\b")
    # The modules that use these libraries (others' own attributes may share a name).
    users = [path for path in SRC.rglob("*.py") if path.name != "compat.py"
             and LIBRARIES.search(path.read_text())]
    assert len(users) >= 5
    touching = [f"{path.relative_to(SRC)}:{n}" for path in users
                for n, line in enumerate(path.read_text().splitlines(), 1)
                if pattern.search(line)]
    assert touching == []


def test_the_server_refuses_to_start_on_an_untested_release(tmp_path: Path) -> None:
    # A python-socketio 6 found first on the path, as pip would leave it after an
    # unconstrained upgrade; the real code still imports, the version says no.
    low, high = TESTED["python-socketio"]
    info = tmp_path / "python_socketio-6.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: python-socketio\n"
                                   "Version: 6.0.0\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(tmp_path), os.environ.get("PYTHONPATH", "")) if p)}
    done = subprocess.run([sys.executable, "-m", "leflux", "serve", "--port", "1",
                           "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("leflux: error: python-socketio 6.0.0 is outside the "
                                  f"tested {'.'.join(map(str, low))} to below {high[0]}")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_only_the_sdks_in_use_are_imported_for_their_hooks() -> None:
    """A rules-planner server checks no SDK hook, so it never imports an SDK."""
    script = (
        "import sys\n"
        "from leflux.compat import check_versions\n"
        "check_versions(sdks=())\n"
        "print(sorted(m for m in ('openai', 'anthropic') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, check=True, env={**os.environ})
    assert out.stdout.strip() == "[]"
    hooks = (("openai", "AsyncOpenAI.no_such_hook"),)
    assert problems(hooks=hooks, sdks=()) == []
    assert problems(hooks=hooks, sdks=("openai",)) == ["openai.AsyncOpenAI.no_such_hook is gone"]
