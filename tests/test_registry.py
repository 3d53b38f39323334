"""Backend resolution, availability errors, and third-party entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Final

import pytest

from ragbase_extract import (
    Backend,
    BackendUnavailableError,
    Document,
    ExtractOptions,
    Format,
    Paragraph,
    Source,
    UnknownBackendError,
    UnsupportedFormatError,
    extract,
)
from ragbase_extract.backends import BackendRegistry, default_registry


class _Upper:
    """A real backend written against the public protocol: it upper-cases text."""

    name: Final = "upper"
    formats: Final = frozenset({Format.TEXT})
    extra: Final = "upper-extra"

    def __init__(self, available: bool = True) -> None:
        self._available = available

    def is_available(self) -> bool:
        return self._available

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        return Document.build(
            backend=self.name,
            source=source.info(),
            blocks=[Paragraph(text=source.data.decode().upper())],
        )


def test_custom_backend_satisfies_the_protocol_and_runs() -> None:
    backend = _Upper()
    assert isinstance(backend, Backend)
    doc = extract(b"hello", backend=backend)
    assert (doc.backend, doc.text) == ("upper", "HELLO")


def test_default_registry_order_and_names() -> None:
    registry = default_registry()
    assert registry.names[:3] == ("pymupdf", "text", "docling")
    assert registry.resolve(Format.PDF).name == "pymupdf"
    assert registry.resolve(Format.MARKDOWN).name == "text"
    assert [b.name for b in registry] == list(registry.names)


def test_unknown_name_and_format_mismatch() -> None:
    registry = default_registry()
    with pytest.raises(UnknownBackendError, match="no backend named 'nope'") as info:
        registry.resolve(Format.PDF, "nope")
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, ImportError)  # a typo is not a missing install
    assert info.value.known == registry.names
    assert "known backends: pymupdf, text, docling" in str(info.value)
    with pytest.raises(ValueError, match="no backend named 'pymupf'"):
        extract(b"plain text", backend="pymupf")
    with pytest.raises(UnsupportedFormatError, match="does not read"):
        registry.resolve(Format.DOCX, "text")
    with pytest.raises(UnsupportedFormatError, match="unrecognised"):
        registry.resolve(None)


def test_legacy_office_is_unsupported_with_a_hint() -> None:
    with pytest.raises(UnsupportedFormatError, match="legacy binary Office") as info:
        default_registry().resolve(Format.DOC)
    assert info.value.format == "doc"


def test_unavailable_backend_names_its_extra() -> None:
    registry = BackendRegistry([_Upper(available=False)])
    with pytest.raises(BackendUnavailableError, match=r"ragbase-extract\[upper-extra\]") as info:
        registry.resolve(Format.TEXT)
    assert (info.value.backend, info.value.extra) == ("upper", "upper-extra")


def test_duplicate_names_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        BackendRegistry([_Upper(), _Upper()])


PLUGIN = textwrap.dedent(
    """
    from ragbase_extract import Document, Format, Paragraph

    class XmlLines:
        name = "xml-lines"
        formats = frozenset({Format.XML})

        def is_available(self):
            return True

        def extract(self, source, options):
            lines = [l.strip() for l in source.data.decode().splitlines() if l.strip()]
            blocks = [Paragraph(text=l) for l in lines]
            return Document.build(backend=self.name, source=source.info(), blocks=blocks)

    def broken():
        raise RuntimeError("this plugin is broken")
    """
)


def _install_plugin(root: Path) -> None:
    (root / "xml_lines_plugin.py").write_text(PLUGIN)
    dist = root / "xml_lines_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: xml-lines-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[ragbase_extract.backends]\n"
        "xml-lines = xml_lines_plugin:XmlLines\n"
        "broken = xml_lines_plugin:broken\n"
    )


def test_entry_point_backend_is_found_and_chosen_by_format(tmp_path: Path) -> None:
    _install_plugin(tmp_path)
    script = textwrap.dedent(
        """
        import json, warnings
        from ragbase_extract import extract
        from ragbase_extract._backends import default_registry
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            names = default_registry().names
        doc = extract(b"<?xml version='1.0'?>\\n<a>\\n</a>")
        print(json.dumps({"names": names, "backend": doc.backend, "text": doc.text,
                          "warnings": [str(w.message) for w in caught]}))
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout)
    assert "xml-lines" in result["names"]
    assert result["backend"] == "xml-lines"
    assert result["text"].startswith("<?xml")
    assert any("broken" in w for w in result["warnings"])
