"""A read-only view of a page's indexed elements: what each one is and what it says."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from leflux.agent.planners.rules.text import Matcher, content_words, words
from leflux.protocol import IndexedElement, PageContext

_FIELD_TYPES_NOT_TEXT = frozenset({"submit", "button", "reset", "image", "checkbox", "radio",
                                   "hidden", "file", "range", "color"})
# What names an element, in the order its words are joined (``name_text``).
_NAME_KEYS = ("label", "ariaLabel", "aria-label", "text", "title")
_NAME_KEYS_WITH_VALUE = (*_NAME_KEYS, "value")  # (an <input type=submit> says its value)
_FIELD_KEYS = ("label", "ariaLabel", "aria-label", "placeholder", "name")
_DISPLAY_KEYS = ("label", "text", "ariaLabel", "placeholder", "name", "value", "href")
T = TypeVar("T")
_CLICKABLE_ROLES = frozenset({"button", "link", "tab", "menuitem", "option", "switch",
                              "treeitem", "menuitemcheckbox", "menuitemradio"})


class PageElement:
    """One indexed element, classified once (plain attributes: this runs 500x per call).

    Fields are read from the model's own dict and its extras (``extra``) rather than
    through attribute access: a decision reads a few of them from every element."""

    __slots__ = (
        "_display",
        "_error_text",
        "_f",
        "_field_text",
        "_match_words",
        "_name_text",
        "_x",
        "column",
        "disabled",
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
        # (the declared fields; a declared one is never among the extras)
        f: dict[str, Any] = e.__dict__
        self._f = f
        x = self._x = e.__pydantic_extra__ or None
        self.id = e.id
        tag = self.tag = e.tag.lower()
        typ = self.type = (f["type"] or "").lower()
        role = self.role = (f["role"] or "").lower()
        # Read by every step of a decision, so plain attributes: the text of the row / item /
        # card / fieldset the element sits in, its column, its reported <form>.
        group, column, form_id = f["group"], f["column"], f["formId"]
        self.group = group if isinstance(group, str) else ""
        self.column = column if isinstance(column, str) else ""
        self.form_id = form_id if isinstance(form_id, int) else None
        self.disabled = bool(f["disabled"])
        # (a custom select: a combobox, listbox or a button opening one, with its options)
        self.is_select = tag == "select" or (role in ("combobox", "listbox", "button")
                                             and bool(f["options"]))
        # (an option of a listbox shown on the page is on or off by its selection)
        self.is_toggle = typ in ("checkbox", "radio") or role in ("checkbox", "radio", "switch") \
            or (role == "option" and f["checked"] is not None and f["groupKind"] in (
                "listbox", "multilistbox"))
        self.is_text_field = (
            tag == "textarea" or role in ("textbox", "searchbox")
            or (tag == "input" and typ not in _FIELD_TYPES_NOT_TEXT) or f["editable"] is True
            or (x is not None and self.extra("contenteditable") == "true"))
        self.is_field = self.is_text_field or self.is_select or self.is_toggle or (
            typ == "range" or role == "slider")  # (is_range)
        self.is_clickable = (tag in ("a", "button", "summary") or role in _CLICKABLE_ROLES
                             or (tag == "input" and typ in ("submit", "button", "reset",
                                                            "image")))
        self._name_text: str | None = None
        self._field_text: str | None = None
        self._display: str | None = None
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
        v = self._f.get(key)
        if v is None and self._x is not None:
            v = self._x.get(key)
        return v if isinstance(v, str) else ""

    def raw(self, key: str) -> object:
        """A wire field, declared on the model or sent as an extra (newer embeds); a
        declared one is never among the extras."""
        v = self._f.get(key)
        return self._x.get(key) if v is None and self._x is not None else v

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
                (self._f["errorText"] or self._f["validationMessage"] or "").split())
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

    def _strings(self, keys: tuple[str, ...]) -> list[str]:
        """The element's non-empty texts under ``keys`` (declared fields or extras)."""
        f, x = self._f, self._x
        out = []
        for k in keys:
            v = f.get(k)
            if v is None and x is not None:
                v = x.get(k)
            if v and isinstance(v, str):
                out.append(v)
        return out

    @property
    def name_text(self) -> str:
        """The element's accessible-ish name: label, aria label, text, value of buttons."""
        if self._name_text is None:
            keys = _NAME_KEYS_WITH_VALUE if self.tag == "input" and self.type in (
                "submit", "button") else _NAME_KEYS
            self._name_text = " ".join(self._strings(keys))[:300]
        return self._name_text

    @property
    def field_text(self) -> str:
        """Everything that says what a field is for."""
        if self._field_text is not None:
            return self._field_text
        parts = self._strings(_FIELD_KEYS)
        if self._x is not None:  # (its HTML id, sent by newer embeds)
            parts += self._strings(("elementId",)) or self._strings(("htmlId",))
        parts += self._strings(("autocomplete",))
        if self.type not in ("text", ""):
            parts.append(self.type)
        self._field_text = " ".join(parts)[:300]
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
        if self._display is None:
            self._display = f"{self.tag} {self.id}"
            f, x = self._f, self._x
            for k in _DISPLAY_KEYS:
                v = f.get(k)
                if v is None and x is not None:
                    v = x.get(k)
                if v and isinstance(v, str) and not v.isspace():
                    self._display = " ".join(v.split())[:80]
                    break
        return self._display


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


