"""The checked-in wire schema is what the pydantic models give (``leflux schema``), and
every shape a client sends is closed, so the embed's generated types and the browser
capture (tests/e2e/test_embed_contract.py) refuse a key the models do not declare."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from leflux.cli import main
from leflux.contract import SCHEMA_PATH, protocol_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_checked_in_schema_is_what_the_models_give() -> None:
    checked_in = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert checked_in == schema_text(), (
        "schema/protocol.json is out of date: run `leflux schema`, then "
        "`npm run protocol` in widget/")


def test_leflux_schema_writes_it(tmp_path: Path) -> None:
    out = tmp_path / "protocol.json"
    assert main(["schema", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()
    assert main(["schema", "--output", str(out)]) == 0  # unchanged: written again, same


def _reachable(schema: dict[str, Any], start: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                if name not in seen:
                    seen.add(name)
                    todo.append(schema["$defs"][name])
            todo.extend(v for k, v in node.items() if k != "$ref")
        elif isinstance(node, list):
            todo.extend(node)
    return seen


def test_every_shape_a_client_sends_is_closed() -> None:
    schema = protocol_schema()
    sent = _reachable(schema, schema["properties"]["clientEvents"])
    sent |= _reachable(schema, schema["properties"]["rest"]["properties"]["postMessage"])
    assert {"PageContext", "IndexedElement", "FormInfo", "SelectOption", "StepResult"} <= sent
    open_ = [n for n in sent if schema["$defs"][n].get("additionalProperties") is not False]
    assert open_ == []


def test_a_key_the_models_do_not_declare_is_refused_by_the_schema() -> None:
    schema = json.loads(schema_text())
    ref = schema["properties"]["clientEvents"]["properties"]["update_context"]["$ref"]
    check = Draft202012Validator({"$ref": ref, "$defs": schema["$defs"]})
    element = {"id": 1, "tag": "button", "text": "Pay", "confirm": True, "shadow": True}
    good = {"sessionId": "5b0c2f9e-8a6e-4c47-9c1e-3f1f0f6d2a10",
            "context": {"url": "http://a.test/", "indexedElements": [element]}}
    assert list(check.iter_errors(good)) == []
    bad = {**good, "context": {**good["context"],
                               "indexedElements": [{**element, "ariaLabel": "Pay"}]}}
    assert [e.message for e in check.iter_errors(bad)] == [
        "Additional properties are not allowed ('ariaLabel' was unexpected)"]
