"""Tag inputs: a text box whose entries become items beside it ("Skills": JavaScript ×,
SQL ×), as a profile's skills or a post's topics.

"add Python and Docker to my skills", "add Elixir as a skill": a person types each one into
the box and presses Enter (the box's suggestion list takes the typed words, and a word
the list does not know is taken as typed); one already there is not added twice. The page
then shows the items (or says why it did not take one: a limit), and that is reported.
"""

from __future__ import annotations

import re

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot

NAMED = 0.85          # the words name the box's label this well
TAG_CONFIDENCE = 0.85


def _boxes(page: Page) -> list[PageElement]:
    """Text boxes that sit beside removable items of their own form."""
    out = []
    for el in page.fields:
        if not el.is_text_field or el.form_id is None:
            continue
        if any(o.form_id == el.form_id and o.extra("groupKind") == "item" and o.group
               for o in page.clickables):
            out.append(el)
    return out


def _items(page: Page, box: PageElement) -> list[str]:
    """The items the box already holds (the texts of its form's item rows)."""
    return list(dict.fromkeys(o.group for o in page.clickables if o.form_id == box.form_id
                              and o.extra("groupKind") == "item" and o.group))


def _box_named(words: str, page: Page, lang: str) -> PageElement | None:
    m = Matcher(tuple(w for w in tokens(words) if w not in lex.stopwords(lang)), lang)
    if not m.query:
        return None
    scored = sorted(((m.score(tokens(el.e.label or el.display)), el) for el in _boxes(page)),
                    key=lambda t: -t[0])
    return scored[0][1] if scored and scored[0][0] >= NAMED else None


def _split(words: str, lang: str) -> list[str]:
    """"Python and Docker", "Go, Kubernetes and PostgreSQL" -> each one."""
    ands = {fold(w) for w in lex.and_words(lang)}
    parts = re.split(r"\s*,\s*", words)
    out = []
    for part in parts:
        chunk: list[str] = []
        for w in part.split():
            if fold(w) in ands:
                out.append(" ".join(chunk))
                chunk = []
            else:
                chunk.append(w)
        out.append(" ".join(chunk))
    return [p.strip(" .") for p in out if p.strip(" .")]


def _wanted(c: Clause, page: Page, lang: str) -> tuple[PageElement, list[str]] | None:
    """The box and the items one adding clause names."""
    if c.act is not Act.ADD or c.values or c.target is None or not c.target.words:
        return None
    words, where = c.target.words, c.destination.words if c.destination else ""
    if not where:  # "add Elixir as a skill"
        parts = lex.split_as(words, lang)
        if parts is None:
            return None
        words, where = parts
    box = _box_named(where, page, lang)
    return (box, _split(words, lang)) if box is not None else None


def plan_tags(i: int, req: Request, page: Page) -> Decision | None:
    """Type each item into the tag box and press Enter; None when clause ``i`` adds to no
    tag box. The clauses after it that add to the same box go in the same plan."""
    got = _wanted(req.clauses[i], page, req.lang)
    if got is None:
        return None
    box, items = got
    j = i + 1
    while j < len(req.clauses) and (more := _wanted(req.clauses[j], page, req.lang)) \
            is not None and more[0] is box:
        items += more[1]
        j += 1
    have = {fold(t).lower() for t in _items(page, box)}
    new = [t for t in dict.fromkeys(items) if fold(t).lower() not in have]
    if not new:
        has = ", ".join(quoted(t) for t in items)
        return Decision(Kind.SAY, f"{box.display} already has {has}.",
                        confidence=TAG_CONFIDENCE, consumed=j - i - 1)
    steps = []
    for t in new:
        steps += [step("type", box, t, box.display), step("press", box, "Enter", box.display)]
    names = ", ".join(quoted(t) for t in new)
    return Decision(Kind.ACT, f"Adding {names} to {box.display}.", steps, TAG_CONFIDENCE,
                    snapshot(page, Expect.CLICK, shows=new[-1]),
                    f"Added {names} to {box.display}", consumed=j - i - 1)


def _swap_words(c: Clause, lang: str) -> tuple[str, str] | None:
    """'replace JavaScript with TypeScript' -> ("JavaScript", "TypeScript")."""
    lx = lex.lexicon_of(lang)
    if lx is None:
        return None
    words = list(re.finditer(r"\S+", c.text))
    folded = [fold(m.group()).strip(".,!?;:") for m in words]
    verb = next((i for i, w in enumerate(folded[:3]) if w in lx.replace_verbs), None)
    if verb is None:
        return None
    joint = next((i for i in range(verb + 2, len(folded) - 1)
                  if folded[i] in lx.replace_joints), None)
    if joint is None:
        return None
    old = c.text[words[verb + 1].start():words[joint - 1].end()].strip(" \"'“”,.")
    new = c.text[words[joint + 1].start():].strip(" \"'“”,.!?")
    return (old, new) if old and new else None


def plan_tag_swap(c: Clause, page: Page, lang: str) -> Decision | None:
    """'replace JavaScript with TypeScript': the old item's own × in the box that holds it,
    then the new one typed into that box with Enter; None when no tag box holds the old."""
    got = _swap_words(c, lang)
    if got is None:
        return None
    old, new = got
    boxes = _boxes(page)
    have = {fold(t).lower(): t for box in boxes for t in _items(page, box)}
    item = have.get(fold(old).lower())
    if item is None or fold(new).lower() in have:
        return None
    remove = [o for o in page.clickables if o.extra("groupKind") == "item" and o.group == item
              and o.form_id is not None]
    if len(remove) != 1:
        return None
    # the box the items sit before ("Skills"), not another field of the form ("Headline")
    last = max(o.id for o in page.clickables if o.extra("groupKind") == "item"
               and o.form_id == remove[0].form_id)
    box = min((b for b in boxes if b.form_id == remove[0].form_id),
              key=lambda b: (b.id < last, abs(b.id - last)))
    steps = [step("click", remove[0], None, remove[0].display),
             step("type", box, new, box.display), step("press", box, "Enter", box.display)]
    return Decision(Kind.ACT, f"Replacing {quoted(item)} with {quoted(new)} in {box.display}.",
                    steps, TAG_CONFIDENCE, snapshot(page, Expect.CLICK, shows=new),
                    f"Replaced {quoted(item)} with {quoted(new)} in {box.display}")
