"""Acts on a list's rows and items: remove one, add one, edit one (double click, type,
Enter). A row is named by its content or position; the control is the row's own."""

from __future__ import annotations

from urllib.parse import urlsplit

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.addform import add_form, plan_add_form
from leflux.agent.planners.rules.append import plan_append
from leflux.agent.planners.rules.decide import (
    SKIP,
    Decision,
    Kind,
    ask,
    can,
    quoted,
    rows_count,
    step,
)
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import kind_of
from leflux.agent.planners.rules.ground import (
    ACCEPT,
    CONFIDENT,
    Candidate,
    Grounding,
    ground,
    ground_any,
    main_list,
    one_row,
    query_words,
)
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause, Reference, Request, Value, ValueKind
from leflux.agent.planners.rules.opener import is_way_out
from leflux.agent.planners.rules.rowaction import row_key
from leflux.agent.planners.rules.rowmenu import plan_by_menu, says_verb, says_verb_word
from leflux.agent.planners.rules.rowpages import row_elsewhere
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step


def values_of(c: Clause, req: Request) -> list[Value]:
    return c.values or req.values


def row_control(c: Clause, page: Page, lang: str, act: Act) -> Grounding:
    """The control doing ``act`` in the row the clause names (its target or container)."""
    row = c.container or c.target or Reference()
    if c.target and c.target.words and c.container and lex.is_cart(c.container.words, lang):
        row = c.target  # "remove the boots from the basket": the boots' row of the basket
    pool = [el for el in page.clickables if el.group]
    if not (row.words or row.ordinal is not None):
        return Grounding()
    return ground_any(sorted(lex.control_words(act, lang)), page, pool, lang=lang,
                      container=row)


def delete_near_item(c: Clause, page: Page, lang: str) -> Grounding:
    """Pages whose rows the embed did not report: the item named, then the delete
    control closest to it in the page's structure."""
    words = c.target.words if c.target else ""
    if not words or any(el.group for el in page.els):
        return Grounding()
    items = ground(Reference(words=words), page, [el for el in page.els if not el.is_field],
                   lang=lang)
    if not items.confident or items.best is None:
        return Grounding()
    item = items.best.el
    control = sorted(lex.control_words(Act.DELETE, lang))
    deleters = ground_any(control, page, page.clickables, lang=lang).candidates
    # A control that names its item ("Remove Blue Hoodie from cart") must name this one.
    named = Matcher(query_words(words, lang), lang)
    own = Matcher(tuple(w for p in control for w in tokens(p)), lang)
    deleters = [d for d in deleters if all(own.touches(w) for w in tokens(d.el.name_text))
                or named.score(tokens(d.el.name_text)) > 0]
    near = sorted(((page.closeness(item, d.el), d) for d in deleters), key=lambda t: -t[0])
    if not near or (len(near) > 1 and near[0][0] == near[1][0]):
        return Grounding()
    return Grounding([Candidate(near[0][1].el, min(items.best.score, near[0][1].score),
                                "near")])


def go_to_container(c: Clause, page: Page, lang: str) -> Decision:
    """The item is not here but the place it is in ("my cart") is a link: go there, then
    do the same clause again on that page."""
    if c.container is None or not c.container.words:
        return SKIP
    here = urlsplit(page.url).path.rstrip("/")
    g = ground(Reference(words=c.container.words), page,
               [el for el in page.clickables if el.tag == "a" and el.e.href
                and urlsplit(el.e.href).path.rstrip("/") != here], lang=lang)
    if not (g.confident and g.best is not None):
        return SKIP
    el = g.best.el
    return Decision(Kind.ACT, f"Opening {quoted(el.display)} first.", [step("click", el)],
                    g.best.score, snapshot(page, Expect.CLICK), "", phase="again")


def plan_delete(c: Clause, page: Page, lang: str) -> Decision:
    verbs = lex.control_words(Act.DELETE, lang)
    # (a row's control counts when its own name says it removes: not its "Download")
    g = Grounding([x for x in row_control(c, page, lang, Act.DELETE).candidates
                   if says_verb(x.el, verbs, lang)])
    if not g.candidates:
        g = delete_near_item(c, page, lang)
    if not g.candidates:
        # "delete the privacy policy task": the row's own menu holds its Delete
        words = " ".join(r.words for r in (c.target, c.container) if r is not None and r.words)
        menu = plan_by_menu(words, verbs, page, lang, Expect.DELETE, f"Removed {quoted(words)}")
        if menu is not None:
            return menu
    if not (g.best is not None and g.best.score >= ACCEPT and len(g.candidates) == 1) \
            and not g.ambiguous:
        # the place it is in ("my cart") when that is a link, else a row on another page
        # of the table: turned to, as a person does
        words = " ".join(r.words for r in (c.target, c.container) if r is not None and r.words)
        gone = go_to_container(c, page, lang)
        return gone if gone.kind is not Kind.SKIP else row_elsewhere(words, page, lang) or gone
    if g.ambiguous:
        return ask(g, "delete", "one")
    if not (g.best is not None and g.best.score >= ACCEPT and len(g.candidates) == 1):
        return SKIP
    el = g.best.el
    what = el.group or (c.target.words if c.target and c.target.words else el.display)
    if (part := _part_of_row(c, el, verbs, lang)):
        # "remove the star from the budget spreadsheet": the row stays, its star goes
        return Decision(Kind.ACT, f"Pressing {quoted(el.display)}.",
                        [step("click", el, None, el.display)], g.best.score,
                        snapshot(page, Expect.CLICK), f"Removed the {part} from "
                        f"{quoted(row_key(el.group))}")
    return Decision(Kind.ACT, f"Removing {quoted(what)}.", [step("click", el, None, el.display)],
                    g.best.score, snapshot(page, Expect.DELETE, count=rows_count(page) or None),
                    f"Removed {quoted(what)}", text=row_key(el.group) if el.group else "")


