"""The walk's traversal state: moves through a ``DoclingDocument`` tree, and what it consumed.

Docling's tree mixes references (``RefItem``) and nodes; :class:`Tree` resolves
them and remembers which nodes the walk has already turned into blocks, so that
an item reached twice (a caption, the runs of an inline group, the cells of a
table) is emitted once.
"""

from __future__ import annotations

from collections.abc import Iterator

from docling_core.types.doc import ContentLayer, DoclingDocument, FloatingItem, NodeItem

__all__ = ["Tree"]


class Tree:
    """A document's nodes, and the set of those the walk has consumed."""

    def __init__(self, doc: DoclingDocument) -> None:
        self.doc = doc
        self._visited: set[str] = set()
        self.satellites = _satellites(doc)
        """Captions and footnotes: emitted with the table or figure that owns them."""

    def children(self, node: NodeItem) -> Iterator[NodeItem]:
        """The node's children, resolved."""
        for ref in node.children or []:
            yield ref.resolve(self.doc)

    def parent(self, node: NodeItem) -> NodeItem | None:
        """The node's parent, resolved (``None`` for a root)."""
        return node.parent.resolve(self.doc) if node.parent is not None else None

    def seen(self, node: NodeItem) -> bool:
        """Whether the walk has consumed this node already."""
        return node.self_ref in self._visited

    def take(self, node: NodeItem) -> None:
        """Record the node itself as consumed (its children are still walked)."""
        self._visited.add(node.self_ref)

    def mark(self, node: NodeItem) -> None:
        """Record a node and its whole subtree as consumed."""
        self._visited.add(node.self_ref)
        for child in self.children(node):
            self.mark(child)


def _satellites(doc: DoclingDocument) -> frozenset[str]:
    refs: set[str] = set()
    for item, _ in doc.iterate_items(
        with_groups=True, traverse_pictures=True, included_content_layers=set(ContentLayer)
    ):
        if isinstance(item, FloatingItem):
            refs.update(ref.cref for ref in item.captions)
            refs.update(ref.cref for ref in item.footnotes)
    return frozenset(refs)
