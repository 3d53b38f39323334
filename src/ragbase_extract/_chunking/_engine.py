"""What every strategy shares: the document's body units, prefixes, chunk building.

One :class:`Context` lives for one ``chunk()`` call. It lays out the body
blocks as units, owns the :class:`~._counting.Counter` every count goes
through, works out the context prefix (heading path, table header rows) of a
chunk, and turns the packed spans into :class:`~ragbase_extract.Chunk` objects.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import NamedTuple

from .._model import Document, Provenance, Table
from ._counting import Counter
from ._model import Chunk, ChunkBox
from ._split import CODE_LADDER, TABLE_LADDER, TEXT_LADDER, Ladder, Unit, trim
from ._tokenizers import Tokenizer

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
    """Per-call state: the document's body layout, the counter and the prefixes."""

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
        self.max_tokens = max_tokens
        self.overlap = overlap
        self._prefixes: dict[tuple[tuple[str, ...], int], tuple[str, int]] = {}
        self._id_seed = "\x1f".join(
            (document.source.sha256, strategy, str(max_tokens), str(overlap), tokenizer.name)
        )
        # Body blocks in text order, with their spans (furniture and empty blocks
        # have no span: they are not body text).
        blocks = document.blocks
        self.block_index = [i for i, block in enumerate(blocks) if block.prov.start is not None]
        body = [blocks[i] for i in self.block_index]
        self._body_provs: list[Provenance] = [block.prov for block in body]
        # Body blocks all have a span: start and end are ints.
        self.block_start: list[int] = [prov.start for prov in self._body_provs]  # type: ignore[misc]
        self.block_end: list[int] = [prov.end for prov in self._body_provs]  # type: ignore[misc]
        self._tables: dict[int, Table] = {  # body position -> table of several rows
            position: block
            for position, block in enumerate(body)
            if isinstance(block, Table) and block.n_rows > 1
        }
        self._table_info: dict[int, _TableInfo] = {}
        # Block start -> level, for headings.
        self.heading_level: dict[int, int] = {
            start: getattr(block, "level", 1)
            for start, block in zip(self.block_start, body, strict=True)
            if block.kind == "heading"
        }
        kinds: list[str] = [block.kind for block in body]
        self.units: list[Unit] = _units(self.text, self.block_start, self.block_end, kinds)
        self.counter = Counter(self.text, self.units, tokenizer, max_tokens)

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
            found = self._prefixes[key] = self._fit_prefix(lines)
        return found

    def _fit_prefix(self, lines: list[str]) -> tuple[str, int]:
        """The lines as a prefix, outer ones dropped until it is at most half the limit."""
        while lines:
            candidate = "\n".join(lines) + "\n"
            tokens = self.counter.count(candidate)
            if tokens <= self.max_tokens // 2:
                return candidate, tokens
            lines.pop(0)
        return "", 0

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
        boxes = [
            None if prov.bbox is None else ChunkBox.model_construct(page=prov.page, bbox=prov.bbox)
            for prov in self._body_provs
        ]
        return [self._chunk(piece, boxes) for piece in sorted(pieces, key=_span_key)]

    def _chunk(self, piece: Piece, boxes: list[ChunkBox | None]) -> Chunk:
        """One chunk: its span's blocks, pages and boxes, from binary searches."""
        start, end = piece.start, piece.end
        first = bisect_right(self.block_end, start)
        last = bisect_left(self.block_start, end, first)
        pages = {prov.page for prov in self._body_provs[first:last]}
        source = self.document.source
        text = self.text[start:end]
        # Every value is computed here from validated blocks, already of its field's
        # type: model_construct skips validating them again (most of the build time).
        return Chunk.model_construct(
            id=self.chunk_id(start, end),
            text=text,
            start=start,
            end=end,
            contextualized_text=piece.prefix + text,
            token_count=piece.tokens,
            text_token_count=piece.text_tokens,
            pages=tuple(sorted(page for page in pages if page is not None)),
            heading_path=tuple(heading for _, heading in piece.path),
            block_indices=tuple(self.block_index[first:last]),
            bboxes=tuple(box for box in boxes[first:last] if box is not None),
            source_name=source.name,
            source_sha256=source.sha256,
            oversized=piece.oversized,
        )


def _units(text: str, starts: list[int], ends: list[int], kinds: list[str]) -> list[Unit]:
    """One unit per body block, its span trimmed of the spaces around it."""
    units: list[Unit] = []
    for start, end, kind in zip(starts, ends, kinds, strict=True):
        trimmed = trim(text, start, end)
        if trimmed is not None:
            ladder = _LADDERS.get(kind, TEXT_LADDER)
            units.append(Unit(trimmed[0], trimmed[1], ladder, 0, kind == "heading"))
    return units


_span_key = itemgetter(0, 1)
"""A piece's ``(start, end)``: the order chunks are returned in."""
