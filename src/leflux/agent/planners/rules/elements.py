"""A read-only view of a page's indexed elements: what each one is and what it says."""

from __future__ import annotations

from dataclasses import dataclass

from leflux.agent.planners.rules.text import Matcher, content_words, words
from leflux.protocol import IndexedElement, PageContext

_FIELD_TYPES_NOT_TEXT = frozenset({"submit", "button", "reset", "image", "checkbox", "radio",
                                   "hidden", "file", "range", "color"})
_DECLARED = frozenset(IndexedElement.model_fields)
_CLICKABLE_ROLES = frozenset({"button", "link", "tab", "menuitem", "option", "switch",
                              "treeitem", "menuitemcheckbox", "menuitemradio"})


class PageElement:
    """One indexed element, classified once (plain attributes: this runs 500x per call)."""

    __slots__ = (
        "_error_text",
        "_field_text",
        "_match_words",
        "_name_text",
        "_x",
        "column",
        "e",
        "form_id",
        "group",
        "id",
        "is_clickable",
        "is_field",
        "is_select",
        "is_text_field",
        "is_toggle",
        "kind_cache",
        "role",
        "tag",
        "texts_cache",
        "type",
    )

    def __init__(self, e: IndexedElement) -> None:
        self.e = e
        self._x = e.__pydantic_extra__ or {}
        self.id = e.id
        self.tag = e.tag.lower()
        self.type = (e.type or "").lower()
        self.role = (e.role or "").lower()
        # Read by every step of a decision, so plain attributes: the text of the row / item /
        # card / fieldset the element sits in, its column, its reported <form>.
        self.group = e.group if isinstance(e.group, str) else ""
        self.column = e.column if isinstance(e.column, str) else ""
        self.form_id = e.formId if isinstance(e.formId, int) else None
        tag, typ, role = self.tag, self.type, self.role
        # (a custom select: a combobox, listbox or a button opening one, with its options)
        self.is_select = tag == "select" or (role in ("combobox", "listbox", "button")
                                             and bool(e.options))
        # (an option of a listbox shown on the page is on or off by its selection)
        self.is_toggle = typ in ("checkbox", "radio") or role in ("checkbox", "radio", "switch") \
            or (role == "option" and e.checked is not None and self.extra("groupKind") in (
                "listbox", "multilistbox"))
        self.is_text_field = (
            tag == "textarea" or role in ("textbox", "searchbox")
            or (tag == "input" and typ not in _FIELD_TYPES_NOT_TEXT)
            or self.extra("contenteditable") == "true" or self.flag("editable"))
        self.is_field = self.is_text_field or self.is_select or self.is_toggle or self.is_range
        self.is_clickable = (tag in ("a", "button", "summary") or role in _CLICKABLE_ROLES
                             or (tag == "input" and typ in ("submit", "button", "reset",
                                                            "image")))
        self._name_text: str | None = None
        self._field_text: str | None = None
        self._match_words: tuple[str, ...] | None = None
        self._error_text: str | None = None
        self.texts_cache: list[tuple[tuple[str, ...], float, str]] | None = None  # ground's
        # fieldkind.field_kind() result, computed once ("" until then, None = no kind).
        self.kind_cache: str | None = ""

    @property
    def is_range(self) -> bool:
        """A slider: set to a number between its min and max."""
        return self.type == "range" or self.role == "slider"

    @property
    def one_of(self) -> bool:
        """A choice of a group where only one is on: a radio, an option of a listbox that
        keeps one."""
        return self.type == "radio" or self.role == "radio" or (
            self.role == "option" and self.extra("groupKind") == "listbox")

    def extra(self, key: str) -> str:
        v = getattr(self.e, key, None) if key in _DECLARED else self._x.get(key)
        return v if isinstance(v, str) else ""

    def raw(self, key: str) -> object:
        """A wire field, declared on the model or sent as an extra (newer embeds); a
        declared one is never among the extras."""
        if key in _DECLARED:
            return getattr(self.e, key, None)
        return self._x.get(key)

    def flag(self, key: str) -> bool:
        return self.raw(key) is True

    # What the embed says about the element's place and state (all optional on the wire).
    @property
    def position(self) -> tuple[int, int] | None:
        """(1-based position of its group among its siblings, their count)."""
        v = self.raw("position")
        if isinstance(v, (list, tuple)) and len(v) == 2 and all(isinstance(x, int) for x in v):
            return int(v[0]), int(v[1])
        return None

    @property
    def hover_only(self) -> bool:
        return self.flag("hoverOnly")

    @property
    def invalid(self) -> bool:
        return self.flag("invalid") or self.raw("ariaInvalid") in (True, "true")

    @property
    def error_text(self) -> str:
        """The page's own words about this field being wrong."""
        if self._error_text is None:
            self._error_text = " ".join(
                (self.extra("errorText") or self.extra("validationMessage")).split())
        return self._error_text

    @property
    def required(self) -> bool:
        return self.flag("required")

    @property
    def has_value(self) -> bool:
        if self.is_toggle:
            return bool(self.e.checked)
        if self.is_select:
            return any(o.selected and o.value for o in self.e.options or []) or bool(
                self.e.value)
        return bool(self.e.value) or self.flag("filled")

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


