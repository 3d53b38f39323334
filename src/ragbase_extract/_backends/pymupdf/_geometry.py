"""Small geometry helpers shared by the PyMuPDF backend modules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

from ..._model import BBox

__all__ = ["Rect", "contains_centre", "make_bbox", "round2", "union_bands"]

Rect: TypeAlias = tuple[float, float, float, float]
"""``(x0, y0, x1, y1)`` in points."""


def round2(value: float) -> float:
    """Round to 2 decimals, the precision of every coordinate we publish.

    ``-0.0`` is folded into ``0.0`` so equal inputs serialise identically.
    """
    return round(value, 2) + 0.0


def make_bbox(x0: float, y0: float, x1: float, y1: float) -> BBox:
    """A :class:`BBox` with rounded, ordered coordinates."""
    a, b = sorted((round2(x0), round2(x1)))
    c, d = sorted((round2(y0), round2(y1)))
    return BBox(x0=a, y0=c, x1=b, y1=d)


def contains_centre(
    outer: Rect, x0: float, y0: float, x1: float, y1: float, pad: float = 1.0
) -> bool:
    """Whether the centre of box ``(x0, y0, x1, y1)`` lies inside ``outer`` (padded)."""
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return outer[0] - pad <= cx <= outer[2] + pad and outer[1] - pad <= cy <= outer[3] + pad


def union_bands(spans: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """The union of x-ranges, ranges within a point of each other merged: column bands."""
    bands: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if bands and x0 <= bands[-1][1] + 1.0:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]
