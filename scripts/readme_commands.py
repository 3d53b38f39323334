"""Print one of README.md's marked shell commands (``setup`` or ``test``).

README marks each of its two set-up commands with HTML comments around a
fenced console block::

    <!-- setup -->
    ```console
    bash scripts/setup.sh
    ```
    <!-- /setup -->

``.ci/run`` runs what this prints, verbatim, so README and CI cannot drift.
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
NAMES = ("setup", "test")


class ReadmeCommandError(ValueError):
    """README does not mark exactly one command under the asked name."""


def readme_command(name: str, text: str | None = None) -> str:
    """The single command between ``<!-- name -->`` and ``<!-- /name -->``."""
    if text is None:
        text = README.read_text(encoding="utf-8")
    pattern = rf"<!-- {re.escape(name)} -->\s*```console\n(.*?)```\s*<!-- /{re.escape(name)} -->"
    blocks: list[str] = re.findall(pattern, text, flags=re.DOTALL)
    if len(blocks) != 1:
        raise ReadmeCommandError(
            f"README must mark exactly one {name!r} block, found {len(blocks)}"
        )
    lines = [line for line in blocks[0].splitlines() if line.strip()]
    if len(lines) != 1:
        raise ReadmeCommandError(f"README's {name!r} block must hold one command line: {lines}")
    return lines[0].strip()


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in NAMES:
        print(f"usage: readme_commands.py {{{'|'.join(NAMES)}}}", file=sys.stderr)
        return 2
    try:
        print(readme_command(argv[0]))
    except ReadmeCommandError as error:
        print(f"readme_commands.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
