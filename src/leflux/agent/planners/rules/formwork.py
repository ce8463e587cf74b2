"""What the clauses of one run do to one form, gathered before anything is sent."""

from __future__ import annotations

from dataclasses import dataclass, field

from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.protocol import Step

FormKey = tuple[str, int]
# Fields whose own bounds (min / max) a number typed into them must keep.
BOUNDED_TYPES = frozenset({"number", "range"})


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None  # (a date field's bounds are no numbers)


def out_of_bounds(el: PageElement, value: str | None) -> str | None:
    """What a number field takes, where ``value`` is outside its own bounds ("min 5"): a
    person reads the limit and says it rather than type what the page refuses or clamps."""
    num, lo, hi = _number(value), _number(el.e.min), _number(el.e.max)
    if el.type not in BOUNDED_TYPES or num is None or not (
            (lo is not None and num < lo) or (hi is not None and num > hi)):
        return None
    takes = f"from {el.e.min} to {el.e.max}" if lo is not None and hi is not None else \
        f"at least {el.e.min}" if lo is not None else f"at most {el.e.max}"
    return f"\u201c{el.display}\u201d only takes {takes}, so I didn't put in {value}."


def form_key(page: Page, el: PageElement) -> FormKey:
    """The form an element belongs to: the reported <form>, else its run of elements
    between submit buttons."""
    fid = el.form_id
    return ("form", fid) if fid is not None else ("run", page.segment.get(el.id, 0))


@dataclass
class Work:
    """What the clauses of one run do to one form, gathered before anything is sent."""

    form: FormKey | None = None
    steps: list[Step] = field(default_factory=list)
    typed: dict[int, str] = field(default_factory=dict)
    checks: dict[int, bool] = field(default_factory=dict)
    els: list[PageElement] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    conf: float = 1.0
    unplaced: list[str] = field(default_factory=list)   # values with no field, as said
    send: bool = False                                  # a clause asked to send
    # ... by the verb that gave the values ("add a comment: ..."), not a "send it" of its
    # own: not while a required field is still empty
    soft: bool = False
    button: PageElement | None = None                            # the button they named to send
    said: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # values a field's bounds do not take

    def fits(self, page: Page, el: PageElement) -> bool:
        return self.form is None or form_key(page, el) == self.form

    def take(self, page: Page, el: PageElement, st: Step, conf: float = 1.0) -> bool:
        if not self.fits(page, el) or el.id in self.typed or el.id in self.checks:
            return False
        if st.action == "type" and (why := out_of_bounds(el, st.inputData)) is not None:
            self.refused.append(why)
            return True  # the value's field, told rather than typed
        self.form = form_key(page, el)
        self.steps.append(st)
        if st.action in ("check", "uncheck") or (st.action == "click" and el.is_toggle):
            self.checks[el.id] = st.action != "uncheck"
        else:
            self.typed[el.id] = st.inputData or ""
        self.els.append(el)
        self.labels.append(el.display)
        self.conf = min(self.conf, conf)
        return True
