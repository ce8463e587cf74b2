"""The house's layering, read from the source: imports run one way (docs/architecture.md,
"The layers"), and no two modules import each other, even through others."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "leflux"
# Used by every layer: the wire models, settings, errors, metrics and small helpers.
SHARED = {"config", "errors", "extras", "metrics", "protocol", "toolspec", "storable",
          "compat", "compat_tiktoken", "logs"}
# What each layer may import besides SHARED (nothing runs back up: the agent knows no
# socket and no database, the store knows no session).
MAY_IMPORT = {
    "transport": {"session", "storage"},
    "session": {"agent", "providers", "storage"},
    "agent": {"providers"},
    "providers": set(),
    "storage": set(),
    "protocol": set(),
    # Beside the server: the eval and the demo shop use only its public surface.
    "eval": set(),
    "demo": set(),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """The leflux modules ``path`` imports (``from leflux.x import y``: leflux.x.y where
    that is a module), lazily inside functions too unless ``top_level_only``."""
    tree = _tree(path)
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("leflux.")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("leflux."):
            module = node.module or ""
            subs = {f"{module}.{a.name}" for a in node.names} & MODULES.keys()
            found |= subs or {module}
    return found


def _package(module: str) -> str:
    return module.split(".")[1]


def layer_breaks(graph: dict[str, set[str]]) -> list[str]:
    """Each import of ``graph`` (module -> the modules it imports) that runs against
    MAY_IMPORT."""
    return sorted(
        f"{name} imports {imported}"
        for name, imports in graph.items()
        if name.count(".") and _package(name) in MAY_IMPORT
        for imported in imports
        if _package(imported) != _package(name)
        and _package(imported) not in SHARED | MAY_IMPORT[_package(name)]
    )


def import_circle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of imports in ``graph`` (its modules in order), or [] if none."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str]:
        if module in path:
            return [*path[path.index(module):], module]
        if module in done:
            return []
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            if circle := visit(imported):
                return circle
        path.pop()
        done.add(module)
        return []

    for module in sorted(graph):
        if circle := visit(module):
            return circle
    return []


def test_imports_run_one_way() -> None:
    assert layer_breaks({name: _imports(path) for name, path in MODULES.items()}) == []


def test_no_import_circle_between_modules() -> None:
    graph = {name: {m for m in _imports(path, top_level_only=True) if m in MODULES}
             for name, path in MODULES.items()}
    assert import_circle(graph) == []


def test_the_checks_see_a_break_and_a_circle() -> None:
    assert layer_breaks({"leflux.agent.engine": {"leflux.session.service"},
                         "leflux.storage.db": {"leflux.storage.migrate"}}) == [
        "leflux.agent.engine imports leflux.session.service"]
    assert import_circle({"leflux.storage.db": {"leflux.storage.migrate"},
                          "leflux.storage.migrate": {"leflux.storage.db"}}) == [
        "leflux.storage.db", "leflux.storage.migrate", "leflux.storage.db"]
