"""Test-only entry point: ``leflux serve`` with an engine named on the command line.

``python -m tests.support.serve_engine MODULE:FUNCTION serve --port …`` parses the rest
exactly as ``leflux`` does, calls ``FUNCTION(settings)`` for the engine and serves it
through ``create_app(engine=…)``. Tests and benchmarks that need a scripted or paced
engine in a subprocess start it this way; the product itself never imports code named
in its environment or arguments.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from leflux.cli import parse_args, run_server, settings_from


def main(argv: list[str]) -> None:
    spec, *rest = argv
    module, _, func = spec.partition(":")
    factory: Any = getattr(importlib.import_module(module), func)
    settings = settings_from(parse_args(rest))
    run_server(settings, engine=factory(settings))


if __name__ == "__main__":
    main(sys.argv[1:])
