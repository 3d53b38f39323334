"""Zip bombs, oversized archives and XML entity bombs are refused before they are unpacked."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest

from ragbase_extract import (
    CorruptDocumentError,
    ExtractOptions,
    Format,
    ResourceLimitError,
    UnsupportedFormatError,
    extract,
)
from ragbase_extract._containers import (
    check_xml_entities,
    check_zip,
    check_zip_xml_parts,
    read_member,
)
from ragbase_extract._detect import detect_format

MIB = 1 << 20

_DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_DOCX_BODY = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>hello</w:t></w:r></w:p></w:body></w:document>"
)


def _zeros_deflated(mebibytes: int) -> tuple[bytes, int]:
    """Raw deflate data of ``mebibytes`` MiB of zeros and its CRC, built in well under a second.

    After a full flush the compressor's state is reset, so every 1 MiB block of
    zeros compresses to the same bytes: one block is compressed and repeated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block_in = bytes(MIB)
    block = compressor.compress(block_in) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = block * mebibytes + compressor.flush()
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(block_in, crc)
    return data, crc


def build_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A ZIP archive from ``(name, payload, method, crc, uncompressed_size)`` entries.

    Payloads are written as given (already compressed for method 8), so the
    archive may describe members far larger than the test ever holds in memory.
    """
    out = io.BytesIO()
    central: list[bytes] = []
    for name, payload, method, crc, size in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(payload),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded)
        out.write(payload)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(payload),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for record in central:
        out.write(record)
    size_cd = out.tell() - start
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size_cd, start, 0)
    )
    return out.getvalue()


def _stored(name: str, payload: bytes) -> tuple[str, bytes, int, int, int]:
    return (name, payload, 0, zlib.crc32(payload), len(payload))


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    """A DOCX-shaped archive with a 1 GiB member of zeros (about 1 MiB compressed)."""
    zeros, crc = _zeros_deflated(1024)
    return build_zip(
        [
            _stored("[Content_Types].xml", _DOCX_TYPES),
            _stored("word/document.xml", _DOCX_BODY),
            ("word/media/image1.bin", zeros, 8, crc, 1024 * MIB),
        ]
    )


def test_the_bomb_is_real(docx_bomb: bytes) -> None:
    assert len(docx_bomb) < 2 * MIB
    assert detect_format(docx_bomb) == Format.DOCX
    with zipfile.ZipFile(io.BytesIO(docx_bomb)) as archive:
        info = archive.getinfo("word/media/image1.bin")
        assert info.file_size == 1024 * MIB
        with archive.open(info) as stream:
            assert stream.read(4 * MIB) == bytes(4 * MIB)  # zeros, as announced


def test_zip_bomb_refused_by_ratio_without_inflating(docx_bomb: bytes) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ResourceLimitError) as info:
        check_zip(docx_bomb, ExtractOptions())
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.limit == "max_compression_ratio"
    assert info.value.actual is not None
    assert info.value.actual > 200
    assert elapsed < 1.0
    assert peak < 16 * MIB  # nothing close to 1 GiB was ever allocated


def test_zip_bomb_refused_by_unpacked_size(docx_bomb: bytes) -> None:
    options = ExtractOptions(max_compression_ratio=None, max_unpacked_bytes=100 * MIB)
    with pytest.raises(ResourceLimitError) as info:
        check_zip(docx_bomb, options)
    assert info.value.limit == "max_unpacked_bytes"
    assert info.value.value == 100 * MIB
    assert info.value.actual is not None
    assert info.value.actual > 1024 * MIB


def test_zip_bomb_through_extract_is_a_resource_limit(docx_bomb: bytes) -> None:
    pytest.importorskip("docling", reason="the docling backend ([office] extra) is not installed")
    started = time.perf_counter()
    with pytest.raises(ResourceLimitError):
        extract(docx_bomb)
    assert time.perf_counter() - started < 5.0


def test_limits_can_be_lifted(docx_bomb: bytes) -> None:
    check_zip(
        docx_bomb,
        ExtractOptions(
            max_compression_ratio=None, max_unpacked_bytes=None, max_archive_members=None
        ),
    )


def test_too_many_members() -> None:
    data = build_zip([_stored(f"part{i}.xml", b"<a/>") for i in range(50)])
    with pytest.raises(ResourceLimitError) as info:
        check_zip(data, ExtractOptions(max_archive_members=10))
    assert info.value.limit == "max_archive_members"
    assert info.value.actual == 50
    check_zip(data, ExtractOptions(max_archive_members=50))


def test_small_highly_compressible_members_are_fine() -> None:
    # An XML part of 512 KiB of spaces compresses far beyond 200x but is harmless.
    payload = b"<a>" + b" " * (512 * 1024) + b"</a>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", payload)
    check_zip(buffer.getvalue(), ExtractOptions())


@pytest.mark.parametrize("data", [b"PK\x03\x04 this is not a zip", b"", b"%PDF-1.7"])
def test_corrupt_zip(data: bytes) -> None:
    with pytest.raises(CorruptDocumentError):
        check_zip(data, ExtractOptions())


def test_read_member_streams_and_caps() -> None:
    zeros, crc = _zeros_deflated(8)
    data = build_zip([("big.bin", zeros, 8, crc, 8 * MIB)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert read_member(archive, "big.bin", ExtractOptions(), max_bytes=1000) == bytes(1000)
        with pytest.raises(ResourceLimitError) as info:
            read_member(archive, "big.bin", ExtractOptions(max_unpacked_bytes=MIB))
        assert info.value.limit == "max_unpacked_bytes"
        with pytest.raises(CorruptDocumentError):
            read_member(archive, "missing.xml", ExtractOptions())


def test_read_member_detects_a_lying_size() -> None:
    zeros, crc = _zeros_deflated(4)
    # The directory claims 1 KiB; the data inflates to 4 MiB.
    data = build_zip([("liar.bin", zeros, 8, crc, 1024)])
    with (
        zipfile.ZipFile(io.BytesIO(data)) as archive,
        pytest.raises((ResourceLimitError, CorruptDocumentError)),
    ):
        read_member(archive, "liar.bin", ExtractOptions())


# ----------------------------------------------------------------------------- XML

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!-- JATS-shaped -->
<!DOCTYPE article [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<article xmlns:mml="http://www.w3.org/1998/Math/MathML" dtd-version="1.2" article-type="jats">
<front><article-meta><title-group><article-title>&lol9;</article-title></title-group>
</article-meta></front><body><p>&lol9;</p></body></article>
"""


