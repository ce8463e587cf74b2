"""A read-only view of a page's indexed elements: what each one is and what it says."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from leflux.agent.planners.rules.text import content_words, overlap, words
from leflux.protocol import IndexedElement, PageContext

_FIELD_TYPES_NOT_TEXT = frozenset({"submit", "button", "reset", "image", "checkbox", "radio",
                                   "hidden", "file", "range", "color"})
_CLICKABLE_ROLES = frozenset({"button", "link", "tab", "menuitem", "option", "switch",
                              "treeitem", "menuitemcheckbox", "menuitemradio"})


@dataclass(frozen=True)
class El:
    e: IndexedElement

    @property
    def id(self) -> int:
        return self.e.id

    @cached_property
    def tag(self) -> str:
        return self.e.tag.lower()

    @cached_property
    def type(self) -> str:
        return (self.e.type or "").lower()

    @cached_property
    def role(self) -> str:
        return (self.e.role or "").lower()

    def extra(self, key: str) -> str:
        v = (self.e.model_extra or {}).get(key)
        return v if isinstance(v, str) else ""

    @cached_property
    def is_select(self) -> bool:
        return self.tag == "select" or (self.role in ("combobox", "listbox") and bool(
            self.e.options))

    @cached_property
    def is_toggle(self) -> bool:
        return self.type in ("checkbox", "radio") or self.role in ("checkbox", "radio", "switch")

    @cached_property
    def is_text_field(self) -> bool:
        if self.tag == "textarea" or self.role in ("textbox", "searchbox"):
            return True
        if self.extra("contenteditable") == "true":
            return True
        return self.tag == "input" and self.type not in _FIELD_TYPES_NOT_TEXT

    @cached_property
    def is_field(self) -> bool:
        return self.is_text_field or self.is_select or self.is_toggle

    @cached_property
    def is_clickable(self) -> bool:
        if self.tag in ("a", "button", "summary") or self.role in _CLICKABLE_ROLES:
            return True
        return self.tag == "input" and self.type in ("submit", "button", "reset", "image")

    @property
    def disabled(self) -> bool:
        return bool(self.e.disabled)

    @cached_property
    def name_text(self) -> str:
        """The element's accessible-ish name: label, aria label, text, value of buttons."""
        e = self.e
        parts = [e.label, self.extra("ariaLabel"), self.extra("aria-label"), e.text,
                 self.extra("title")]
        if self.tag == "input" and self.type in ("submit", "button"):
            parts.append(e.value)
        return " ".join(p for p in parts if p)[:300]

    @cached_property
    def field_text(self) -> str:
        """Everything that says what a field is for."""
        e = self.e
        parts = [e.label, self.extra("ariaLabel"), self.extra("aria-label"), e.placeholder,
                 e.name, self.extra("elementId") or self.extra("htmlId"),
                 self.extra("autocomplete"), self.type if self.type not in ("text", "") else ""]
        return " ".join(p for p in parts if p)[:300]

    @cached_property
    def match_words(self) -> tuple[str, ...]:
        text = self.field_text if self.is_field else self.name_text
        if not text and self.e.href:
            text = self.e.href.rsplit("/", 1)[-1]
        return words(text)

    @property
    def display(self) -> str:
        e = self.e
        for v in (e.label, e.text, self.extra("ariaLabel"), e.placeholder, e.name, e.value,
                  e.href):
            if v and v.strip():
                return " ".join(v.split())[:80]
        return f"{self.tag} {self.id}"


class Page:
    """One page context with fast lookups (built once per planning call)."""

    def __init__(self, context: PageContext | None) -> None:
        self.context = context
        self.url = context.url if context else ""
        self.title = context.title if context else ""
        self.text = context.visibleText if context else ""
        self.els = [El(e) for e in (context.indexedElements if context else [])]
        self.by_id = {el.id: el for el in self.els}
        self.fields = [el for el in self.els if el.is_field and not el.disabled]
        self.clickables = [el for el in self.els if el.is_clickable and not el.disabled]

    def ancestors(self, el: El, limit: int = 12) -> list[int]:
        out: list[int] = []
        pid = el.e.parentId
        while pid is not None and len(out) < limit:
            out.append(pid)
            parent = self.by_id.get(pid)
            pid = parent.e.parentId if parent else None
        return out

    def form_of(self, el: El) -> str | None:
        form = el.extra("form") or el.extra("formId")
        return form or None

    def closeness(self, a: El, b: El) -> int:
        """Higher when two elements share a nearer ancestor (same form, same card)."""
        fa, fb = self.form_of(a), self.form_of(b)
        if fa and fb:
            return 100 if fa == fb else 0
        anc_a = self.ancestors(a)
        anc_b = set(self.ancestors(b))
        for depth, pid in enumerate(anc_a):
            if pid in anc_b:
                return 50 - depth
        # No structure reported: fall back to document order distance.
        return max(0, 20 - abs(a.id - b.id) // 2)

    def best(self, query: str, pool: list[El], *, exclude: set[int] | None = None,
             limit: int = 5) -> list[tuple[float, El]]:
        """Elements of ``pool`` whose words best match ``query``, best first."""
        q = content_words(query) or words(query)
        if not q:
            return []
        scored: list[tuple[float, El]] = []
        for el in pool:
            if exclude and el.id in exclude:
                continue
            s = overlap(q, el.match_words)
            if s >= 0.5:
                if el.e.inViewport:
                    s += 0.01
                scored.append((s, el))
        scored.sort(key=lambda t: (-t[0], t[1].id))
        return scored[:limit]
