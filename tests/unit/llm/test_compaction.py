"""Pure parts: page compaction under its token budget, offline o200k_base, fragment
assembly of tool calls."""

from __future__ import annotations

import hashlib
import os
import pickle
import random

import tiktoken

from leflux.agent.memory import PlanEntry, StepReport
from leflux.agent.prompt import compact_page, element_line, render_memory
from leflux.compat_tiktoken import drop_python_ranks
from leflux.protocol import IndexedElement, PageContext, Step
from leflux.providers import tokens
from leflux.providers.toolcalls import ToolCallAssembler


def big_page(n: int = 500, seed: int = 7) -> PageContext:
    """A busy shop listing: nav, search, filters, product cards, pager, footer."""
    rnd = random.Random(seed)
    els: list[dict[str, object]] = []

    def add(**kw: object) -> None:
        els.append({"id": len(els) + 1, **kw})

    for i in range(30):
        add(tag="a", text=f"Department {i} — seasonal picks", href=f"https://shop.test/d/{i}",
            inViewport=i < 12)
    add(tag="input", type="search", placeholder="Search 20,000 products", name="q",
        inViewport=True)
    add(tag="select", label="Sort by", options=[
        {"value": v, "text": v, "selected": v == "Best match"}
        for v in ["Best match", "Price: low to high", "Price: high to low", "Newest",
                  "Top rated", "Most reviewed"]])
    for i in range(40):
        add(tag="input", type="checkbox", label=f"Brand {rnd.choice('ABCDEFG')}{i}",
            checked=rnd.random() < 0.1)
    while len(els) < n - 40:
        i = len(els)
        add(tag="a", text=f"Men's lightweight trail running shoe {i} with breathable mesh",
            href=f"https://shop.test/p/trail-shoe-{i}?color=red&size=42")
        add(tag="button", text="Add to cart", parentId=i)
        add(tag="button", text="♡ Save for later", parentId=i)
    while len(els) < n:
        add(tag="a", text=f"Footer: help topic {len(els)}", href=f"/help/{len(els)}")
    text = " ".join(
        f"Trail shoe {i}: breathable mesh upper, recycled sole, ${40 + i % 50}.99, "
        f"rated {3 + i % 3}.{i % 10} by {i * 7} shoppers." for i in range(1_500))
    return PageContext.model_validate({"url": "https://shop.test/search?q=shoes",
                                       "title": "Search results", "indexedElements": els,
                                       "visibleText": text})


def test_500_element_page_is_under_6000_tokens():
    page = big_page(500)
    compact = compact_page(page)
    assert compact.tokens < 6_000
    assert compact.tokens == tokens.count_tokens(compact.text)
    assert compact.elements_shown + compact.elements_omitted == 500
    assert compact.text_cut  # 1,500 product blurbs cannot all fit
    # Form fields and in-view elements are the last to be left out.
    assert "\n31 input:search" in compact.text and "\n32 select" in compact.text
    assert all(f'\n{i} checkbox' in compact.text for i in range(33, 73))


def test_small_page_is_kept_whole_with_link_urls():
    page = big_page(500)
    page.indexedElements = page.indexedElements[:30] + page.indexedElements[200:230]
    page.visibleText = page.visibleText[:2_000]
    compact = compact_page(page)
    assert compact.elements_omitted == 0 and not compact.text_cut
    assert "/p/trail-shoe-" in compact.text  # same-site links shown as paths
    assert "trail running shoe 21" in compact.text