@dataclass(frozen=True)
class FormView:
    """One ``<form>`` as the embed reports it (``context.forms``)."""

    id: int
    has_submit: bool
    submit_ids: tuple[int, ...] = ()
    marked: bool = False


def _forms(context: PageContext | None) -> dict[int, FormView]:
    out: dict[int, FormView] = {}
    for f in (context.forms if context else None) or []:
        d = f if isinstance(f, dict) else getattr(f, "__dict__", {})
        fid = d.get("id")
        if not isinstance(fid, int):
            continue
        ids = tuple(i for i in d.get("submitIds") or [] if isinstance(i, int))
        out[fid] = FormView(fid, d.get("hasSubmit") is True or bool(ids), ids,
                            d.get("marked") is True)
    return out


def _alerts(context: PageContext | None) -> list[str]:
    raw = (context.model_extra or {}).get("alerts") if context else None
    if raw is None and context is not None:
        raw = getattr(context, "alerts", None)
    return [" ".join(a.split())[:300] for a in raw or [] if isinstance(a, str) and a.strip()]


class Page:
    """One page context with fast lookups (built once per planning call)."""

    def __init__(self, context: PageContext | None) -> None:
        self.context = context
        self.url = context.url if context else ""
        self.title = context.title if context else ""
        self.text = context.visibleText if context else ""
        self.forms = _forms(context)
        self.alerts = _alerts(context)
        self.els = [PageElement(e) for e in (context.indexedElements if context else [])]
        self.by_id = {el.id: el for el in self.els}
        self.fields = [el for el in self.els if el.is_field and not el.disabled]
        self.clickables = [el for el in self.els if el.is_clickable and not el.disabled]
        # The embed indexes only interactive elements, so <form>s are rarely reported.
        # Elements are in document order, and a submit button ends its form: the runs
        # between submit buttons stand in for forms.
        self._vocab: dict[str, list[PageElement]] | None = None
        self.segment: dict[int, int] = {}
        seg = 0
        for el in self.els:
            self.segment[el.id] = seg
            if el.type == "submit" and el.tag in ("button", "input"):
                seg += 1

    def ancestors(self, el: PageElement, limit: int = 12) -> list[int]:
        out: list[int] = []
        pid = el.e.parentId
        while pid is not None and len(out) < limit:
            out.append(pid)
            parent = self.by_id.get(pid)
            pid = parent.e.parentId if parent else None
        return out

    def form_of(self, el: PageElement) -> int | None:
        """The reported <form> holding ``el`` (the embed sends its id as ``formId``)."""
        return el.form_id

    def closeness(self, a: PageElement, b: PageElement) -> int:
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

    def vocab(self) -> dict[str, list[PageElement]]:
        """Word -> elements whose match words contain it (built once per page)."""
        if self._vocab is None:
            self._vocab = {}
            for el in self.els:
                for w in set(el.match_words):
                    self._vocab.setdefault(w, []).append(el)
        return self._vocab

    def best(self, query: str, pool: list[PageElement], *, exclude: set[int] | None = None,
             limit: int = 5) -> list[tuple[float, PageElement]]:
        """Elements of ``pool`` whose words best match ``query``, best first."""
        q = content_words(query) or words(query)
        if not q:
            return []
        m = Matcher(q)
        # Only elements sharing a (fuzzily) similar word can score: find them through
        # the page's vocabulary instead of scoring all 500 elements.
        in_pool = {el.id for el in pool}
        cands: dict[int, PageElement] = {}
        for w, els in self.vocab().items():
            if m.touches(w):
                for el in els:
                    if el.id in in_pool:
                        cands[el.id] = el
        scored: list[tuple[float, PageElement]] = []
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
