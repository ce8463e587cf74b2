"""Understood clauses as the older handlers' intents, for the flows those still own
(search with its results, the cart; log in, sign up and questions are the pipeline's):
the words are read once, by ``understand``, in any language; the flow runs as before."""

from __future__ import annotations

from typing import Any

from leflux.agent.planners.rules.model import Act, Clause, Request

Intent = dict[str, Any]
_THIS = "this"


def _product(c: Clause) -> str:
    words = c.target.words if c.target and c.target.words else ""
    return words or _THIS


def intent(c: Clause, request: Request) -> Intent | None:
    """The intent for one clause, or None when the handlers should read it themselves."""
    match c.act:
        case Act.SEARCH if c.query and not c.values:
            return {"kind": "search", "query": c.query}
        case Act.BUY | Act.ADD if c.values:
            return None  # "book a table for 4 on ..." is a form, not a product
        case Act.BUY:
            # "buy X" puts X in the cart; paying is a step of its own the visitor asks for.
            return {"kind": "add_to_cart", "product": _product(c),
                    "qty": str(c.quantity) if c.quantity else None}
        case Act.ADD if c.quantity or c.container or (c.target and c.target.words):
            return {"kind": "add_to_cart", "product": _product(c),
                    "qty": str(c.quantity) if c.quantity else None}
    return None


def queue(request: Request) -> list[Intent] | None:
    """Intents for every clause, or None when any clause is not one the bridge knows."""
    out: list[Intent] = []
    for c in request.clauses:
        i = intent(c, request)
        if i is None:
            return None
        out.append(i)
    return out or None
