"""Small crafted inputs that expand enormously, built in the tests (issue 13's reproducers)."""

from __future__ import annotations

import importlib
import io
import zlib
from typing import Any

from tests._hostile import _pdf


def pdf_stream_bomb(mebibytes: int) -> bytes:
    """A ~25 KB PDF whose content stream inflates (two Flate filters) to ``mebibytes`` MiB.

    The content overprints text at one spot, so every glyph stays on the page and
    a text extractor keeps all of them. Built from one compressed 1 MiB block
    repeated (a full flush resets the compressor), so it takes well under a second.
    """
    unit = b"1 0 0 1 10 10 Tm (" + b"A" * 233 + b") Tj\n"
    assert len(unit) == 256
    chunk = unit * 4096
    prefix, suffix = b"BT /F1 1 Tf\n", b"ET\n"
    compressor = zlib.compressobj(9)
    head = compressor.compress(prefix + chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush()
    adler = zlib.adler32(prefix + chunk)
    for _ in range(mebibytes - 1):
        adler = zlib.adler32(chunk, adler)
    adler = zlib.adler32(suffix, adler)
    inner = head + block * (mebibytes - 1) + tail[:-4] + adler.to_bytes(4, "big")
    outer = zlib.compress(inner, 9)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(outer)
            + outer
            + b"\nendstream",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
        ]
    )


def xlsx_far_corner() -> bytes:
    """A ~5 KB workbook with one cell in A1 and one in XFD1048576 (the last cell)."""
    openpyxl: Any = importlib.import_module("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "first"
    sheet["XFD1048576"] = "last"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
