"""A page of answers with a "Change" link per row ("Check your answers", a review step):
an answer given there is changed where it was asked, as a person changes it. The row's own
"Change" link opens the question's page (:func:`plan_change_link`); there the field takes
the new value and the page's own button takes it back (:func:`changed`), and the answers
page is read for the new value before anything is said to be done.
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import LABEL_ACCEPT, label_kind, label_query
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause, Value, ValueKind
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step

CHANGE_PHASE = "change"
CHANGE_SURE = 0.8
# A row of answers about a name holds the first and last name together ("Name: Ana Lopez").
_NAMES = frozenset({"full_name", "first_name", "last_name"})
_ROW_KINDS: dict[ValueKind, frozenset[str]] = {
    ValueKind.FULL_NAME: _NAMES, ValueKind.FIRST_NAME: _NAMES, ValueKind.LAST_NAME: _NAMES,
}


def _change_links(page: Page, lang: str) -> list[tuple[PageElement, str]]:
    """The page's "Change …" / "Edit …" controls with the words of what each changes (the
    rest of its name, else the row it sits in)."""
    verbs = lex.control_words(Act.EDIT, lang)
    out = []
    for el in page.clickables:
        words = tokens(fold(el.name_text))
        if words and words[0] in verbs and not el.is_toggle:
            what = " ".join(words[1:]) or el.group
            if what:
                out.append((el, what))
    return out


def _fit(v: Value, what: str, lang: str) -> float:
    """How well the row called ``what`` holds the value ``v``: by the kind its words name
    ("email address"), else by the label the visitor gave the value."""
    key = label_kind(what, lang)
    if key is not None and key in _ROW_KINDS.get(v.kind, frozenset({v.kind.value})):
        return 1.0
    if v.label:
        s = Matcher(label_query(v.label, lang), lang).score(tokens(what))
        return s if s >= LABEL_ACCEPT else 0.0
    return 0.0


def _shown(v: Value, page: Page) -> bool:
    said = " ".join(fold(v.raw or v.text).split())
    return bool(said) and said in " ".join(fold(page.text).split())


def plan_change_link(c: Clause, page: Page, lang: str) -> Decision | None:
    """'my surname is Lopez-Garcia, change it' on a page of answers: the Change link of the
    row that holds it; None when no value is new here or no one row holds it."""
    if c.act not in (Act.FILL, Act.EDIT) or not c.values:
        return None
    links = _change_links(page, lang)
    new = [v for v in c.values if not _shown(v, page)]
    if not links or not new:
        return None
    scored = sorted(((max(_fit(v, what, lang) for v in new), el) for el, what in links),
                    key=lambda t: (-t[0], t[1].id))
    if not scored[0][0] or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    el = scored[0][1]
    return Decision(Kind.ACT, f"Opening {quoted(el.display)} to change it.", [step("click", el)],
                    CHANGE_SURE, snapshot(page, Expect.CLICK), "", phase=CHANGE_PHASE)


def changed(steps: list[Step], typed: dict[int, str], labels: str, page: Page, press: list[Step],
            button: PageElement, conf: float, forbids: bool, consumed: int) -> Decision:
    """The new value in its field and the page's own button pressed: it goes back to the
    answers, which must then show it."""
    shows = next(iter(typed.values()), "")
    did = f"Changed {labels} to {quoted(shows)} and pressed {quoted(button.display)}; " \
        "the page now shows it" + ("; I did not send it" if forbids else "")
    return Decision(Kind.ACT, f"Changing {labels} and pressing {quoted(button.display)}.",
                    steps + press, conf, snapshot(page, Expect.SUBMIT, form_id=button.form_id,
                                                  shows=shows), did, consumed=consumed)
