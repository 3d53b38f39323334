"""The package's import graph has no cycle (function-level imports included).

A cycle such as ``_api`` -> ``_isolation`` -> ``_api`` makes the layers of
DESIGN.md a fiction; it is found here from the source with :mod:`ast`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ragbase_extract

PACKAGE = Path(ragbase_extract.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking_block(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return isinstance(test, ast.Name | ast.Attribute) and ast.unparse(test).endswith(
        "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:``, which never run."""
    found: list[ast.AST] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        found.append(node)
        if _is_type_checking_block(node):
            assert isinstance(node, ast.If)
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))
    return found


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package modules that ``path`` imports, anywhere in its body."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) for p in paths}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle among modules that are not packages importing their own children."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            # A package's __init__ re-exporting its children is not a cycle of layers.
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_is_read() -> None:
    graph = _graph()
    assert "ragbase_extract._pipeline" in graph["ragbase_extract._api"]
    assert "ragbase_extract._pipeline" in graph["ragbase_extract._isolation._child"]


def test_api_and_isolation_do_not_import_each_other_in_a_cycle() -> None:
    graph = _graph()
    isolation = {m for m in graph if m.startswith("ragbase_extract._isolation")}
    for module in isolation:
        assert "ragbase_extract._api" not in graph[module], module


def test_no_import_cycle() -> None:
    assert _cycle(_graph()) is None


def test_type_checking_imports_are_not_edges() -> None:
    # _model._display names Document only for annotations; _document imports _display
    # at call time. Only imports that run make a cycle of layers.
    graph = _graph()
    assert "ragbase_extract._model._display" in graph["ragbase_extract._model._document"]
    assert "ragbase_extract._model._document" not in graph["ragbase_extract._model._display"]
