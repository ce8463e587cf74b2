"""Single-purpose intents: click/open, find, select, check."""

from __future__ import annotations

import re

from leflux.agent.planners.rules.decision import (
    Ctx,
    D,
    act,
    choices,
    click,
    done,
    fail,
    q,
)
from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.forms import _choose_option
from leflux.agent.planners.rules.intents import Intent
from leflux.agent.planners.rules.text import content_words, norm, word_sim, words
from leflux.protocol import Step

AMBIGUOUS_GAP = 0.06
_PATH_RE = re.compile(r"^/[\w\-./?=&%]*$")
SHOP_LINK_RE = re.compile(r"^(?:shop|products|all products|store|catalog(?:ue)?|search)$", re.I)
SEARCH_BTN_RE = re.compile(r"\b(?:search|go|find)\b", re.I)


def pick(page: Page, query: str, pool: list[El], exclude: set[int] | None = None
         ) -> tuple[El | None, list[El]]:
    """The best match, or (None, the tied candidates) when the request is ambiguous."""
    ranked = page.best(query, pool, exclude=exclude)
    if not ranked:
        return None, []
    qn = norm(query)
    exact = [el for _, el in ranked if qn in (norm(el.display), norm(el.name_text))]
    if exact:
        return exact[0], []
    top_s = ranked[0][0]
    tied = [el for s, el in ranked if s >= top_s - AMBIGUOUS_GAP]
    if len({el.display.lower() for el in tied}) > 1:
        return None, tied
    return ranked[0][1], []


def _after(ctx: Ctx, intent: Intent, ok_text: str) -> D | None:
    """Common continuation: the plan this intent sent came back.

    A failed element is retried only through a twin with the same label (a hidden mobile
    link and its visible desktop copy); never through a different, weaker match."""
    if ctx.results is None:
        return None
    if not ctx.failed:
        return done(ok_text)
    failed = ctx.failed_ids() or {intent.get("chosen_id", -1)}
    intent.setdefault("exclude", []).extend(failed)
    intent["tries"] = intent.get("tries", 0) + 1
    intent.pop("phase", None)
    label = norm(intent.get("chosen", ""))
    twin = next((el for el in ctx.page.els if el.id not in intent["exclude"] and label
                 and norm(el.display) == label), None)
    if twin is None or intent["tries"] > 2:
        return fail(f"I tried {q(intent.get('chosen', 'that'))}, but it didn't work: "
                    f"{ctx.failure_text()}.")
    intent["id"] = twin.id
    return None


def _chose(intent: Intent, el: El, ok: str) -> None:
    intent.update(phase="acted", ok=ok, chosen=el.display, chosen_id=el.id)


def do_click(ctx: Ctx, intent: Intent) -> D:
    if intent.get("phase") == "acted" and (r := _after(ctx, intent, intent.get("ok", ""))):
        return r
    page, target = ctx.page, intent["target"]
    exclude = set(intent.get("exclude", []))
    if "id" in intent and intent["id"] in page.by_id and intent["id"] not in exclude:
        el: El | None = page.by_id[intent["id"]]
        tied: list[El] = []
    else:
        el, tied = pick(page, target, page.clickables, exclude)
        if el is None and not tied:
            el, tied = pick(page, target, [e for e in page.els if not e.is_text_field], exclude)
    if tied:
        return fail(f"Which one do you mean by {q(target)}?",
                    [choices("Which one do you mean?", "open" if intent.get("nav") else "click",
                             tied)])
    if el is None:
        if _PATH_RE.match(target.strip()):
            intent.update(phase="acted", ok=f"Opened {target}.")
            return act(f"Going to {target}.", Step(action="navigate", inputData=target.strip(),
                                                  description=f"go to {target}"))
        if target.lower() in ("home", "homepage", "home page", "start"):
            intent.update(phase="acted", ok="Opened the home page.")
            return act("Going to the home page.", Step(action="navigate", inputData="/",
                                                       description="home page"))
        return fail(f"I couldn't find {q(target)} on this page.")
    verb = "Opening" if intent.get("nav") or el.tag == "a" else "Clicking"
    _chose(intent, el, f"{'Opened' if verb == 'Opening' else 'Clicked'} {q(el.display)}.")
    return act(f"{verb} {q(el.display)}.", click(el))


