"""Every module and function of the server reads at a glance: no module over 400 lines,
no function over 60 (ruff holds complexity and statements: pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "leflux"
MODULE_LINES = 400
FUNCTION_LINES = 60


def too_long(path: Path, source: str) -> list[str]:
    """What in ``source`` (the text of ``path``) is over its limit, as "path: what"."""
    out = []
    lines = source.count("\n") + (not source.endswith("\n"))
    if lines > MODULE_LINES:
        out.append(f"{path}: {lines} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([d.lineno for d in node.decorator_list] + [node.lineno])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > FUNCTION_LINES:
                out.append(f"{path}: {node.name} has {length} lines")
    return out


def test_no_module_or_function_is_over_its_size() -> None:
    found = [what for path in sorted(SRC.rglob("*.py"))
             for what in too_long(path.relative_to(SRC), path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_check_counts_what_it_should() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(FUNCTION_LINES - 1))
    assert too_long(Path("ok.py"), "def f():\n" + body) == []
    assert too_long(Path("long.py"), "@cache\ndef f():\n" + body) == [
        f"long.py: f has {FUNCTION_LINES + 1} lines"]
    assert too_long(Path("big.py"), "x = 1\n" * (MODULE_LINES + 1)) == [
        f"big.py: {MODULE_LINES + 1} lines"]
