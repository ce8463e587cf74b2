"""A product chosen on a listing whose cards carry their own options ("add the fleece in M
to my bag" where every card has a Size select beside its "Add to bag"): the card the words
name, its options set from the words, then its button, as a person does it on the card.

The card is the one whose text holds every word of the request that names no option; a
card option the words leave open while the card shows none chosen ("Select size") is asked
about rather than guessed, and nothing is added until it is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.options import NAMED_WORD
from leflux.agent.planners.rules.phrases import fold
from leflux.protocol import Step

CARD_KINDS = ("item", "row", "card")
# A card's text after its name: the price ("Trailhead Fleece $89 Size").
_PRICE = re.compile(r"\s(?=[$€£¥]\s?\d|\d+[.,]\d{2}\b)")
MAX_ASKED = 8


@dataclass
class Card:
    """One card of a listing: its add button and the option boxes beside it."""

    button: PageElement
    boxes: list[PageElement]

    @property
    def name(self) -> str:
        return self.button.group


def cards(page: Page, buy_buttons: list[PageElement]) -> list[Card]:
    """The cards whose add button has option boxes (selects) of its own."""
    out: list[Card] = []
    for b in buy_buttons:
        if not b.group or b.extra("groupKind") not in CARD_KINDS:
            continue
        boxes = [el for el in page.fields if el.tag == "select" and el.group == b.group
                 and el.extra("groupKind") in CARD_KINDS and not el.disabled]
        if boxes:
            out.append(Card(b, boxes))
    return out


def _option_of(box: PageElement, word: str, lang: str) -> str | None:
    """The option of ``box`` the word is ("m" for "M", "large" for "L"), or None."""
    same = lex.synonyms(word, lang) | {word}
    for o in box.e.options or []:
        if o.value and fold(o.text).strip() in same:
            return o.text
    return None


def _covers(card: Card, words: list[str], lang: str) -> bool:
    own = set(tokens(fold(card.name)))
    for box in card.boxes:
        own |= set(tokens(fold(box.display)))
    return all(any(word_sim(w, x, lang) >= NAMED_WORD for x in own) for w in words)


def _split(card: Card, said: tuple[str, ...], lang: str
           ) -> tuple[list[str], dict[int, str]]:
    """(the words left to name the product, the option each box is set to)."""
    chosen: dict[int, str] = {}
    rest: list[str] = []
    for w in said:
        box = next((b for b in card.boxes if b.id not in chosen and _option_of(b, w, lang)),
                   None)
        if box is None:
            rest.append(w)
        else:
            chosen[box.id] = _option_of(box, w, lang) or w
    return rest, chosen


def _steps(card: Card, chosen: dict[int, str], c: Clause) -> list[Step] | Decision:
    steps: list[Step] = []
    for box in card.boxes:
        if box.id in chosen:
            steps.append(step("select", box, chosen[box.id], box.display))
        elif not box.has_value:
            opts = [o.text for o in box.e.options or [] if o.value][:MAX_ASKED]
            return Decision(Kind.ASK, f"Which {box.display.lower()} would you like? I haven't "
                            "added anything yet.", confidence=0.75,
                            choices=[(o, f"{c.text.rstrip(' .!')}, {o}") for o in opts])
    return steps


def card_choice(c: Clause, said: tuple[str, ...], page: Page, buy_buttons: list[PageElement],
                lang: str) -> tuple[Card, list[Step]] | Decision | None:
    """The one card the words name with its option steps, a question about an option the
    words leave open, or None when the words name no single card with options."""
    verbs = set().union(*(lex.control_words(a, x) for a in (Act.ADD, Act.BUY)
                          for x in {lang, "en"}))
    said = tuple(w for w in said if w not in verbs)
    named: list[tuple[Card, dict[int, str]]] = []
    for card in cards(page, buy_buttons):
        rest, chosen = _split(card, said, lang)
        if rest and _covers(card, rest, lang):
            named.append((card, chosen))
    if len(named) != 1:
        return None
    card, chosen = named[0]
    steps = _steps(card, chosen, c)
    if isinstance(steps, Decision):
        return steps
    return card, steps


def described(card: Card, steps: list[Step]) -> str:
    """' for Trailhead Fleece, M': the card's first words and the options set."""
    head = _PRICE.split(card.name.split(" | ")[0], 1)[0].strip()[:60] or card.name[:60]
    opts = [st.inputData for st in steps if st.inputData]
    return f" for {quoted(head)}" + (f", {', '.join(opts)}" if opts else "")
