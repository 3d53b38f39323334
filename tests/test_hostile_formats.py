"""Office files from issue 13: encrypted ones say so, and no external program is started."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ragbase_extract import EncryptedDocumentError, UnsupportedFormatError, extract
from tests._ole import compound_file
from tests.conftest import CORPUS

# What Office writes for a password-protected DOCX, XLSX or PPTX ([MS-OFFCRYPTO]):
# agile encryption's version 4.4 header, then the XML descriptor.
_INFO = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b'<?xml version="1.0"?><encryption/>'


@pytest.mark.parametrize("name", [None, "report.docx", "sheet.xlsx", "deck.pptx"])
def test_password_protected_office_file_is_encrypted(tmp_path: Path, name: str | None) -> None:
    data = compound_file([("EncryptionInfo", _INFO), ("EncryptedPackage", b"\x9c" * 5000)])
    source: Path | bytes = data
    if name is not None:
        source = tmp_path / name
        source.write_bytes(data)
    with pytest.raises(EncryptedDocumentError) as info:
        extract(source)
    assert "password" in str(info.value)


def test_other_compound_files_stay_unsupported() -> None:
    data = compound_file([("SummaryInformation", b"\x00" * 64)])
    with pytest.raises(UnsupportedFormatError):
        extract(data)


def test_no_external_program_runs_for_office_pictures(tmp_path: Path) -> None:
    # Docling converts EMF/WMF pictures by running LibreOffice when `soffice` is on
    # PATH (and pypdfium2 is installed); a fake `soffice` records any call.
    pytest.importorskip("docling", reason="the docling backend ([office] extra) is not installed")
    pytest.importorskip("pypdfium2", reason="Docling looks for LibreOffice only with pypdfium2")
    if CORPUS is None or not (CORPUS / "xlsx" / "xlsx_emf.xlsx").exists():
        pytest.skip("../shared/corpus is absent (xlsx_emf.xlsx: EMF pictures in a workbook)")
    marker = tmp_path / "soffice-ran"
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" >> {marker}\nexit 1\n')
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "DOCLING_LIBREOFFICE_CMD"}
    env["PATH"] = f"{fake.parent}{os.pathsep}{env.get('PATH', '')}"
    code = (
        "import sys; from ragbase_extract import extract; print(len(extract(sys.argv[1]).blocks))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(CORPUS / "xlsx" / "xlsx_emf.xlsx")],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) > 0  # the workbook's text is still there
    assert not marker.exists(), marker.read_text()
