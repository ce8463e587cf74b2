"""Ui blocks carry images only from the site's origins and listed hosts, links only
when they are http(s), whoever planned them."""

from __future__ import annotations

import pytest

from leflux.agent.block_policy import allowed_block, image_allowed, web_link
from leflux.agent.ports import SiteInfo

SITE = SiteInfo(name="shop", origins=("https://shop.test", "https://*.shop.test",
                                      "http://127.0.0.1:8123"),
                image_hosts=("cdn.example.com", "*.imgix.net"))


@pytest.mark.parametrize("url", [
    "/img/shoe.png", "img/shoe.png", "https://shop.test/a.png", "https://www.shop.test/a.png",
    "https://img.shop.test:443/a.png", "http://127.0.0.1:8123/a.png", "//cdn.example.com/a.png",
    "https://cdn.example.com/a.png", "http://cdn.example.com:8080/a.png",
    "https://x.imgix.net/a.png", " https://shop.test/a.png\n",
])
def test_own_and_listed_images_are_kept(url: str) -> None:
    assert image_allowed(url, SITE)


@pytest.mark.parametrize("url", [
    "https://evil.test/pixel.png?sid=1", "//evil.test/p.png", "http://shop.test/a.png",
    "https://shop.test:8443/a.png", "https://shop.test.evil.test/a.png",
    "https://evilshop.test/a.png", "https://imgix.net/a.png", "http://127.0.0.1:9999/a.png",
    "https://cdn.example.com.evil.test/a.png", "data:image/png;base64,AAAA",
    "javascript:alert(1)", "\tjava\nscript:alert(1)", "https://user@evil.test/a.png",
    "https://shop.test:99999/a.png", "", 5, None,
])
def test_foreign_images_are_dropped(url: object) -> None:
    assert not image_allowed(url, SITE)


def test_blocks_lose_what_they_may_not_carry() -> None:
    cards = {"items": [
        {"title": "Ours", "image": "/a.png", "url": "/p/1"},
        {"title": "Tracked", "image": "https://evil.test/px.gif?sid=abc",
         "url": "javascript:alert(1)"},
    ]}
    assert allowed_block("product_cards", cards, SITE) == {"items": [
        {"title": "Ours", "image": "/a.png", "url": "/p/1"}, {"title": "Tracked"}]}
    links = {"links": [{"label": "FAQ", "url": "https://shop.test/faq"},
                       {"label": "x", "url": " javascript:alert(1)"},
                       {"label": "y", "url": "data:text/html,hi"},
                       {"label": "Elsewhere", "url": "https://other.test/"}]}
    assert allowed_block("link_list", links, SITE) == {"links": [
        {"label": "FAQ", "url": "https://shop.test/faq"},
        {"label": "Elsewhere", "url": "https://other.test/"}]}
    assert allowed_block("link_list", {"links": [{"label": "x", "url": "vbscript:x"}]},
                         SITE) is None
    assert allowed_block("choices", {"options": []}, SITE) == {"options": []}
    assert web_link("/faq") and not web_link("mailto:a@b.c")


async def test_the_engine_filters_blocks_from_any_planner_before_storing_them() -> None:
    from leflux.agent.engine import TaskEngine
    from leflux.agent.planner import ShowBlock, TextDelta
    from tests.unit.agent.memconv import MemConversation
    from tests.unit.agent.scripted import ScriptedPlanner

    planner = ScriptedPlanner(lambda r: [TextDelta("Here."), ShowBlock("product_cards", {
        "items": [{"title": "A", "image": "https://evil.test/px.gif?sid=1"}]}),
        ShowBlock("link_list", {"links": [{"label": "x", "url": "javascript:alert(1)"}]})])
    conv = MemConversation(site=SITE)
    await TaskEngine(planner).on_visitor_message(conv, "shoes", None)
    assert conv.of("ui_block") == [{"block_type": "product_cards",
                                    "data": {"items": [{"title": "A"}]}}]
    assert conv.messages[-1].data == {"items": [{"title": "A"}]}
