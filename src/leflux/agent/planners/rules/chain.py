"""The older intent handlers, for the flows the pipeline does not plan yet (contact and
other forms; questions, greetings, scrolling, search, the cart and checkout are the
pipeline's): the request is parsed into a queue of intents, worked through page by page.
Its memory is the ``chain`` part of the planner's state; each ``continue_task`` resumes the
intent at the head of the queue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from leflux.agent.planner import (
    FinishTask,
    PlanActions,
    PlanEvent,
    PlanRequest,
    ShowBlock,
    TextDelta,
)
from leflux.agent.planners.rules import consent, simple, tasks
from leflux.agent.planners.rules.decision import Ctx, D
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.extract import Facts, extract
from leflux.agent.planners.rules.intents import Intent, parse
from leflux.agent.planners.rules.talk import HELP

CANNOT = "Sorry, I can't do that here. " + HELP
HANDLERS: dict[str, Callable[[Ctx, Intent], D]] = {
    "click": simple.do_click,
    "find": simple.do_find,
    "select": simple.do_select,
    "toggle": simple.do_toggle,
    "form": tasks.do_form,
    "submit": tasks.do_submit,
    "consent": consent.do_consent,
}
_AGREE_RE = re.compile(r"\b(?:agree|accept)\b.*\b(?:terms|conditions|privacy|policy)\b", re.I)
_REFUSE_RE = re.compile(r"\b(?:don'?t|do not|never|won'?t|not)\s+(?:agree|accept)\b", re.I)
_CHUNK_RE = re.compile(r"\S+\s*")


_FORM_LABELS = {"signup": "Sign up", "login": "Log in", "contact": "Send the message",
                "booking": "Make the booking", "newsletter": "Subscribe"}


def step_label(i: Intent) -> str | None:
    """How an intent reads in a ``steps`` progress block (None: not a step)."""
    k = i["kind"]
    if k == "form":
        return _FORM_LABELS.get(i["form"], "Fill in the form" + (" and submit" if i.get(
            "submit") else ""))
    if k in ("click", "find"):
        return f"Open \u201c{i['target']}\u201d"
    if k == "select":
        return f"Choose \u201c{i['option']}\u201d"
    if k == "toggle":
        return f"{'Tick' if i['on'] else 'Untick'} \u201c{i['target']}\u201d"
    if k == "submit":
        return "Submit the form"
    return None


def _last_plan(memory: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((m for m in reversed(memory) if m.get("status") == "sent"), None)


def decide(req: PlanRequest, st: dict[str, Any], page: Page,
           wants_submit: bool | None = None) -> list[PlanEvent]:
    """Everything the chain says and does for one request (pure, no I/O). ``wants_submit``:
    what the understood request says about sending forms (None: the chain's own reading)."""
    results: list[dict[str, Any]] | None = None
    steps: list[dict[str, Any]] | None = None
    if req.visitor_text is not None:
        st.clear()
        facts = extract(req.visitor_text)
        st["facts"] = {"values": facts.values, "pairs": [list(p) for p in facts.pairs],
                       "text": req.visitor_text}
        st["queue"] = parse(req.visitor_text, bool(facts))
        if wants_submit is False:
            # "fill in ...", "update X to Y", "my surname is ...": fill, never send.
            for i in st["queue"]:
                if i["kind"] == "form" and i.get("form") in ("fill", "settings"):
                    i["submit"] = False
        if _AGREE_RE.search(req.visitor_text) and not _REFUSE_RE.search(req.visitor_text):
            for i in st["queue"]:
                i["agree"] = True
    else:
        raw = st.get("facts") or {}
        facts = Facts(dict(raw.get("values", {})), [tuple(p) for p in raw.get("pairs", [])],
                      raw.get("text", ""))
        last = _last_plan(req.memory)
        if last is not None:
            results = last.get("results") or []
            steps = last.get("steps") or []
    st["sure"] = True  # False once a handler fails or nothing understood the request
    queue: list[Intent] = st.setdefault("queue", [])
    texts: list[str] = []
    blocks: list[ShowBlock] = []
    labels = [lb for lb in map(step_label, queue) if lb]
    if req.visitor_text is not None and len(labels) >= 2:
        # Several things to do: show the plan of the task up front.
        blocks.append(ShowBlock("steps", {"steps": [
            {"label": lb, "status": "active" if n == 0 else "todo"}
            for n, lb in enumerate(labels)]}))
    guard = 0
    while queue and guard < 20:
        guard += 1
        intent = queue[0]
        kind = intent["kind"]
        if kind == "nothing_open":
            texts.append("There's nothing in progress to continue. What would you like to do?")
            queue.pop(0)
            continue
        handler = HANDLERS.get(kind)
        if handler is None:
            texts.append(CANNOT)
            st["sure"] = False
            queue.clear()
            break
        d = handler(Ctx(page, facts, results, steps), intent)
        results = steps = None  # only the intent that acted last sees the results
        blocks += d.blocks
        if d.text:
            texts.append(d.text)
        if d.status == "act":
            # The task ends on the continue_task after it, on the page as it is then
            # (iterative mode), not on the bare result.
            return [*_stream(" ".join(texts)), *blocks, PlanActions(d.steps)]
        queue.pop(0)
        if d.status == "fail":
            st["sure"] = False
            queue.clear()
            break
    text = " ".join(texts) or "Done."
    if req.visitor_text is None:
        # Continuing a task: the summary closes it; nothing else is left to do.
        first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        return [*blocks, FinishTask(summary=f"{req.goal[:200]} \u2014 {first}"[:500],
                                    message=text)]
    return [*_stream(text), *blocks]


def _stream(text: str) -> list[TextDelta]:
    # A few words per delta, like a model would stream.
    words = _CHUNK_RE.findall(text)
    return [TextDelta("".join(words[i:i + 4])) for i in range(0, len(words), 4)]
