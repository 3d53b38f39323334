"""Format facts come from one table, and the checks that depend on them agree."""

from __future__ import annotations

import io
import zipfile

import pytest

from ragbase_extract import ExtractOptions, Format, ResourceLimitError, extract
from ragbase_extract._backends.docling._convert import SPECS, XML_FORMATS, ZIP_FORMATS
from ragbase_extract._formats import LEGACY_OFFICE, XML_DOCUMENTS, ZIP_CONTAINERS


def _bomb(member: str, unpacked: int = 64 << 20) -> bytes:
    """A ZIP whose one member inflates to ``unpacked`` zero bytes (~1000:1)."""
    out = io.BytesIO()
    archive = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    with archive, archive.open(member, "w", force_zip64=True) as handle:
        for _ in range(unpacked >> 20):
            handle.write(bytes(1 << 20))
    return out.getvalue()


def test_every_format_has_its_facts() -> None:
    for fmt in Format:
        assert "/" in fmt.media_type


def test_backend_sets_are_slices_of_the_one_table() -> None:
    assert ZIP_CONTAINERS & SPECS.keys() == ZIP_FORMATS
    assert XML_DOCUMENTS & SPECS.keys() == XML_FORMATS
    # the two tables that used to disagree: PyMuPDF's ZIP formats are containers too
    assert {Format.XPS, Format.CBZ, Format.EPUB, Format.DOCX} <= ZIP_CONTAINERS
    assert {Format.DOC, Format.PPT, Format.XLS} == LEGACY_OFFICE


@pytest.mark.parametrize(
    ("member", "fmt"),
    [("page001.png", "cbz"), ("FixedDocSeq.fdseq", "xps")],
)
def test_zip_bombs_are_refused_whichever_backend_reads_them(member: str, fmt: str) -> None:
    data = _bomb(member)
    with pytest.raises(ResourceLimitError) as info:
        extract(data, options=ExtractOptions())
    assert info.value.limit == "max_compression_ratio"
    assert f"the {fmt} input" in str(info.value)
