"""A value in the parts a form asks for: a full name as first, middle and last name, an ISO
date as day, month and year."""

from __future__ import annotations

from leflux.agent.planners.rules.elements import PageElement
from leflux.agent.planners.rules.model import Value, ValueKind


def split_name(full: str, middle: bool = False) -> tuple[str, str, str]:
    """(first, middle, last) when the form has a middle-names field, else (first, "", rest)."""
    parts = full.split()
    if len(parts) < 2:
        return full, "", ""
    if middle and len(parts) > 2:
        return parts[0], " ".join(parts[1:-1]), parts[-1]
    return parts[0], "", " ".join(parts[1:])


def split_date(v: Value) -> list[Value]:
    """An ISO date as the day, month and year a form asks for in three fields."""
    y, m, d = v.text.split("-")
    return [Value(ValueKind.NUMBER, str(int(d)), v.raw, part="day"),
            Value(ValueKind.NUMBER, str(int(m)), v.raw, part="month"),
            Value(ValueKind.NUMBER, y, v.raw, part="year")]


def name_parts(v: Value, middle: PageElement | None) -> list[Value]:
    """A full name as first, middle (where the form has a field for it) and last name."""
    first, mid, last = split_name(v.text, middle is not None)
    parts = [Value(ValueKind.FIRST_NAME, first, v.raw)]
    if mid and middle is not None:
        parts.append(Value(ValueKind.TEXT, mid, v.raw, label=middle.field_text))
    if last:
        parts.append(Value(ValueKind.LAST_NAME, last, v.raw))
    return parts
