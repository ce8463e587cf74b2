"""``query_value``: what ``parse_qs(query)[name][0]`` gives, on the fast split and off it."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from leflux.transport.handshake import query_value


@pytest.mark.parametrize("query", [
    "", "EIO=4&transport=websocket", "EIO=4&transport=websocket&sessionId=abc-123",
    "sessionId=abc", "sessionId=", "sessionId", "sessionId=&sessionId=b", "sessionId=a&sessionId=b",
    "&&sessionId=x&&", "sessionId=a=b", "sessionid=a", "x=1;sessionId=a", "sessionId=a;x=1",
    "sessionId=caf\u00e9", "sessionId=a%2Fb", "session%49d=a", "sessionId=a+b", "session+Id=a",
    "sessionId=%", "sessionId=%zz", "=x&sessionId=y",
])
def test_the_same_as_parse_qs(query):
    values = parse_qs(query).get("sessionId")
    assert query_value(query, "sessionId") == (values[0] if values else None)