def words_to_ids(texts: Iterable[tuple[tuple[str, ...], int]]) -> dict[str, set[int]]:
    """Word -> ids of the elements saying it, from (an element's words, its id) pairs."""
    out: dict[str, set[int]] = {}
    for said, eid in texts:
        for w in said:
            ids = out.get(w)
            if ids is None:
                out[w] = {eid}
            else:
                ids.add(eid)
    return out


def _vocab(page: Page) -> dict[str, set[int]]:
    return words_to_ids((el.match_words, el.id) for el in page.els)


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
        self.by_id: dict[int, PageElement] = {}
        self.fields: list[PageElement] = []
        self.clickables: list[PageElement] = []
        # The embed indexes only interactive elements, so <form>s are rarely reported.
        # Elements are in document order, and a submit button ends its form: the runs
        # between submit buttons stand in for forms.
        self.segment: dict[int, int] = {}
        # What a decision reads from this page more than once, made once (``once``).
        self._made: dict[Hashable, Any] = {}
        seg = 0
        for el in self.els:  # (one pass: this runs for every decision)
            self.by_id[el.id] = el
            if not el.disabled:
                if el.is_field:
                    self.fields.append(el)
                if el.is_clickable:
                    self.clickables.append(el)
            self.segment[el.id] = seg
            if el.type == "submit" and el.tag in ("button", "input"):
                seg += 1

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, made once per page under ``key`` (a Page lives for one decision,
        whose steps read the same page many times)."""
        if key not in self._made:
            self._made[key] = make()
        got: T = self._made[key]
        return got

    def derived(self, make: Callable[[Page], T]) -> T:
        """What ``make`` reads from this page alone (its word index, the sentences it
        already says), made once per page."""
        return self.once(make, lambda: make(self))

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

    def vocab(self) -> dict[str, set[int]]:
        """Word -> ids of the elements whose match words contain it (built once per page)."""
        return self.derived(_vocab)

    def best(self, query: str, pool: list[PageElement], *, exclude: set[int] | None = None,
             limit: int = 5) -> list[tuple[float, PageElement]]:
        """Elements of ``pool`` whose words best match ``query``, best first."""
        q = content_words(query) or words(query)
        if not q:
            return []
        m = Matcher(q)
        # Only elements sharing a (fuzzily) similar word can score: find them through
        # the page's vocabulary instead of scoring all 500 elements.
        touched: set[int] = set()
        for w, ids in self.vocab().items():
            if m.touches(w):
                touched |= ids
        if exclude:
            touched -= exclude
        scored: list[tuple[float, PageElement]] = []
        for el in {el.id: el for el in pool if el.id in touched}.values():
            s = m.score(el.match_words)
            if s >= 0.5:
                if el.e.inViewport:
                    s += 0.01
                scored.append((s, el))
        scored.sort(key=lambda t: (-t[0], t[1].id))
        return scored[:limit]
