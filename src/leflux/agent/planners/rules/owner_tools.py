"""The site owner's tools in the rules planner: which one a request asks for, its
arguments, and what to tell the visitor when its result comes back.

A request is grounded on a tool the way words are grounded on a control: the request's
own words (stopwords and the argument values taken out) are scored against the tool's
name, description and argument names with the grounding's :class:`Matcher` (stems,
synonyms, typos) and its thresholds; every clause of the request must be about the tool
("apply coupon X and go to checkout" is not). A tool is called when the request names it
(a word of its name) or its arguments are all given, and says what it is about; a tool
named but missing an argument gets a question, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leflux.agent.gate import tool_title
from leflux.agent.memory import last_plan
from leflux.agent.planner import FinishTask, Notice, PlanActions, PlanEvent, PlanRequest
from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.ground import ACCEPT, MARGIN, query_words
from leflux.agent.planners.rules.match import SAME_STEM, Matcher, tokens
from leflux.agent.planners.rules.model import Act, Request
from leflux.agent.planners.rules.tool_args import Filled, fill, label_of, properties
from leflux.agent.planners.rules.tool_reply import failure_text, result_text
from leflux.agent.planners.rules.understand import understand
from leflux.protocol import Step, ToolInfo
from leflux.toolspec import argument_errors

# With every required argument given, a request that covers this much of its words with
# the tool's is enough (the arguments say the rest): "track my order A1001".
COVER_WITH_ARGS = 0.5


@dataclass
class ToolMatch:
    tool: ToolInfo
    cover: float        # how much of the request's own words the tool's words cover
    filled: Filled


def _request_words(text: str, lang: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """The request's words without stopwords and without the argument values."""
    kept = list(text)
    for a, b in spans:
        kept[a:b] = " " * (b - a)
    return query_words("".join(kept), lang)


def _cover(words: tuple[str, ...], about: tuple[str, ...], lang: str) -> float:
    """How much of ``words`` the tool's words say (0..1), word by word."""
    m = Matcher(words, lang)
    best = [0.0] * len(words)
    for w in about:
        for i, v in enumerate(m.sims(w)):
            best[i] = max(best[i], v)
    return sum(best) / len(words)


def _score(tool: ToolInfo, text: str, request: Request) -> ToolMatch | None:
    lang = request.lang
    filled = fill(tool.parameters, text, lang)
    words = _request_words(text, lang, filled.spans)
    if not words:
        return None
    name_words = tokens(tool_title(tool.name))
    about = name_words + tokens(tool.description) + tuple(
        w for n, s in properties(tool.parameters).items() for w in tokens(label_of(n, s)))
    cover = _cover(words, about, lang)
    # Said the tool's name, or gave all it needs: a description alone is too loose.
    named = any(max(Matcher(words, lang).sims(w), default=0.0) >= SAME_STEM
                for w in name_words)
    if not named and (filled.missing or not filled.args):
        return None
    values = {w for v in filled.args.values() for w in tokens(str(v))}
    for clause in request.clauses if len(request.clauses) > 1 else ():
        stop = lex.stopwords(lang)
        own = tuple(w for w in tokens(clause.text) if w not in values and w not in stop)
        if own and _cover(own, about, lang) < COVER_WITH_ARGS:
            return None  # a clause about something else
    return ToolMatch(tool, cover, filled)


def match(text: str, request: Request, tools: list[ToolInfo]) -> ToolMatch | None:
    """The one tool a request asks for, or None (then the page is planned on as usual)."""
    if not tools:
        return None
    scored = sorted((s for t in tools if (s := _score(t, text, request)) is not None),
                    key=lambda s: -s.cover)
    if not scored:
        return None
    best = scored[0]
    enough = best.cover >= ACCEPT or (
        best.cover >= COVER_WITH_ARGS and not best.filled.missing and best.filled.args)
    if not enough or (len(scored) > 1 and scored[1].cover > best.cover - MARGIN):
        return None
    return best


def _ask_for(hit: ToolMatch) -> str:
    props = properties(hit.tool.parameters)
    names = [label_of(n, props.get(n, {})) for n in hit.filled.missing]
    what = " and ".join(f"the {n}" for n in names)
    return f"I can {tool_title(hit.tool.name)} for you. What's {what}?"


def _asked_before(req: PlanRequest, tools: list[ToolInfo]) -> str | None:
    """The visitor's earlier request when this message answers the question :func:`_ask_for`
    asked about it ("where is my order?" - "What's the order number?" - "10001")."""
    history = list(req.history)
    if history and history[-1].role == "visitor":
        history.pop()  # the message being answered
    if len(history) < 2 or history[-1].role != "agent" or history[-2].role != "visitor":
        return None
    asked = history[-1].text
    if any(asked.startswith(f"I can {tool_title(t.name)} for you. What's") for t in tools):
        return history[-2].text
    return None


# Requests that go somewhere on the site: planned on the page even when a tool's words
# appear in them (a tool answers one thing; it does not walk the visitor through a flow).
PAGE_FLOWS = frozenset({Act.CHECKOUT, Act.LOGIN, Act.SIGNUP, Act.LOGOUT, Act.NAVIGATE})


def start(request: Request, req: PlanRequest, state: dict[str, Any]) -> list[PlanEvent] | None:
    """The events for a request that asks for one of the page's tools, or None."""
    tools = list(req.context.tools or []) if req.context else []
    if not tools:
        return None
    if any(c.act in PAGE_FLOWS for c in request.clauses):
        return None  # "apply coupon X and go to checkout": the page's flow, step by step
    hit = match(request.text, request, tools)
    earlier = _asked_before(req, tools) if hit is None else None
    if earlier is not None:
        joined = f"{earlier.rstrip(' ?.!')}: {request.text}"
        hit = match(joined, understand(joined), tools)
    if hit is None:
        return None
    state.clear()
    if hit.filled.missing:
        return [Notice(_ask_for(hit), is_question=True)]
    if argument_errors(hit.tool.parameters, hit.filled.args):
        return None  # the whole schema wants more than the words gave: no half call
    title = tool_title(hit.tool.name)
    state.update({"tool": hit.tool.name, "title": title})
    step = Step(action="call_tool", toolName=hit.tool.name, args=hit.filled.args,
                description=title)
    return [PlanActions([step], confidence=round(min(1.0, hit.cover), 3))]


def resume(req: PlanRequest, state: dict[str, Any]) -> list[PlanEvent]:
    """The call's result is in: tell the visitor what it says (or, calmly, that it failed)."""
    title = str(state.get("title") or "that")
    last = last_plan(req.memory, "sent")
    results = (last.results if last else None) or []
    r = results[0] if results else None
    if r is None:
        message = f"I asked the site to {title}, but no answer came back. Please try again."
    elif r.success:
        message = result_text(title, r.result)
    else:
        message = failure_text(title, str(r.error or ""))
    state.clear()
    ok = bool(r and r.success)
    return [FinishTask(summary=f"{req.goal[:200]} \u2014 {title}: "
                               f"{'done' if ok else 'failed'}"[:500], message=message,
                       failed=not ok)]
