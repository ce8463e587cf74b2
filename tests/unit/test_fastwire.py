"""The page-context events' one-pass path (``protocol/fastwire.py``) only ever accepts
what the way of record (orjson, then the event's model) accepts, and gives the same
model and context; everything else it hands back (``None``)."""

from __future__ import annotations

from typing import Any, get_type_hints

import msgspec
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from leflux.config import Limits
from leflux.protocol import ContinueTask, UpdateContext
from leflux.protocol.fastwire import _Context, _Element, _Form, _Option, decode_event
from leflux.protocol.page import (
    FormInfoData,
    IndexedElementData,
    PageContextData,
    SelectOptionData,
)
from leflux.session.contexts import trim_context
from leflux.storable import AsSent, stored_json
from leflux.transport.codec import EventJson

SID = "1b4e28ba-2ca1-41d8-9d2e-a1b2c3d4e5f6"
MODELS = {"update_context": UpdateContext, "continue_task": ContinueTask}


def of_record(data: str) -> Any:
    """What the handler got before: the packet read by orjson, the payload validated."""
    name, *args = orjson.loads(data)
    try:
        return [name, MODELS[name].model_validate(args[0])] if len(args) == 1 else None
    except ValidationError:
        return None


def check(data: str) -> Any:
    fast = decode_event(data)
    if fast is not None:
        slow = of_record(data)
        assert slow is not None, data[:300]
        assert fast[0] == slow[0]
        assert type(fast[1]) is type(slow[1])
        assert fast[1].sessionId == slow[1].sessionId
        assert fast[1].context == slow[1].context
        # Stored as it came: the JSON of this very context.
        assert type(fast[1].context) is AsSent
        assert orjson.loads(stored_json(fast[1].context)) == slow[1].context
        if "viewport" not in fast[1].context:  # spelled as the page spelled it
            assert stored_json(fast[1].context) == orjson.dumps(fast[1].context)
    return fast


def packet(context: Any, name: str = "update_context", sid: Any = SID, **more: Any) -> str:
    return orjson.dumps([name, {"sessionId": sid, "context": context, **more}]).decode()


@pytest.mark.parametrize(("twin", "typed"), [
    (_Element, IndexedElementData), (_Form, FormInfoData), (_Option, SelectOptionData),
])
def test_the_twins_declare_the_typed_dicts_fields(twin, typed):
    assert list(get_type_hints(twin)) == list(get_type_hints(typed))
    assert twin.__required_keys__ == typed.__required_keys__


def test_the_context_declares_all_but_tools():
    assert list(get_type_hints(_Context)) == [
        k for k in get_type_hints(PageContextData) if k != "tools"]


PAGE = {"url": "http://a.test/", "title": "A", "visibleText": "hello",
        "viewport": {"width": 800, "scroll": [0, 12.5]}, "focusedId": None,
        "alerts": ["Saved"], "contextId": "c1",
        "forms": [{"id": 3, "method": "post", "submitIds": [4], "hasSubmit": True}],
        "indexedElements": [
            {"id": 1, "tag": "a", "text": "Café", "href": "/x", "inViewport": True},
            {"id": 2, "tag": "select", "role": None, "position": [1, 3],
             "options": [{"value": "x", "text": "X", "selected": True}]},
            {"tag": "input", "id": 4, "required": True, "formId": 3}]}


def test_a_page_comes_out_as_its_model_would_give_it():
    for name in MODELS:
        out = check(packet(PAGE, name))
        assert out is not None and out[0] == name and type(out[1]) is MODELS[name]
        # the handler's validation hands the model back as it is
        assert MODELS[name].model_validate(out[1]) is out[1]


