"""A card moved on a board with the card's own move buttons ("Start →", "Done ✓", "← Back",
"Reopen"): "CI migration is done, move it over", "move the release notes back to in
progress".

The words name one card (the card's own words, however many cards its column holds); the
button is the card's move button whose name the visitor said ("done": "Done ✓"), or, when
they asked to move it and the card has one move button only, that one. A card's menu, its
selects and its removing controls are never a move.
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import query_words
from leflux.agent.planners.rules.match import SAME_STEM, Matcher, tokens, word_sim
from leflux.agent.planners.rules.model import Act, Request
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowmenu import menu_items, opens_menu, says_verb
from leflux.agent.planners.rules.rowvalues import said
from leflux.agent.planners.rules.verify import Expect, snapshot

CARD_MOVE = 0.85  # confidence of a card's move button the words name
CARD_KINDS = frozenset({"card"})
# Acts whose clause may state a card's move ("X is done", "move it over", "start on X").
MOVE_ACTS = frozenset({Act.FILL, Act.UNKNOWN, Act.CHECK, Act.CLICK, Act.NAVIGATE})


def _cards(page: Page) -> dict[str, list[PageElement]]:
    """Each card of the page with its own buttons (cards alone in a column included)."""
    out: dict[str, list[PageElement]] = {}
    for el in page.els:
        if el.extra("groupKind") in CARD_KINDS and el.group:
            out.setdefault(el.group, []).append(el)
    return out


def _moves(els: list[PageElement], lang: str) -> list[PageElement]:
    """A card's move buttons: plain buttons, not its menu, a field or a removing one."""
    gone = lex.control_words(Act.DELETE, lang)
    return [el for el in els if el.is_clickable and not el.is_field and not el.disabled
            and not opens_menu(el, lang) and not says_verb(el, gone, lang)
            and el.role not in ("menuitem", "link") and tokens(el.name_text)]


def _card_named(text: str, cards: dict[str, list[PageElement]], lang: str) -> str | None:
    """The one card most of whose words the visitor said (a clear best, at least one)."""
    m = Matcher(query_words(text, lang), lang)
    scored = sorted(((sum(s >= SAME_STEM for s in m.per_word(tokens(g))), g) for g in cards),
                    reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _points_back(text: str, lang: str) -> bool:
    return any(True for _ in lex.lexicon_of(lang).pronoun_back.find_all(fold(text)))


def _names_option(words: list[str], els: list[PageElement], lang: str) -> bool:
    """The words name an option of one of the card's selects ("to urgent": its priority)."""
    options = {w for el in els if el.is_select for o in el.e.options or []
               for w in tokens(o.text or "")}
    return any(word_sim(w, o, lang) >= SAME_STEM for w in words for o in options)


def plan_card_move(request: Request, i: int, page: Page) -> Decision | None:
    """The card's move button the clause (and a "move it ..." after it) asks for."""
    c = request.clauses[i]
    lang = request.lang
    if c.act not in MOVE_ACTS or c.negated or menu_items(page):
        return None
    cards = _cards(page)
    if len(cards) < 2:
        return None
    follow = request.clauses[i + 1] if i + 1 < len(request.clauses) else None
    # "CI migration is done, move it over": the second clause moves the card the first named
    more = follow is not None and bool(said("move", follow.text, lang, "row_moves")) and \
        _points_back(follow.text, lang)
    text = f"{c.text} {follow.text}" if more and follow is not None else c.text
    said_words = set(tokens(fold(text)))
    if not said("move", text, lang, "row_moves") and not any(
            w in said_words for els in cards.values() for el in els
            if el.is_clickable and not el.is_field for w in tokens(el.name_text)):
        return None  # neither a move asked for nor a card's button named
    card = _card_named(text, cards, lang)
    if card is None:
        return None
    moves = _moves(cards[card], lang)
    own = set(tokens(card))
    words = [w for w in tokens(fold(text)) if w not in own and w not in lex.stopwords(lang)]
    named = [el for el in moves if any(word_sim(w, n, lang) >= SAME_STEM
                                       for w in words for n in tokens(el.name_text))]
    asked = bool(said("move", text, lang, "row_moves")) and not _names_option(
        words, cards[card], lang)
    el = named[0] if len(named) == 1 else moves[0] if asked and len(moves) == 1 else None
    if el is None:
        return None
    what = card[:60]
    return Decision(Kind.ACT, f"Pressing {quoted(el.display)} on {quoted(what)}.",
                    [step("click", el, None, el.display)], CARD_MOVE,
                    snapshot(page, Expect.CLICK), f"Pressed {quoted(el.display)} on {quoted(what)}",
                    consumed=1 if more else 0)
