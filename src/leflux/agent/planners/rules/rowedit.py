"""A row's value changed in the row's own edit form, as a person does it: "make Maya Patel
an admin", "tom left, set him to inactive", "Chloé got married, her name is now Chloé
Laurent".

What changes is read against the table: a column named then its new value ("her *name* is
now Chloé Laurent"), or a value one of the table's columns takes in other rows ("admin":
the Role column says Admin elsewhere). The other words name the row. The row's own Edit
is pressed (the table's next page first when the row is on another page); on the form it
opens, the field for that column gets the value (a select's option, or the text typed
over the old one), then the form's own save button is pressed: the visitor asked for the
change, and a change left unsaved in an edit box is no change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.clause import skip_polite
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import choose_option
from leflux.agent.planners.rules.ground import ground, one_row, query_words
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.match import SYNONYM, Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause, Reference
from leflux.agent.planners.rules.opener import is_way_out
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowmenu import says_verb
from leflux.agent.planners.rules.rowpages import PAGE_PHASE, row_elsewhere
from leflux.agent.planners.rules.rowvalues import Row, cell, headers, list_rows, raw_words
from leflux.agent.planners.rules.state import PlannerState
from leflux.agent.planners.rules.verify import Expect, snapshot

# The clause is planned again on the form the row's Edit opened (the change in
# ``Pending.text``).
FORM_PHASE = "row-form"
# Clauses that may change a row's value ("make X an admin", "set him to inactive").
EDIT_ACTS = frozenset({Act.EDIT, Act.FILL, Act.UNKNOWN, Act.CLICK, Act.SELECT})
ROW_EDIT = 0.85    # confidence of a change whose row, column and value the page shows
OPTION_SAID = 0.8  # an option of the form's select named this well is the new value
_TRIM = " \t.,;:!?\"'\u201c\u201d\u00ab\u00bb"


@dataclass
class Change:
    row: str      # the words that name the row
    value: str    # the new value, as the visitor said it (or the column's own spelling)
    column: str   # the column named or whose value it is ("" when not known)

    def to_text(self) -> str:
        return json.dumps([self.row, self.value, self.column], ensure_ascii=False)

    @classmethod
    def from_text(cls, text: str) -> Change | None:
        try:
            row, value, column = json.loads(text)
        except (ValueError, TypeError):
            return None
        return cls(str(row), str(value), str(column))


def _leads(lang: str) -> list[str]:
    """The words between a column's name and its new value ("is now", "to"), longest
    first."""
    codes = dict.fromkeys((lang if lang in LANGS else "en", "en"))
    found = {fold(p) for c in codes for p in raw_words(c, "row_edits").get("lead", [])}
    return sorted(found, key=len, reverse=True)


def _column_named(text: str, heads: list[PageElement], lang: str) -> Change | None:
    """"her name is now Chloé Laurent": a column's name, a lead, then the new value."""
    low = fold(text)
    if len(low) != len(text):
        return None  # (positions in the folded text must be those of what was typed)
    for head in heads:
        name = fold(head.display).strip()
        for m in re.finditer(rf"\b{re.escape(name)}\b", low) if name else ():
            rest = low[m.end():]
            gap = len(rest) - len(rest.lstrip())
            lead = next((w for w in _leads(lang) if re.match(rf"{re.escape(w)}\b",
                                                                rest[gap:])), None)
            if lead is None:
                continue
            value = text[m.end() + gap + len(lead):].strip(_TRIM)
            if value:
                return Change(text[:m.start()].strip(_TRIM), value, head.display)
    return None


def _column_value(text: str, rows: list[Row], heads: list[PageElement]) -> Change | None:
    """"make Maya Patel an admin": a value the table's rows share in a column (Role:
    Admin), said whole; the rest of the words name the row."""
    said = tokens(fold(text))
    for head in heads:
        cells = [c for r in rows if (c := cell(r, heads, head))]
        if len(set(cells)) == len(cells):
            continue  # every row its own value (names, emails): not a state a row is set to
        for value in sorted(set(cells), key=len, reverse=True):
            words = tokens(fold(value))
            at = next((i for i in range(len(said) - len(words) + 1)
                       if words and said[i:i + len(words)] == words), None)
            if at is not None:
                rest = " ".join(said[:at] + said[at + len(words):])
                return Change(rest, value, head.display)
    return None


def _without_verb(text: str, lang: str) -> str:
    """The clause's words after its verb ("make Maya Patel an admin" -> "Maya Patel an
    admin")."""
    low, lx = fold(text), lexicon(lang if lang in LANGS else "en")
    start = skip_polite(low, 0, lx)
    hit = lx.acts.match_start(low, start)
    return text[hit.end:] if hit is not None and len(low) == len(text) else text


def change_of(c: Clause, page: Page, lang: str) -> Change | None:
    """What the clause changes in which row, read against the table on the page."""
    if c.act is Act.EDIT and c.container is not None and c.container.words and c.values:
        v = c.values[-1]
        return Change(c.container.words, v.text, "")
    heads = headers(page)
    rows = list_rows(page) if heads else []
    if not rows:
        return None
    text = _without_verb(c.text, lang)
    return _column_named(text, heads, lang) or _column_value(text, rows, heads)


