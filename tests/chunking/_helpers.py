"""Shared checks for the chunking tests: the invariants every chunk list keeps."""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

from ragbase_extract import Block, Document, Furniture, SourceInfo, extract
from ragbase_extract._chunking import Chunk, ChunkBox, TokenizerLike
from ragbase_extract._chunking import chunk as chunk_document
from ragbase_extract._chunking._tokenizers import resolve_tokenizer


@functools.cache
def extracted(path: Path) -> Document:
    """``extract(path)`` once per test session: several tests chunk the same corpus
    files (OCR'd pages take seconds), and a ``Document`` is frozen, so sharing it
    is safe. A ``.gt.md`` reference is read as the Markdown it is."""
    if path.name.endswith(".gt.md"):
        return extract(path.read_bytes(), backend="text")
    return extract(path)


def make_document(blocks: Iterable[Block], *, name: str = "generated.md") -> Document:
    """A document laid out from ``blocks``; the hash is of the blocks' JSON, so stable."""
    placed = list(blocks)
    digest = hashlib.sha256("\x1e".join(b.model_dump_json() for b in placed).encode()).hexdigest()
    source = SourceInfo(
        name=name, format="markdown", media_type="text/markdown", size=0, sha256=digest
    )
    return Document.build(backend="test", source=source, blocks=placed)


def chunk_and_check(
    doc: Document,
    tokenizer: TokenizerLike,
    *,
    max_tokens: int,
    overlap: int = 0,
    strategy: str = "section",
) -> list[Chunk]:
    """Chunk ``doc`` with these settings and assert every promise on the result."""
    chunks = chunk_document(
        doc,
        max_tokens=max_tokens,
        overlap=overlap,
        tokenizer=tokenizer,
        strategy=strategy,  # type: ignore[arg-type]
    )
    check_chunks(doc, chunks, tokenizer, max_tokens=max_tokens, overlap=overlap)
    return chunks


def check_chunks(
    doc: Document,
    chunks: Sequence[Chunk],
    tokenizer: TokenizerLike,
    *,
    max_tokens: int,
    overlap: int = 0,
) -> None:
    """Assert the properties the chunking layer promises."""
    text = doc.text
    counter = resolve_tokenizer(tokenizer)
    if not text.strip():
        assert list(chunks) == []
        return
    assert chunks, "a document with body text gives at least one chunk"
    furniture = {i for i, b in enumerate(doc.blocks) if isinstance(b, Furniture)}
    for chunk in chunks:
        # The text is the exact slice, never empty, never padded with spaces.
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.text.strip()
        assert chunk.text == chunk.text.strip()
        # Limits: only a single unsplittable word may exceed, and it says so.
        if chunk.oversized:
            assert len(chunk.text.split()) == 1, chunk.text
            assert chunk.token_count > max_tokens
        else:
            assert chunk.token_count <= max_tokens, (chunk.token_count, chunk.text)
        # Counts are exact, by the tokenizer used.
        assert chunk.token_count == counter.count(chunk.contextualized_text)
        assert chunk.text_token_count == counter.count(chunk.text)
        assert chunk.contextualized_text.endswith(chunk.text)
        # Provenance: the blocks it overlaps, their pages, never furniture.
        expected = [
            i
            for i, b in enumerate(doc.blocks)
            if b.prov.span is not None
            and b.prov.span[0] < chunk.end
            and chunk.start < b.prov.span[1]
        ]
        assert list(chunk.block_indices) == expected
        assert not furniture & set(chunk.block_indices)
        pages = {doc.blocks[i].prov.page for i in expected} - {None}
        assert chunk.pages == tuple(sorted(p for p in pages if p is not None))
        assert chunk.source_sha256 == doc.source.sha256
        assert chunk.source_name == doc.source.name
        # JSON round trip.
        assert Chunk.from_json(chunk.to_json()) == chunk
        # Built without re-validation, yet the same as a validated chunk: equal,
        # same hash, same fields set, and the bounding boxes too.
        validated = Chunk.model_validate(chunk.model_dump())
        assert validated == chunk
        assert hash(validated) == hash(chunk)
        assert validated.model_fields_set == chunk.model_fields_set
        assert validated.model_dump_json() == chunk.to_json()
        for box, checked in zip(chunk.bboxes, validated.bboxes, strict=True):
            assert box == checked
            assert box.model_fields_set == checked.model_fields_set
        assert chunk.bboxes == tuple(
            ChunkBox(page=doc.blocks[i].prov.page, bbox=doc.blocks[i].prov.bbox)
            for i in expected
            if doc.blocks[i].prov.bbox is not None
        )
    # Document order.
    for before, after in itertools.pairwise(chunks):
        assert before.start < after.start
        assert before.end < after.end
    assert len({c.id for c in chunks}) == len(chunks)
    if overlap == 0:
        # Tiling: disjoint, and only whitespace between and around them, so each
        # non-space character of every block is in exactly one chunk.
        for before, after in itertools.pairwise(chunks):
            assert before.end <= after.start
            assert not text[before.end : after.start].strip()
        assert not text[: chunks[0].start].strip()
        assert not text[chunks[-1].end :].strip()
    else:
        # Overlap: chunks still cover everything, and a chunk starts at a word.
        covered_to = 0
        for chunk in chunks:
            assert not text[covered_to : chunk.start].strip()
            covered_to = max(covered_to, chunk.end)
            assert chunk.start == 0 or text[chunk.start - 1].isspace()
        assert not text[covered_to:].strip()


# GPT-2's pre-tokenizer pattern (r50k_base, p50k_base), as tiktoken defines it: it splits
# a run of line breaks before a word into "\n" + "\n" but takes it whole at a string's end.
GPT2_PATTERN = (
    r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
)


# o200k_base's pre-tokenizer pattern, as tiktoken defines it (a test checks it against
# the installed tiktoken's definition).
O200K_PATTERN: str = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
# The sha256 tiktoken checks o200k_base's rank file against.
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"


@functools.cache
def o200k_encoding() -> object | None:
    """The real o200k_base as a tiktoken Encoding, built offline, or None.

    tiktoken downloads o200k's rank file; the bpe-openai package ships the same
    file (gzipped, checked here against tiktoken's own hash), so the encoding is
    built from it with tiktoken's o200k pattern.
    """
    import base64
    import gzip
    import importlib.resources
    import importlib.util

    if (
        importlib.util.find_spec("bpe_openai") is None
        or importlib.util.find_spec("tiktoken") is None
    ):
        return None
    import tiktoken

    data = importlib.resources.files("bpe_openai").joinpath("data/o200k_base.tiktoken.gz")
    raw = gzip.decompress(data.read_bytes())
    assert hashlib.sha256(raw).hexdigest() == O200K_SHA256
    ranks = {
        base64.b64decode(token): int(rank)
        for token, rank in (line.split() for line in raw.splitlines() if line)
    }
    return tiktoken.Encoding(
        "o200k_base",
        pat_str=O200K_PATTERN,
        mergeable_ranks=ranks,
        special_tokens={"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
    )


def encoding_with_pattern(name: str, pattern: str | None) -> object:
    """cl100k_base itself, or its ranks under another pattern: built offline, no download."""
    import tiktoken

    from ragbase_extract._chunking import TiktokenTokenizer

    cl100k = TiktokenTokenizer("cl100k_base").encoding
    if pattern is None:
        return cl100k
    return tiktoken.Encoding(
        name, pat_str=pattern, mergeable_ranks=cl100k._mergeable_ranks, special_tokens={}
    )
