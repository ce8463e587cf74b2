"""The page's token budgets decided by UTF-8 length where that proves them
(providers/tokens.py ``utf8_bound``, agent/prompt.py ``compact_page``): the prompt is
byte for byte what counting every token gives, and a small page needs no tokenizer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leflux.agent import prompt
from leflux.agent.prompt import compact_page
from leflux.protocol import PageContext
from leflux.providers import tokens
from tests.unit.llm.test_compaction import big_page

REPO = Path(__file__).resolve().parents[3]


def reference_truncate(text: str, budget: int) -> tuple[str, bool]:
    """``truncate_to_tokens`` as it was: always tokenised."""
    enc = tokens.encoding()
    head = text[: max(0, budget) * 12 + 64]
    toks = enc.encode(head, disallowed_special=())
    if len(head) < len(text) and len(toks) <= budget:
        toks = enc.encode(text, disallowed_special=())
    if len(toks) <= budget:
        return text, False
    return enc.decode(toks[: max(0, budget)]), True


def reference_compact_page(context: PageContext, *, element_budget: int = prompt.ELEMENT_BUDGET,
                           page_budget: int = prompt.PAGE_BUDGET) -> tuple[str, int, int, bool]:
    """``compact_page`` as it was before the byte bounds: every budget counted."""
    elements = context.indexedElements
    levels = ((True, prompt.LABEL_CHARS), (False, prompt.LABEL_CHARS), (False, 32))
    for n, (hrefs, label_chars) in enumerate(levels):
        lines = [prompt.element_line(el, context.url, hrefs=hrefs, label_chars=label_chars)
                 for el in elements]
        if n < len(levels) - 1 and sum(len(t) + 1 for t in lines) > element_budget * 6:
            continue
        costs = [tokens.count_tokens(t) + 1 for t in lines]
        if sum(costs) <= element_budget:
            break
    keep = set(range(len(lines)))
    if sum(costs) > element_budget:
        ranked = sorted(range(len(lines)), key=lambda i: (
            -prompt._priority(elements[i], prompt.element_role(elements[i])), i))
        keep, used = set(), 0
        for i in ranked:
            if used + costs[i] <= element_budget:
                keep.add(i)
                used += costs[i]
    shown = [lines[i] for i in range(len(lines)) if i in keep]
    omitted = len(lines) - len(shown)
    head = [f"URL: {prompt._clean(context.url, 300)}",
            f"Title: {prompt._clean(context.title, 200)}",
            'Interactive elements, one per line: id role "label" state']
    if omitted:
        shown.append(f"(… {omitted} less important elements not listed)")
    if not elements:
        shown.append("(none)")
    listing = "\n".join(head + shown)
    used = tokens.count_tokens(listing)
    text_budget = min(prompt.TEXT_BUDGET_MAX,
                      max(prompt.TEXT_BUDGET_MIN, page_budget - used - 60))
    visible = prompt._WS.sub(" ", context.visibleText).strip()
    visible, cut = reference_truncate(visible, text_budget)
    body = listing + "\nVisible text:\n" + (visible or "(none)") + (" […cut]" if cut else "")
    return prompt.fence(body), len(keep), omitted, cut


def same_as_reference(page: PageContext, **budgets: int) -> None:
    new = compact_page(page, **budgets)
    assert (new.text, new.elements_shown, new.elements_omitted, new.text_cut) == \
        reference_compact_page(page, **budgets)
    assert new.tokens == tokens.count_tokens(new.text)


# Words of several scripts (1 to 4 bytes a character), emoji, quotes and spaces the
# page's cleaning folds. (A page's text has no lone surrogates, pydantic refuses them; the
# tokenizer's functions are checked with them too: tiktoken counts one as U+FFFD.)
WORDS = ["Add to cart", "Buy", "naïve café", "Größe", "日本語のテキスト", "价格", "Привет мир",
         "مرحبا", "🛒", "👍🏽", "e\u0301", "𓀀𓀁𓀂𓀃", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x" * 70,
         "  spaced\n\tout ", '"quoted"',
         "<|endoftext|>", "12345678901", "https://shop.test/p/1?x=2", "…", ""]
SURROGATES = ["\ud83d", "\ud83d\ude00", "a\udfff b"]
word = st.sampled_from(WORDS) | st.text(max_size=12)
phrase = st.lists(word, max_size=6).map(" ".join)


@st.composite
def elements(draw: Any, i: int) -> dict[str, Any]:
    el: dict[str, Any] = {"id": i, "tag": draw(st.sampled_from(
        ["a", "button", "input", "select", "textarea", "div", "li"]))}
    for key in ("text", "label", "placeholder", "value", "type", "role", "href"):
        if draw(st.booleans()):
            el[key] = draw(st.sampled_from(["checkbox", "email", "password", "submit"])
                           if key == "type" else phrase)
    for key in ("checked", "disabled", "inViewport"):
        if draw(st.integers(0, 3)) == 0:
            el[key] = draw(st.booleans())
    if el["tag"] == "select" and draw(st.booleans()):
        el["options"] = [{"value": draw(phrase), "text": draw(phrase),
                          "selected": draw(st.booleans())}
                         for _ in range(draw(st.integers(0, 13)))]
    return el


@st.composite
def pages(draw: Any) -> PageContext:
    n = draw(st.integers(0, 40))
    els = [draw(elements(i + 1)) for i in range(n)]
    text = " ".join(draw(word) for _ in range(draw(st.integers(0, 400))))
    return PageContext.model_validate({
        "url": "https://shop.test/" + draw(phrase), "title": draw(phrase),
        "indexedElements": els, "visibleText": text})


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(page=pages(), element_budget=st.integers(0, 1_200), page_budget=st.integers(0, 3_500))
def test_compact_page_is_the_same_as_counting_every_token(
        page: PageContext, element_budget: int, page_budget: int) -> None:
    # Budgets this small put the generated pages on both sides of every bound.
    same_as_reference(page, element_budget=element_budget, page_budget=page_budget)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(page=pages())
def test_compact_page_is_the_same_at_the_default_budgets(page: PageContext) -> None:
    same_as_reference(page)


def test_large_pages_still_counted_are_the_same():
    page = big_page(500)
    same_as_reference(page)  # elements cut, text cut: both counted
    for n in (60, 120, 160, 200):  # around the element budget and the listing's bound
        small = big_page(n, seed=n)
        small.visibleText = small.visibleText[: n * 40]
        same_as_reference(small)
    # Characters of several tokens each (more tokens than characters, fewer than bytes).
    rare = PageContext.model_validate({"indexedElements": [
        {"id": i, "tag": "button", "text": "𓀀𓀁𓀂𓀃" * 15} for i in range(40)]})
    for budget in range(0, 4_000, 97):
        same_as_reference(rare, element_budget=budget, page_budget=budget)
    wide = big_page(40)
    wide.visibleText = "日本語のテキスト、👍🏽 " * 400  # under 1,500 characters' bytes: counted
    same_as_reference(wide)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(word | st.sampled_from(SURROGATES), max_size=300).map(" ".join),
       budget=st.integers(-2, 400))
def test_truncate_to_tokens_is_the_same(text: str, budget: int) -> None:
    assert tokens.truncate_to_tokens(text, budget) == reference_truncate(text, budget)


def test_the_bound_is_never_under_the_count():
    for text in WORDS + SURROGATES + ["😀" * 9, " " * 300]:
        assert tokens.count_tokens(text) <= tokens.utf8_bound(text)


def test_a_small_page_is_compacted_without_loading_the_tokenizer():
    script = (
        "import sys\n"
        "from leflux.agent.prompt import compact_page\n"
        "from leflux.protocol import PageContext\n"
        "els = [{'id': i, 'tag': 'a', 'text': f'Größe {i} — trail shoe', 'href': f'/p/{i}'}\n"
        "       for i in range(60)]\n"
        "page = PageContext.model_validate({'url': 'https://shop.test/', 'title': 'Shoes',\n"
        "    'indexedElements': els, 'visibleText': 'Trail shoes, 日本語. ' * 60})\n"
        "compact = compact_page(page)\n"
        "assert not compact.text_cut and compact.elements_omitted == 0\n"
        "print('tiktoken' in sys.modules, end=' ')\n"
        "print(compact.tokens > 0, 'tiktoken' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=REPO, timeout=120, check=True)
    assert out.stdout.strip() == "False True True"  # counted only when asked


def test_the_ranks_are_read_as_tiktoken_reads_them():
    import tiktoken.load
    import tiktoken_ext.openai_public as plugin

    tokens.encoding()  # the cache seeded
    ours = tokens._load_ranks(tokens._URL, tokens._SHA256)
    theirs = tiktoken.load.load_tiktoken_bpe(tokens._URL, tokens._SHA256)
    assert ours == theirs and list(ours.items()) == list(theirs.items())
    assert len(ours) == 199_998
    # Any other file, or another pinned hash: tiktoken's own load.
    assert tokens._load_ranks(tokens._URL, None) is None
    assert tokens._load_ranks(tokens._URL.replace("o200k", "cl100k"), tokens._SHA256) is None
    # The plugin's loader was put back once the encoding was made.
    assert plugin.load_tiktoken_bpe is tiktoken.load.load_tiktoken_bpe


def test_an_encoding_made_with_the_fast_ranks_encodes_as_tiktokens_own():
    import tiktoken
    import tiktoken_ext.openai_public as plugin

    enc = tokens.encoding()
    assert tiktoken.get_encoding("o200k_base") is enc
    spec = plugin.o200k_base()  # tiktoken's constructor with its own loader
    own = tiktoken.Encoding(**spec)
    text = "".join(WORDS + SURROGATES[1:]) + big_page(40).visibleText[:3_000]
    assert enc.encode_ordinary(text) == own.encode_ordinary(text)
    assert enc.n_vocab == own.n_vocab and enc._special_tokens == own._special_tokens
    assert enc._pat_str == own._pat_str
    assert plugin.load_tiktoken_bpe is tiktoken.load.load_tiktoken_bpe


def test_a_loader_that_declines_leaves_tiktokens_own_load():
    tokens._seed_cache()
    script = (
        "import tiktoken.load, tiktoken_ext.openai_public as plugin\n"
        "from leflux.compat_tiktoken import tiktoken_encoding\n"
        "calls = []\n"
        "enc = tiktoken_encoding('o200k_base', lambda path, sha: calls.append(path))\n"
        "assert plugin.load_tiktoken_bpe is tiktoken.load.load_tiktoken_bpe\n"
        "print(len(calls), len(enc._mergeable_ranks), enc.encode('hello world'))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=REPO, timeout=120, check=True)
    assert out.stdout.strip() == "1 199998 [24912, 2375]"