def test_billion_laughs_refused() -> None:
    with pytest.raises(ResourceLimitError) as info:
        check_xml_entities(BILLION_LAUGHS)
    assert info.value.limit == "xml_entity_expansion"


def test_billion_laughs_through_extract() -> None:
    pytest.importorskip("docling", reason="the docling backend ([office] extra) is not installed")
    assert detect_format(BILLION_LAUGHS) == Format.JATS
    started = time.perf_counter()
    with pytest.raises(ResourceLimitError):
        extract(BILLION_LAUGHS)
    assert time.perf_counter() - started < 2.0


def test_many_references_to_a_large_entity_refused() -> None:
    big = "x" * 50_000
    refs = "&big;" * 100
    data = f'<!DOCTYPE a [<!ENTITY big "{big}">]><a>{refs}</a>'
    with pytest.raises(ResourceLimitError):
        check_xml_entities(data)
    check_xml_entities(f'<!DOCTYPE a [<!ENTITY big "{big}">]><a>&big;</a>')


def test_recursive_entity_refused() -> None:
    data = '<!DOCTYPE a [<!ENTITY a "&b;"><!ENTITY b "&a;">]><a>&a;</a>'
    with pytest.raises(ResourceLimitError) as info:
        check_xml_entities(data)
    assert info.value.limit == "xml_entity_expansion"


def test_deep_entity_chains_refused() -> None:
    chain = "".join(f'<!ENTITY e{i} "&e{i + 1};">' for i in range(5000))
    data = f'<!DOCTYPE a [{chain}<!ENTITY e5000 "x">]><a>&e0;</a>'
    with pytest.raises(ResourceLimitError):
        check_xml_entities(data)


def test_every_doctype_of_a_bulk_file_is_checked() -> None:
    first = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY ok "fine">]><a>&ok;</a>\n'
    with pytest.raises(ResourceLimitError):
        check_xml_entities(first + BILLION_LAUGHS)


def test_a_long_prolog_does_not_hide_the_doctype() -> None:
    padding = b"<!--" + b" " * (200 * 1024) + b"-->"
    body = b'<?xml version="1.0"?>' + padding + BILLION_LAUGHS.split(b"?>", 1)[1]
    data = build_zip(
        [_stored("[Content_Types].xml", _DOCX_TYPES), _stored("word/document.xml", body)]
    )
    with pytest.raises(ResourceLimitError):
        check_zip_xml_parts(data, ExtractOptions())


def test_external_entity_refused() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>'
    )
    with pytest.raises(ResourceLimitError) as info:
        check_xml_entities(data)
    assert info.value.limit == "xml_external_entity"


def test_harmless_doctypes_pass() -> None:
    # USPTO grants declare their drawings as unparsed (NDATA) entities.
    check_xml_entities(
        b'<?xml version="1.0"?>\n<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v42.dtd" [\n'
        b'<!ENTITY US07654321-20100202-D00000.TIF SYSTEM "US07654321-20100202-D00000.TIF" '
        b"NDATA TIF>\n]>\n<us-patent-grant/>"
    )
    # JATS articles name an external DTD and declare nothing.
    check_xml_entities(
        b'<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange '
        b'DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd"><article/>'
    )
    check_xml_entities(b'<!DOCTYPE a [<!ENTITY small "a few words">]><a>&small; &small;</a>')
    check_xml_entities(b"<a>no doctype at all</a>")


def test_entity_bomb_inside_an_office_part() -> None:
    body = BILLION_LAUGHS.replace(b"<!-- JATS-shaped -->", b"")
    data = build_zip(
        [_stored("[Content_Types].xml", _DOCX_TYPES), _stored("word/document.xml", body)]
    )
    with pytest.raises(ResourceLimitError) as info:
        check_zip_xml_parts(data, ExtractOptions())
    assert info.value.limit == "xml_entity_expansion"


def test_legacy_office_is_unsupported() -> None:
    # An OLE2 compound file whose directory names a WordDocument stream: a .doc.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le")
    with pytest.raises(UnsupportedFormatError) as info:
        extract(data)
    assert info.value.format == "doc"
    assert "DOCX" in str(info.value)
