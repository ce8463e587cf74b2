"""The page context off the wire (typed dicts, fast) and the engine's view (models)
accept exactly the same payloads: same fields, types and limits; both drop keys they do
not declare."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from leflux.protocol import PageContext, PageContextData

DATA = TypeAdapter(PageContextData)


def _normal(schema: dict[str, Any]) -> Any:
    """Inline $refs and drop what differs only in name: titles and defaults."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].rsplit("/", 1)[-1]])
            out = {k: walk(v) for k, v in node.items()
                   if k not in ("title", "default", "$defs", "properties")}
            if "properties" in node:  # field names are kept, "title" among them
                out["properties"] = {k: walk(v) for k, v in node["properties"].items()}
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def test_the_two_shapes_have_the_same_json_schema():
    assert _normal(DATA.json_schema()) == _normal(PageContext.model_json_schema())


@pytest.mark.parametrize("payload", [
    {"url": "http://a.test/", "indexedElements": [{"id": 1, "tag": "a", "data-x": 1}]},
    {"indexedElements": [{"id": 1, "tag": "select",
                          "options": [{"value": "x", "text": "X", "selected": True}]}]},
    {"indexedElements": [{"id": "1", "tag": "a"}]},          # a string id
    {"indexedElements": [{"tag": "a"}]},                      # no id
    {"indexedElements": [{"id": 1, "tag": "a" * 65}]},        # tag too long
    {"url": "x" * 4_097},
    {"indexedElements": [{"id": 1, "tag": "input", "checked": "true"}]},
    {"visibleText": 5},
    {"viewport": {"width": 800}, "forms": [{"id": "f"}], "extra": [1, 2]},
    {"forms": [{"id": 3, "method": "post", "action": "http://a.test/pay", "submitIds": [4],
                "hasSubmit": True, "marked": True, "text": "Pay"}], "focusedId": 2,
     "indexedElements": [{"id": 2, "tag": "input", "formId": 3}]},
    {"forms": [{"id": 3, "submitIds": ["4"]}]},              # a string submit id
    {"forms": [{"id": 3, "marked": "yes"}], "focusedId": "2"},
    {"focusedId": None, "forms": []},
    {"indexedElements": [{"id": 2, "tag": "input", "formId": "f"}]},
])
def test_both_accept_and_refuse_the_same_payloads(payload):
    def verdict(validate: Any) -> str:
        try:
            validate(payload)
        except ValidationError as exc:
            return "refused: " + ",".join(sorted(
                ".".join(map(str, e["loc"])) for e in exc.errors()))
        return "accepted"

    assert verdict(DATA.validate_python) == verdict(PageContext.model_validate)


def test_both_drop_undeclared_keys_and_build_the_same_model():
    declared = {"id": 1, "tag": "button", "text": "Pay", "confirm": True}
    payload = {"url": "http://a.test/", "title": "T", "indexedElements": [
        {**declared, "data-leflux-confirm": True}], "extra": 1}
    data = DATA.validate_python(payload)
    assert data == {"url": "http://a.test/", "title": "T", "indexedElements": [declared]}
    model = PageContext.model_validate(payload)
    assert model.model_extra is None and model.indexedElements[0].model_extra is None
    assert PageContext.model_validate(data) == model


def _parsed_uuid(value: Any) -> str:
    """What ``canonical_uuid`` answered before its fast path: parse, then compare."""
    import uuid

    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return "must be a UUID"
    return str(parsed) if str(parsed) == value else "must be a UUID in canonical form"


def test_canonical_uuid_answers_as_parsing_would():
    import uuid

    from leflux.protocol.common import canonical_uuid

    some = str(uuid.uuid4())
    cases = [some, some.upper(), "{" + some + "}", "urn:uuid:" + some, some.replace("-", ""),
             some + "\n", " " + some, some[:-1], some + "0", some[:8] + "_" + some[9:],
             "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
             some.replace("-", "", 1) + "-", "", 12, None, ["x"], some.encode(),
             "g" + some[1:], some[:14] + "A" + some[15:], "０" + some[1:]]
    for value in cases:
        try:
            got = canonical_uuid(value)  # type: ignore[arg-type]
        except ValueError as exc:
            got = str(exc).removesuffix(" (lowercase)")
        assert got == _parsed_uuid(value), value
