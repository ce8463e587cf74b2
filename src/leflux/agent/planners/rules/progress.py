"""The plan of a request of several things, shown up front as a ``steps`` block: one line
per clause the visitor will recognise ("Search for “blue hoodie”", "Go to checkout")."""

from __future__ import annotations

from leflux.agent.planner import ShowBlock
from leflux.agent.planners.rules.decide import quoted
from leflux.agent.planners.rules.model import Act, Clause, Request

_PLAIN = {Act.CHECKOUT: "Go to checkout", Act.LOGIN: "Log in", Act.SIGNUP: "Sign up",
          Act.CONTACT: "Send the message", Act.SUBMIT: "Submit the form",
          Act.FILL: "Fill in the form"}
_NAMED = {Act.BUY: "Add {} to the cart", Act.CLICK: "Open {}", Act.NAVIGATE: "Open {}",
          Act.SELECT: "Choose {}", Act.CHECK: "Tick {}", Act.UNCHECK: "Untick {}"}
MIN_STEPS = 2


def label(c: Clause, cart: bool) -> str | None:
    """How one clause reads in the block (None: not a step of its own)."""
    words = c.target.words if c.target and c.target.words else ""
    if c.negated:
        return None
    if c.act is Act.SEARCH and (c.query or words):
        return f"Search for {quoted(c.query or words)}"
    if c.act is Act.ADD and cart and words:
        return _NAMED[Act.BUY].format(quoted(words))
    if c.act in _NAMED and words:
        return _NAMED[c.act].format(quoted(words))
    return _PLAIN.get(c.act)


def steps_block(request: Request, carts: list[bool]) -> ShowBlock | None:
    """``carts``: per clause, whether it puts something in the cart."""
    labels = [lb for c, cart in zip(request.clauses, carts, strict=True)
              if (lb := label(c, cart))]
    if len(labels) < MIN_STEPS:
        return None
    return ShowBlock("steps", {"steps": [{"label": lb, "status": "active" if n == 0 else "todo"}
                                         for n, lb in enumerate(labels)]})
