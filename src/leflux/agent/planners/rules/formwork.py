"""What the clauses of one run do to one form, gathered before anything is sent."""

from __future__ import annotations

from dataclasses import dataclass, field

from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.protocol import Step

FormKey = tuple[str, int]


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

    def fits(self, page: Page, el: PageElement) -> bool:
        return self.form is None or form_key(page, el) == self.form

    def take(self, page: Page, el: PageElement, st: Step, conf: float = 1.0) -> bool:
        if not self.fits(page, el) or el.id in self.typed or el.id in self.checks:
            return False
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
