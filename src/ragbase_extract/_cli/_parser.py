"""Parsing: argv -> :class:`ExtractCommand`, once. Nothing else sees argparse's ``Namespace``.

Each group of flags has an ``_add_*`` function that declares it and a reader
that turns its values into a typed setting; a new flag belongs to one group
(or a new group) and reaches the rest of the CLI only through
:class:`ExtractCommand`.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pydantic import ValidationError

from ._command import ChunkSettings, ExitStatus, ExtractCommand
from ._formats import DEFAULT_FORMAT, FORMATS

if TYPE_CHECKING:
    from .._options import ExtractOptions

__all__ = ["PROG", "build_parser", "parse"]

PROG: Final = "ragbase-extract"

_EPILOG: Final = f"""\
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
  {ExitStatus.OK:d}  every input was extracted
  {ExitStatus.SOME_FAILED:d}  some inputs failed (unreadable, unsupported, encrypted, corrupt, over a
     limit, timed out, crashed); the others were still written
  {ExitStatus.USAGE:d}  bad usage: unknown option, invalid value (exits before extracting)
  {ExitStatus.OCR_UNAVAILABLE:d}  every input was written, but some pages need OCR and no OCR engine is
     installed (their text is missing): pip install 'ragbase-extract[ocr]'
  {ExitStatus.INTERRUPTED:d}  interrupted (Ctrl-C)

