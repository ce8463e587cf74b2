"""The task file of ``leflux eval``: the documented format parses; mistakes are errors that
name the file, the task and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.cli import main
from leflux.errors import ConfigError
from leflux.eval.command import select
from leflux.eval.tasks import (
    AbsentCheck,
    ClickStep,
    CountCheck,
    FillStep,
    JsCheck,
    PressStep,
    ReplyCheck,
    SelectorCheck,
    UrlCheck,
    load_tasks,
    parse_task_file,
    site_url,
)

EXAMPLE = """\
site: http://127.0.0.1:8080        # base URL of the pages under test
inject: true                       # add the embed when a page lacks it
tasks:
  - name: add a todo
    start: /todo/index.html        # path under site
    setup:                         # optional, done by the eval before the first turn
      - fill: ["#new-todo", "walk the dog"]
      - press: ["#new-todo", "Enter"]
      - click: "#some-button"
    say: ["put eggs on my list"]        # one or more visitor turns, in order
    confirm: approve               # approve | decline: how to answer a gate (default decline)
    timeout: 40                    # seconds per turn (default 40)
    expect:                        # every item must hold
      - selector: ".todo-list li"  # some element matching it…
        text: "eggs"               # …contains this text (value: / checked: true|false also allowed)
      - count: [".todo-list li", 2]
      - url: "/thanks"             # the page's URL contains this
      - js: "localStorage.getItem('x') !== null"   # evaluated in the page, must be truthy
      - reply: "30 days"           # the agent's replies in this task contain this text
      - absent: "#error-banner"    # no visible element matches
"""


def test_the_documented_example_parses() -> None:
    f = parse_task_file(EXAMPLE)
    assert f.site == "http://127.0.0.1:8080" and f.inject is True
    t = f.tasks[0]
    assert t.steps == [FillStep(fill=("#new-todo", "walk the dog")),
                       PressStep(press=("#new-todo", "Enter")), ClickStep(click="#some-button")]
    assert t.say == ["put eggs on my list"] and t.confirm == "approve" and t.timeout == 40
    assert [type(c) for c in t.checks] == [SelectorCheck, CountCheck, UrlCheck, JsCheck,
                                           ReplyCheck, AbsentCheck]
    assert t.submit is None and t.family is None


def test_defaults() -> None:
    t = parse_task_file("site: http://a.test\ntasks: [{name: q, say: hi, expect: "
                        "[{reply: hello}]}]").tasks[0]
    assert (t.start, t.setup, t.say, t.confirm, t.timeout) == ("/", [], ["hi"], "decline", 40)


@pytest.mark.parametrize(("change", "error"), [
    (("text:", "txt:"), 'task "add a todo": expect[0].txt: unknown key'),
    (("confirm: approve", "confirm: yes"), 'task "add a todo": confirm: Input should be'),
    (("timeout: 40", "timeout: '40'"), 'task "add a todo": timeout: Input should be'),
    (("- click:", "- klick:"), 'task "add a todo": setup[2]: each setup step is a mapping '
                               "with exactly one of fill, press"),
    (('say: ["put eggs on my list"]', "say: []"), 'task "add a todo": say: List should'),
    (("inject: true", "inject: yes please"), "inject: Input should be a valid boolean"),
    (('count: [".todo-list li", 2]', 'count: [".todo-list li"]'),
     'task "add a todo": expect[1].count[1]: Field required'),
    (("      - absent:", "      - gone:"),
     'task "add a todo": expect[5]: each expectation is a mapping with '
     "exactly one of selector, count, url, js, reply, absent"),
    (("site: http://127.0.0.1:8080", "site: ftp://x"), "site: site must be an http://"),
    (("  - name: add a todo", "  - name: add a todo\n    sumbit: false"),
     'task "add a todo": sumbit: unknown key'),
])
def test_mistakes_name_the_task_and_key(change: tuple[str, str], error: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_task_file(EXAMPLE.replace(*change), "mine.yaml")
    assert f"mine.yaml: {error}" in str(exc.value), str(exc.value)


def test_expect_is_required_so_no_task_passes_by_default() -> None:
    with pytest.raises(ConfigError, match='task "q": expect: Field required'):
        parse_task_file("site: http://a.test\ntasks: [{name: q, say: hi}]")


def test_files_families_site_override_and_unique_names(tmp_path: Path) -> None:
    a, b = tmp_path / "todo.yaml", tmp_path / "forms.yaml"
    a.write_text(EXAMPLE)
    b.write_text(EXAMPLE.replace("add a todo", "fill a form").replace(
        "    start: /todo/index.html", "    start: /f.html\n    family: checkout"))
    tasks = load_tasks([str(a), str(b)], "http://127.0.0.1:9999/evals/")
    assert [(t.name, t.family) for t in tasks] == [("add a todo", "todo"),
                                                   ("fill a form", "checkout")]
    assert tasks[0].start_url == "http://127.0.0.1:9999/evals/todo/index.html"
    assert tasks[0].origin == "http://127.0.0.1:9999"
    assert [t.name for t in select(tasks, ["FORM"])] == ["fill a form"]
    assert [t.name for t in select(tasks, ["todo"])] == ["add a todo"]
    with pytest.raises(ConfigError, match="names must be unique"):
        load_tasks([str(a), str(a)])
    with pytest.raises(ConfigError, match="no site"):
        (tmp_path / "nosite.yaml").write_text(EXAMPLE.replace("site:", "# site:"))
        load_tasks([str(tmp_path / "nosite.yaml")])


def test_site_url() -> None:
    assert site_url("http://h:1", "/a/b.html") == "http://h:1/a/b.html"
    assert site_url("http://h:1/x/", "a.html") == "http://h:1/x/a.html"
    assert site_url("http://h:1/x", "/a.html?q=1") == "http://h:1/x/a.html?q=1"


def test_cli_reports_a_bad_file_in_one_line_and_exits_1(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.replace("text:", "txt:"))
    assert main(["eval", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f'leflux: error: {bad}: task "add a todo": expect[0].txt: unknown key'
    assert main(["eval", str(tmp_path / "missing.yaml")]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert main(["eval", str(bad), "--min-success", "90"]) == 1
    assert "--min-success is a fraction" in capsys.readouterr().err
