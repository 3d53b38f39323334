"""README and package metadata tell a newcomer the truth (issues #9.9 and #9.10)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ragbase_extract import __version__

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    start = README.index(f"\n## {heading}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_package_metadata_names_source_issues_and_changelog() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    urls = project["urls"]
    assert {"Documentation", "Source", "Issues", "Changelog"} <= set(urls)
    assert urls["Issues"].startswith(urls["Source"])
    assert urls["Changelog"].startswith(urls["Source"])
    assert urls["Changelog"].endswith("/CHANGELOG.md")
    assert all(url.startswith("https://") for url in urls.values())


def test_install_before_release_names_the_wheel_of_this_version() -> None:
    install = _section("Install")
    assert "pip wheel" in install
    assert f"ragbase_extract-{__version__}-py3-none-any.whl" in install
    assert f"`{__version__}`" in install  # and says what that version means
    assert "Semantic" in install
    assert "SCHEMA_VERSION" in install


def test_comparison_quotes_only_numbers_the_benchmarks_page_has() -> None:
    comparison = _section("Why this library")
    assert "docs/benchmarks.md" in comparison
    for peer in ("Docling", "PyMuPDF4LLM", "MarkItDown", "Unstructured"):
        assert peer in comparison
    assert "Not there yet" in comparison
    benchmarks = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    published = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.]*\d)", benchmarks))
    # Numbers in the comparison, leaving out issue numbers and licence versions.
    quoted = re.findall(r"(?<![\w.#-])\d+(?:\.\d+)?(?![\w.]*\d)", comparison)
    assert quoted
    assert sorted(set(quoted) - published) == []


def test_landing_page_quotes_only_numbers_the_benchmarks_page_has() -> None:
    index = (ROOT / "docs" / "index.rst").read_text(encoding="utf-8")
    why = index[index.index("Why choose it") : index.index("\nInstall\n")]
    assert ":doc:`benchmarks`" in why
    benchmarks = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    published = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.]*\d)", benchmarks))
    quoted = re.findall(r"(?<![\w.#-])\d+(?:\.\d+)?(?![\w.]*\d)", why.replace("AGPL-3.0", ""))
    assert len(quoted) > 10
    assert sorted(set(quoted) - published) == []