examples:
  ragbase-extract report.pdf                      Markdown to stdout
  ragbase-extract -f json -o out/ docs/           every file under docs/ to out/*.json
  ragbase-extract -f chunks --max-tokens 256 'papers/*.pdf' > chunks.jsonl
  ragbase-extract --timeout 30 --workers 4 -o out/ inbox/
"""


# --------------------------------------------------------------------------- value types


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


def _languages(text: str) -> tuple[str, ...]:
    languages = tuple(part for part in re.split(r"[+,]", text) if part)
    if not languages or not all(part.replace("_", "").isalnum() for part in languages):
        raise argparse.ArgumentTypeError(f"invalid languages {text!r}: use codes like eng+deu")
    return languages


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
    from .._options import MAX_TIMEOUT

    if value > MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_TIMEOUT:g} seconds (a week)")
    return value


_SIZE = re.compile(r"([0-9]+)([KMG]?)(?:i?B)?", re.IGNORECASE)


def _size(text: str) -> int:
    """A byte count: ``1000000``, ``512K``, ``64M``, ``2G`` (powers of 1024)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size such as 512M or 2G: {text!r}")
    number, unit = match.groups()
    value = int(number) << (10 * "_KMG".index(unit.upper() or "_"))
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 byte, not {text}")
    return value


# --------------------------------------------------------------------------- flag groups


def _add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--format",
        choices=tuple(FORMATS),
        default=DEFAULT_FORMAT,
        help=f"output format (default: {DEFAULT_FORMAT}); chunks = JSON Lines of chunks",
    )
    parser.add_argument(
        "-o", "--output", metavar="DIR", type=Path, help="write one file per input into DIR"
    )
    parser.add_argument(
        "--tables",
        choices=("auto", "pipe", "html"),
        default="auto",
        help="how --format markdown writes tables: pipe tables, HTML, or auto (default): "
        "HTML for a table with spanned cells, which a pipe table cannot express",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show progress on standard error, even when it is not a terminal: the pages "
        "of a single input, the inputs of several (default: several inputs, on a terminal)",
    )


def _add_extraction_arguments(parser: argparse.ArgumentParser) -> None:
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
        "--ocr",
        choices=("auto", "always", "never"),
        default="auto",
        help="OCR pages whose text is missing (auto, default), every page, or none",
    )
    parser.add_argument(
        "--ocr-lang",
        type=_languages,
        default=("eng",),
        metavar="LANGS",
        help="Tesseract languages for OCR, e.g. eng or eng+deu (default: eng)",
    )


def _add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-pages", type=_positive_int, metavar="N", help="fail documents with more pages"
    )
    parser.add_argument(
        "--max-bytes",
        type=_size,
        metavar="SIZE",
        help="fail inputs larger than SIZE, standard input included (default: 512M)",
    )
    parser.add_argument(
        "--max-memory",
        type=_size,
        metavar="SIZE",
        help="memory one document may use in its worker process (default: 2G; Linux)",
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


def _add_chunk_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = ChunkSettings()
    parser.add_argument(
        "--max-tokens",
        type=_positive_int,
        default=defaults.max_tokens,
        metavar="N",
        help=f"chunk size limit in tokens for --format chunks (default: {defaults.max_tokens})",
    )
    parser.add_argument(
        "--overlap",
        type=int,
        default=defaults.overlap,
        metavar="N",
        help="tokens of each chunk's predecessor repeated at its start (default: 0)",
    )
    parser.add_argument(
        "--strategy",
        choices=("section", "tokens", "page"),
        default=defaults.strategy,
        help="how chunks are cut: follow headings, fill to the limit, or one per page "
        f"(default: {defaults.strategy})",
    )
    parser.add_argument(
        "--tokenizer",
        default="bpe-estimate",
        metavar="NAME",
        help="what counts tokens: bpe-estimate (default; errs high for OpenAI-style BPE), "
        "words, chars, a tiktoken encoding available offline (cl100k_base), or the path "
        "of a tokenizer.json",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the extract command (exposed for documentation tools)."""
    from .._version import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Extract documents (PDF, Office, HTML, Markdown, ...) into Markdown, "
        "JSON, plain text or RAG-ready chunks.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs or -")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_output_arguments(parser)
    _add_extraction_arguments(parser)
    _add_limit_arguments(parser)
    _add_chunk_arguments(parser)
    return parser


# --------------------------------------------------------------------------- readers


def _extract_options(args: argparse.Namespace) -> ExtractOptions:
    from .._options import ExtractOptions

    limits = {"max_bytes": args.max_bytes, "max_memory": args.max_memory}
    return ExtractOptions(
        pages=args.pages,
        password=args.password,
        max_pages=args.max_pages,
        timeout=args.timeout,
        ocr=args.ocr,
        ocr_languages=args.ocr_lang,
        **{name: value for name, value in limits.items() if value is not None},
    )


def _chunk_settings(parser: argparse.ArgumentParser, args: argparse.Namespace) -> ChunkSettings:
    """The chunking settings; a tokenizer that cannot be made is a usage error."""
    from .._chunking._tokenizers import named_tokenizer
    from .._errors import BackendUnavailableError

    if not 0 <= args.overlap < args.max_tokens:
        parser.error(f"--overlap must be at least 0 and below --max-tokens ({args.max_tokens})")
    tokenizer = None
    try:
        if args.format == "chunks":  # only chunks count tokens
            tokenizer = named_tokenizer(args.tokenizer)
    except (BackendUnavailableError, FileNotFoundError) as exc:
        parser.error(f"--tokenizer {args.tokenizer}: {exc}")
    return ChunkSettings(
        max_tokens=args.max_tokens,
        overlap=args.overlap,
        strategy=args.strategy,
        tokenizer=tokenizer,
    )


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Usage errors argparse cannot see: ``parser.error`` exits 2 before anything is extracted."""
    from .._backends import default_registry

    names = default_registry().names
    if args.backend != "auto" and args.backend not in names:
        parser.error(
            f"unknown backend {args.backend!r} (choose from {', '.join(('auto', *names))})"
        )
    output: Path | None = args.output
    if output is not None and output.exists() and not output.is_dir():
        parser.error(f"--output {output} exists and is not a directory")
    if args.inputs.count("-") > 1:
        parser.error("'-' (standard input) can be given only once")


def parse(argv: Sequence[str] | None) -> ExtractCommand:
    """Parse and check an extract command line; exits with usage (status 2) when it is wrong."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _check(parser, args)
    try:
        options = _extract_options(args)
    except ValidationError as exc:  # a limit out of range
        parser.error(
            "; ".join(
                f"--{'-'.join(map(str, e['loc'])).replace('_', '-')}: {e['msg']}"
                for e in exc.errors()
            )
        )
    return ExtractCommand(
        inputs=tuple(args.inputs),
        output_format=FORMATS[args.format],
        output_dir=args.output,
        backend=args.backend,
        workers=args.workers,
        options=options,
        chunking=_chunk_settings(parser, args),
        progress=args.progress,
        table_format=args.tables,
    )
