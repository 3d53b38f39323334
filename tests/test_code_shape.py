"""The shape of ``src/``: modules <= 400 lines, functions <= 50 lines, no import cycle.

A function's length runs from its ``def`` line to its last line, docstring
included. The allowlists name today's offenders with their current size; each
owner removes its entry when the code is fixed, and an entry that is no longer
needed (or an offender that grew) fails the test, so the lists only shrink.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "ragbase_extract"

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50

# module (relative to the package) -> its line count today
MODULES_OVER: dict[str, int] = {}

# "module:qualified.name" -> its line count today
FUNCTIONS_OVER: dict[str, int] = {}


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _module_lines() -> dict[str, int]:
    return {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in _sources()
    }


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            yield prefix + node.name, node.end_lineno - node.lineno + 1
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")


def _function_lines() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = path.relative_to(PACKAGE).as_posix()
        found.update({f"{module}:{name}": lines for name, lines in _functions(tree)})
    return found


def _check_against(sizes: dict[str, int], limit: int, allowed: dict[str, int]) -> list[str]:
    problems = [
        f"{name}: {lines} lines (limit {limit})"
        for name, lines in sizes.items()
        if lines > limit and lines > allowed.get(name, limit)
    ]
    problems += [
        f"{name}: allowlisted at {lines} lines but is now {sizes.get(name, 'gone')}: "
        "shrink or remove its allowlist entry"
        for name, lines in allowed.items()
        if sizes.get(name, 0) < lines
    ]
    return problems


def test_no_module_is_over_400_lines() -> None:
    assert _check_against(_module_lines(), MAX_MODULE_LINES, MODULES_OVER) == []


def test_no_function_is_over_50_lines() -> None:
    assert _check_against(_function_lines(), MAX_FUNCTION_LINES, FUNCTIONS_OVER) == []


# --------------------------------------------------------------------------- import graph


def _module_names() -> dict[str, tuple[Path, bool]]:
    names: dict[str, tuple[Path, bool]] = {}
    for path in _sources():
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        names[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return names


def _type_checking_only(tree: ast.AST) -> set[ast.AST]:
    """Nodes under ``if TYPE_CHECKING:``: never executed, so not part of the import graph."""
    hidden: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                hidden.update(ast.walk(statement))
    return hidden


def _imports(name: str, path: Path, is_package: bool, known: set[str]) -> set[str]:
    """Package modules that ``name`` imports when run, lazily (inside functions) or not."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = _type_checking_only(tree)
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if node in hidden:
            continue
        if isinstance(node, ast.ImportFrom):
            relative = "." * node.level + (node.module or "")
            base = importlib.util.resolve_name(relative, package) if node.level else relative
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return (found & known) - {name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in order:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], order[target])
        if low[node] == order[node]:
            component: list[str] = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return components


def test_the_import_graph_is_read_from_real_modules() -> None:
    names = _module_names()
    graph = {n: _imports(n, path, pkg, set(names)) for n, (path, pkg) in names.items()}
    assert "ragbase_extract._errors" in graph["ragbase_extract"]
    assert "ragbase_extract._backends._registry" in graph["ragbase_extract._backends"]
    # a lazy import inside a function counts; one under TYPE_CHECKING does not
    assert "ragbase_extract._batch" in graph["ragbase_extract._cli._run"]
    assert "ragbase_extract._batch" not in graph["ragbase_extract._cli._output"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_in_the_package() -> None:
    names = _module_names()
    graph = {n: _imports(n, path, pkg, set(names)) for n, (path, pkg) in names.items()}
    assert _cycles(graph) == []
