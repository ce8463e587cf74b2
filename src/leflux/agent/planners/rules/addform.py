"""Adding an item through the page's own "add" controls: the item's name into its text
box, a quantity into the number box next to it, the details said ("to the backpack",
"high priority", "give it to Sam", "it's essential") into the selects and boxes of the
same form, then the form's Add button (or Enter where there is none).

The add controls are the text box's form, or, for pages without a ``<form>``, the
controls that follow the box up to the first button that says it adds. A detail counts
only through words an option of that select says: "high priority" picks "High" in
Priority, "the dairy section" picks "Dairy".
"""

from __future__ import annotations

from dataclasses import dataclass

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, rows_count, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import Assignment, kind_of
from leflux.agent.planners.rules.lexicon import lexicon
from leflux.agent.planners.rules.match import SYNONYM, Matcher, tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause, Value, ValueKind
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step

OPTION_MIN = 0.9     # an option named this well by the details is chosen
MAX_AFTER = 8        # controls after a form-less box that may still belong to it


@dataclass
class AddForm:
    box: PageElement                     # where the item's name goes
    others: list[PageElement]            # number boxes, selects, checkboxes beside it
    button: PageElement | None           # its Add button (None: Enter adds)


def _says_add(el: PageElement, lang: str) -> bool:
    words = set(tokens(el.name_text))
    verbs = {w for p in lex.control_words(Act.ADD, lang) for w in tokens(p)}
    return bool(words) and any(w in verbs or lex.stem(w, lang) in {lex.stem(v, lang)
                                                                    for v in verbs}
                               for w in words)


def _free_text(el: PageElement) -> bool:
    return el.is_text_field and not (el.group and el.position) and kind_of(el) in (
        None, "message", "subject")


def add_form(page: Page, lang: str) -> AddForm | None:
    """The one set of add controls on the page."""
    found: list[AddForm] = []
    for box in page.fields:
        if not _free_text(box):
            continue
        if box.form_id is not None and box.form_id in page.forms:
            form = page.forms[box.form_id]
            members = [el for el in page.els if el.form_id == box.form_id and el.id != box.id]
            buttons = [page.by_id[i] for i in form.submit_ids if i in page.by_id]
            if not buttons or not _says_add(buttons[0], lang):
                continue
            found.append(AddForm(box, [el for el in members if el.is_field], buttons[0]))
            continue
        after = page.els[page.els.index(box) + 1:][:MAX_AFTER]
        others: list[PageElement] = []
        button = None
        for el in after:
            if (el.group and el.position) or (el.is_text_field and not el.type == "number"):
                break
            if el.is_clickable and not el.is_field:
                button = el if _says_add(el, lang) else None
                break
            if el.is_field:
                others.append(el)
        if others or button is not None:
            found.append(AddForm(box, others, button))
    return found[0] if len(found) == 1 else None


def _details(words: list[str], el: PageElement, lang: str) -> tuple[float, str]:
    """The option of select ``el`` the detail words name, through the words an option
    says something like ("high priority" -> "High")."""
    options = [o.text or o.value or "" for o in el.e.options or []]
    said = {w for o in options for w in tokens(o)}
    probe = Matcher(tuple(words), lang)
    told = tuple(w for i, w in enumerate(words) if any(probe.sims(v)[i] >= SYNONYM
                                                         for v in said))
    if not told:
        return 0.0, ""
    m = Matcher(told, lang)
    scored = sorted(((m.score(tokens(o)), o) for o in options if o), reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < 0.1):
        return 0.0, ""
    return scored[0]


def _without_place(item: str, form: AddForm, lang: str) -> str:
    """'eggs to the dairy section' -> 'eggs' when "the dairy section" names an option of
    the form ('Dairy'): where it goes is a detail, not part of its name."""
    low = fold(item)
    if not any(el.is_select for el in form.others):
        return item
    for hit in lexicon(lang).destination_to.find_all(low):
        rest = [w for w in tokens(low[hit.end:]) if w not in lex.stopwords(lang)]
        if hit.start and rest:
            return item[:hit.start].strip(" ,")
    return item


def function_words(lang: str) -> frozenset[str]:
    """Words that say how, not what: verbs, articles, prepositions, pronouns, politeness,
    kinds of things ("task", "item")."""
    lx = lexicon(lang)
    tables = (lx.acts, lx.articles, lx.destination_to, lx.container_of, lx.with_words,
              lx.as_words, lx.polite, lx.polite_end, lx.pronoun_back, lx.pronoun_one,
              lx.negation, lx.kinds, lx.containers, lx.set_to, lx.is_words)
    return frozenset(w for t in tables for key in t.keys for w in key)


