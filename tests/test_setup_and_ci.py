"""README's set-up and test commands are what CI runs, and skip guards never raise.

A newcomer runs README's two commands; ``.ci/run`` must run exactly those, in a
fresh clone, so CI cannot stay green while the README path is red (issue #9.1).
"""

from __future__ import annotations

import ast
import re
import shlex
import sys
import tomllib
from pathlib import Path

import pytest

from tests._optional import has_module

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from readme_commands import ReadmeCommandError, readme_command  # noqa: E402

CI_RUN = ROOT / ".ci" / "run"


def test_readme_marks_one_setup_and_one_test_command() -> None:
    setup = readme_command("setup")
    test = readme_command("test")
    assert setup != test
    assert "pytest" in test
    # The set-up command runs a script of this repository that exists.
    scripts = [word for word in shlex.split(setup) if word.endswith(".sh")]
    assert scripts, setup
    assert all((ROOT / script).is_file() for script in scripts)


def test_ci_runs_readme_commands_and_installs_nothing_itself() -> None:
    ci = CI_RUN.read_text(encoding="utf-8")
    code = "\n".join(line for line in ci.splitlines() if not line.lstrip().startswith("#"))
    assert "readme_commands.py setup" in code
    assert "readme_commands.py test" in code
    # Installing anything here would let CI pass where README's path fails.
    assert not re.search(r"pip\S*\s+install|apt-get|npm\s", code), "CI installs on its own"
    assert "git clone" in code, "CI must run README's commands in a fresh clone"
    # README's test command runs last, so its pytest summary closes the log.
    last_command = [line for line in code.splitlines() if line.strip()][-2:]
    assert 'bash -c "$test_cmd"' in last_command[0]
    assert last_command[1].strip() == 'exit "$status"'


def test_setup_installs_the_one_test_extra_that_lists_test_dependencies() -> None:
    setup = (ROOT / shlex.split(readme_command("setup"))[-1]).read_text(encoding="utf-8")
    assert re.search(r"pip install .*-e '\.\[test[,\]]", setup)
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    (self_ref,) = extras["test"]
    named = re.fullmatch(r"ragbase-extract\[(.*)\]", self_ref)
    assert named is not None
    assert {"dev", "office"} <= set(named.group(1).split(","))
    assert set(named.group(1).split(",")) <= set(extras)
    assert not (ROOT / "requirements" / "test-extras.txt").exists(), "a second list drifts"


@pytest.mark.parametrize(
    "text",
    [
        "no markers at all",
        "<!-- setup -->\n```console\na\nb\n```\n<!-- /setup -->",
        "<!-- setup -->\n```console\na\n```\n<!-- /setup -->\n" * 2,
    ],
)
def test_readme_command_refuses_zero_two_or_multiline_blocks(text: str) -> None:
    with pytest.raises(ReadmeCommandError):
        readme_command("setup", text)


def test_has_module_is_false_where_find_spec_raises() -> None:
    import importlib.util

    missing = "no_such_parent_for_ragbase.child"
    with pytest.raises(ModuleNotFoundError):
        importlib.util.find_spec(missing)
    assert has_module(missing) is False
    assert has_module("json.decoder") is True


def _unguarded_dotted_find_specs(tree: ast.AST) -> list[str]:
    """Dotted ``find_spec("a.b")`` calls not preceded, in their ``and``/``or``, by ``a``'s."""
    guarded: set[tuple[int, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.BoolOp):
            seen: set[str] = set()
            for value in node.values:
                for call in ast.walk(value):
                    name = _find_spec_literal(call)
                    if name is None or not isinstance(call, ast.Call):
                        continue
                    if name.split(".")[0] in seen:
                        guarded.add((call.lineno, call.col_offset))
                    seen.add(name)
    return [
        f"line {call.lineno}: {name}"
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and (name := _find_spec_literal(call))
        and "." in name
        and (call.lineno, call.col_offset) not in guarded
    ]


def _find_spec_literal(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    arg = node.args[0]
    if called == "find_spec" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    return None


def test_skip_guards_never_raise_when_a_parent_package_is_missing() -> None:
    offenders = {
        str(path.relative_to(ROOT)): found
        for folder in ("tests", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (found := _unguarded_dotted_find_specs(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}, "use tests._optional.has_module for dotted names"
