"""The ``section`` strategy: chunks follow the heading structure."""

from __future__ import annotations

from bisect import bisect_right

from ._base import BaseChunker
from ._engine import Context, PathEntry, Piece
from ._pack import Item, Packer, Section
from ._split import Unit

__all__ = ["SectionChunker", "heading_paths", "path_at"]


class _Node:
    """A heading and what follows it up to the next heading of its level or above."""

    __slots__ = ("children", "end", "level", "path", "start", "units")

    def __init__(self, level: int, path: tuple[PathEntry, ...], start: int) -> None:
        self.level = level
        self.path = path
        self.start = start
        self.end = start
        self.units: list[Unit] = []
        self.children: list[_Node] = []

    def items(self) -> list[Item]:
        return [
            *self.units,
            *(Section(child.start, child.end, child.path, child) for child in self.children),
        ]


def _heading_text(text: str) -> str:
    return " ".join(text.split())


def _tree(ctx: Context) -> _Node:
    blocks = ctx.document.blocks
    root = _Node(0, (), 0)
    stack = [root]
    current = root.units
    last_end = 0  # end of the last unit placed: where a node closed now ends
    levels = ctx.heading_level
    for unit in ctx.units:
        if unit.heading:
            level = levels.get(unit.start)
            if level is None:  # the heading's text starts after spaces
                block = blocks[ctx.block_index[ctx.block_at(unit.start)]]
                level = getattr(block, "level", 1)
            while stack[-1].level >= level:
                stack.pop().end = last_end
            entry = (unit.start, _heading_text(ctx.text[unit.start : unit.end]))
            node = _Node(level, (*stack[-1].path, entry), unit.start)
            stack[-1].children.append(node)
            stack.append(node)
            current = node.units
        current.append(unit)
        last_end = unit.end
    for node in stack:
        node.end = last_end
    return root


def heading_paths(ctx: Context) -> tuple[list[int], list[tuple[PathEntry, ...]]]:
    """Start offsets of the headings, and the heading path in force from each."""
    starts: list[int] = []
    paths: list[tuple[PathEntry, ...]] = []

    def walk(node: _Node) -> None:
        for child in node.children:
            starts.append(child.start)
            paths.append(child.path)
            walk(child)

    walk(_tree(ctx))
    return starts, paths


def path_at(
    starts: list[int], paths: list[tuple[PathEntry, ...]], offset: int
) -> tuple[PathEntry, ...]:
    """The heading path in force at ``offset``."""
    position = bisect_right(starts, offset) - 1
    return paths[position] if position >= 0 else ()


class SectionChunker(BaseChunker):
    """Chunks that follow the document's sections (the default strategy).

    A section (a heading and everything under it) that fits becomes one chunk,
    and small neighbouring sections under the same parent merge up to the
    limit, under their parent's heading path. A section too large is opened:
    its own text and its subsections are packed the same way, so a chunk never
    crosses a heading boundary of the level it is cut at. Text too large for a
    chunk is split at block, then line, sentence and word boundaries; tables
    between rows only, each continuation repeating the header row(s) in
    ``contextualized_text``. A heading never ends a chunk when text follows it.

    See :class:`BaseChunker` for the arguments.

    Example:
        >>> from ragbase_extract import extract
        >>> doc = extract(b"# Guide\\n\\nIntro.\\n\\n## Setup\\n\\nInstall it.", backend="text")
        >>> [c.heading_path for c in SectionChunker(max_tokens=64).chunk(doc)]
        [('Guide',)]

    .. versionadded:: 0.1
    """

    strategy = "section"

    def _pieces(self, ctx: Context) -> list[Piece]:
        packer: Packer

        def expand(section: Section, lead: list[Item]) -> list[Piece]:
            node: _Node = section.node
            return packer.pack([*lead, *node.items()], node.path)

        packer = Packer(ctx, expand)
        return packer.pack(_tree(ctx).items(), ())
