"""What the page's controls hold, as lines a question can be answered from: a dropdown's
choices (a person opens it to read "Express (1–2 working days) — €6.90"), and the options
a group has on ("Days I can receive parcels: Tuesday, Thursday")."""

from __future__ import annotations

from leflux.agent.planners.rules.elements import Page

# Options read from one dropdown at most (a country list says nothing a question needs).
MAX_OPTIONS = 12


def control_lines(page: Page) -> list[str]:
    lines: list[str] = []
    for el in page.fields:
        # (a placeholder, "Select size" with no value, is no choice the page offers)
        options = [o for o in el.e.options or [] if (o.text or "").strip()
                   and not (o.value == "" and o.selected)]
        if el.is_select and 0 < len(options) <= MAX_OPTIONS:
            label = el.e.label or el.display
            lines += [f"{label}: {o.text}." for o in options]
    groups: dict[str, list[str]] = {}
    for el in page.fields:
        if el.is_toggle and not el.one_of and el.e.checked and el.group and \
                el.extra("groupKind") in ("multilistbox", "fieldset", "listbox"):
            groups.setdefault(el.group, []).append(el.display)
    # (a full stop: a line that says something, not a title)
    lines += [f"{group}: {', '.join(names)}." for group, names in groups.items()]
    return lines
