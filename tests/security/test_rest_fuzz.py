"""Hypothesis over every REST body and path parameter (the socket events are fuzzed in
tests/protocol/test_fuzz.py): each request gets a valid answer or a well-formed error,
never a 5xx or a traceback, and the sessions stay consistent."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import SITE_A

CODES = {"invalid_payload", "invalid_session", "forbidden", "payload_too_large",
         "rate_limited", "not_found", "internal", "limit_reached"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False)
    | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=15,
)
element = st.fixed_dictionaries(
    {"id": st.integers(-3, 6_000) | json_values, "tag": st.sampled_from(
        ["a", "button", "input", "select", ""]) | json_values},
    optional={"text": st.text(max_size=40), "label": st.text(max_size=40) | json_values,
              "options": st.lists(st.fixed_dictionaries(
                  {"value": st.text(max_size=5), "text": st.text(max_size=5)}), max_size=3)
              | json_values, "checked": json_values, "parentId": json_values})
context = st.fixed_dictionaries({}, optional={
    "url": st.sampled_from(["https://a.com/", "javascript:alert(1)", ""]) | json_values,
    "title": st.text(max_size=30) | json_values, "visibleText": st.text(max_size=300),
    "indexedElements": st.lists(element, max_size=6) | json_values,
    "viewport": json_values, "forms": json_values, "extra": json_values})
message_body = st.one_of(
    st.fixed_dictionaries({"text": st.text(min_size=0, max_size=120)},
                          optional={"context": context | json_values}),
    st.fixed_dictionaries({"text": json_values}, optional={"context": json_values}),
    json_values,
)
session_ids = st.one_of(
    st.builds(lambda: str(uuid.uuid4())),
    st.text(min_size=1, max_size=60),
    st.sampled_from(["..", "%2e%2e", "%2F", "00000000-0000-0000-0000-000000000000"]),
)


@pytest.fixture(scope="module")
def client(served: Any) -> Any:
    with httpx.Client(base_url=served.url, headers={"Origin": SITE_A}, timeout=10) as c:
        yield c


def check(r: httpx.Response) -> None:
    assert r.status_code < 500, (r.status_code, r.text[:300])
    assert "Traceback" not in r.text
    if r.status_code in (404, 405) and "json" not in r.headers.get("content-type", ""):
        return  # no such route at all (e.g. the id held a "/" or was "..")
    if r.status_code >= 400:
        err = r.json()["error"]
        assert set(err) == {"code", "message"} and err["code"] in CODES, err
        assert 0 < len(err["message"]) <= 300


@pytest.mark.timeout(120)
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sid=session_ids, body=message_body, raw=st.booleans(), garbage=st.binary(max_size=64))
def test_post_message_bodies(client: httpx.Client, sid: str, body: Any, raw: bool,
                             garbage: bytes) -> None:
    path = f"/api/sessions/{quote(sid, safe='')}/messages"
    # json.dumps, not httpx's json=: it writes Infinity/NaN as a careless client would.
    content = garbage if raw else json.dumps(body).encode()
    r = client.post(path, content=content, headers={"content-type": "application/json"})
    check(r)
    if r.status_code == 202:
        assert set(r.json()) == {"messageId"}
    if r.status_code in (202, 429):  # accepted by body shape: then the id was a UUID
        uuid.UUID(sid)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sid=session_ids, query=st.dictionaries(st.text(max_size=8), st.text(max_size=20),
                                              max_size=3))
def test_get_endpoints(client: httpx.Client, sid: str, query: dict[str, str]) -> None:
    r = client.get(f"/api/sessions/{quote(sid, safe='')}", params=query)
    check(r)
    if r.status_code == 200:
        assert set(r.json()) >= {"sessionId", "history"}
    r = client.get("/api/widget-config", params=query)
    assert r.status_code == 200
    assert set(r.json()) == {"name", "accentColor", "suggestions", "limits"}


def test_sessions_consistent_after_fuzz(client: httpx.Client) -> None:
    """The server still answers, and a session's history is exactly what it was sent."""
    sid = str(uuid.uuid4())
    sent = [f"open the home page {i}" for i in range(5)]
    for text in sent:
        r = client.post(f"/api/sessions/{sid}/messages", json={"text": text})
        assert r.status_code == 202
    for _ in range(100):
        history = client.get(f"/api/sessions/{sid}").json()["history"]
        if sum(m["role"] == "agent" for m in history) >= len(sent):
            break
        time.sleep(0.05)
    visitor = [m["text"] for m in history if m["role"] == "visitor"]
    assert visitor == sent
    assert all(m["role"] in ("visitor", "agent") and m["id"] and m["createdAt"]
               for m in history)
    json.dumps(history)