def _edit_control(page: Page, row: str, lang: str) -> PageElement | None:
    verbs = lex.control_words(Act.EDIT, lang)
    found = [el for el in page.clickables if el.group == row and not el.is_field
             and says_verb(el, verbs, lang)]
    return found[0] if len(found) == 1 else None


def _has_edit_controls(page: Page, lang: str) -> bool:
    """Some row of the page has its own Edit (where a row is changed in a form)."""
    verbs = lex.control_words(Act.EDIT, lang)
    return any(el.group and el.position is not None and not el.is_field
               and says_verb(el, verbs, lang) for el in page.clickables)


def plan_row_edit(c: Clause, page: Page, lang: str, st: PlannerState, i: int
                  ) -> Decision | None:
    """The change's next step on this page: the form's field and save, the row's Edit, or
    the table's next page; None when the clause changes no row's value here."""
    p = st.pending
    carried = Change.from_text(p.text) if p is not None and p.clause == i and p.phase in (
        FORM_PHASE, PAGE_PHASE) else None
    if carried is not None and p is not None and p.phase == FORM_PHASE:
        return _in_form(carried, page, lang)
    if c.act not in EDIT_ACTS:
        return None
    change = carried or change_of(c, page, lang)
    if change is None or not change.row or not _has_edit_controls(page, lang):
        return None
    row = named_row(change.row, page, lang)
    if row is None:
        return row_elsewhere(change.row, page, lang, change.to_text())
    edit = _edit_control(page, row, lang)
    if edit is None:
        return None
    what = row.split(" | ")[0][:60]
    # (the form is told of by the row's own name: "Set Role to Admin for Maya Patel")
    return Decision(Kind.ACT, f"Editing {quoted(what)}.", [step("click", edit, None, edit.display)],
                    ROW_EDIT, snapshot(page, Expect.CLICK), "", phase=FORM_PHASE,
                    text=replace(change, row=what).to_text())


def named_row(words: str, page: Page, lang: str) -> str | None:
    """The one row the words name; words said around the name ("Chloé got married") that
    only look like a row's ("married": "Mar") are left out when the others name one."""
    row = one_row(page, words, lang)
    if row is not None:
        return row
    vocab = {w for r in list_rows(page) for w in tokens(r.text)}
    probe = Matcher(query_words(words, lang), lang)
    strong = [w for n, w in enumerate(probe.query)
              if any(probe.sims(v)[n] >= SYNONYM for v in vocab)]
    return one_row(page, " ".join(strong), lang) if strong else None


def _field_for(change: Change, fields: list[PageElement], lang: str
               ) -> tuple[PageElement, str] | None:
    """The form's select offering the value, with the option's own text."""
    best: tuple[float, PageElement, str] | None = None
    for el in fields:
        if el.is_select:
            s, text = choose_option(el, change.value, lang)
            if s >= OPTION_SAID and (best is None or s > best[0]):
                best = (s, el, text)
    if best is not None:
        return best[1], best[2]
    # "the Invoices folder": the option that is one of the words, said whole
    words = set(tokens(fold(change.value)))
    exact = [(el, o.text) for el in fields if el.is_select for o in el.e.options or []
             if o.text and fold(o.text).strip() in words]
    return exact[0] if len(exact) == 1 else None


def _in_form(change: Change, page: Page, lang: str) -> Decision | None:
    """The form the row's Edit opened: its field set to the value, then its save button."""
    fields = [el for el in page.fields if not el.disabled and not el.is_toggle]
    got = _field_for(change, fields, lang) or _text_field(change, fields, page, lang)
    if got is None:
        return Decision(Kind.FAIL, f"The edit form has no field for {quoted(change.value)}; "
                        "I left it as it was.")
    el, value = got
    save = _save_button(page, el, lang)
    if save is None:
        return Decision(Kind.FAIL, f"I couldn't find how to save the change to {quoted(value)}.")
    steps = [step("select", el, value, el.display)] if el.is_select else [
        step("clear", el), step("type", el, value, el.display)]
    what = quoted(el.display)
    pressing = quoted(save.display)
    return Decision(Kind.ACT, f"Setting {what} to {quoted(value)} and pressing {pressing}.",
                    [*steps, step("click", save, None, save.display)], ROW_EDIT,
                    snapshot(page, Expect.SUBMIT, form_id=el.form_id,
                             shows=value if not el.is_select else ""),
                    f"Set {what} to {quoted(value)} for {quoted(change.row)}")


def _text_field(change: Change, fields: list[PageElement], page: Page, lang: str
                ) -> tuple[PageElement, str] | None:
    if not change.column:
        return None
    g = ground(Reference(words=change.column), page,
               [el for el in fields if el.is_text_field], lang=lang)
    if not g.confident or g.best is None:
        return None
    return g.best.el, change.value


def _save_button(page: Page, field: PageElement, lang: str) -> PageElement | None:
    """The form's own button that keeps the change (never its Cancel / Close)."""
    form = page.forms.get(field.form_id) if field.form_id is not None else None
    if form is not None:
        subs = [b for i in form.submit_ids if (b := page.by_id.get(i)) is not None
                and not is_way_out(b, lang) and not b.disabled]
        if len(subs) == 1:
            return subs[0]
    same = [b for b in page.clickables if not b.is_field and b.group and
            b.group == field.group and not is_way_out(b, lang) and not b.disabled]
    return same[0] if len(same) == 1 else None
