"""A step run again after a crash does not say twice what it said (session/unrepeated.py)."""

from __future__ import annotations

from leflux.session.unrepeated import (
    UnrepeatedStream,
    earlier_reply,
    said_before,
    since_visitor,
)
from leflux.storage.rows import MessageRow

SAID = "Filling in First name and pressing “Create account”."


class Live:
    stream_id = "stream-1"

    def __init__(self) -> None:
        self.deltas: list[str] = []

    async def write(self, delta: str) -> None:
        self.deltas.append(delta)

    @property
    def text(self) -> str:
        return "".join(self.deltas)


def _msg(role: str, text: str, **kw: object) -> MessageRow:
    return MessageRow(id=text, role=role, text=text, created_at="t", **kw)  # type: ignore[arg-type]


async def test_the_same_words_again_are_held_back() -> None:
    live = Live()
    stream = UnrepeatedStream(live, SAID)
    for delta in ("Filling in First name", " and pressing “Create account”."):
        await stream.write(delta)
    assert live.deltas == []  # nothing sent, so nothing stored either
    assert stream.text == SAID  # what the engine reads is what the planner said
    assert stream.stream_id == "stream-1"


async def test_words_that_differ_go_out_whole_from_where_they_differ() -> None:
    live = Live()
    stream = UnrepeatedStream(live, SAID)
    for delta in ("Filling in ", "Last name", " now."):
        await stream.write(delta)
    assert live.deltas == ["Filling in Last name", " now."]
    assert stream.text == "Filling in Last name now."


async def test_without_earlier_words_everything_goes_out() -> None:
    live = Live()
    stream = UnrepeatedStream(live, "")
    await stream.write("hi")
    assert live.deltas == ["hi"]


def test_what_the_step_said_is_what_follows_the_visitor_s_last_words() -> None:
    history = [_msg("visitor", "old"), _msg("agent", "old reply", stream_id="s0"),
               _msg("visitor", "sign me up"), _msg("agent", SAID, stream_id="s1"),
               _msg("agent", "", block_type="form_summary", data={"fields": []})]
    said = since_visitor(history)
    assert [m.text for m in said] == [SAID, ""]
    assert earlier_reply(said) == SAID
    assert said_before(said, "", "form_summary", {"fields": []})
    assert not said_before(said, "", "form_summary", {"fields": [1]})
    assert not said_before(said, "old reply", None, None)
