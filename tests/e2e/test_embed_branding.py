"""Branding and languages in Chromium: the --leflux-* custom properties, the dark theme
(data-theme and prefers-color-scheme), the site's title and avatar from `leflux sites add`,
"Assistant" in the visitor's language when there is none, Arabic laid out right to left,
and the owner's own strings (data-strings)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import Stack, _require_browser_bits
from tests.e2e.support.browser import Chat, wait_for

pytestmark = pytest.mark.browser

SUGGESTIONS = ["fill in email: chip@example.com", "What can you do?"]


def embed(page: Any, stack: Stack, html_lang: str | None = None, css: str = "",
          **data: str) -> Chat:
    """The owner's tag, with ``data-*`` attributes, added to a page with that <html lang>
    ("": none; None: the page's own)."""
    page.goto(stack.site.url("blank.html"))
    page.evaluate("""([src, data, lang, css]) => {
        if (lang === '') document.documentElement.removeAttribute('lang');
        else if (lang) document.documentElement.lang = lang;
        if (css) document.head.appendChild(Object.assign(document.createElement('style'),
                                                         {textContent: css}));
        const s = document.createElement('script');
        s.src = src; s.async = true;
        for (const [k, v] of Object.entries(data)) s.dataset[k] = v;
        document.head.appendChild(s);
    }""", [f"{stack.server.url}/embed.js", data, html_lang, css])
    return Chat(page).ready().connected()


def shadow(page: Any, js: str) -> Any:
    """Evaluate ``js`` with ``root`` (the widget's shadow root) and ``host`` in scope."""
    return page.evaluate("() => { const host = document.querySelector('leflux-widget');"
                         f" const root = host.shadowRoot; return ({js}); }}")


def style(page: Any, hook: str, prop: str) -> str:
    return str(shadow(page, f"getComputedStyle(root.querySelector('[data-leflux=\"{hook}\"]'))"
                            f".getPropertyValue('{prop}')"))


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A site whose owner set a title, an avatar and suggestion chips."""
    _require_browser_bits()
    s = Stack(tmp_path_factory.mktemp("branded"))
    added = subprocess.run([
        sys.executable, "-m", "leflux", "sites", "add", "default", "--origins", s.site.origin,
        "--title", "Corner Shop helper", "--avatar-url", s.site.url("avatar.svg"),
        "--suggestions", ",".join(SUGGESTIONS), "--database-url", s.server.database_url,
    ], capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    s.start()
    yield s
    s.stop()


def test_custom_properties_theme_the_widget(stack, visitor) -> None:
    page = visitor.page
    css = ("leflux-widget { --leflux-accent: rgb(225, 29, 72); --leflux-panel-width: 420px; "
           "--leflux-font-family: Georgia, serif; --leflux-radius: 4px; "
           "--leflux-launcher-size: 64px; --leflux-background: rgb(250, 245, 235); "
           "--leflux-text: rgb(20, 20, 60); }")
    chat = embed(page, stack, css=css, theme="light").open()
    assert style(page, "launcher", "background-color") == "rgb(225, 29, 72)"
    assert chat.hook("launcher").bounding_box()["width"] == pytest.approx(64, abs=0.5)
    assert chat.hook("panel").bounding_box()["width"] == pytest.approx(420, abs=0.5)
    assert "Georgia" in style(page, "panel", "font-family")
    assert style(page, "panel", "border-top-left-radius") == "4px"
    assert style(page, "panel", "background-color") == "rgb(250, 245, 235)"
    assert style(page, "panel", "color") == "rgb(20, 20, 60)"


def test_dark_theme_from_the_tag_and_from_the_visitor(stack, chromium) -> None:
    for scheme, attrs, want in [("light", {"theme": "dark"}, "dark"),
                                ("dark", {}, "dark"), ("light", {}, "light"),
                                ("dark", {"theme": "light"}, "light")]:
        context = chromium.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            embed(page, stack, **attrs).open()
            assert page.get_attribute("leflux-widget", "data-theme") == want, (scheme, attrs)
            bg = style(page, "panel", "background-color")
            assert bg == ("rgb(17, 24, 39)" if want == "dark" else "rgb(255, 255, 255)")
        finally:
            context.close()
    # Following the visitor: the theme changes when their colour scheme does.
    context = chromium.new_context(color_scheme="light")
    try:
        page = context.new_page()
        embed(page, stack)
        page.emulate_media(color_scheme="dark")
        page.wait_for_function(
            "() => document.querySelector('leflux-widget').dataset.theme === 'dark'")
    finally:
        context.close()


def test_arabic_is_right_to_left_with_arabic_words(stack, visitor) -> None:
    page = visitor.page
    chat = embed(page, stack, html_lang="ar").open()  # from <html lang="ar">
    assert page.get_attribute("leflux-widget", "dir") == "rtl"
    assert style(page, "panel", "direction") == "rtl"
    # No title set for this site: "Assistant" in Arabic, never the site's id.
    assert chat.hook("title").inner_text() == "المساعد"
    assert chat.hook("send").inner_text() == "إرسال"
    assert chat.hook("input").get_attribute("placeholder") == "اطلب مني القيام بشيء…"
    assert chat.hook("launcher").get_attribute("aria-label") == "أغلق المساعد"
    chat.say("hello")
    wait_for(lambda: chat.messages("visitor") == ["hello"], what="the visitor's bubble")
    panel = chat.hook("panel").bounding_box()
    bubble = page.locator('[data-leflux="message"][data-role="visitor"]').bounding_box()
    # Mirrored: the visitor's words sit on the left, the send button left of the input.
    left_gap = bubble["x"] - panel["x"]
    right_gap = (panel["x"] + panel["width"]) - (bubble["x"] + bubble["width"])
    assert left_gap < right_gap
    assert chat.hook("send").bounding_box()["x"] < chat.hook("input").bounding_box()["x"]
    # A reply in a left-to-right language still reads left to right inside its bubble.
    chat.wait_agent("I can")
    assert page.evaluate("""() => getComputedStyle(document.querySelector('leflux-widget')
        .shadowRoot.querySelector('[data-leflux="message"][data-role="agent"]')).direction""") \
        == "ltr"


def test_language_choice_and_owner_strings(stack, visitor) -> None:
    page = visitor.page
    # data-lang wins over <html lang>; the owner's strings win over the language's.
    chat = embed(page, stack, html_lang="de", lang="es",
                 strings=json.dumps({"send": "Mandar", "title": "Ayuda"}))
    chat.open()
    assert chat.hook("send").inner_text() == "Mandar"
    assert chat.hook("title").inner_text() == "Ayuda"
    assert chat.hook("input").get_attribute("placeholder") == "Pídeme que haga algo…"
    assert page.get_attribute("leflux-widget", "dir") == "ltr"
    assert page.get_attribute("leflux-widget", "lang") == "es"


def test_browser_language_when_the_page_names_none(stack, chromium) -> None:
    context = chromium.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        chat = embed(page, stack, html_lang="").open()
        assert chat.hook("title").inner_text() == "Assistant"
        assert chat.hook("send").inner_text() == "Envoyer"
    finally:
        context.close()


def test_the_sites_title_avatar_and_suggestions(branded, visitor) -> None:
    page = visitor.page
    page.goto(branded.site.url("plain.html"))
    chat = Chat(page).ready().connected().open()
    wait_for(lambda: chat.hook("title").inner_text() == "Corner Shop helper", what="the title")
    avatar = chat.hook("avatar")
    avatar.wait_for(state="visible")
    assert avatar.get_attribute("src") == branded.site.url("avatar.svg")
    assert page.evaluate("() => document.querySelector('leflux-widget').shadowRoot"
                         ".querySelector('[data-leflux=avatar]').naturalWidth") > 0
    chips = chat.hook("suggestion")
    wait_for(lambda: chips.all_inner_texts() == SUGGESTIONS, what="the suggestion chips")
    chips.first.click()  # a chip sends its words
    wait_for(lambda: chat.messages("visitor") == [SUGGESTIONS[0]], what="the chip's message")
    chat.wait_agent("Filled in")
    assert page.input_value("#email") == "chip@example.com"
    assert chat.hook("suggestion").count() == 0  # the conversation is no longer empty
