"""The LLM planners against fake OpenAI / Anthropic servers on loopback: streamed text,
tool calls split across chunks, and how tool calls become plan events."""

from __future__ import annotations

from leflux.agent.planner import (
    AskConfirmation,
    FinishTask,
    Notice,
    PlanActions,
    ShowBlock,
    TextDelta,
)
from leflux.protocol import Step
from tests.support.fake_llm import FakeToolCall, Reply
from tests.unit.llm.conftest import collect, make_request


def steps_of(events: list[object]) -> list[Step]:
    plans = [e for e in events if isinstance(e, PlanActions)]
    assert len(plans) == 1, events
    return plans[0].steps


async def test_text_streams_as_many_deltas(llm, kind):
    text = "Hello! I can help you sign up. What email should I use?"
    # The chunks a few ms apart: the events of one network read come out as one piece.
    planner, fake = await llm([Reply(text=text, text_chunk_chars=3, output_tokens=11,
                                     chunk_delay_s=0.005)])
    request = make_request("hi")
    events = await collect(planner, request)
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert len(deltas) >= len(text) // 3  # streamed piece by piece, not in one go
    assert "".join(deltas) == text
    assert all(isinstance(e, TextDelta) for e in events)
    assert request.planner_state["tokens"] == {"input": 42, "output": 11}
    assert len(fake.requests) == 1
    req = fake.requests[0]
    assert req.headers.get("Authorization") == "Bearer test-key" or \
        req.headers.get("X-Api-Key") == "test-key"
    assert req.body["stream"] is True
    assert req.body["model"] == "fake-model"


async def test_offers_exactly_the_spec_tools(llm):
    planner, fake = await llm([Reply(text="ok")])
    await collect(planner, make_request())
    assert fake.requests[0].tool_names == [
        "click", "type_text", "select_option", "check", "press_key", "scroll", "navigate",
        "run_sequence", "show_ui_block", "ask_confirmation", "finish_task",
    ]


async def test_tool_calls_split_across_chunks_become_one_sequence(llm):
    calls = [
        FakeToolCall("type_text", {"element_id": 1, "text": "Ahmed", "description": "name"}),
        FakeToolCall("type_text", {"element_id": 2, "text": "ahmed@example.com"}),
        FakeToolCall("click", {"element_id": 5, "description": "submit"}),
    ]
    planner, _ = await llm([Reply(text="Signing you up.", tool_calls=calls, args_chunk_chars=3)])
    events = await collect(planner, make_request())
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "Signing you up."
    steps = steps_of(events)
    assert [(s.action, s.elementId, s.inputData) for s in steps] == [
        ("type", 1, "Ahmed"), ("type", 2, "ahmed@example.com"), ("click", 5, None)]
    assert steps[0].description == "name"
    assert steps[1].description  # filled in from the element's label when the model gave none


async def test_interleaved_parallel_tool_calls_are_joined_by_index():
    # OpenAI-only: its stream may interleave fragments of parallel calls.
    from leflux.agent.planners.llm import create_llm_planner
    from leflux.config import Settings
    from tests.support.fake_openai import FakeOpenAI

    calls = [FakeToolCall("type_text", {"element_id": 1, "text": "A" * 30}),
             FakeToolCall("select_option", {"element_id": 3, "option": "France"}),
             FakeToolCall("check", {"element_id": 4, "checked": True})]
    async with FakeOpenAI([Reply(tool_calls=calls, interleave=True, args_chunk_chars=2)]) as fake:
        planner = create_llm_planner(Settings(planner="openai"), api_key="k",
                                     base_url=f"{fake.base_url}/v1")
        events = await collect(planner, make_request())
        await planner.aclose()
    assert [(s.action, s.elementId, s.inputData) for s in steps_of(events)] == [
        ("type", 1, "A" * 30), ("select", 3, "France"), ("check", 4, None)]


async def test_run_sequence_is_one_plan(llm):
    seq = {"steps": [
        {"action": "type", "element_id": 1, "value": "Ahmed"},
        {"action": "select", "element_id": 3, "value": "eg"},
        {"action": "uncheck", "element_id": 4},
        {"action": "press", "element_id": 2, "value": "Tab"},
        {"action": "scroll", "value": "bottom"},
        {"action": "click", "element_id": 5, "description": "Sign up"},
    ]}
    planner, _ = await llm([Reply(tool_calls=[FakeToolCall("run_sequence", seq)])])
    steps = steps_of(await collect(planner, make_request()))
    assert [(s.action, s.elementId, s.inputData) for s in steps] == [
        ("type", 1, "Ahmed"), ("select", 3, "eg"), ("uncheck", 4, None), ("press", 2, "Tab"),
        ("scroll", None, "bottom"), ("click", 5, None)]


async def test_single_tools_map_to_steps(llm):
    calls = [FakeToolCall("check", {"element_id": 4, "checked": False}),
             FakeToolCall("press_key", {"key": "Enter"}),
             FakeToolCall("scroll", {"element_id": 5}),
             FakeToolCall("navigate", {"url": "/cart"})]
    planner, _ = await llm([Reply(tool_calls=calls)])
    steps = steps_of(await collect(planner, make_request()))
    assert [(s.action, s.elementId, s.inputData) for s in steps] == [
        ("uncheck", 4, None), ("press", None, "Enter"), ("scroll", 5, None),
        ("navigate", None, "http://shop.test/cart")]