def _part_of_row(c: Clause, el: PageElement, verbs: frozenset[str], lang: str) -> str:
    """What a row's remove control takes off the row rather than the row itself, when the
    visitor said it ("Remove star from Budget 2027.xlsx" for "remove the star"): its words
    beyond its verb and its row's words; "" when it removes the row."""
    if not el.group:
        return ""
    row, stop = set(tokens(el.group)), lex.stopwords(lang)
    extra = [w for w in tokens(el.name_text) if w not in row and w not in stop
             and not says_verb_word(w, verbs, lang)]
    said = set(tokens(c.text))
    return " ".join(extra) if extra and all(w in said for w in extra) else ""


def new_item_field(page: Page) -> PageElement | None:
    """The field a list adds to on Enter: a free-text field in no form, or in a form
    without a submit button, that sits in no row (not a search, quantity or email box)."""
    out = []
    for el in page.fields:
        if not el.is_text_field or (el.group and el.position) or kind_of(el) not in (
                None, "message", "subject"):
            continue
        form = page.forms.get(el.form_id) if el.form_id is not None else None
        if form is None or not form.has_submit:
            out.append(el)
    return out[0] if len(out) == 1 else None


def plan_add(c: Clause, req: Request, page: Page, lang: str) -> Decision:
    words = c.target.words if c.target else ""
    if (words and lex.is_cart(words, lang)) or (
            c.container and lex.is_cart(c.container.words, lang)):
        return SKIP  # a product into the cart: the cart flow
    item = next((v.text for v in values_of(c, req) if v.kind is ValueKind.TEXT), None) or words
    if not item:
        return SKIP
    into = c.destination.words if c.destination and c.destination.words else ""
    if into and (row := one_row(page, into, lang)) is not None:
        # "add eggs to my shopping note": into a thing that exists, not a new one beside it.
        if (appended := plan_append(row, item, page, lang)) is not None:
            return appended  # opened in the page's editor, added to and saved
        into = quoted(row[:60])
        return Decision(Kind.FAIL, f"I couldn't add {quoted(item)} to {into}: this page "
                        "only lets me add new items, and I won't create one you didn't ask "
                        "for.")
    form = add_form(page, lang)
    if form is not None and (form.others or form.button is not None):
        d = plan_add_form(form, item, c.quantity, c.text, page, lang)
        if d is not None:
            return d
    if c.quantity:
        return SKIP  # a count of a product, no list of ours to put it on: the cart flow
    # A control that says it adds this ("Add to wishlist"), or a row's add control.
    adders = ground_any([f"{w} {item}" for w in sorted(lex.control_words(Act.ADD, lang))],
                        page, page.clickables, lang=lang, container=c.container)
    if adders.confident and adders.best is not None:
        el = adders.best.el
        return Decision(Kind.ACT, f"Pressing {quoted(el.display)}.", [step("click", el)],
                        adders.best.score, snapshot(page, Expect.CLICK),
                        f"Pressed {quoted(el.display)}")
    box = new_item_field(page)
    if box is not None:
        # "add 'call mum' and 'book dentist'": each quoted item, one after the other.
        in_quotes = [v.text for v in values_of(c, req) if v.kind is ValueKind.TEXT and v.quoted]
        items = in_quotes if len(in_quotes) > 1 else [item]
        steps = [st for it in items for st in (step("type", box, it),
                                               step("press", box, "Enter", "add"))]
        what = ", ".join(quoted(it) for it in items)
        return Decision(Kind.ACT, f"Adding {what}.", steps, CONFIDENT,
                        snapshot(page, Expect.ADD, count=rows_count(page)), f"Added {what}")
    return SKIP


def as_edit(c: Clause, page: Page, lang: str) -> Clause | None:
    """A fill that renames a row ("change buy milk to buy oat milk", "change 'A' to 'B'",
    "the report one should say 'Q3 report'"): the old words name one row of the list and
    no field, the last value is the new text."""
    texts = [v for v in c.values if v.kind is ValueKind.TEXT]
    if not texts or len(texts) > 2 or len(c.values) != len(texts):
        return None
    new = texts[-1]
    if len(texts) == 2:
        old = texts[0].text
    elif new.label:
        old = new.label
    else:
        at = c.text.find(new.raw) if new.raw else -1
        old = c.text[:at] if at > 0 else ""
    if one_row(page, old, lang) is None:
        return None
    fields = ground(Reference(words=old), page, [el for el in page.fields if el.is_text_field],
                    lang=lang)
    if fields.confident:
        return None  # "change the city to Paris": a field, not a row
    return Clause(Act.EDIT, c.text, container=Reference(words=old, kind="item"),
                  values=[Value(ValueKind.TEXT, new.text, new.raw, quoted=new.quoted)])


