"""The task file: what a site owner writes to say "these requests must work on my pages".

```yaml
site: http://127.0.0.1:8080        # base URL of the pages under test
inject: true                       # add the embed when a page lacks it
tasks:
  - name: add a todo
    start: /todo/index.html
    setup: [{fill: ["#new-todo", "walk the dog"]}, {press: ["#new-todo", "Enter"]}]
    say: ["put eggs on my list"]
    confirm: approve               # approve | decline (default decline)
    timeout: 40                    # seconds per turn (default 40)
    expect:
      - {selector: ".todo-list li", text: "eggs"}
```

Parsing is strict (no unknown keys, no type coercion) and every error names the file,
the task and the key, so a typo never silently turns into a task that cannot fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urljoin, urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    ValidationError,
    field_validator,
)

from leflux.errors import ConfigError

DEFAULT_TIMEOUT_S = 40.0

# Scalars are strict (no "40" for 40, no "yes" for true); lists from YAML are lists.
NonEmpty = Annotated[str, Strict(), Field(min_length=1)]
Text = Annotated[str, Strict()]
Flag = Annotated[bool, Strict()]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- setup steps
# Each step is a one-key mapping, done by the eval with Playwright before the first turn.


class FillStep(_Strict):
    fill: tuple[NonEmpty, Text]  # [selector, value]


class PressStep(_Strict):
    press: tuple[NonEmpty, NonEmpty]  # [selector, key], e.g. ["#q", "Enter"]


class ClickStep(_Strict):
    click: NonEmpty  # selector


class SelectStep(_Strict):
    select: tuple[NonEmpty, Text]  # [selector, option value or label]


class CheckStep(_Strict):
    check: NonEmpty


class UncheckStep(_Strict):
    uncheck: NonEmpty


class GotoStep(_Strict):
    goto: NonEmpty  # a path under site


SetupStep = FillStep | PressStep | ClickStep | SelectStep | CheckStep | UncheckStep | GotoStep
_STEPS: dict[str, type[_Strict]] = {
    "fill": FillStep, "press": PressStep, "click": ClickStep, "select": SelectStep,
    "check": CheckStep, "uncheck": UncheckStep, "goto": GotoStep,
}


# ---------------------------------------------------------------- expectations


class SelectorCheck(_Strict):
    """Some element matching ``selector`` holds every state given (text contains, value
    equals, checked); with none given, some element matching it is visible."""

    selector: NonEmpty
    text: Text | None = None
    value: Text | None = None
    checked: Flag | None = None
    frame: NonEmpty | None = None  # a selector of an <iframe>: look inside it


class CountCheck(_Strict):
    count: tuple[NonEmpty, Annotated[int, Strict(), Field(ge=0)]]  # [selector, how many match]
    frame: NonEmpty | None = None


class UrlCheck(_Strict):
    url: NonEmpty  # the page's URL contains this


class JsCheck(_Strict):
    js: NonEmpty  # an expression (or function) evaluated in the page; must be truthy


class ReplyCheck(_Strict):
    reply: NonEmpty  # the agent's replies in this task contain this (case-insensitive)


class AbsentCheck(_Strict):
    absent: NonEmpty  # no visible element matches
    frame: NonEmpty | None = None


Expectation = SelectorCheck | CountCheck | UrlCheck | JsCheck | ReplyCheck | AbsentCheck
_CHECKS: dict[str, type[_Strict]] = {
    "selector": SelectorCheck, "count": CountCheck, "url": UrlCheck, "js": JsCheck,
    "reply": ReplyCheck, "absent": AbsentCheck,
}


def _picker(kinds: dict[str, type[_Strict]], what: str) -> Discriminator:
    """Picks a union member by the item's leading key ("selector", "fill"…). Tags are the
    model names, which the error formatter leaves out of locations."""

    def pick(item: Any) -> str | None:
        if isinstance(item, _Strict):
            return type(item).__name__
        found = [k for k in kinds if k in item] if isinstance(item, dict) else []
        return kinds[found[0]].__name__ if len(found) == 1 else None

    return Discriminator(pick, custom_error_type=f"{what}_kind",
                         custom_error_message=f"each {what} is a mapping with exactly one of "
                                              + ", ".join(kinds))


AnyStep = Annotated[
    Annotated[FillStep, Tag("FillStep")] | Annotated[PressStep, Tag("PressStep")]
    | Annotated[ClickStep, Tag("ClickStep")] | Annotated[SelectStep, Tag("SelectStep")]
    | Annotated[CheckStep, Tag("CheckStep")] | Annotated[UncheckStep, Tag("UncheckStep")]
    | Annotated[GotoStep, Tag("GotoStep")],
    _picker(_STEPS, "setup step"),
]
AnyCheck = Annotated[
    Annotated[SelectorCheck, Tag("SelectorCheck")] | Annotated[CountCheck, Tag("CountCheck")]
    | Annotated[UrlCheck, Tag("UrlCheck")] | Annotated[JsCheck, Tag("JsCheck")]
    | Annotated[ReplyCheck, Tag("ReplyCheck")] | Annotated[AbsentCheck, Tag("AbsentCheck")],
    _picker(_CHECKS, "expectation"),
]


# ---------------------------------------------------------------- task and file


class Task(_Strict):
    name: NonEmpty
    start: NonEmpty = "/"
    setup: list[AnyStep] = []
    say: list[NonEmpty] = Field(min_length=1)
    confirm: Literal["approve", "decline"] = "decline"
    timeout: Annotated[float, Strict(), Field(gt=0, le=600)] = DEFAULT_TIMEOUT_S
    expect: list[AnyCheck] = Field(min_length=1)
    # Extras (optional): the visitor did not ask for a submission, so any form submit
    # fails the task; and a family other than the file's stem.
    submit: Flag | None = None
    family: NonEmpty | None = None

    @field_validator("say", mode="before")
    @classmethod
    def _one_turn(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @property
    def steps(self) -> list[SetupStep]:
        return list(self.setup)

    @property
    def checks(self) -> list[Expectation]:
        return list(self.expect)


class TaskFile(_Strict):
    site: NonEmpty | None = None
    inject: Flag = False
    tasks: list[Task]

    @field_validator("tasks", mode="before")
    @classmethod
    def _some(cls, v: Any) -> Any:
        if not isinstance(v, list) or not v:
            raise ValueError("tasks is a non-empty list of tasks")
        return v

    @field_validator("site")
    @classmethod
    def _http(cls, v: str | None) -> str | None:
        if v is not None and urlsplit(v).scheme not in ("http", "https"):
            raise ValueError("site must be an http:// or https:// URL")
        return v


@dataclass(frozen=True)
class EvalTask:
    """One task ready to run: the file's site and inject flag resolved."""

    task: Task
    family: str
    site: str
    inject: bool
    source: str  # file it came from

    @property
    def name(self) -> str:
        return self.task.name

    @property
    def start_url(self) -> str:
        return site_url(self.site, self.task.start)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.site)
        return f"{parts.scheme}://{parts.netloc}"


