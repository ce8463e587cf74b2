"""Show part of a list: the page's own view controls ("All / Active / Completed" links or
pressed buttons), named by the state the visitor wants to see ("show only completed
tasks", "only the active ones", "what I still have to do").

The words are cut to what names a state (kinds of things, "only", "show me" go) and
phrases of a state ("still have to do") stand for their one-word synonyms ("active"); the
control is a short button or link outside the list's rows whose own name says that.
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, ask, quoted, step
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.ground import ground_any, main_list
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot

MAX_VIEW_WORDS = 3   # a view control's name is short ("Completed", "Show active")


def names_things(word: str, lang: str) -> bool:
    """"orders", "tasks", "ones": a kind of thing or a list, not what to show of it."""
    lx = lexicon(lang)
    return any(t.get(w) is not None for t in (lx.kinds, lx.containers, lx.pronoun_one)
               for w in (word, lex.stem(word, lang)))


def names_page(name: str) -> bool:
    """"Next page", "Page 2", "Seite 2": a pagination control (its label in any language)."""
    words = tokens(fold(name))
    return any(lexicon(lang).page.get(w) is not None for lang in LANGS for w in words)


def option_words(words: str, lang: str) -> str:
    """'pending orders' -> 'pending': the words that name an option of a filter."""
    stop = lex.stopwords(lang)
    keep = [w for w in tokens(fold(words)) if w not in stop and not names_things(w, lang)]
    return " ".join(keep) or words


def view_words(words: str, lang: str) -> list[str]:
    """The ways ``words`` may name a view: the words themselves without kinds and filler,
    and the one-word synonyms of any state phrase in them."""
    lx = lexicon(lang)
    low = fold(words)
    stop = lex.stopwords(lang)
    keep = [w for w in tokens(low) if w not in stop and not names_things(w, lang)]
    out = [" ".join(keep)] if keep else []
    for group in lx.synonyms:
        for phrase in group:
            if " " in phrase and f" {phrase} " in f" {low} ":
                out += [w for w in group if " " not in w]
                break
    return [w for w in dict.fromkeys(out) if w]


def plan_view(words: str, page: Page, lang: str) -> Decision:
    phrases = view_words(words, lang)
    if not phrases:
        return SKIP
    groups = {el.group: el.position for el in page.els if el.group}
    rows = set(main_list(page, groups)) if groups else set()
    # A view control shows its state (pressed / selected) or sits with its siblings in a
    # list or group ("All / Active / Completed"); a bare navigation link does neither.
    pool = [el for el in page.clickables if (not el.group or el.group not in rows)
            and (el.group or el.e.checked is not None)
            and 0 < len(tokens(el.name_text)) <= MAX_VIEW_WORDS]
    g = ground_any(phrases, page, pool, lang=lang)
    if g.ambiguous:
        return ask(g, "show", "one")
    if not (g.confident and g.best is not None):
        return SKIP
    el = g.best.el
    return Decision(Kind.ACT, f"Showing {quoted(el.display)}.", [step("click", el)], g.best.score,
                    snapshot(page, Expect.CLICK), f"Showing {quoted(el.display)}")
