"""Expectations checked against the page itself (never the agent's words, except
``reply``). Playwright's CSS selectors pierce open shadow roots; ``frame`` looks inside
an iframe."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from leflux.eval.tasks import (
    AbsentCheck,
    CountCheck,
    Expectation,
    JsCheck,
    ReplyCheck,
    SelectorCheck,
    UrlCheck,
)

# A check reads the page as it is; it never waits for it to change.
_READ_MS = 2000


@dataclass(frozen=True)
class CheckResult:
    check: dict[str, Any]
    passed: bool
    detail: str  # what the page showed, for the report

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "passed": self.passed, "detail": self.detail}


def norm(text: str | None) -> str:
    """Case and runs of whitespace do not matter in text comparisons."""
    return re.sub(r"\s+", " ", text or "").strip().casefold()


# The state of an element, read in the page: text as shown, value (a select's selected
# option gives its label too), checked (native or ARIA).
_STATE = """(el) => {
  const aria = el.getAttribute('aria-checked') ?? el.getAttribute('aria-pressed');
  let checked = null;
  if (typeof el.checked === 'boolean' && el.matches('input')) checked = el.checked;
  else if (aria !== null) checked = aria === 'true';
  const values = [];
  if ('value' in el && typeof el.value === 'string') values.push(el.value);
  if (el instanceof HTMLSelectElement)
    for (const o of el.selectedOptions) values.push(o.label, o.textContent || '');
  if (el.isContentEditable) values.push(el.innerText);
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const visible = style.visibility !== 'hidden' && style.display !== 'none' &&
    (box.width > 0 || box.height > 0);
  return { text: el.innerText ?? el.textContent ?? '', values, checked, visible };
}"""


def _scope(page: Any, frame: str | None) -> Any:
    return page.frame_locator(frame) if frame else page


async def _states(page: Any, selector: str, frame: str | None) -> list[dict[str, Any]]:
    loc = _scope(page, frame).locator(selector)
    out = []
    for i in range(await loc.count()):
        try:
            out.append(await loc.nth(i).evaluate(_STATE, timeout=_READ_MS))
        except Exception:  # detached meanwhile
            continue
    return out


def _holds(check: SelectorCheck, state: dict[str, Any]) -> bool:
    if check.text is not None and norm(check.text) not in norm(state["text"]):
        return False
    if check.value is not None and norm(check.value) not in [norm(v) for v in state["values"]]:
        return False
    if check.checked is not None and state["checked"] is not check.checked:
        return False
    if check.text is None and check.value is None and check.checked is None:
        return bool(state["visible"])
    return True


def _show(state: dict[str, Any]) -> str:
    bits = []
    if state["values"]:
        bits.append(f"value={state['values'][0]!r}")
    if state["checked"] is not None:
        bits.append(f"checked={state['checked']}")
    text = " ".join(state["text"].split())
    if text:
        bits.append(f"text={text[:80]!r}")
    if not state["visible"]:
        bits.append("hidden")
    return " ".join(bits) or "(empty)"


async def _selector(page: Any, check: SelectorCheck) -> tuple[bool, str]:
    states = await _states(page, check.selector, check.frame)
    if not states:
        return False, "no element matches"
    if any(_holds(check, s) for s in states):
        return True, f"{len(states)} match"
    shown = "; ".join(_show(s) for s in states[:3])
    return False, f"{len(states)} match, none holds: {shown}"


async def run_check(page: Any, check: Expectation, replies: str) -> CheckResult:
    spec = check.model_dump(exclude_none=True)
    try:
        passed, detail = await _run(page, check, replies)
    except Exception as exc:  # a bad selector or a script error is a failed check
        passed, detail = False, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    return CheckResult(spec, passed, detail)


async def _run(page: Any, check: Expectation, replies: str) -> tuple[bool, str]:
    if isinstance(check, SelectorCheck):
        return await _selector(page, check)
    if isinstance(check, CountCheck):
        selector, want = check.count
        got = await _scope(page, check.frame).locator(selector).count()
        return got == want, f"{got} match"
    if isinstance(check, UrlCheck):
        return check.url in page.url, page.url
    if isinstance(check, JsCheck):
        value = await page.evaluate(check.js)
        return bool(value), f"gave {value!r}"[:200]
    if isinstance(check, ReplyCheck):
        found = norm(check.reply) in norm(replies)
        return found, "in the replies" if found else "not in the replies"
    if isinstance(check, AbsentCheck):
        visible = [s for s in await _states(page, check.absent, check.frame) if s["visible"]]
        return not visible, f"{len(visible)} visible" if visible else "none visible"
    raise TypeError(f"unknown expectation {check!r}")


async def run_checks(page: Any, checks: list[Expectation], replies: str) -> list[CheckResult]:
    return [await run_check(page, c, replies) for c in checks]