def site_url(site: str, path: str) -> str:
    """``path`` under ``site`` ("/a.html" under "http://h/x/" is "http://h/x/a.html")."""
    if urlsplit(path).scheme:
        return path
    return urljoin(site.rstrip("/") + "/", path.lstrip("/"))


def _where(data: Any, loc: tuple[int | str, ...]) -> str:
    """'task "add a todo": expect[2].text' from pydantic's location tuple."""
    if len(loc) >= 2 and loc[0] == "tasks" and isinstance(loc[1], int):
        name = None
        tasks = data.get("tasks") if isinstance(data, dict) else None
        if isinstance(tasks, list) and loc[1] < len(tasks) and isinstance(tasks[loc[1]], dict):
            name = tasks[loc[1]].get("name")
        head = f'task "{name}"' if name else f"task #{loc[1] + 1}"
        rest = loc[2:]
    else:
        head, rest = "", loc
    key = ""
    for part in rest:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    # Union members add their model names to the location; they say nothing to a user.
    return ": ".join(p for p in (head, key) if p)


def _format(path: str, data: Any, err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p[:1].isupper()))
        where = _where(data, loc)
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key"
        lines.append(f"{path}: {where}: {msg}" if where else f"{path}: {msg}")
    return "\n".join(lines)


def parse_task_file(text: str, path: str = "tasks.yaml") -> TaskFile:
    yaml = _yaml()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with site, inject and tasks")
    try:
        return TaskFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format(path, data, exc)) from None


def load_tasks(paths: list[str], site_override: str | None = None) -> list[EvalTask]:
    """Every task of every file, in order; a file's stem is its family. Names must be
    unique (results, ``-k`` and reports go by name)."""
    out: list[EvalTask] = []
    seen: dict[str, str] = {}
    for p in paths:
        try:
            text = Path(p).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read {p}: {exc.strerror}") from None
        spec = parse_task_file(text, p)
        site = site_override or spec.site
        if not site:
            raise ConfigError(f"{p}: no site (give site: in the file or --site)")
        for task in spec.tasks:
            if task.name in seen:
                raise ConfigError(f'{p}: task "{task.name}" is also in {seen[task.name]}; '
                                  "names must be unique")
            seen[task.name] = p
            family = task.family or Path(p).stem
            out.append(EvalTask(task, family, site, spec.inject, p))
    return out


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        raise ConfigError("leflux eval needs PyYAML: pip install 'leflux[eval]'") from None
    return yaml