def plan_edit(c: Clause, req: Request, page: Page, lang: str) -> Decision:
    new = next((v.text for v in values_of(c, req)), None)
    row = c.container or c.target
    if not new or row is None or not can("dblclick"):
        return SKIP
    # A row whose actions are in its own menu: its "Rename" there, then the new text.
    menu = plan_by_menu(row.words, lex.control_words(Act.EDIT, lang), page, lang,
                        Expect.CLICK, f"Renamed it to {quoted(new)}", phase="edit", text=new)
    if menu is not None:
        return menu
    # The row's text (the embed double-clicks the row's own words for a control in it).
    pool = [el for el in page.els if el.group and not el.is_text_field and not (
        el.is_clickable and not el.is_toggle)]
    g = ground(Reference(), page, pool, lang=lang, container=row)
    if not g.candidates:
        return SKIP
    if len({x.el.group for x in g.candidates}) > 1:
        return ask(g, "edit", "one")
    el = g.candidates[0].el
    return Decision(Kind.ACT, f"Editing {quoted(el.group)}.", [step("dblclick", el, None, "edit")],
                    g.candidates[0].score, snapshot(page, Expect.CLICK),
                    f"Renamed it to {quoted(new)}",
                    phase="edit", text=new)


def edit_typing(page: Page, text: str, lang: str = "en") -> list[Step]:
    """After the double click (or a row menu's "Rename"): type into the field that opened
    (the focused one), then save it: Enter, the box's own button, or in a dialog its one
    button that is not its way out (Enter there may press its first button, "Cancel")."""
    fid = (page.context.model_extra or {}).get("focusedId") if page.context else None
    fid = fid if isinstance(fid, int) else getattr(page.context, "focusedId", None)
    el = page.by_id.get(fid) if isinstance(fid, int) else None
    if el is None or not el.is_text_field:
        return []
    steps = [step("clear", el), step("type", el, text)]
    multiline = el.tag == "textarea" or el.flag("editable") or el.extra("ariaMultiline") == "true"
    after = page.els[page.els.index(el) + 1:]
    # A box of several lines is sent with its own button (Enter starts a new line): the
    # button right after it in the same place (a reply box's "Reply"), enabled by the text.
    send = next((b for b in after[:3] if b.is_clickable and not b.is_field
                 and b.group == el.group), None) if multiline else None
    if el.extra("groupKind") == "dialog":
        keep = [b for b in page.clickables if b.extra("groupKind") == "dialog"
                and b.group == el.group and not b.is_field and not is_way_out(b, lang)]
        send = keep[0] if len(keep) == 1 else send
    if send is not None:
        return [*steps, step("click", send, None, send.display)]
    return [*steps, step("press", el, "Enter", "save")]


def plan_clear(c: Clause, page: Page, lang: str) -> Decision:
    """"clear completed", "clear out everything I've bought": the list's own control that
    clears those rows ("Clear completed", "Remove bought items"), never a row's own; a
    field named ("clear the search box") is emptied."""
    ref = c.target if c.target and (c.target.words or c.target.kind) else c.container
    if ref is None or not (ref.words or ref.kind):
        return SKIP
    if ref.kind == "field":
        g = ground(Reference(words=ref.words), page, [el for el in page.fields
                                                      if el.is_text_field], lang=lang)
        if not (g.confident and g.best is not None):
            return SKIP
        el = g.best.el
        return Decision(Kind.ACT, f"Clearing {quoted(el.display)}.", [step("clear", el)],
                        g.best.score, snapshot(page, Expect.FILL, values={el.id: ""}),
                        f"Cleared {quoted(el.display)}")
    groups = {el.group: el.position for el in page.els if el.group}
    rows = set(main_list(page, groups)) if groups else set()
    pool = [el for el in page.clickables if el.group not in rows or not el.group]
    verbs = sorted(lex.control_words(Act.CLEAR, lang) | lex.control_words(Act.DELETE, lang))
    # Only the words some control says something like can tell controls apart ("clear out
    # everything I've already bought" -> "bought").
    said = {w for el in pool for w in tokens(el.name_text)}
    probe = Matcher(query_words(ref.words, lang), lang)
    told = [w for i, w in enumerate(probe.query) if any(probe.sims(v)[i] for v in said)]
    if not told:
        return SKIP
    what = " ".join(told)
    g = ground_any([f"{v} {what}" for v in verbs], page, pool, lang=lang)
    if not (g.confident and g.best is not None):
        return ask(g, "press", "button") if g.ambiguous else SKIP
    el = g.best.el
    return Decision(Kind.ACT, f"Pressing {quoted(el.display)}.", [step("click", el)], g.best.score,
                    snapshot(page, Expect.DELETE, count=rows_count(page) or None),
                    f"Pressed {quoted(el.display)}")