@pytest.mark.parametrize("context", [
    {**PAGE, "tools": []},                                          # tools: way of record
    {**PAGE, "extra": {"a": 1}},                                    # an undeclared key
    {"indexedElements": [{"id": 1, "tag": "a", "x": [[[1]]]}]},     # ... in an element
    {"forms": [{"id": 1, "x": 1}]},
    {"indexedElements": [{"id": 1, "tag": "select", "options": [{"value": "a", "x": 1}]}]},
    {"indexedElements": [{"id": "1", "tag": "a"}]},
    {"indexedElements": [{"id": 1.0, "tag": "a"}]},
    {"indexedElements": [{"id": True, "tag": "a"}]},
    {"indexedElements": [{"id": 2**63, "tag": "a"}]},               # beyond int64
    {"indexedElements": [{"tag": "a"}]},
    {"indexedElements": [{"id": 1, "tag": "a" * 65}]},
    {"indexedElements": [{"id": 1, "tag": "a", "text": "x" * 10_001}]},
    {"indexedElements": [{"id": 1, "tag": "a", "position": [1]}]},
    {"indexedElements": [{"id": 1, "tag": "a", "checked": "true"}]},
    {"indexedElements": None},
    {"url": "x" * 4_097}, {"title": None}, {"visibleText": 5}, {"contextId": "c" * 101},
    {"viewport": [1]}, {"viewport": 3},
    {"viewport": {"a": orjson.loads("[" * 40 + "]" * 40)}},         # open part too deep
    {"forms": [{"id": 1, "submitIds": list(range(501))}]},
    "not an object", None,
])
def test_anything_else_takes_the_way_of_record(context):
    assert check(packet(context)) is None


@pytest.mark.parametrize("data", [
    packet(PAGE, sid=SID.upper()), packet(PAGE, sid="nope"), packet(PAGE, sid=5),
    packet(PAGE, more=1),                                           # an undeclared key
    orjson.dumps(["update_context", {"sessionId": SID, "context": PAGE}, 2]).decode(),
    orjson.dumps(["update_context"]).decode(),
    orjson.dumps(["update_context", {"context": PAGE}]).decode(),
    '["update_context",{"sessionId":"' + SID + '","context":{"url":"\\ud800"}}]',
    '["update_context",{"sessionId":"' + SID + '","context":{"url":"a"}}',  # cut short
    '["update_context",{"sessionId":"' + SID + '","context":{"url":"a"}}]x',
    '["update_context",{"sessionId":"' + SID + '","context":{"viewport":' + "[" * 5000
    + "]" * 5000 + "}}]",
])
def test_malformed_packets_take_the_way_of_record(data):
    assert decode_event(data) is None


@pytest.mark.parametrize("data", [
    # a duplicate key, anywhere
    '["update_context",{"sessionId":"' + SID + '","context":{"url":"a","url":"b"}}]',
    '["update_context",{"sessionId":"' + SID + '","context":{"indexedElements":'
    '[{"id":1,"tag":"a","id":2}]}}]',
    # not the compact form socket.io-client writes
    '["update_context", {"sessionId":"' + SID + '","context":{"url":"a"}}]',
    '["update_context",{"sessionId":"' + SID + '","context":{"url":"caf\\u00e9"}}]',
    '["update_context",{"sessionId":"' + SID + '","context":{"url":"a\\/b"}}]',
    '["update_context",{"sessionId":"' + SID + '","context":{"focusedId":-0}}]',
])
def test_what_is_not_written_back_to_the_byte_takes_the_way_of_record(data):
    assert of_record(data) is not None  # valid: only the spelling differs
    assert decode_event(data) is None


def test_the_compact_form_is_read_whatever_its_characters():
    page = {**PAGE, "title": 'Café "€" \\ \u2028 😀 \x01\x7f', "visibleText": "a\nb\tc\r\b\f",
            "viewport": {"w": 1.5, "pad": [0, -3], "n": None}}
    out = check(packet(page))
    assert out is not None and out[1].context["title"] == page["title"]


def test_the_packet_codec_takes_the_path_for_page_contexts_only():
    out = EventJson.loads(packet(PAGE))
    assert type(out[1]) is UpdateContext
    hostile = packet({**PAGE, "extra": 1})
    assert EventJson.loads(hostile) == orjson.loads(hostile)  # read as before
    other = '["update_contexts",{"a":1}]'
    assert EventJson.loads(other) == orjson.loads(other)


