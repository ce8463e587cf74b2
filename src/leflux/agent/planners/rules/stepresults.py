"""What the embed says of the last plan's steps: the ones that failed, and a press the page
did not answer (its description ends with the embed's "unchanged" note)."""

from __future__ import annotations

from typing import Any

# What the embed adds to a step's description when the page did not react to it.
UNCHANGED_NOTE = "(the page did not change)"


def failed_steps(memory: list[dict[str, Any]]) -> list[str]:
    last = next((m for m in reversed(memory) if m.get("status") == "sent"), None)
    results = (last or {}).get("results") or []
    out = []
    for r in results:
        if not r.get("success"):
            out.append(str(r.get("error") or "a step did not work"))
    final = results[-1] if results else None
    said = str(final.get("description") or "") if isinstance(final, dict) else ""
    if not out and said.endswith(UNCHANGED_NOTE):
        # The last click / key press was taken but nothing on the page answered it.
        what = said[:-len(UNCHANGED_NOTE)].strip() or "the last step"
        out.append(f"nothing changed on the page after \u201c{what}\u201d")
    return out
