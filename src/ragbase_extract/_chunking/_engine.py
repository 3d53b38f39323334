"""What every strategy shares: counting with a cache, prefixes, and building chunks.

One :class:`Context` lives for one ``chunk()`` call. It counts tokens of spans
of ``Document.text`` at most once each, keeps a running tokens-per-character
ratio to guess where a chunk should end before counting it, and turns the
packed spans into :class:`~ragbase_extract.Chunk` objects.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import NamedTuple

from .._model import Document, Table
from ._model import Chunk, trusted_box, trusted_chunk
from ._segments import Segments
from ._split import CODE_LADDER, TABLE_LADDER, TEXT_LADDER, Ladder, Unit, trim
from ._tokenizers import Tokenizer, is_additive, joins_after_line_break, tokenizer_name

__all__ = ["Context", "PathEntry", "Piece"]

PathEntry = tuple[int, str]
"""A heading on a path: its start offset in ``Document.text`` and its text."""


class Piece(NamedTuple):
    """A packed span before it becomes a :class:`Chunk`."""

    start: int
    end: int
    tokens: int
    text_tokens: int
    prefix: str
    path: tuple[PathEntry, ...]
    oversized: bool = False


class _TableInfo(NamedTuple):
    body_start: int  # where the first row after the header rows starts
    header: str  # the header rows, one per line


_LADDERS: dict[str, Ladder] = {
    "table": TABLE_LADDER,
    "code": CODE_LADDER,
    "formula": CODE_LADDER,
}


class Context:
    """Per-call state: the document, the tokenizer and the count cache."""

    def __init__(
        self,
        document: Document,
        tokenizer: Tokenizer,
        *,
        max_tokens: int,
        overlap: int,
        strategy: str,
    ) -> None:
        self.document = document
        self.text = document.text
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.overlap = overlap
        self.strategy = strategy
        self._count = tokenizer.count
        self._additive = is_additive(tokenizer)
        self._joins = joins_after_line_break(tokenizer)
        self._text_counts: dict[tuple[int, int], int] = {}
        self._ctx_counts: dict[tuple[int, int, str], int] = {}
        self._string_counts: dict[str, int] = {}
        self._prefixes: dict[tuple[tuple[str, ...], int], tuple[str, int]] = {}
        self._path_texts: dict[tuple[PathEntry, ...], tuple[str, ...]] = {}
        self._id_seed = "\x1f".join(
            (
                document.source.sha256,
                strategy,
                str(max_tokens),
                str(overlap),
                tokenizer_name(tokenizer),
            )
        )
        # Body blocks in text order, with their spans (furniture and empty blocks
        # have no span: they are not body text).
        blocks = document.blocks
        provs = [block.prov for block in blocks]
        self.block_index = [i for i, prov in enumerate(provs) if prov.start is not None]
        body = [blocks[i] for i in self.block_index]
        body_provs = self._body_provs = [provs[i] for i in self.block_index]
        # Body blocks all have a span: start and end are ints.
        self.block_start: list[int] = [prov.start for prov in body_provs]  # type: ignore[misc]
        self.block_end: list[int] = [prov.end for prov in body_provs]  # type: ignore[misc]
        kinds: list[str] = [block.kind for block in body]
        self._tables: dict[int, Table] = {  # body position -> table of several rows
            position: block
            for position, block in enumerate(body)
            if block.kind == "table" and isinstance(block, Table) and block.n_rows > 1
        }
        self._table_info: dict[int, _TableInfo] = {}
        # Block start -> level, for headings.
        self.heading_level: dict[int, int] = {
            start: getattr(block, "level", 1)
            for start, block, kind in zip(self.block_start, body, kinds, strict=True)
            if kind == "heading"
        }
        self.units: list[Unit] = _units(self.text, self.block_start, self.block_end, kinds)
        self.ratio = self._calibrate()
        self._segments: Segments | None = None
        if self._additive:
            # Blocks this short are never split: one atom each, no sentence scan.
            whole = int(max_tokens / (1.5 * self.ratio))
            self._segments = Segments(
                self.text, self.units, self._count_cached, self._count_many, whole, self._joins
            )

    # -- counting ---------------------------------------------------------

    def _calibrate(self) -> float:
        """Tokens per character on a sample, to guess spans before counting them."""
        sample = self.text[:4096]
        if not sample:
            return 0.25
        return max(self._count(sample), 1) / len(sample)

    def learn(self, tokens: int, chars: int) -> None:
        """Fold an exact count into the running tokens-per-character ratio."""
        if chars > 0 and tokens > 0:
            self.ratio = 0.7 * self.ratio + 0.3 * (tokens / chars)

    def _count_many(self, texts: list[str]) -> list[int]:
        """Counts of many strings, each distinct string counted once."""
        found: dict[str, int] = dict.fromkeys(texts, 0)
        todo = list(found)
        many = getattr(self.tokenizer, "count_many", None)
        counted = many(todo) if many is not None else list(map(self._count, todo))
        found.update(zip(todo, counted, strict=True))
        return list(map(found.__getitem__, texts))

    def _count_cached(self, text: str) -> int:
        found = self._string_counts.get(text)
        if found is None:
            found = self._count(text)
            self._string_counts[text] = found
        return found

    def text_tokens(self, start: int, end: int) -> int:
        """Tokens in ``text[start:end]``, counted once."""
        key = (start, end)
        found = self._text_counts.get(key)
        if found is None:
            segments = self._segments
            found = segments.tokens(start, end) if segments is not None else None
            if found is None:
                found = self._count(self.text[start:end])
            self._text_counts[key] = found
        return found

    def measure(self, start: int, end: int, prefix: str, prefix_tokens: int) -> int:
        """Tokens in ``prefix + text[start:end]``: what ``token_count`` will be."""
        tokens = self.text_tokens(start, end)
        if not prefix:
            return tokens
        if self._additive and self.text[start] not in self._joins:
            return prefix_tokens + tokens  # the prefix ends with a line break
        key = (start, end, prefix)
        found = self._ctx_counts.get(key)
        if found is None:
            found = self._count(prefix + self.text[start:end])
            self._ctx_counts[key] = found
        return found

    # -- context prefixes ----------------------------------------------------

    def block_at(self, offset: int) -> int:
        """Position (in body order) of the block whose span holds ``offset``, or -1."""
        position = bisect_right(self.block_start, offset) - 1
        if position >= 0 and offset < self.block_end[position]:
            return position
        return -1

    def prefix(self, path: tuple[PathEntry, ...], start: int) -> tuple[str, int]:
        """The context line(s) for a chunk starting at ``start``, and their tokens.

        Headings of ``path`` that start before the chunk (the others are in its
        text) and, when the chunk starts inside a table after its header rows,
        those header rows. Capped at half of ``max_tokens``: outer headings go
        first, then the table header.
        """
        if not path:
            headings: tuple[str, ...] = ()
        elif path[-1][0] < start:  # the usual case: the whole path is before the chunk
            headings = self._path_texts.get(path) or self._texts_of(path)
        else:
            headings = tuple(text for heading_start, text in path if heading_start < start)
        table = -1
        if self._tables:
            position = self.block_at(start)
            info = self._table_at(position)
            if info is not None and start >= info.body_start:
                table = position
        key = (headings, table)
        found = self._prefixes.get(key)
        if found is None:
            lines = list(headings)
            if table >= 0:
                lines.append(self._table_info[table].header)
            found = ("", 0)
            while lines:
                candidate = "\n".join(lines) + "\n"
                tokens = self._count(candidate)
                if tokens <= self.max_tokens // 2:
                    found = (candidate, tokens)
                    break
                lines.pop(0)
            self._prefixes[key] = found
        return found

    def _texts_of(self, path: tuple[PathEntry, ...]) -> tuple[str, ...]:
        texts = tuple(text for _, text in path)
        self._path_texts[path] = texts
        return texts

    def _table_at(self, position: int) -> _TableInfo | None:
        """Header rows and body start of the table at ``position``, worked out once."""
        info = self._table_info.get(position)
        if info is None:
            block = self._tables.get(position)
            if block is None:
                return None
            rows = block.text.split("\n")
            header_rows = min(max(block.header_rows, 1), len(rows) - 1)
            header = "\n".join(rows[:header_rows])
            info = _TableInfo(self.block_start[position] + len(header) + 1, header)
            self._table_info[position] = info
        return info

    # -- chunks -------------------------------------------------------------

    def chunk_id(self, start: int, end: int) -> str:
        """Deterministic id from the source hash, the settings and the span."""
        seed = f"{self._id_seed}\x1f{start}\x1f{end}".encode()
        return hashlib.sha256(seed).hexdigest()[:32]

    def build(self, pieces: list[Piece]) -> list[Chunk]:
        """Turn packed pieces into chunks, in document order."""
        source = self.document.source
        source_name, source_sha256 = source.name, source.sha256
        text = self.text
        block_index, block_start, block_end = self.block_index, self.block_start, self.block_end
        provs = self._body_provs
        pages_of = [prov.page for prov in provs]
        boxes_of = [
            None if prov.bbox is None else trusted_box(prov.page, prov.bbox) for prov in provs
        ]
        any_page = any(page is not None for page in pages_of)
        any_box = any(box is not None for box in boxes_of)
        headings: dict[tuple[PathEntry, ...], tuple[str, ...]] = {}
        seed = f"{self._id_seed}\x1f"
        sha256 = hashlib.sha256
        make = trusted_chunk
        chunks: list[Chunk] = []
        add = chunks.append
        for piece in sorted(pieces, key=_span_key):
            start, end = piece.start, piece.end
            first = bisect_right(block_end, start)
            last = bisect_left(block_start, end, first)
            pages: tuple[int, ...] = ()
            if any_page:
                found = set(pages_of[first:last])
                found.discard(None)
                pages = tuple(sorted(found))  # type: ignore[arg-type]
            path = piece.path
            heading_path = headings.get(path)
            if heading_path is None:
                heading_path = headings[path] = tuple([heading for _, heading in path])
            chunk_text = text[start:end]
            add(
                make(
                    id=sha256(f"{seed}{start}\x1f{end}".encode()).hexdigest()[:32],
                    text=chunk_text,
                    start=start,
                    end=end,
                    contextualized_text=piece.prefix + chunk_text,
                    token_count=piece.tokens,
                    text_token_count=piece.text_tokens,
                    pages=pages,
                    heading_path=heading_path,
                    block_indices=tuple(block_index[first:last]),
                    bboxes=tuple([box for box in boxes_of[first:last] if box is not None])
                    if any_box
                    else (),
                    source_name=source_name,
                    source_sha256=source_sha256,
                    oversized=piece.oversized,
                )
            )
        return chunks


def _units(text: str, starts: list[int], ends: list[int], kinds: list[str]) -> list[Unit]:
    """One unit per body block, its span trimmed of the spaces around it."""
    ladders = _LADDERS
    new_unit = tuple.__new__  # Unit(...) without the Python-level __new__ frame
    units: list[Unit] = []
    add = units.append
    for start, end, kind in zip(starts, ends, kinds, strict=True):
        if not text[start].isspace() and not text[end - 1].isspace():
            add(new_unit(Unit, (start, end, ladders.get(kind, TEXT_LADDER), 0, kind == "heading")))
            continue
        trimmed = trim(text, start, end)
        if trimmed is not None:
            add(Unit(trimmed[0], trimmed[1], ladders.get(kind, TEXT_LADDER), 0, kind == "heading"))
    return units


_span_key = itemgetter(0, 1)
"""A piece's ``(start, end)``: the order chunks are returned in."""