async def test_finish_task(llm):
    fin = {"summary": "Signed up Ahmed", "message": "You're signed up!"}
    planner, _ = await llm([Reply(text="Done.", tool_calls=[FakeToolCall("finish_task", fin)])])
    events = await collect(planner, make_request(None, goal="sign me up"))
    assert events[-1] == FinishTask("Signed up Ahmed", "You're signed up!")
    assert not [e for e in events if isinstance(e, PlanActions)]


async def test_actions_then_finish_in_one_response_keep_that_order(llm):
    calls = [FakeToolCall("click", {"element_id": 5}),
             FakeToolCall("finish_task", {"summary": "Submitted", "message": "Sent!"})]
    planner, _ = await llm([Reply(tool_calls=calls)])
    events = await collect(planner, make_request())
    assert [type(e) for e in events] == [PlanActions, FinishTask]


async def test_ask_confirmation_comes_before_the_plan_it_guards(llm):
    calls = [FakeToolCall("click", {"element_id": 8, "description": "Delete account"}),
             FakeToolCall("ask_confirmation", {"message": "Delete your account?",
                                               "confirm_label": "Delete",
                                               "cancel_label": "Keep it"})]
    planner, _ = await llm([Reply(tool_calls=calls)])
    events = await collect(planner, make_request("delete my account"))
    assert [type(e) for e in events] == [AskConfirmation, PlanActions]
    assert events[0] == AskConfirmation("Delete your account?", "Delete", "Keep it")


async def test_show_ui_block_is_checked_against_the_spec_shapes(llm):
    data = {"options": [{"label": "Red shoes", "value": "red shoes"},
                        {"label": "Blue shoes", "value": "blue shoes"}]}
    cards = {"items": [{"title": "Runner", "price": 49.5, "url": "/p/runner"}]}
    calls = [FakeToolCall("show_ui_block", {"block_type": "choices", "data": data,
                                            "message": "Which one?"}),
             FakeToolCall("show_ui_block", {"block_type": "product_cards", "data": cards})]
    planner, _ = await llm([Reply(tool_calls=calls)])
    events = await collect(planner, make_request("shoes"))
    assert events == [ShowBlock("choices", data, "Which one?"),
                      ShowBlock("product_cards", {"items": [{"title": "Runner", "price": "49.5",
                                                             "url": "/p/runner"}]}, None)]


async def test_no_answer_at_all_is_reported(llm):
    planner, _ = await llm([Reply()])
    events = await collect(planner, make_request())
    assert len(events) == 1 and isinstance(events[0], Notice) and events[0].is_error


async def test_openai_compatible_server_quirks():
    # Ollama-style whole tool calls without an index, and a server that refuses
    # stream_options: the planner still gets its steps, and stops sending the option.
    from leflux.agent.planners.llm import create_llm_planner
    from leflux.config import Settings
    from tests.support.fake_openai import FakeOpenAI

    calls = [FakeToolCall("type_text", {"element_id": 1, "text": "Ahmed"}),
             FakeToolCall("click", {"element_id": 5})]
    script = [Reply(tool_calls=calls, whole_tool_calls=True, omit_tool_index=True),
              Reply(text="again", tool_calls=calls, omit_tool_index=True)]
    fake = FakeOpenAI(script)
    fake.refuse_stream_options = True
    async with fake:
        planner = create_llm_planner(Settings(planner="openai"), base_url=f"{fake.base_url}/v1")
        first = await collect(planner, make_request())
        second = await collect(planner, make_request())
        await planner.aclose()
    for events in (first, second):
        assert [(s.action, s.elementId) for s in steps_of(events)] == [("type", 1), ("click", 5)]
    bodies = [r.body for r in fake.requests]
    assert "stream_options" in bodies[0] and "stream_options" not in bodies[1]
    assert all("stream_options" not in b for b in bodies[1:])
    assert fake.requests[1].headers["Authorization"] == "Bearer not-needed"  # no key needed


def test_fakes_also_run_in_a_thread_for_sync_callers():
    # For tests that drive a server subprocess without an event loop of their own.
    import anthropic
    import openai

    from tests.support.fake_anthropic import FakeAnthropic
    from tests.support.fake_openai import FakeOpenAI

    fake_o = FakeOpenAI([Reply(text="hello from a thread")]).start_in_thread()
    fake_a = FakeAnthropic([Reply(text="hello from a thread")]).start_in_thread()
    try:
        o = openai.OpenAI(api_key="k", base_url=f"{fake_o.base_url}/v1", max_retries=0)
        out = o.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
        assert out.choices[0].message.content == "hello from a thread"
        a = anthropic.Anthropic(api_key="k", base_url=fake_a.base_url, max_retries=0)
        msg = a.messages.create(model="m", max_tokens=10,
                                messages=[{"role": "user", "content": "hi"}])
        assert msg.content[0].text == "hello from a thread"
    finally:
        fake_o.stop_thread()
        fake_a.stop_thread()