# Random contexts, mostly near-valid: whatever the path accepts, the models accept, and
# the same. Keys from the declared ones plus a stray one; values of any JSON type.
KEYS = [*get_type_hints(IndexedElementData), "stray"]
scalar = st.one_of(st.none(), st.booleans(), st.integers(-(2**65), 2**65),
                   st.floats(allow_nan=False, allow_infinity=False),
                   st.text(max_size=70), st.just("x" * 10_001))
json_value = st.recursive(scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)
good_value = st.one_of(st.text(max_size=8), st.booleans(), st.integers(0, 10), st.none(),
                       st.lists(st.integers(0, 9), min_size=2, max_size=2),
                       st.lists(st.fixed_dictionaries({}, optional={
                           "value": st.text(max_size=3), "text": st.text(max_size=3),
                           "selected": st.booleans()}), max_size=2))
element = st.dictionaries(st.sampled_from(KEYS), st.one_of(good_value, json_value), max_size=5)
element = st.builds(lambda e, i, t: {"id": i, "tag": t, **e}, element,
                    st.one_of(st.integers(0, 2**64), st.text(max_size=2)),
                    st.one_of(st.text(max_size=66), st.integers()))
context = st.fixed_dictionaries({}, optional={
    "url": st.one_of(st.text(max_size=20), json_value),
    "title": st.one_of(st.text(max_size=20), json_value),
    "indexedElements": st.lists(element, max_size=4),
    "visibleText": st.one_of(st.text(max_size=20), json_value),
    "viewport": st.one_of(st.none(), st.dictionaries(st.text(max_size=4), json_value,
                                                     max_size=3), json_value),
    "focusedId": st.one_of(st.none(), st.integers(), json_value),
    "alerts": st.one_of(st.none(), st.lists(st.text(max_size=5), max_size=2), json_value),
    "contextId": st.one_of(st.none(), st.text(max_size=5), json_value),
})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(context)
def test_random_contexts_are_accepted_only_as_the_models_accept_them(ctx):
    try:
        data = packet(ctx)
    except orjson.JSONEncodeError:
        return  # an integer orjson cannot write cannot come off the wire either
    check(data)


def test_the_decoder_refuses_what_msgspec_cannot_read():
    with pytest.raises(msgspec.DecodeError):
        msgspec.json.decode(b'{"a":')


def test_the_payloads_keys_either_way_round():
    data = orjson.dumps(["continue_task", {"context": PAGE, "sessionId": SID}]).decode()
    out = check(data)
    assert out is not None and orjson.loads(out[1].context.json) == out[1].context


def test_a_trimmed_context_is_written_anew():
    out = check(packet(PAGE))
    assert out is not None
    trimmed = trim_context(out[1].context, Limits(max_elements=2))
    assert type(trimmed) is dict and len(trimmed["indexedElements"]) == 2
    kept = trim_context(out[1].context, Limits())
    assert type(kept) is AsSent and kept == out[1].context
    assert kept.json is out[1].context.json


def test_a_copy_of_a_context_as_sent_is_a_plain_dict():
    import copy
    import pickle

    out = check(packet(PAGE))
    assert out is not None
    for made in (copy.copy(out[1].context), copy.deepcopy(out[1].context),
                 pickle.loads(pickle.dumps(out[1].context))):
        assert type(made) is dict and made == out[1].context


@pytest.mark.parametrize("model", [UpdateContext, ContinueTask])
def test_the_model_is_built_as_model_construct_builds_it(model):
    from leflux.protocol.fastwire import _PLAIN, _construct

    assert model in _PLAIN
    context = AsSent({"url": "https://a.test/"}, b'{"url":"https://a.test/"}')
    built = _construct(model, SID, context)
    made = model.model_construct(sessionId=SID, context=context)
    assert type(built) is model and built == made
    for name in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__",
                 "__pydantic_private__"):
        assert getattr(built, name) == getattr(made, name)
    assert model.model_validate(built) is built  # the handler's way: handed back as it is
