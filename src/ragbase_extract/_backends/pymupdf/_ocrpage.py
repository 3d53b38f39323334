"""The OCR step of the page pipeline: decide per page, recognise, hand lines on.

:func:`._page.read_page` reads its drawing log and text lines into
:class:`~ragbase_extract._ocr.PageSignals`; :class:`OcrPass` applies :func:`~ragbase_extract._ocr.decide` per page and, for
pages that get OCR, renders the page, lets the engine turn it upright and read
it, and rebuilds the page's lines from the recognised words in page
coordinates. The words enter as a PyMuPDF text dictionary, so they go through
the same fragment merging, column, reading-order, heading, list and table
steps as a native text layer. After the blocks are built, the pass gives each
block on a recognised page its OCR provenance and each page its OCR status.

A page scanned turned (90, 180 or 270 degrees) is laid out in its upright
space (points of the upright image), where lines run left to right and top to
bottom, so reading order is right; the blocks' boxes are then mapped back
to the page's own coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from ..._errors import BackendUnavailableError
from ..._model import BBox, Block, OcrInfo, Page
from ..._ocr import (
    OcrDecision,
    OcrEngine,
    OcrImage,
    OcrResult,
    decide,
    engine_for,
    is_junk,
)
from ..._options import ExtractOptions
from ._geometry import Rect, make_bbox, round2
from ._layout import find_gutters
from ._lines import Line, build_fragments, merge_fragments
from ._page import PageData

__all__ = ["OcrPass"]

_MEANINGLESS_RE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
"""Control characters (tab and line ends aside) and U+FFFD: never text."""
_OCR_FONT: Final = "OCR"
"""Font name recognised lines carry, so font statistics can tell them apart."""


@dataclass(frozen=True, slots=True)
class _Outcome:
    decision: OcrDecision
    skipped: Literal["disabled", "unavailable"] | None = None
    info: OcrInfo | None = None
    words: tuple[tuple[Rect, float], ...] = ()
    size: tuple[float, float] = (0.0, 0.0)
    to_page: tuple[float, float, float, float, float, float] | None = None


class OcrPass:
    """OCR for one document: decisions, recognition and the provenance they leave.

    Args:
        options: Supplies the policy, languages, dpi and engine name.
        reflowable: The document is reflowable (EPUB, MOBI, FB2): its pages are
            laid out from text, so an image there is a picture, never a scan.
    """

    def __init__(self, options: ExtractOptions, *, reflowable: bool = False) -> None:
        self._options = options
        self._reflowable = reflowable
        self._outcomes: dict[int, _Outcome] = {}

    def read(self, page: Any, data: PageData) -> PageData:
        """Decide for one page; when it gets OCR, return its data with recognised lines.

        Args:
            page: The ``pymupdf.Page`` (rotation already removed).
            data: What :func:`._page.read_page` read from it.
        """
        number, signals = data.number, data.signals
        if signals is None:
            return data
        if self._reflowable and signals.chars == 0:
            signals = replace(signals, image_area=0.0, glyph_paths=0)
        decision = decide(signals, self._options.ocr)
        engine = self._engine() if decision.run else None
        if engine is None:
            skipped: Literal["disabled", "unavailable"] | None = None
            if decision.needed:
                skipped = "unavailable" if decision.run else "disabled"
            self._outcomes[number] = _Outcome(decision, skipped)
            return _unread(data, decision)
        lines, gutters, outcome, upright = self._recognize(page, engine, decision)
        self._outcomes[number] = replace(outcome, size=(data.width, data.height))
        # The scan image is the text now: no figure, and tables come from the
        # recognised lines' alignment (rule-less table detection) only.
        return replace(
            data,
            width=upright[0],
            height=upright[1],
            lines=tuple(lines),
            all_lines=tuple(lines),
            gutters=tuple(gutters),
            tables=data.tables[:0],
            figures=data.figures[:0],
            needs_ocr=False,
        )

    def _engine(self) -> OcrEngine | None:
        name = self._options.ocr_engine
        try:
            engine = engine_for(name)
        except KeyError:
            raise BackendUnavailableError(
                f"no OCR engine named {name!r}", backend=name, extra="ocr"
            ) from None
        return engine if engine.is_available() else None

    def _recognize(
        self, page: Any, engine: OcrEngine, decision: OcrDecision
    ) -> tuple[list[Line], list[tuple[float, float]], _Outcome, tuple[float, float]]:
        import pymupdf

        new_matrix: Any = pymupdf.Matrix  # PyMuPDF's stubs are partial
        dpi = self._options.ocr_dpi
        zoom = dpi / 72
        matrix = new_matrix(zoom, zoom)
        image = _render(page, matrix, dpi)
        turn = engine.orientation(image)
        if turn:
            # Render again turned upright: the engine reads upright text best, and
            # the inverse matrix maps its boxes back to page coordinates.
            matrix = new_matrix(zoom, zoom).prerotate(-turn)
            image = _render(page, matrix, dpi)
        # MuPDF keeps decoded images in its process-wide store (up to 256 MiB):
        # a 600 dpi scan decodes to ~35 MB per page and would stay there.
        tools: Any = pymupdf.TOOLS
        tools.store_shrink(100)
        result = engine.recognize(image, self._options.ocr_languages)
        words, blocks = _upright(result, zoom)
        # get_pixmap puts the transformed page's corner at pixel (0, 0): upright
        # points -> pixels -> transformed space -> page space.
        corner = (page.rect * matrix).tl
        to_page = new_matrix(zoom, 0, 0, zoom, corner.x, corner.y) * ~matrix
        frags, rotated = build_fragments(blocks)
        gutters = find_gutters(frags)
        lines = merge_fragments(frags, gutters) + rotated
        info = OcrInfo(
            engine=engine.name,
            languages=self._options.ocr_languages,
            dpi=dpi,
            confidence=_mean(c for _, c in words),
            orientation=turn,
        )
        outcome = _Outcome(decision, None, info, words, to_page=tuple(to_page))
        return lines, gutters, outcome, (image.width / zoom, image.height / zoom)

    def pages(self, pages: Sequence[Page]) -> list[Page]:
        """Pages with their OCR status filled in."""
        out: list[Page] = []
        for page in pages:
            outcome = self._outcomes.get(page.number)
            if outcome is None:
                out.append(page)
                continue
            source = "ocr" if outcome.info is not None else outcome.decision.text_source
            size = {"width": page.width, "height": page.height}
            if outcome.info is not None:  # laid out upright: report the page as it is
                size = {"width": round2(outcome.size[0]), "height": round2(outcome.size[1])}
            out.append(
                page.model_copy(
                    update={
                        **size,
                        "needs_ocr": outcome.decision.needed and outcome.info is None,
                        "text_source": source,
                        "ocr": outcome.info,
                        "ocr_skipped": outcome.skipped,
                    }
                )
            )
        return out

    def blocks(self, blocks: Iterable[Block]) -> list[Block]:
        """Blocks with OCR provenance (and their words' confidence) where recognised."""
        out: list[Block] = []
        for block in blocks:
            prov = block.prov
            outcome = self._outcomes.get(prov.page or 0)
            if outcome is None or outcome.info is None or prov.bbox is None:
                out.append(block)
                continue
            box = prov.bbox.as_tuple()
            confidence = _mean(c for rect, c in outcome.words if _centre_in(rect, box))
            info = outcome.info.model_copy(update={"confidence": confidence})
            update = {"ocr": info, "bbox": _map_box(box, outcome.to_page)}
            out.append(block.model_copy(update={"prov": prov.model_copy(update=update)}))
        return out


def _unread(data: PageData, decision: OcrDecision) -> PageData:
    """A page left without OCR: flagged when its text is missing, and never passing junk on.

    The glyphs of an unreadable text layer (U+FFFD, private use, control
    characters) are dropped from its lines, so chunks get only what is
    readable. On a readable page only control characters and U+FFFD go (a
    span whose font has no Unicode map, among readable text): private-use
    glyphs there may be icons or bullets of symbol fonts.
    """
    if decision.reason == "unreadable_text":
        clean, needs_ocr = _readable, True
    else:
        clean, needs_ocr = _without_controls, decision.needed
    lines = tuple(clean(line) for line in data.lines)
    every = tuple(clean(line) for line in data.all_lines)
    return replace(
        data,
        lines=tuple(line for line in lines if line.text),
        all_lines=tuple(line for line in every if line.text),
        needs_ocr=needs_ocr,
    )


def _readable(line: Line) -> Line:
    text = " ".join("".join(c for c in line.text if not is_junk(c)).split())
    return line if text == line.text else replace(line, text=text, parts=())


def _without_controls(line: Line) -> Line:
    if _MEANINGLESS_RE.search(line.text) is None:
        return line
    return replace(line, text=" ".join(_MEANINGLESS_RE.sub("", line.text).split()), parts=())


def _render(page: Any, matrix: Any, dpi: int) -> OcrImage:
    import pymupdf

    pix = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY, alpha=False)
    return OcrImage(bytes(pix.samples), pix.width, pix.height, 1, dpi)


