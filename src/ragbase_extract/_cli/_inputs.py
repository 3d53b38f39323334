"""INPUT arguments -> the documents to extract: files, folders, globs and standard input."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["Input", "collect_inputs"]


@dataclass(frozen=True, slots=True)
class Input:
    """One document to extract."""

    source: str | Path | bytes  # what to extract
    label: str  # how messages name it
    output: Path  # output file path relative to the output folder (without suffix)


class _InputError(Exception):
    """An input argument that names nothing to extract."""


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _walk(folder: Path) -> Iterator[Path]:
    # Symbolic links are followed only while they stay inside the folder: a link
    # to /etc/passwd or to ../secrets in an uploaded tree is skipped, not read.
    # (os.walk does not descend into linked folders.)
    inside = folder.resolve()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith("."):
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                continue
            yield path


def _expand(argument: str) -> list[tuple[Path, Path]]:
    """(path, output name) pairs for one argument; raises _InputError when none."""
    path = Path(argument)
    if path.is_dir():
        return [(p, p.relative_to(path)) for p in _walk(path)]
    if path.exists():
        return [(path, Path(path.name))]
    if glob.has_magic(argument):
        found: list[tuple[Path, Path]] = []
        for match in sorted(glob.glob(argument, recursive=True)):
            candidate = Path(match)
            if candidate.is_dir():
                found += [(p, Path(p.name)) for p in _walk(candidate)]
            elif candidate.is_file() and not _is_hidden(Path(candidate.name)):
                found.append((candidate, Path(candidate.name)))
        if not found:
            raise _InputError("no files match this pattern")
        return found
    raise _InputError("no such file or directory")


def _read_stdin(stdin: IO[bytes], max_bytes: int | None) -> bytes:
    """Standard input, read no further than one byte past ``max_bytes``."""
    data = stdin.read() if max_bytes is None else stdin.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise _InputError(f"standard input is larger than max_bytes={max_bytes}")
    return data


def collect_inputs(
    arguments: Sequence[str], stdin: IO[bytes], *, max_bytes: int | None = None
) -> tuple[list[Input], list[tuple[str, str]]]:
    """The inputs the arguments name (each file once), and ``(argument, why)`` for those naming none."""
    inputs: list[Input] = []
    problems: list[tuple[str, str]] = []
    seen: set[Path] = set()
    taken: set[Path] = set()

    def unique(name: Path) -> Path:
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = name.with_name(f"{name.name}-{number}")
        taken.add(candidate)
        return candidate

    for argument in arguments:
        if argument == "-":
            try:
                data = _read_stdin(stdin, max_bytes)
            except _InputError as exc:
                problems.append(("<stdin>", str(exc)))
            else:
                inputs.append(Input(data, "<stdin>", unique(Path("stdin"))))
            continue
        try:
            expanded = _expand(argument)
        except _InputError as exc:
            problems.append((argument, str(exc)))
            continue
        for path, name in expanded:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            inputs.append(Input(path, str(path), unique(name)))
    return inputs, problems
