"""Multi-step intents: fill and submit a form.

Each keeps its progress in the intent dict (``phase``, ``visited``...) so the next
iteration of the task continues where this one stopped, on whatever page it is now.
"""

from __future__ import annotations

import re

from leflux.agent.planner import ShowBlock
from leflux.agent.planners.rules import consent, outcome
from leflux.agent.planners.rules.decision import Ctx, D, act, click, done, fail, q
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.forms import field_kind, fill_steps, submit_button
from leflux.agent.planners.rules.intents import Intent
from leflux.protocol import Step

_FORM_LINKS = {
    "login": r"\b(?:log ?in|sign ?in|my account)\b",
    "signup": r"\b(?:sign ?up|register|create (?:an )?account|join)\b",
    "booking": r"\b(?:book|reserv|appointment)",
    "contact": r"\bcontact\b",
}
_SECRET = ("password", "card_number", "card_cvc")


def _summary(steps: list[Step], page: Page) -> ShowBlock:
    fields = []
    for s in steps:
        if s.action not in ("type", "select", "check", "uncheck") or s.elementId is None:
            continue
        el = page.by_id.get(s.elementId)
        secret = el is not None and (el.type == "password" or any(
            k in el.field_text.lower() for k in ("card", "cvc", "cvv")))
        value = s.inputData or ("yes" if s.action == "check" else "no")
        fields.append({"label": s.description, "value": "••••••" if secret else value})
    return ShowBlock("form_summary", {"fields": fields})


def do_form(ctx: Ctx, intent: Intent) -> D:
    page, phase = ctx.page, intent.get("phase")
    if phase in ("filled", "submitted", "asked") and ctx.results is not None:
        if ctx.failed:
            intent.setdefault("exclude", []).extend(ctx.failed_ids())
            intent["tries"] = intent.get("tries", 0) + 1
            if intent["tries"] > 2 or not ctx.failed_ids():
                return fail(f"I couldn't fill in the form: {ctx.failure_text()}.")
            intent.pop("phase")
        elif phase == "filled":
            filled = f"Filled in {', '.join(intent.get('labels', []))}."
            # Say what the form still needs, so the visitor knows what to tell us next.
            missing = [el.display for el in page.fields if consent.is_required(el)
                       and not (el.e.value or el.e.checked)]
            if missing:
                return done(f"{filled} Still needed: {', '.join(missing)}. Tell me and "
                            "I'll fill them in.")
            return done(filled)
        elif phase == "asked":
            return consent.asked(intent, intent.get("labels", []))
        else:
            return outcome.report(page, intent)
    if phase == "to_form" and ctx.failed:
        return fail(f"I couldn't open the form: {ctx.failure_text()}.")
    facts = ctx.facts
    if intent.get("pairs"):
        facts = type(facts)(dict(facts.values), [*map(tuple, intent["pairs"]), *facts.pairs],
                            facts.text)
    exclude = set(intent.get("exclude", []))
    steps, labels = fill_steps(page, facts, exclude=exclude)
    if intent.get("agree"):
        steps += consent.agree_steps(page)
    pattern = _FORM_LINKS.get(intent["form"])
    # Log-in and sign-up forms look alike (a password field): when this page holds the
    # other one, go to the right one first even though some fields would fit.
    has_password = any(el.type == "password" for el in page.fields)
    wrong_form = (intent["form"] == "login" and not _has_form(page, "login")) or (
        intent["form"] == "signup" and (_has_form(page, "login") or not has_password))
    if (not steps or wrong_form) and pattern and not intent.get("navigated") \
            and not _has_form(page, intent["form"]):
        here = page.url.split("?")[0].split("#")[0]
        link = next((el for el in page.clickables if el.e.href
                     and re.search(pattern, el.name_text, re.I)
                     and el.e.href.split("?")[0].split("#")[0] != here), None)
        if link is not None:
            intent.update(phase="to_form", navigated=True)
            return act(f"Opening {q(link.display)} first.", click(link))
    if not steps:
        if not facts:
            return fail("Tell me what to fill in (for example \u201cname: Ahmed, email: "
                        "ahmed@example.com\u201d).")
        return fail("I couldn't find fields on this page for what you gave me.")
    intent["labels"] = labels
    blocks = [_summary(steps, page)]
    if not intent.get("submit"):
        intent.update(phase="filled", ok=f"Filled in {', '.join(labels)}.")
        return act(f"Filling in {', '.join(labels)}.", *steps, blocks=blocks)
    ids = [s.elementId for s in steps if s.elementId is not None]
    if boxes := consent.pending(page, ids, {*ids, *exclude}):
        # A required box the visitor said nothing about: fill the rest, then ask.
        intent.update(phase="asked", ask=consent.ask(boxes))
        return act(f"Filling in {', '.join(labels)}.", *steps, blocks=blocks)
    btn = submit_button(page, ids, exclude=exclude)
    if btn is not None:
        steps.append(click(btn, btn.display))
    else:
        last = next((s for s in reversed(steps) if s.action == "type"), None)
        if last is None:
            return fail("I filled what I could but couldn't find how to submit this form.")
        steps.append(Step(action="press", elementId=last.elementId, inputData="Enter",
                          description="submit"))
    intent.update(phase="submitted", url=page.url, before=outcome.before_lines(page))
    return act(f"Filling in {', '.join(labels)} and submitting.", *steps, blocks=blocks)


def _has_form(page: Page, form: str) -> bool:
    """Is the form the intent needs already on this page (so there is nowhere to go)?"""
    kinds = [field_kind(el) for el in page.fields if not el.is_toggle]
    if form == "login":
        return kinds.count("password") == 1 and not {"confirm_password", "new_password",
                                                      "first_name", "name"} & set(kinds)
    if form == "signup":
        return "password" in kinds and bool({"confirm_password", "first_name", "name"}
                                            & set(kinds))
    if form == "contact":
        return any(el.tag == "textarea" for el in page.fields)
    if form == "booking":
        return any(el.type in ("date", "time") for el in page.fields)
    return False


def do_submit(ctx: Ctx, intent: Intent) -> D:
    if intent.get("phase") == "acted" and ctx.results is not None:
        intent["phase"] = "submitted"
        intent["form"] = "fill"
        return do_form(ctx, intent)
    page = ctx.page
    filled = [el.id for el in page.fields if el.e.value]
    btn = submit_button(page, filled)
    if btn is None:
        return fail("I couldn't find a submit button here.")
    intent.update(phase="acted", url=page.url, before=outcome.before_lines(page))
    return act(f"Submitting with {q(btn.display)}.", click(btn))