def do_find(ctx: Ctx, intent: Intent) -> D:
    """'find X': open it when it is on the page (the site's search is the pipeline's)."""
    page = ctx.page
    el, tied = pick(page, intent["target"], page.clickables, set(intent.get("exclude", [])))
    if el is not None or tied:
        intent["nav"] = True
        return do_click(ctx, intent)
    return fail(f"I couldn't find {q(intent['target'])} on this page.")


def _field_then_option(page: Page, option: str, exclude: set[int]) -> tuple[El, str] | None:
    """'size 42', 'color blue': a select's own name first, then one of its options."""
    ow = words(option)
    for sel in page.fields:
        if not sel.is_select or sel.id in exclude:
            continue
        lw = content_words(sel.e.label or sel.e.name or "")
        n = len(lw)
        if n and len(ow) > n and all(word_sim(a, b) >= 0.8 for a, b in zip(ow[:n], lw,
                                                                            strict=False)):
            rest = " ".join(ow[n:])
            if rest.startswith(("by ", "to ", "is ")):
                rest = rest[3:]
            opt = _choose_option(sel, rest)
            if opt:
                return sel, opt
    return None


def do_select(ctx: Ctx, intent: Intent) -> D:
    if intent.get("phase") == "acted" and (r := _after(ctx, intent, intent.get("ok", ""))):
        return r
    page, option, fld = ctx.page, intent["option"], intent.get("field")
    exclude = set(intent.get("exclude", []))
    selects = [el for el in page.fields if el.is_select and el.id not in exclude]
    twin = page.by_id.get(intent.get("id", -1))
    if twin is not None:
        selects = [twin] if twin.is_select else []
    elif fld:
        ranked = page.best(fld, selects)
        selects = [el for _, el in ranked] or selects
    for sel in selects:
        opt = _choose_option(sel, option)
        if opt:
            _chose(intent, sel, f"Selected {q(opt)}.")
            return act(f"Selecting {q(opt)} in {q(sel.display)}.",
                       Step(action="select", elementId=sel.id, inputData=opt,
                            description=sel.display))
    if twin is None and not fld and (hit := _field_then_option(page, option, exclude)):
        sel, opt = hit
        _chose(intent, sel, f"Selected {q(opt)}.")
        return act(f"Selecting {q(opt)} in {q(sel.display)}.",
                   Step(action="select", elementId=sel.id, inputData=opt,
                        description=sel.display))
    toggles = [el for el in page.fields if el.is_toggle]
    tied: list[El] = []
    el: El | None = twin
    if twin is None:
        el, tied = pick(page, option, toggles, exclude)
        if el is None and not tied:
            el, tied = pick(page, option, page.clickables, exclude)
    if tied:
        return fail(f"Which one do you mean by {q(option)}?",
                    [choices("Which one?", "choose", tied)])
    if el is None:
        return fail(f"I couldn't find an option {q(option)} here.")
    if el.is_toggle and el.e.checked:
        return done(f"{q(el.display)} is already selected.")
    _chose(intent, el, f"Chose {q(el.display)}.")
    step = Step(action="check", elementId=el.id, description=el.display) if el.is_toggle \
        else click(el)
    return act(f"Choosing {q(el.display)}.", step)


def do_toggle(ctx: Ctx, intent: Intent) -> D:
    on = bool(intent["on"])
    word = "Checked" if on else "Unchecked"
    if intent.get("phase") == "acted" and (r := _after(ctx, intent, intent.get("ok", ""))):
        return r
    page = ctx.page
    toggles = [el for el in page.fields if el.is_toggle]
    twin = page.by_id.get(intent.get("id", -1))
    el, tied = (twin, []) if twin is not None else pick(
        page, intent["target"], toggles, set(intent.get("exclude", [])))
    if tied:
        return fail(f"Which one do you mean by {q(intent['target'])}?",
                    [choices("Which one?", "check" if on else "uncheck", tied)])
    if el is None:
        return fail(f"I couldn't find a checkbox for {q(intent['target'])}.")
    if bool(el.e.checked) == on:
        return done(f"{q(el.display)} is already {'checked' if on else 'unchecked'}.")
    _chose(intent, el, f"{word} {q(el.display)}.")
    return act(f"{'Checking' if on else 'Unchecking'} {q(el.display)}.",
               Step(action="check" if on else "uncheck", elementId=el.id,
                    description=el.display))
