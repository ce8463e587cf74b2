"""Every client event of the protocol has exactly one route to the session layer."""

from __future__ import annotations

import inspect

from leflux.protocol import CLIENT_EVENTS
from leflux.session.service import SessionService
from leflux.transport.events import EVENT_ROUTES


def test_every_client_event_is_routed_once() -> None:
    assert set(EVENT_ROUTES) | {"join_session"} == set(CLIENT_EVENTS)
    assert "join_session" not in EVENT_ROUTES  # the join has its own handler


def test_routes_validate_with_the_protocol_model_and_reach_the_service() -> None:
    for name, (model, method) in EVENT_ROUTES.items():
        assert model is CLIENT_EVENTS[name]
        assert inspect.iscoroutinefunction(method)
        assert getattr(SessionService, method.__name__) is method
