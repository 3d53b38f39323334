"""Text files that are not prose: configuration, data and source code.

Such files (TOML, JSON, YAML, INI, Python, shell, ...) are kept whole as one
:class:`~ragbase_extract.Code` block with their language and line breaks, because
a RAG user who extracts a config file wants its text as written; sniffing them
as Markdown (``# comment`` looks like a heading, ``- item`` like a list) or as
prose (newlines joined) would garble them. Detection routes them to the text
backend by file name; without a name, JSON and ``#!`` scripts are recognised
by their content.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath

__all__ = ["code_language"]

# File name suffix (lower case) -> the language named on the Code block.
_SUFFIXES = {
    ".toml": "toml",
    ".json": "json",
    ".jsonl": "json",
    ".geojson": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".ini": "ini",
    ".cfg": "ini",
    ".conf": "ini",
    ".properties": "properties",
    ".env": "dotenv",
    ".py": "python",
    ".pyi": "python",
    ".ipy": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "jsx",
    ".ts": "typescript",
    ".tsx": "tsx",
    ".sh": "bash",
    ".bash": "bash",
    ".zsh": "zsh",
    ".ps1": "powershell",
    ".bat": "batch",
    ".sql": "sql",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".hpp": "cpp",
    ".cs": "csharp",
    ".java": "java",
    ".kt": "kotlin",
    ".scala": "scala",
    ".go": "go",
    ".rs": "rust",
    ".rb": "ruby",
    ".php": "php",
    ".pl": "perl",
    ".lua": "lua",
    ".r": "r",
    ".swift": "swift",
    ".css": "css",
    ".scss": "scss",
}
# Whole file names without a telling suffix.
_NAMES = {"dockerfile": "dockerfile", "makefile": "makefile", ".env": "dotenv"}
_SHEBANG = re.compile(r"#![^\n]*?\b(python3?|bash|sh|zsh|node|perl|ruby)\b")
_SHEBANG_LANGUAGES = {"python3": "python", "sh": "bash", "node": "javascript"}


def code_language(name: str | None, text: str | None = None) -> str | None:
    """The language of a config, data or source file, or ``None`` for prose.

    Args:
        name: The file name, if known; its suffix decides when it is one of ours.
        text: The decoded content, to recognise JSON and ``#!`` scripts without a name.
    """
    if name:
        path = PurePath(name)
        found = _SUFFIXES.get(path.suffix.lower()) or _NAMES.get(path.name.lower())
        if found:
            return found
    if text is None:
        return None
    stripped = text.lstrip("\ufeff \t\r\n")
    shebang = _SHEBANG.match(stripped)
    if shebang:
        return _SHEBANG_LANGUAGES.get(shebang.group(1), shebang.group(1))
    if stripped[:1] in ("{", "["):
        try:
            json.loads(stripped)
        except (ValueError, RecursionError):  # deep nesting ("[[[[...") is not for us
            return None
        return "json"
    return None
