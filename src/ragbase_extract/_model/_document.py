"""The top-level result: :class:`Document`, its pages, source and metadata."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Final, Literal, TypeVar

from pydantic import Field, model_validator

from ._base import Frozen, OcrInfo
from ._blocks import Block, Furniture, ListItem
from ._markdown import block_to_markdown
from ._table import TableFormat

__all__ = ["BLOCK_SEPARATOR", "SCHEMA_VERSION", "Document", "Metadata", "Page", "SourceInfo"]

SCHEMA_VERSION: Final = "1.1"
"""Version of the JSON layout; bumped whenever ``docs/schema/document.schema.json`` changes.

1.1 added the OCR fields (``Page.text_source``, ``Page.ocr``, ``Page.ocr_skipped``,
``Provenance.ocr``); 1.0 documents still read, with those fields at their defaults.
"""

BLOCK_SEPARATOR: Final = "\n\n"
"""What stands between two blocks' texts in ``Document.text``."""

_B = TypeVar("_B")


class SourceInfo(Frozen):
    """What was extracted: name, detected format and a content hash.

    .. versionadded:: 0.1
    """

    name: str | None = None
    format: str
    media_type: str
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Metadata(Frozen):
    """Document metadata, as far as the format records it.

    .. versionadded:: 0.1
    """

    title: str | None = None
    authors: tuple[str, ...] = ()
    subject: str | None = None
    keywords: tuple[str, ...] = ()
    created: datetime | None = None
    modified: datetime | None = None
    producer: str | None = None
    creator: str | None = None
    language: str | None = None
    page_count: int | None = Field(default=None, ge=0)


class Page(Frozen):
    """One page (or slide, or sheet) of the source.

    Attributes:
        number: 1-based page number in the source.
        width: Page width in PDF points (0 where the format has no geometry).
        height: Page height in PDF points.
        rotation: The page's rotation in degrees.
        needs_ocr: The page's text is missing: it shows content but has no usable
            text layer (none at all, text drawn as outlines, or glyphs that map to
            no Unicode), and OCR did not recover it. An image beside good text
            does not set it.
        text_source: Where the page's text came from: ``"native"`` (the
            document's own text), ``"invisible"`` (an invisible text layer, such as
            an earlier OCR, kept as it is), ``"ocr"`` (recognised from the page's
            image by us), ``"none"`` (no text).
        ocr: How the page was recognised, with its mean word confidence, when
            ``text_source`` is ``"ocr"``.
        ocr_skipped: Why a page that needs OCR did not get it: ``"disabled"``
            (``ocr="never"``) or ``"unavailable"`` (no OCR engine installed:
            ``pip install 'ragbase-extract[ocr]'``).

    .. versionadded:: 0.1
    """

    number: int = Field(ge=1)
    width: float = Field(default=0.0, ge=0)
    height: float = Field(default=0.0, ge=0)
    rotation: Literal[0, 90, 180, 270] = 0
    needs_ocr: bool = False
    text_source: Literal["native", "invisible", "ocr", "none"] = "native"
    ocr: OcrInfo | None = None
    ocr_skipped: Literal["disabled", "unavailable"] | None = None


def _in_body(block: Block) -> bool:
    return not isinstance(block, Furniture) and bool(block.text)


