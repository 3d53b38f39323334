"""The ``ragbase-extract`` command line: documents in, Markdown, JSON, text or chunks out."""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from ._errors import EncryptedDocumentError

if TYPE_CHECKING:
    from ._batch import BatchResult
    from ._model import Document
    from ._options import ExtractOptions

__all__ = ["main"]

PROG: Final = "ragbase-extract"

EXIT_OK: Final = 0
EXIT_SOME_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130

_SUFFIXES: Final = {"markdown": ".md", "json": ".json", "text": ".txt", "chunks": ".jsonl"}

_EPILOG: Final = """\
inputs:
  Files, folders (searched recursively; hidden files and folders are skipped)
  and glob patterns such as 'docs/**/*.pdf' (quote them to let ragbase-extract
  expand them). '-' reads one document from standard input. The format is
  detected from each file's content, not its name.

output:
  Without -o, results go to standard output in input order: Markdown or text
  (several documents are separated by a '<!-- source: NAME -->' or
  '==> NAME <==' line), JSON as one document per line (JSON Lines), chunks as
  one chunk per line. With -o DIR, each input gets its own file in DIR, named
  after the input with the format's suffix added (report.pdf -> report.pdf.md;
  files found in a folder keep their relative path). Errors go to standard
  error, one line per failed input: 'ragbase-extract: NAME: ErrorType: message'.

exit status:
  0  every input was extracted
  1  some inputs failed (unreadable, unsupported, encrypted, corrupt, over a
     limit, timed out, crashed); the others were still written
  2  bad usage: unknown option, invalid value (exits before extracting)
  130  interrupted (Ctrl-C)

examples:
  ragbase-extract report.pdf                      Markdown to stdout
  ragbase-extract -f json -o out/ docs/           every file under docs/ to out/*.json
  ragbase-extract -f chunks --max-tokens 256 'papers/*.pdf' > chunks.jsonl
  ragbase-extract --timeout 30 --workers 4 -o out/ inbox/
"""


