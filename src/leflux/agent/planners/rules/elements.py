"""A read-only view of a page's indexed elements: what each one is and what it says."""

from __future__ import annotations

from leflux.agent.planners.rules.text import Matcher, content_words, words
from leflux.protocol import IndexedElement, PageContext

_FIELD_TYPES_NOT_TEXT = frozenset({"submit", "button", "reset", "image", "checkbox", "radio",
                                   "hidden", "file", "range", "color"})
_CLICKABLE_ROLES = frozenset({"button", "link", "tab", "menuitem", "option", "switch",
                              "treeitem", "menuitemcheckbox", "menuitemradio"})


class El:
    """One indexed element, classified once (plain attributes: this runs 500x per call)."""

    __slots__ = ("_field_text", "_match_words", "_name_text", "_x", "e", "id", "is_clickable",
                 "is_field", "is_select", "is_text_field", "is_toggle", "kind_cache", "role",
                 "tag", "type")

    def __init__(self, e: IndexedElement) -> None:
        self.e = e
        self._x = e.__pydantic_extra__ or {}
        self.id = e.id
        self.tag = e.tag.lower()
        self.type = (e.type or "").lower()
        self.role = (e.role or "").lower()
        tag, typ, role = self.tag, self.type, self.role
        self.is_select = tag == "select" or (role in ("combobox", "listbox") and bool(e.options))
        self.is_toggle = typ in ("checkbox", "radio") or role in ("checkbox", "radio", "switch")
        self.is_text_field = (
            tag == "textarea" or role in ("textbox", "searchbox")
            or (tag == "input" and typ not in _FIELD_TYPES_NOT_TEXT)
            or self.extra("contenteditable") == "true")
        self.is_field = self.is_text_field or self.is_select or self.is_toggle
        self.is_clickable = (tag in ("a", "button", "summary") or role in _CLICKABLE_ROLES
                             or (tag == "input" and typ in ("submit", "button", "reset",
                                                            "image")))
        self._name_text: str | None = None
        self._field_text: str | None = None
        self._match_words: tuple[str, ...] | None = None
        # forms.field_kind() result, computed once ("" until then, None = no kind).
        self.kind_cache: str | None = ""

    def extra(self, key: str) -> str:
        v = self._x.get(key)
        return v if isinstance(v, str) else ""

    @property
    def disabled(self) -> bool:
        return bool(self.e.disabled)

    @property
    def name_text(self) -> str:
        """The element's accessible-ish name: label, aria label, text, value of buttons."""
        if self._name_text is not None:
            return self._name_text
        e = self.e
        parts = [e.label, self.extra("ariaLabel"), self.extra("aria-label"), e.text,
                 self.extra("title")]
        if self.tag == "input" and self.type in ("submit", "button"):
            parts.append(e.value)
        self._name_text = " ".join(p for p in parts if p)[:300]
        return self._name_text

    @property
    def field_text(self) -> str:
        """Everything that says what a field is for."""
        if self._field_text is not None:
            return self._field_text
        e = self.e
        parts = [e.label, self.extra("ariaLabel"), self.extra("aria-label"), e.placeholder,
                 e.name, self.extra("elementId") or self.extra("htmlId"),
                 self.extra("autocomplete"), self.type if self.type not in ("text", "") else ""]
        self._field_text = " ".join(p for p in parts if p)[:300]
        return self._field_text

    @property
    def match_words(self) -> tuple[str, ...]:
        if self._match_words is None:
            text = self.field_text if self.is_field else self.name_text
            if not text and self.e.href:
                text = self.e.href.rsplit("/", 1)[-1]
            self._match_words = words(text)
        return self._match_words

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
        # The embed indexes only interactive elements, so <form>s are rarely reported.
        # Elements are in document order, and a submit button ends its form: the runs
        # between submit buttons stand in for forms.
        self._vocab: dict[str, list[El]] | None = None
        self.segment: dict[int, int] = {}
        seg = 0
        for el in self.els:
            self.segment[el.id] = seg
            if el.type == "submit" and el.tag in ("button", "input"):
                seg += 1

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

    def vocab(self) -> dict[str, list[El]]:
        """Word -> elements whose match words contain it (built once per page)."""
        if self._vocab is None:
            self._vocab = {}
            for el in self.els:
                for w in set(el.match_words):
                    self._vocab.setdefault(w, []).append(el)
        return self._vocab

    def best(self, query: str, pool: list[El], *, exclude: set[int] | None = None,
             limit: int = 5) -> list[tuple[float, El]]:
        """Elements of ``pool`` whose words best match ``query``, best first."""
        q = content_words(query) or words(query)
        if not q:
            return []
        m = Matcher(q)
        # Only elements sharing a (fuzzily) similar word can score: find them through
        # the page's vocabulary instead of scoring all 500 elements.
        in_pool = {el.id for el in pool}
        cands: dict[int, El] = {}
        for w, els in self.vocab().items():
            if m.touches(w):
                for el in els:
                    if el.id in in_pool:
                        cands[el.id] = el
        scored: list[tuple[float, El]] = []
        for el in cands.values():
            if exclude and el.id in exclude:
                continue
            s = m.score(el.match_words)
            if s >= 0.5:
                if el.e.inViewport:
                    s += 0.01
                scored.append((s, el))
        scored.sort(key=lambda t: (-t[0], t[1].id))
        return scored[:limit]
