"""Builders for the PDFs and archives the isolation, batch and robustness tests need."""

from __future__ import annotations

import importlib
import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from tests.conftest import DATA, corpus_files


def make_pdf(*pages: str) -> bytes:
    """A small text PDF with one page per string."""
    pymupdf: Any = importlib.import_module("pymupdf")
    doc = pymupdf.open()
    for text in pages or ("Hello, world.",):
        page = doc.new_page()
        page.insert_text((72, 72), text)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def blank_pdf() -> bytes:
    """A PDF with one page and nothing on it."""
    pymupdf: Any = importlib.import_module("pymupdf")
    doc = pymupdf.open()
    doc.new_page()
    data: bytes = doc.tobytes()
    doc.close()
    return data


def nested_forms_pdf(
    depth: int,
    *,
    fanout: int = 2,
    draw: bytes = b"/X Do",
    leaf: bytes = b"0 0 m 10 10 l S",
) -> bytes:
    """A one-page PDF whose form XObjects each draw the next one ``fanout`` times.

    ``depth`` forms deep, the page draws the last one's ``leaf`` ``fanout**(depth - 1)``
    times: 8 KB that MuPDF never finished at depth 25. ``draw`` is how a form
    draws its child (named ``/X`` in its resources).
    """
    pymupdf: Any = importlib.import_module("pymupdf")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "A page with a form tree.")
    xrefs = [doc.get_new_xref() for _ in range(depth)]
    font = "<< /Font << /F << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    for level, xref in enumerate(xrefs):
        if level == depth - 1:
            resources, content = font, leaf
        else:
            resources = f"<< /XObject << /X {xrefs[level + 1]} 0 R >> >>"
            content = b" ".join(b"q 0.5 0 0 0.5 %d 0 cm %s Q" % (i, draw) for i in range(fanout))
        doc.update_object(
            xref, f"<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources {resources} >>"
        )
        doc.update_stream(xref, content)
    page.clean_contents()
    (contents,) = page.get_contents()
    doc.update_stream(contents, doc.xref_stream(contents) + b"\nq /X0 Do Q")
    kind, value = doc.xref_get_key(page.xref, "Resources")
    owner, key = (
        (int(value.split()[0]), "XObject") if kind == "xref" else (page.xref, "Resources/XObject")
    )
    doc.xref_set_key(owner, key, f"<< /X0 {xrefs[0]} 0 R >>")
    data: bytes = doc.tobytes(deflate=True)
    doc.close()
    return data


def _pdf(objects: list[bytes]) -> bytes:
    """Serialise numbered objects (1-based, object 1 the catalog) with a valid xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def many_pages_pdf(count: int) -> bytes:
    """A PDF with ``count`` text pages sharing one content stream; built in milliseconds."""
    content = b"BT /F1 12 Tf 20 40 Td (A page of a very long document.) Tj ET"
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects += [page] * count
    return _pdf(objects)


def _deflate_zeros(size: int) -> bytes:
    """A zlib stream of ``size`` zero bytes (a multiple of 1 MiB), built without deflating them.

    Each 1 MiB block is compressed once and ended with a full flush, which resets
    the compressor, so the same bytes stand for every block; only the checksum
    is computed over the whole.
    """
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush()[:-4]  # the empty last block, without the checksum
    blocks = size >> 20
    adler = 1
    for _ in range(blocks):
        adler = zlib.adler32(chunk, adler)
    return head + block * (blocks - 1) + final + adler.to_bytes(4, "big")


def flate_bomb_pdf(unpacked: int = 1 << 30) -> bytes:
    """A one-page PDF whose content stream inflates to ``unpacked`` zero bytes (~1000:1)."""
    stream = _deflate_zeros(unpacked)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def zip_bomb(member: str = "word/document.xml", unpacked: int = 256 << 20) -> bytes:
    """A ZIP (a DOCX by its member names) with one member inflating to ``unpacked`` zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = bytes(1 << 20)
            for _ in range(unpacked >> 20):
                handle.write(chunk)
    return out.getvalue()


def epub_bomb(unpacked: int = 256 << 20) -> bytes:
    """An EPUB (read by PyMuPDF) whose chapter inflates to ``unpacked`` bytes of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        archive.writestr(
            "content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
            '<metadata/><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/>'
            '</manifest><spine><itemref idref="c"/></spine></package>',
        )
        with archive.open("c.xhtml", "w", force_zip64=True) as handle:
            handle.write(b"<html><body><p>")
            chunk = b" " * (1 << 20)
            for _ in range(unpacked >> 20):
                handle.write(chunk)
            handle.write(b"</p></body></html>")
    return out.getvalue()


def real_pdfs() -> list[Path]:
    """Small real PDFs: tests/data/pdf, else the corpus; may be empty."""
    bundled = sorted((DATA / "pdf").glob("*.pdf")) if (DATA / "pdf").is_dir() else []
    return bundled or [p for p in corpus_files("pdf", ".pdf") if p.stat().st_size < 700_000]


def seed_pdfs() -> list[bytes]:
    """Real PDF bytes to mutate (a generated one when no real PDF is around), small first."""
    found = sorted(real_pdfs(), key=lambda p: p.stat().st_size)[:4]
    return [p.read_bytes() for p in found] or [make_pdf("Seed document.", "Second page.")]


ENCRYPTED_NAME = "2206.01062_pg3.pdf"
"""The real encrypted PDF (user password ``1234``) in tests/data/pdf and the corpus."""


def encrypted_pdf() -> Path | None:
    """The real encrypted sample: tests/data/pdf first, else the corpus; ``None`` if neither."""
    for candidate in [DATA / "pdf" / ENCRYPTED_NAME, *corpus_files("pdf", ".pdf")]:
        if candidate.name == ENCRYPTED_NAME and candidate.is_file():
            return candidate
    return None
