"""What the embed says of the last plan's steps: the ones that failed, and a press the page
did not answer (its description ends with the embed's "unchanged" note)."""

from __future__ import annotations

from collections.abc import Sequence

from leflux.agent.memory import MemoryEntry, last_plan

# What the embed adds to a step's description when the page did not react to it.
UNCHANGED_NOTE = "(the page did not change)"


def failed_steps(memory: Sequence[MemoryEntry]) -> list[str]:
    last = last_plan(memory, "sent")
    results = (last.results if last else None) or []
    out = []
    for r in results:
        if not r.success:
            out.append(str(r.error or "a step did not work"))
    said = (results[-1].description or "") if results else ""
    if not out and said.endswith(UNCHANGED_NOTE):
        # The last click / key press was taken but nothing on the page answered it.
        what = said[:-len(UNCHANGED_NOTE)].strip() or "the last step"
        out.append(f"nothing changed on the page after \u201c{what}\u201d")
    return out