def leftover(words: list[str], used: list[str], lang: str) -> list[str]:
    """Detail words that went nowhere (no option, box or label took them)."""
    skip = function_words(lang)
    m = Matcher(tuple(words), lang)
    took = [False] * len(words)
    for u in used:
        for i, v in enumerate(m.sims(u)):
            took[i] = took[i] or v >= SYNONYM
    return [w for i, w in enumerate(words) if not took[i] and w not in skip]


def plan_add_form(form: AddForm, item: str, quantity: int | None, said: str, page: Page,
                  lang: str) -> Decision | None:
    """Steps that add ``item`` (``quantity`` of it) with the details ``said``."""
    item = _without_place(item, form, lang)
    item_words = set(tokens(fold(item)))
    stop = lex.stopwords(lang)
    words = [w for w in tokens(fold(said)) if w not in item_words and w not in stop
             and not w.isdigit() and lex.number(w, lang) is None]
    steps: list[Step] = [step("type", form.box, item, form.box.display)]
    chosen: list[str] = []
    used: list[str] = []  # words of the labels and options that took a detail
    number = next((el for el in form.others if el.type == "number"
                   or kind_of(el) == "quantity"), None)
    if quantity is not None:
        if number is None:
            return None  # a count with no place for it: not this form's item
        steps.append(step("type", number, str(quantity), number.display))
        chosen.append(f"{number.display}: {quantity}")
    for el in form.others:
        if el.is_select:
            score, option = _details(words, el, lang)
            if score >= OPTION_MIN and option:
                steps.append(step("select", el, option, el.display))
                chosen.append(f"{el.display}: {option}")
                used += [*tokens(option), *tokens(el.display)]
        elif el.is_toggle and el.type == "checkbox" and not el.e.checked:
            own = tuple(w for w in tokens(el.name_text) if w not in stop)
            if own and all(any(word_sim(o, w, lang) >= SYNONYM for w in words) for o in own):
                steps.append(step("check", el, None, el.display))
                chosen.append(el.display)
                used += list(own)
    if form.button is not None:
        steps.append(step("click", form.button, None, form.button.display))
    else:
        steps.append(step("press", form.box, "Enter", "add"))
    extra = f" ({', '.join(chosen)})" if chosen else ""
    left = leftover(words, used, lang)
    # Said but placed nowhere: told, so the visitor is not left thinking it was set.
    missed = f", but I couldn't find where to put {quoted(' '.join(left))}" if left else ""
    return Decision(Kind.ACT, f"Adding {quoted(item)}{extra}.", steps, SYNONYM,
                    snapshot(page, Expect.ADD, count=rows_count(page)),
                    f"Added {quoted(item)}{extra}{missed}")


def new_item_box(values: list[Value], page: Page, lang: str) -> list[Assignment]:
    """"write X in the new task box": the box that adds new things, named by what it adds
    (its own label or placeholder may say something else, "What needs doing?")."""
    texts = [v for v in values if v.kind is ValueKind.TEXT and v.label]
    form = add_form(page, lang)
    if len(texts) != 1 or len(values) != 1 or form is None:
        return []
    adds = {w for p in lex.control_words(Act.ADD, lang) for w in tokens(p)}
    if not adds & set(tokens(texts[0].label or "")):
        return []
    return [Assignment(form.box, texts[0].text, SYNONYM, texts[0])]


def counted_item(c: Clause, page: Page, lang: str) -> Decision | None:
    """"dish soap x2, household": no verb, a thing and its count on a page that adds things
    with a count: add it."""
    if len(c.values) != 1 or c.values[0].kind is not ValueKind.QUANTITY or not c.values[0].raw:
        return None
    form = add_form(page, lang)
    at = c.text.find(c.values[0].raw)
    item = c.text[:at].strip(" ,") if at > 0 else ""
    if form is None or not item or not tokens(fold(item)):
        return None
    return plan_add_form(form, item, int(c.values[0].text), c.text, page, lang)


def verbless_item(c: Clause, page: Page, lang: str) -> Decision | None:
    """"travel adapter, it's essential, goes in the carry-on": no verb, on a page that adds
    things with details: the first part names the new thing, the rest are its details. Only
    when the first part names no option, box or row already on the page."""
    if c.act is not Act.UNKNOWN or c.values:
        return None
    form = add_form(page, lang)
    if form is None or not form.others:
        return None
    first = c.text.split(",")[0].strip()
    words = [w for w in tokens(fold(first)) if w not in lex.stopwords(lang)]
    if not words or "," not in c.text:
        return None
    named = {w for el in page.els if el.id != form.box.id for w in tokens(fold(
        " ".join([el.name_text, el.group, *(o.text or "" for o in el.e.options or [])])))}
    if any(w in named for w in words):
        return None  # "the passport, it's packed": a row / option already there
    return plan_add_form(form, first, None, c.text, page, lang)
