"""Optional parts of LeFlux, installed as extras (``pip install 'leflux[redis]'``).

Their packages are imported only where a feature needs them, through ``require``, so a
server without them starts, and one that needs a missing one says which extra to add.
"""

from __future__ import annotations

import importlib
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