def _pages(spec: str) -> tuple[int, ...]:
    pages: set[int] = set()
    try:
        for part in spec.split(","):
            part = part.strip()
            if not part:
                continue
            first, sep, last = part.partition("-")
            start = int(first)
            end = int(last) if sep else start
            if start < 1 or end < start:
                raise ValueError(part)
            pages.update(range(start, end + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid page selection {spec!r}: use 1-based numbers and ranges, e.g. 1-3,5"
        ) from None
    if not pages:
        raise argparse.ArgumentTypeError("empty page selection")
    return tuple(sorted(pages))


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation tools)."""
    from ._version import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Extract documents (PDF, Office, HTML, Markdown, ...) into Markdown, "
        "JSON, plain text or RAG-ready chunks.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs or -")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "-f",
        "--format",
        choices=tuple(_SUFFIXES),
        default="markdown",
        help="output format (default: markdown); chunks = JSON Lines of chunks",
    )
    parser.add_argument(
        "-o", "--output", metavar="DIR", type=Path, help="write one file per input into DIR"
    )
    parser.add_argument(
        "--backend",
        default="auto",
        metavar="NAME",
        help="backend name, e.g. pymupdf, docling, text (default: auto)",
    )
    parser.add_argument("--password", metavar="PW", help="password for encrypted documents")
    parser.add_argument(
        "--pages", type=_pages, metavar="SPEC", help="pages to extract, e.g. 1-3,5 (1-based)"
    )
    parser.add_argument(
        "--max-pages", type=_positive_int, metavar="N", help="fail documents with more pages"
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        metavar="SECONDS",
        help="per-document time limit; a document over it is killed and reported",
    )
    parser.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="worker processes for several inputs (default: the number of CPUs)",
    )
    parser.add_argument(
        "--max-tokens",
        type=_positive_int,
        default=512,
        metavar="N",
        help="chunk size limit in tokens for --format chunks (default: 512)",
    )
    return parser


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class _Input:
    source: str | Path | bytes  # what to extract
    label: str  # how messages name it
    output: Path  # output file path relative to the output folder (without suffix)


class _InputError(Exception):
    """An input argument that names nothing to extract."""


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


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


def _collect_inputs(arguments: Sequence[str], stdin: IO[bytes]) -> tuple[list[_Input], list[str]]:
    inputs: list[_Input] = []
    problems: list[str] = []
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
            inputs.append(_Input(stdin.read(), "<stdin>", unique(Path("stdin"))))
            continue
        try:
            expanded = _expand(argument)
        except _InputError as exc:
            problems.append(f"{argument}: {exc}")
            continue
        for path, name in expanded:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            inputs.append(_Input(path, str(path), unique(name)))
    return inputs, problems


# --------------------------------------------------------------------------- output


def _render(document: Document, fmt: str, *, to_file: bool, max_tokens: int) -> str:
    if fmt == "markdown":
        return document.to_markdown()
    if fmt == "text":
        return document.text + "\n"
    if fmt == "json":
        return document.to_json(indent=2) + "\n" if to_file else document.to_json() + "\n"
    from ._chunking import chunk

    return "".join(c.model_dump_json() + "\n" for c in chunk(document, max_tokens=max_tokens))


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _describe(error: BaseException) -> str:
    from ._errors import RagbaseExtractError

    cause = error.__cause__
    if type(error) is RagbaseExtractError and cause is not None:
        # extract_many wraps errors that are not ours (a missing file...): name the original.
        return f"{type(cause).__name__}: {cause}"
    return f"{type(error).__name__}: {error}"


class _Progress:
    """A one-line progress display on stderr, redrawn with a carriage return."""

    def __init__(self, stream: IO[str], total: int, *, enabled: bool) -> None:
        self._stream = stream
        self._total = total
        self._enabled = enabled
        self._shown = False

    def update(self, done: int, label: str) -> None:
        if not self._enabled:
            return
        width = shutil.get_terminal_size((80, 24)).columns - 1
        percent = 100 * done // self._total if self._total else 100
        line = f"[{done}/{self._total}] {percent:3d}% {label}"
        self._stream.write("\r" + line[:width].ljust(width))
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            width = shutil.get_terminal_size((80, 24)).columns - 1
            self._stream.write("\r" + " " * width + "\r")
            self._stream.flush()
            self._shown = False


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see ``ragbase-extract --help``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _main(parser, args)
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROG}: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (ragbase-extract ... | head): stop quietly.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_SOME_FAILED


def _main(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from ._backends import default_registry
    from ._options import ExtractOptions

    if args.backend != "auto" and args.backend not in default_registry().names:
        names = ", ".join(("auto", *default_registry().names))
        parser.error(f"unknown backend {args.backend!r} (choose from {names})")
    if args.format == "chunks":
        try:
            from ._chunking import chunk  # noqa: F401
        except ImportError as exc:  # pragma: no cover - chunking is part of the package
            parser.error(f"--format chunks is not available in this installation: {exc}")
    if args.output is not None and args.output.exists() and not args.output.is_dir():
        parser.error(f"--output {args.output} exists and is not a directory")
    if args.inputs.count("-") > 1:
        parser.error("'-' (standard input) can be given only once")

    options = ExtractOptions(
        pages=args.pages,
        password=args.password,
        max_pages=args.max_pages,
        timeout=args.timeout,
    )
    inputs, problems = _collect_inputs(args.inputs, sys.stdin.buffer)
    failed = len(problems)
    for message in problems:
        sys.stderr.write(f"{PROG}: {message}\n")
    if not inputs:
        return EXIT_SOME_FAILED

    progress = _Progress(sys.stderr, len(inputs), enabled=len(inputs) > 1 and sys.stderr.isatty())
    for result in _results(inputs, options, args):
        item = inputs[result.index]
        problem = _emit(result, item, args, several=len(inputs) > 1, progress=progress)
        if problem is not None:
            failed += 1
            progress.clear()
            sys.stderr.write(f"{PROG}: {item.label}: {problem}\n")
            sys.stderr.flush()
        progress.update(result.index + 1, item.label)
    progress.clear()
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _emit(
    result: BatchResult,
    item: _Input,
    args: argparse.Namespace,
    *,
    several: bool,
    progress: _Progress,
) -> str | None:
    """Write one result where it goes; return what went wrong, or ``None``."""
    if result.document is None:
        assert result.error is not None
        if isinstance(result.error, EncryptedDocumentError) and args.password is None:
            # The library's message names ExtractOptions(password=...); here it is a flag.
            return "EncryptedDocumentError: the document is encrypted; give its password with --password"
        return _describe(result.error)
    try:
        text = _render(
            result.document,
            args.format,
            to_file=args.output is not None,
            max_tokens=args.max_tokens,
        )
    except Exception as exc:  # a renderer or chunker bug: report it for this input
        return _describe(exc)
    if args.output is not None:
        target = args.output / item.output
        target = target.with_name(target.name + _SUFFIXES[args.format])
        try:
            _write_atomically(target, text)
        except OSError as exc:
            return f"cannot write {target}: {exc}"
        return None
    progress.clear()
    if several and args.format == "markdown":
        sys.stdout.write(f"<!-- source: {item.label} -->\n")
    elif several and args.format == "text":
        sys.stdout.write(f"==> {item.label} <==\n")
    sys.stdout.write(text)
    sys.stdout.flush()
    return None


def _results(
    inputs: list[_Input], options: ExtractOptions, args: argparse.Namespace
) -> Iterator[BatchResult]:
    from ._batch import extract_many

    return extract_many(
        [item.source for item in inputs],
        workers=args.workers,
        options=options,
        backend=args.backend,
    )
