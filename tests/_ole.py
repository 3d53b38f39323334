"""A minimal Compound File Binary (OLE2) writer, for the files Office encrypts.

Password-protected DOCX/XLSX/PPTX files are not ZIP archives but OLE2 compound
files holding ``EncryptionInfo`` and ``EncryptedPackage`` streams ([MS-OFFCRYPTO]).
This writes a structurally valid compound file ([MS-CFB], version 3, 512-byte
sectors) with the given streams, each padded to the 4,096-byte mini-stream
cutoff so that no mini stream is needed.
"""

from __future__ import annotations

import struct

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NONE = 0xFFFFFFFF


def _entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, black
        + struct.pack("<III", _NONE, right, child)  # left, right sibling, child
        + bytes(16 + 4 + 16)  # CLSID, state bits, times
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A compound file whose root holds ``streams`` (at most three, each padded to 4 KiB)."""
    assert 1 <= len(streams) <= 3
    bodies = [data.ljust(4096, b"\0") for _, data in streams]
    fat = [_FAT, _END]  # sector 0: this FAT; sector 1: the directory
    starts = []
    for body in bodies:
        count = -(-len(body) // _SECTOR)
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [_END]
    assert len(fat) <= _SECTOR // 4
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    entries = [_entry("Root Entry", 5, _END, 0, child=1, right=_NONE)]
    for index, ((name, _), start, body) in enumerate(zip(streams, starts, bodies, strict=True)):
        right = index + 2 if index + 1 < len(streams) else _NONE
        entries.append(_entry(name, 2, start, len(body), child=_NONE, right=right))
    directory = b"".join(entries).ljust(_SECTOR, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)  # DIFAT[0]: the FAT is sector 0
        + struct.pack("<108I", *([_FREE] * 108))
    )
    assert len(header) == _SECTOR
    out = header + struct.pack(f"<{_SECTOR // 4}I", *fat) + directory
    return out + b"".join(body.ljust(-(-len(body) // _SECTOR) * _SECTOR, b"\0") for body in bodies)
