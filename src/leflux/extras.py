"""Optional parts of LeFlux, installed as extras (``pip install 'leflux[redis]'``).

Their packages are imported only where a feature needs them, through ``require``, so a
server without them starts, and one that needs a missing one says which extra to add.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from leflux.errors import ConfigError

# module -> (extra, what it is for)
EXTRAS: dict[str, tuple[str, str]] = {
    "asyncpg": ("postgres", "a postgresql+asyncpg:// --database-url"),
    "redis": ("redis", "--redis-url"),
    "openai": ("openai", "the openai planner"),
    "anthropic": ("anthropic", "the anthropic planner"),
    "playwright": ("eval", "leflux eval"),
    "yaml": ("eval", "leflux eval"),
}


def install_hint(module: str) -> str:
    top = module.split(".")[0]
    extra, purpose = EXTRAS[top]
    return f"{purpose} needs the {top} package: pip install 'leflux[{extra}]'"


def require(module: str) -> ModuleType:
    """Import an optional module, or fail with one line naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if exc.name is None or exc.name.split(".")[0] != module.split(".")[0]:
            raise  # the package is there but broken: let its own error speak
        raise ConfigError(install_hint(module)) from None


def require_installed(module: str) -> None:
    """Fail with the same one line as :func:`require` when a top-level optional package
    is not installed, without importing it: a server checks its planner's SDK at
    start-up and imports it at the first plan (agent/planners ``LLMOnFirstPlan``). A
    package that is there but broken speaks at that import instead."""
    if importlib.util.find_spec(module.split(".")[0]) is None:
        raise ConfigError(install_hint(module))
