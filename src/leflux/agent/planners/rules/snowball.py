"""Snowball stemmers, one language at a time.

``snowballstemmer.stemmer(name)`` is defined in the package's ``__init__``, which imports
the stemmers of all ~30 languages it has (~2.5 MB kept, ~10 ms) for the four LeFlux
stems. ``leflux serve`` loads the package without that ``__init__``
(transport/lean_import.py), and the stemmer of a language is made here from its own
module, as that function makes it: PyStemmer's where PyStemmer is installed, else the
package's class for the language.
"""

from __future__ import annotations

import importlib
from typing import Any


def stemmer(name: str) -> Any:
    """What ``snowballstemmer.stemmer(name)`` returns ("english", "spanish", ...)."""
    try:
        native = importlib.import_module("Stemmer")
    except ImportError:
        module = importlib.import_module(f"snowballstemmer.{name}_stemmer")
        return getattr(module, f"{name.title()}Stemmer")()
    return native.Stemmer(name)
