"""Ground a reference ("the second link", "the delete button of the bread one") on the page.

Every element the reference could mean gets a score (0..1) from the page's own words for
it: its label/text/placeholder/name/value, the text of the row or card it sits in, its
table column. A kind ("the button") and a position ("the second", "the last") narrow the
pool; a container ("the bread one", "the second item") picks the row first and the control
inside it after. :class:`Grounding` says whether the best candidate is clear enough to act
on, or whether the visitor should be asked to choose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import Page, PageElement, words_to_ids
from leflux.agent.planners.rules.match import SYNONYM, Matcher, tokens, verbatim
from leflux.agent.planners.rules.model import Reference

# Thresholds (0..1) every grounding decision is measured against.
ACCEPT = 0.6          # below this a candidate is not what the visitor named
CONFIDENT = 0.75      # at or above this, with MARGIN over the next one, act without asking
MARGIN = 0.1          # the best must beat the runner-up by this much to be "the one"
KIND_ONLY = 0.85      # a reference by kind/position alone, when the page makes it unique
GROUP_WEIGHT = 0.85   # a match through the row/card text counts a little less than the label
HREF_WEIGHT = 0.7     # a match on a link's URL path counts less than on its text
EXACT_BONUS = 0.1     # the element's own name says the query and nothing more ("Completed"
                      # beats "Clear completed" for "completed")

ElementTest = Callable[[PageElement], bool]

KIND_TESTS: dict[str, ElementTest] = {
    "button": lambda el: (el.is_clickable and el.tag != "a") or el.role == "button",
    "link": lambda el: el.tag == "a" or el.role == "link",
    "field": lambda el: el.is_text_field,
    "checkbox": lambda el: el.type == "checkbox" or el.role in ("checkbox", "switch"),
    "radio": lambda el: el.type == "radio" or el.role == "radio",
    "select": lambda el: el.is_select,
    "tab": lambda el: el.role == "tab",
    "option": lambda el: el.role == "option" or el.type == "radio",
    "toggle": lambda el: el.is_toggle,
    "item": lambda el: True,
}
KIND_ALIASES = {"textbox": "field", "input": "field", "text field": "field", "box": "field",
                "dropdown": "select", "menu": "select", "switch": "checkbox", "row": "item",
                "card": "item", "entry": "item", "one": "item", "product": "item"}


@dataclass(frozen=True)
class Candidate:
    el: PageElement
    score: float
    why: str  # "label", "group", "column", "href", "quoted", "kind", "position"


@dataclass
class Grounding:
    candidates: list[Candidate] = field(default_factory=list)  # best first

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def margin(self) -> float:
        if not self.candidates:
            return 0.0
        if len(self.candidates) == 1:
            return self.candidates[0].score
        return self.candidates[0].score - self.candidates[1].score

    @property
    def confident(self) -> bool:
        b = self.best
        return b is not None and b.score >= CONFIDENT and self.margin >= MARGIN

    @property
    def ambiguous(self) -> bool:
        """Several good candidates and none clearly ahead: ask which one."""
        return len(self.candidates) > 1 and not self.confident and \
            self.candidates[1].score >= ACCEPT

    def close(self) -> list[Candidate]:
        """The candidates near the best, for a question with choices."""
        b = self.best
        if b is None:
            return []
        return [c for c in self.candidates if c.score >= max(ACCEPT, b.score - MARGIN)][:6]


def kind_test(kind: str | None) -> ElementTest | None:
    if not kind:
        return None
    k = kind.lower().strip()
    return KIND_TESTS.get(KIND_ALIASES.get(k, k))


def query_words(words: str, lang: str) -> tuple[str, ...]:
    stop = lex.stopwords(lang)
    toks = tokens(words)
    return tuple(w for w in toks if w not in stop) or toks


def element_texts(el: PageElement) -> list[tuple[tuple[str, ...], float, str]]:
    """What the page calls this element, each with its weight and name (once per element:
    the page's word index and every grounding read them)."""
    if el.texts_cache is None:
        el.texts_cache = _element_texts(el)
    return el.texts_cache


def _element_texts(el: PageElement) -> list[tuple[tuple[str, ...], float, str]]:
    e = el.e
    own = el.name_text if el.is_toggle or not el.is_field else el.field_text
    out = [(tokens(own), 1.0, "label")]
    if el.group:
        out.append((tokens(el.group), GROUP_WEIGHT, "group"))
        out.append((tokens(f"{own} {el.group}"), GROUP_WEIGHT, "group"))
    if el.column:
        out.append((tokens(f"{own} {el.column}"), GROUP_WEIGHT, "column"))
    if e.href and not own.strip():
        out.append((tokens(e.href.rsplit("/", 1)[-1]), HREF_WEIGHT, "href"))
    return out


def word_index(page: Page) -> dict[str, set[int]]:
    """Word -> ids of the elements whose texts (:func:`element_texts`) hold it; built once
    per page."""
    return page.derived(_word_index)


def _word_index(page: Page) -> dict[str, set[int]]:
    return words_to_ids((words, el.id) for el in page.els for words, _, _ in element_texts(el))


def says_just(m: Matcher, el: PageElement, lang: str) -> bool:
    """The element's own name is the query's words (or their synonyms), nothing more."""
    own = el.name_text if el.is_toggle or not el.is_field else (el.e.label or el.name_text)
    stop = lex.stopwords(lang)
    content = tuple(w for w in tokens(own) if w not in stop)
    return bool(content) and len(content) <= len(m.query) and m.score(content) >= SYNONYM


def score_words(m: Matcher, el: PageElement) -> tuple[float, str]:
    best, why = 0.0, "label"
    for words, weight, name in element_texts(el):
        s = m.score(words) * weight
        if s > best:
            best, why = s, name
    return best, why


def _quoted(words: str, el: PageElement) -> bool:
    e = el.e
    return any(verbatim(words, t) for t in (e.label, e.text, e.value, e.placeholder,
                                            el.extra("ariaLabel"), el.name_text) if t)


def pick_ordinal(cands: list[Candidate], ordinal: int) -> list[Candidate]:
    """The n-th (1-based; -1 the last) of the candidates, in page order."""
    ordered = sorted(cands, key=lambda c: c.el.id)
    i = ordinal - 1 if ordinal > 0 else len(ordered) + ordinal
    if 0 <= i < len(ordered):
        c = ordered[i]
        return [Candidate(c.el, max(c.score, KIND_ONLY), "position")]
    return []


def main_list(page: Page, groups: dict[str, tuple[int, int] | None]) -> list[str]:
    """The rows "the second item" counts in: of the lists on the page (siblings of one
    count whose rows hold the same kinds of controls), the one holding the most controls
    (a todo list's rows, not its filter links)."""
    kinds: dict[str, list[str]] = {}
    for el in page.els:
        if el.group and groups.get(el.group) is not None:
            kinds.setdefault(el.group, []).append(el.role or el.tag)
    families: dict[tuple[int, tuple[str, ...]], list[str]] = {}
    for g, pos in groups.items():
        if pos is not None and g in kinds:
            families.setdefault((pos[1], tuple(sorted(set(kinds[g])))), []).append(g)
    if not families:
        return list(groups)
    best = max(families.values(), key=lambda gs: sum(len(kinds[g]) for g in gs))
    return best


def rows(page: Page, container: Reference, lang: str) -> set[str]:
    """The group texts (rows, items, cards) the container reference names."""
    groups: dict[str, tuple[int, int] | None] = {}
    alone: set[str] = set()  # an item or card with no siblings: the one item of its list
    for el in page.els:
        if el.group and el.group not in groups:
            groups[el.group] = el.position
            if el.position is None and el.extra("groupKind") in ("item", "card"):
                alone.add(el.group)
    if not groups:
        return set()
    if any(p is not None for p in groups.values()):
        # Rows of a list; a header row (no position) names no row ("order" of "Order").
        groups = {g: p for g, p in groups.items() if p is not None or g in alone}
    if container.ordinal is not None and not container.words:
        ordered = sorted(main_list(page, groups), key=lambda g: (groups[g] or (10**6, 0))[0])
        n = container.ordinal
        i = n - 1 if n > 0 else len(ordered) + n
        return {ordered[i]} if 0 <= i < len(ordered) else set()
    qw = query_words(container.words, lang)
    # Words no row says anything like ("the bread *one*") cannot tell rows apart.
    vocab = {w for g in groups for w in tokens(g)}
    probe = Matcher(qw, lang)
    told = tuple(w for i, w in enumerate(qw) if any(probe.sims(v)[i] for v in vocab))
    if not told:
        return set()
    m = Matcher(told, lang)
    scored = sorted(((m.score(tokens(g)), g) for g in groups), reverse=True)
    good = [(s, g) for s, g in scored if s >= ACCEPT]
    if not good:
        return set()
    top = good[0][0]
    chosen = [g for s, g in good if s >= top - MARGIN]
    if container.ordinal is not None:
        chosen.sort(key=lambda g: (groups[g] or (10**6, 0))[0])
        i = container.ordinal - 1 if container.ordinal > 0 else len(chosen) + container.ordinal
        return {chosen[i]} if 0 <= i < len(chosen) else set()
    return set(chosen)


def one_row(page: Page, words: str, lang: str) -> str | None:
    """The one row of the page's main list that ``words`` name, if they name exactly one."""
    groups = {el.group: el.position for el in page.els if el.group}
    if not groups or not words.strip():
        return None
    named = rows(page, Reference(words=words), lang)
    if len(named) != 1 or not named <= set(main_list(page, groups)):
        return None
    return next(iter(named))


def _touched(m: Matcher, page: Page) -> set[int]:
    """Ids of the elements sharing a word (or a typo, stem, synonym of one) with the
    query, or the first word of a synonym phrase of it: only they can score (found through
    the page's vocabulary, not by scoring every element)."""
    index = word_index(page)
    touched: set[int] = set()
    for w, ids in index.items():
        if m.touches(w):
            touched |= ids
    for head in m.phrase_heads:
        touched |= index.get(head, set())
    return touched


def ground(ref: Reference | None, page: Page, pool: Iterable[PageElement], *, lang: str = "en",
           container: Reference | None = None) -> Grounding:
    """Scored candidates among ``pool`` for what ``ref`` (inside ``container``) names."""
    els = [el for el in pool if not el.disabled]
    ref = ref or Reference()
    test = kind_test(ref.kind)
    if test is not None:
        els = [el for el in els if test(el)]
    if container is not None and (container.words or container.ordinal is not None):
        inside = rows(page, container, lang)
        els = [el for el in els if el.group in inside]
    if ref.words and ref.quoted:
        cands = [Candidate(el, 1.0, "quoted") for el in els if _quoted(ref.words, el)]
    elif ref.words:
        m = Matcher(query_words(ref.words, lang), lang)
        cands = []
        touched = _touched(m, page)
        for el in els:
            if el.id not in touched:
                continue
            s, why = score_words(m, el)
            if s >= ACCEPT and says_just(m, el, lang):
                s += EXACT_BONUS
            if s >= ACCEPT:
                cands.append(Candidate(el, s + (0.001 if el.e.inViewport else 0.0), why))
    else:
        # Named by kind, position or row only: every element left is a candidate.
        cands = [Candidate(el, KIND_ONLY, "kind") for el in els]
    if ref.ordinal is not None:
        cands = pick_ordinal(cands, ref.ordinal)
    cands.sort(key=lambda c: (-c.score, c.el.id))
    return Grounding(same_place_once(cands))


def same_place_once(cands: list[Candidate]) -> list[Candidate]:
    """Links to the same page are one choice ("Cart" in the header, "Back to cart")."""
    seen: set[str] = set()
    out = []
    for c in cands:
        href = (c.el.e.href or "").split("#")[0] if c.el.tag == "a" else ""
        if href and href in seen:
            continue
        if href:
            seen.add(href)
        out.append(c)
    return out


def ground_any(phrases: Iterable[str], page: Page, pool: Iterable[PageElement], *, lang: str = "en",
               container: Reference | None = None) -> Grounding:
    """Like :func:`ground` for a reference that may be worded several ways (the words
    controls doing one act are labelled with: delete / remove / trash): each element
    keeps its best score over the phrases."""
    els = list(pool)
    best: dict[int, Candidate] = {}
    for phrase in phrases:
        for c in ground(Reference(words=phrase), page, els, lang=lang,
                        container=container).candidates:
            if c.el.id not in best or c.score > best[c.el.id].score:
                best[c.el.id] = c
    return Grounding(sorted(best.values(), key=lambda c: (-c.score, c.el.id)))
