"""How much counting a plain callable is asked for: the exact path's work, bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from ragbase_extract import extract
from ragbase_extract._chunking import WordTokenizer, chunk

from ._helpers import check_chunks

DATA = Path(__file__).resolve().parent.parent / "data"


def _one_long_section() -> str:
    """Every reference Markdown of the test data under one top heading: one section
    dozens of times the limit, with subsections of its own."""
    parts = [path.read_text(encoding="utf-8") for path in sorted(DATA.rglob("*.gt.md"))]
    return "# All references\n\n" + "\n\n".join(parts)


@pytest.mark.parametrize("strategy", ["section", "tokens"])
def test_a_callable_is_never_asked_to_count_a_section_far_over_the_limit(strategy: str) -> None:
    doc = extract(_one_long_section().encode(), backend="text")
    counted: list[int] = []
    words = WordTokenizer().count

    def count(text: str) -> int:  # a plain function: counted whole, never summed
        counted.append(len(text))
        return words(text)

    chunks = chunk(doc, max_tokens=64, tokenizer=count, strategy=strategy)  # type: ignore[arg-type]
    check_chunks(doc, chunks, words, max_tokens=64)
    assert len(chunks) > 20
    # A section too large is found so from its head, and the ratio is learnt from
    # a sample about a chunk long: the whole document (one section) or a large
    # part of it is never handed to the counter.
    assert max(counted) < len(doc.text) / 4
    # Each character is counted a few times (guess, correction, the text without
    # its heading prefix), not once per level of the heading tree.
    assert sum(counted) < 5 * len(doc.text)