class Document(Frozen):
    """An extracted document: typed blocks in reading order, with provenance.

    Build one with :meth:`Document.build`, which lays out ``text`` and gives each
    body block its span; a document read back from JSON is checked the same way.

    .. versionadded:: 0.1
    """

    schema_version: Literal["1.0", "1.1"] = SCHEMA_VERSION
    backend: str
    source: SourceInfo
    metadata: Metadata = Metadata()
    pages: tuple[Page, ...] = ()
    blocks: tuple[Block, ...] = ()
    text: str = ""

    @model_validator(mode="after")
    def _spans_match_text(self) -> Document:
        pieces: list[str] = []
        for index, block in enumerate(self.blocks):
            span = block.prov.span
            if not _in_body(block):
                if span is not None:
                    raise ValueError(
                        f"block {index} ({block.kind}) is not body text but has a span"
                    )
                continue
            if span is None or self.text[span[0] : span[1]] != block.text:
                raise ValueError(f"block {index} span {span} does not match its text")
            pieces.append(block.text)
        if BLOCK_SEPARATOR.join(pieces) != self.text:
            raise ValueError("text is not the blocks' texts joined in order")
        return self

    @classmethod
    def build(
        cls,
        *,
        backend: str,
        source: SourceInfo,
        blocks: Iterable[Block],
        pages: Iterable[Page] = (),
        metadata: Metadata | None = None,
    ) -> Document:
        """Lay out ``text`` from the blocks and give every body block its span.

        Spans already on the blocks are ignored and recomputed.
        """
        placed: list[Block] = []
        pieces: list[str] = []
        offset = 0
        for block in blocks:
            if _in_body(block):
                if pieces:
                    offset += len(BLOCK_SEPARATOR)
                end = offset + len(block.text)
                prov = block.prov.model_copy(update={"start": offset, "end": end})
                pieces.append(block.text)
                offset = end
            else:
                prov = block.prov.model_copy(update={"start": None, "end": None})
            placed.append(block.model_copy(update={"prov": prov}))
        return cls(
            backend=backend,
            source=source,
            metadata=metadata or Metadata(),
            pages=tuple(pages),
            blocks=tuple(placed),
            text=BLOCK_SEPARATOR.join(pieces),
        )

    @property
    def needs_ocr(self) -> bool:
        """Whether some page's text is missing (it needs OCR and did not get it)."""
        return any(page.needs_ocr for page in self.pages)

    @property
    def ocr_unavailable(self) -> tuple[int, ...]:
        """Pages that needed OCR but got none because no OCR engine is installed.

        Non-empty means the text of those pages is missing: install
        ``pip install 'ragbase-extract[ocr]'``.
        """
        return tuple(p.number for p in self.pages if p.ocr_skipped == "unavailable")

    @property
    def body_blocks(self) -> tuple[Block, ...]:
        """Blocks that are part of ``text``, in order (no furniture, no empty blocks)."""
        return tuple(b for b in self.blocks if _in_body(b))

    def blocks_of(self, kind: type[_B]) -> Iterator[_B]:
        """Iterate over blocks of one type, for example ``doc.blocks_of(Table)``."""
        return (b for b in self.blocks if isinstance(b, kind))

    def to_markdown(
        self, *, include_furniture: bool = False, table_format: TableFormat = "auto"
    ) -> str:
        """Render the document as Markdown.

        Args:
            include_furniture: Also render headers, footers and page numbers.
            table_format: How tables are written (see :meth:`Table.to_markdown`):
                ``"auto"`` (default) a GitHub-flavoured pipe table, or HTML for a
                table with spanned cells; ``"pipe"`` or ``"html"`` for every table.

        .. versionchanged:: 0.1
           ``table_format``.
        """
        out: list[str] = []
        previous: Block | None = None
        for block in self.blocks:
            if isinstance(block, Furniture) and not include_furniture:
                continue
            rendered = block_to_markdown(block, table_format)
            if not rendered:
                continue
            if out:
                # Items of one list sit on consecutive lines, as Markdown writes them.
                tight = isinstance(block, ListItem) and isinstance(previous, ListItem)
                out.append("\n" if tight else "\n\n")
            out.append(rendered)
            previous = block
        return "".join(out) + "\n"

    def _repr_markdown_(self) -> str:
        """Notebook display: a summary (source, pages, block counts, OCR) and the first blocks."""
        from ._display import document_markdown

        return document_markdown(self)

    def _repr_html_(self) -> str:
        """Notebook display as HTML: the summary and the first blocks, rendered."""
        from ._display import document_html

        return document_html(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible ``dict``; ``Document.model_validate(d)`` reads it back."""
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = None) -> str:
        """The document as JSON; byte-identical for the same input and options."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Document:
        """Read a document back from :meth:`to_json` output."""
        return cls.model_validate_json(data)

    def page(self, number: int) -> Page:
        """The page with this 1-based number."""
        for page in self.pages:
            if page.number == number:
                return page
        raise KeyError(number)