def _upright(
    result: OcrResult, zoom: float
) -> tuple[tuple[tuple[Rect, float], ...], list[dict[str, Any]]]:
    """Words in upright points, and the lines as a PyMuPDF text dictionary's blocks."""
    words: list[tuple[Rect, float]] = []
    blocks: dict[int, list[dict[str, Any]]] = {}
    for line in result.lines:
        spans: list[dict[str, Any]] = []
        for i, word in enumerate(line.words):
            box = (word.x0 / zoom, word.y0 / zoom, word.x1 / zoom, word.y1 / zoom)
            words.append((box, word.confidence))
            text = word.text if i == len(line.words) - 1 else word.text + " "
            spans.append(
                {"text": text, "bbox": box, "size": line.size / zoom, "font": _OCR_FONT, "flags": 0}
            )
        blocks.setdefault(line.block, []).append({"spans": spans, "dir": (1.0, 0.0)})
    return tuple(words), [{"type": 0, "lines": lines} for _, lines in sorted(blocks.items())]


def _map_box(box: Rect, to_page: tuple[float, ...] | None) -> BBox:
    if to_page is None:
        return make_bbox(*box)
    a, b, c, d, e, f = to_page
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return make_bbox(min(xs), min(ys), max(xs), max(ys))


def _centre_in(rect: Rect, box: Rect) -> bool:
    x, y = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return round(sum(items) / len(items), 3) if items else None