def test_element_line_states():
    def line(**kw: object) -> str:
        return element_line(IndexedElement.model_validate({"id": 9, **kw}), "https://a.test/")
    assert line(tag="input", type="checkbox", label="Remember me", checked=True) == \
        '9 checkbox "Remember me" checked'
    assert line(tag="button", text="  Pay\n now ", disabled=True) == '9 button "Pay now" disabled'
    assert line(tag="input", label="Qty", value="2") == '9 input "Qty" value="2"'
    assert line(tag="input", placeholder="Search") == '9 input "Search"'
    assert line(tag="div", role="switch", label="Dark mode", checked=False) == \
        '9 switch "Dark mode" unchecked'
    assert line(tag="a", text="Cart", href="https://a.test/cart?x=1") == '9 link "Cart" /cart?x=1'
    assert line(tag="input", type="text", label='Say "hi"') == "9 input \"Say 'hi'\""
    opts = [{"value": str(i), "text": f"Option {i}"} for i in range(14)]
    assert line(tag="select", label="Pick", options=opts).endswith("|…(+4)")


def test_o200k_base_is_tiktokens_own_encoding_offline(tmp_path, monkeypatch):
    enc = tokens.encoding()
    assert enc.name == "o200k_base" and enc.n_vocab == 200_019
    assert enc.encode("hello world") == [24912, 2375]
    # A fresh cache is seeded from the wheel's copy, which matches tiktoken's pinned hash.
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    tokens._seed_cache()
    [cached] = os.listdir(tmp_path)
    data = (tmp_path / cached).read_bytes()
    assert hashlib.sha256(data).hexdigest() == tokens._SHA256
    assert cached == hashlib.sha1(tokens._URL.encode()).hexdigest()


def test_the_encoding_keeps_no_python_copy_of_its_ranks():
    enc = tokens.encoding()
    assert enc._mergeable_ranks == {}  # the Rust CoreBPE has them (compat.drop_python_ranks)
    assert enc.encode("hello world") == [24912, 2375]
    assert enc.decode([24912, 2375]) == "hello world" and enc.n_vocab == 200_019
    assert pickle.loads(pickle.dumps(enc)).encode("hello world") == [24912, 2375]
    # One tiktoken has not registered is pickled with its ranks: they stay.
    other = tiktoken.Encoding("probe", pat_str=r"\S+|\s+", special_tokens={},
                              mergeable_ranks={bytes([i]): i for i in range(256)})
    drop_python_ranks(other)
    assert len(other._mergeable_ranks) == 256 and other.encode("hi") == [104, 105]


def test_truncate_to_tokens():
    text = "one two three four five six"
    assert tokens.truncate_to_tokens(text, 100) == (text, False)
    cut, was_cut = tokens.truncate_to_tokens(text, 3)
    assert was_cut and cut == "one two three" and tokens.count_tokens(cut) == 3


def test_assembler_joins_fragments_by_index_and_by_id():
    a = ToolCallAssembler()
    a.feed(0, id="c1", name="click", arguments='{"elem')
    a.feed(1, id="c2", name="type_text", arguments="")
    a.feed(0, arguments='ent_id": 5}')
    a.feed(1, arguments='{"element_id": 2, "text": "hi"}')
    c1, c2 = a.complete()
    assert (c1.id, c1.name, c1.arguments) == ("c1", "click", {"element_id": 5})
    assert (c2.id, c2.arguments) == ("c2", {"element_id": 2, "text": "hi"})
    # A server that sends no index, each call whole.
    b = ToolCallAssembler()
    b.feed(None, id="x", name="click", arguments='{"element_id": 1}')
    b.feed(None, id="y", name="click", arguments="[1]")
    b.feed(None, id="z", name="click", arguments='{"element_')
    b.feed(None, arguments='id": 3}')  # no index, no id: continues the latest call
    x, y, z = b.complete()
    assert x.arguments == {"element_id": 1} and z.arguments == {"element_id": 3}
    assert y.arguments is None and y.parse_error == "arguments must be a JSON object"


def test_a_result_about_the_whole_plan_is_shown():
    # The embed said the sequence failed without naming a step: the engine adds a result
    # past the last step.
    text = render_memory([PlanEntry(plan=2, status="sent", steps=[
        Step(action="click", elementId=3)], results=[
        StepReport(index=0, success=True),
        StepReport(index=1, action="sequence", success=False, error="the sequence failed")])])
    assert text == ("Plan 2:\n  1. click #3 -> ok\n  -> FAILED: the sequence failed")
