"""Shared fixtures: the bundled test data and the optional shared corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis' default 200 ms deadline per example measures the machine, not the
# code: under xdist on a loaded 2-core runner an example of a real extraction can
# take longer and fail as "flaky". Time bounds that matter are asserted by the
# tests that own them; a property test checks behaviour only.
settings.register_profile("ragbase", deadline=None)
settings.load_profile("ragbase")

DATA = Path(__file__).parent / "data"
"""Small real documents shipped with the tests (origins in data/*/README.md)."""

_CORPUS_ENV = "RAGBASE_CORPUS"


def corpus_root() -> Path | None:
    """``../shared/corpus`` next to the checkout (or ``$RAGBASE_CORPUS``), if present."""
    configured = os.environ.get(_CORPUS_ENV)
    candidates = [Path(configured)] if configured else []
    repo = Path(__file__).resolve().parent.parent
    candidates += [repo.parent / "shared" / "corpus", repo / ".." / ".." / "shared" / "corpus"]
    for candidate in candidates:
        if (candidate / "MANIFEST.tsv").is_file():
            return candidate.resolve()
    return None


CORPUS = corpus_root()
SKIP_NO_CORPUS = "the shared corpus (../shared/corpus or $RAGBASE_CORPUS) is not present"


def corpus_files(fmt_dir: str, *suffixes: str) -> list[Path]:
    """Input documents (not ground truth) in one corpus folder; empty without a corpus."""
    if CORPUS is None:
        return []
    folder = CORPUS / fmt_dir
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and ".gt." not in p.name and (not suffixes or p.suffix.lower() in suffixes)
    )


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder; skips the test when it is absent."""
    if CORPUS is None:
        pytest.skip(SKIP_NO_CORPUS)
    return CORPUS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Tests marked "corpus" (often parametrized over corpus files) skip cleanly
    # when the corpus is missing, rather than erroring at collection.
    if CORPUS is not None:
        return
    skip = pytest.mark.skip(reason=SKIP_NO_CORPUS)
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)
