"""The public surface: chunk(), the chunker classes, Chunk, converters, edge cases."""

from __future__ import annotations

import importlib.util
import itertools
import subprocess
import sys

import pytest

from ragbase_extract import (
    BBox,
    Furniture,
    Heading,
    ListItem,
    Paragraph,
    Provenance,
    Table,
)
from ragbase_extract._chunking import (
    CharTokenizer,
    Chunk,
    Chunker,
    PageChunker,
    SectionChunker,
    TokenChunker,
    WordTokenizer,
    chunk,
    to_langchain,
    to_llamaindex,
)

from ._helpers import check_chunks, make_document

PROSE = (
    "The concept of word processing predates modern computers. Early mechanical devices "
    "laid the groundwork for the digital tools we use today. The typewriter, invented in the "
    "19th century, allowed people to produce legible, standardized documents faster than by "
    "hand. IBM's MT/ST stored text on magnetic tape, so typists could edit without retyping."
)


def _outline() -> list[object]:
    box = BBox(x0=72, y0=72, x1=500, y1=90)
    return [
        Heading(text="Guide", level=1, prov=Provenance(page=1, bbox=box)),
        Paragraph(text="Short intro.", prov=Provenance(page=1, bbox=box)),
        Furniture(text="Page 1 of 2", role="footer", prov=Provenance(page=1)),
        Heading(text="Install", level=2, prov=Provenance(page=1)),
        Paragraph(text="Run pip.", prov=Provenance(page=1)),
        Heading(text="Use", level=2, prov=Provenance(page=2)),
        Paragraph(text=PROSE, prov=Provenance(page=2, bbox=box)),
        Paragraph(text=PROSE.upper(), prov=Provenance(page=2)),
        Heading(text="Appendix", level=1, prov=Provenance(page=2)),
        ListItem(text="One more thing.", prov=Provenance(page=2)),
    ]


def test_default_chunk_is_section_strategy_with_provenance() -> None:
    doc = make_document(_outline())  # type: ignore[arg-type]
    chunks = chunk(doc, tokenizer=WordTokenizer(), max_tokens=40)
    check_chunks(doc, chunks, WordTokenizer(), max_tokens=40)
    paths = [c.heading_path for c in chunks]
    # The two small sections under "Guide" merge; "Use" splits; the appendix stands alone.
    assert paths[0] == ("Guide",)
    assert chunks[0].text == "Guide\n\nShort intro.\n\nInstall\n\nRun pip."
    assert ("Guide", "Use") in paths
    assert paths[-1] == ("Appendix",)
    use = [c for c in chunks if c.heading_path == ("Guide", "Use")]
    assert use[0].text.startswith("Use\n\n")
    assert use[0].contextualized_text == "Guide\n" + use[0].text
    assert use[1].contextualized_text == "Guide\nUse\n" + use[1].text
    assert all(c.pages == (2,) for c in use)
    assert "Page 1 of 2" not in " ".join(c.contextualized_text for c in chunks)
    assert chunks[0].bboxes
    assert chunks[0].bboxes[0].page == 1


def test_strategies_by_name_and_by_class_agree() -> None:
    doc = make_document(_outline())  # type: ignore[arg-type]
    for name, cls in (("section", SectionChunker), ("tokens", TokenChunker), ("page", PageChunker)):
        by_name = chunk(doc, tokenizer=WordTokenizer(), max_tokens=30, strategy=name)  # type: ignore[arg-type]
        chunker = cls(max_tokens=30, tokenizer=WordTokenizer())
        assert isinstance(chunker, Chunker)
        assert chunker.chunk(doc) == by_name == chunker(doc)
        check_chunks(doc, by_name, WordTokenizer(), max_tokens=30)
    assert "max_tokens=30" in repr(SectionChunker(max_tokens=30))


def test_tokens_strategy_ignores_headings() -> None:
    doc = make_document(_outline())  # type: ignore[arg-type]
    chunks = chunk(doc, tokenizer=WordTokenizer(), max_tokens=512, strategy="tokens")
    assert len(chunks) == 1
    assert chunks[0].heading_path == ()
    assert chunks[0].contextualized_text == doc.text


def test_page_strategy_one_chunk_per_page() -> None:
    doc = make_document(_outline())  # type: ignore[arg-type]
    chunks = chunk(doc, tokenizer=WordTokenizer(), max_tokens=512, strategy="page")
    assert [c.pages for c in chunks] == [(1,), (2,)]
    assert chunks[1].heading_path == ("Guide", "Use")


def test_a_heading_never_ends_a_chunk_before_its_text() -> None:
    doc = make_document(_outline())  # type: ignore[arg-type]
    for strategy in ("section", "tokens", "page"):
        for limit in (8, 12, 20, 40):
            for c in chunk(doc, tokenizer=WordTokenizer(), max_tokens=limit, strategy=strategy):
                last = doc.blocks[c.block_indices[-1]]
                assert not isinstance(last, Heading) or c.end == len(doc.text), (strategy, c.text)


def test_overlap_carries_the_previous_tail_at_a_boundary() -> None:
    doc = make_document([Paragraph(text=" ".join([PROSE] * 6))])
    chunks = chunk(doc, tokenizer=WordTokenizer(), max_tokens=50, overlap=12, strategy="tokens")
    check_chunks(doc, chunks, WordTokenizer(), max_tokens=50, overlap=12)
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end
        shared = doc.text[after.start : before.end]
        assert WordTokenizer().count(shared) <= 12
    # Sentence boundaries are preferred: most carried tails start a sentence.
    starts = [doc.text[c.start - 2 : c.start] for c in chunks[1:]]
    assert sum(s == ". " for s in starts) >= len(starts) // 2


def test_oversized_word_is_flagged_not_cut() -> None:
    word = "x" * 300
    doc = make_document([Paragraph(text=f"short words {word} more words")])
    chunks = chunk(doc, max_tokens=20, tokenizer=CharTokenizer())
    check_chunks(doc, chunks, CharTokenizer(), max_tokens=20)
    (big,) = [c for c in chunks if c.oversized]
    assert big.text == word
    assert big.token_count == 300


def test_table_rows_stay_whole() -> None:
    rows = [["Name", "Value"]] + [[f"row {i}", f"{i * 17} units"] for i in range(40)]
    table = Table.from_rows(rows, caption="Measurements")
    doc = make_document([Heading(text="Data", level=1), table])
    chunks = chunk(doc, tokenizer=WordTokenizer(), max_tokens=40)
    check_chunks(doc, chunks, WordTokenizer(), max_tokens=40)
    lines = set(table.text.split("\n"))
    for c in chunks[1:]:
        body = c.text.split("\n")
        assert set(body) <= lines
        assert c.contextualized_text == "Data\n| Name | Value |\n" + c.text


def test_empty_and_furniture_only_documents() -> None:
    assert chunk(make_document([])) == []
    assert chunk(make_document([Furniture(text="header", prov=Provenance(page=1))])) == []
    assert chunk(make_document([Paragraph(text="   ")])) == []


def test_invalid_arguments() -> None:
    doc = make_document([Paragraph(text="text")])
    with pytest.raises(ValueError, match="strategy"):
        chunk(doc, strategy="semantic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_tokens"):
        chunk(doc, tokenizer=WordTokenizer(), max_tokens=0)
    with pytest.raises(ValueError, match="overlap"):
        chunk(doc, tokenizer=WordTokenizer(), max_tokens=10, overlap=10)
    with pytest.raises(ValueError, match="overlap"):
        chunk(doc, overlap=-1)


def test_chunk_model_is_frozen_and_round_trips() -> None:
    doc = make_document(_outline())  # type: ignore[arg-type]
    first = chunk(doc, tokenizer=WordTokenizer(), max_tokens=30)[0]
    assert Chunk.model_validate_json(first.model_dump_json()) == first
    with pytest.raises(ValueError, match="frozen"):
        first.text = "changed"  # type: ignore[misc]
    meta = first.metadata
    assert meta["chunk_id"] == first.id
    assert meta["pages"] == [1]


@pytest.mark.skipif(
    importlib.util.find_spec("langchain_core") is None, reason="langchain-core is not installed"
)
def test_to_langchain() -> None:
    from langchain_core.documents import Document as LCDocument

    chunks = chunk(make_document(_outline()), max_tokens=30)  # type: ignore[arg-type]
    docs = to_langchain(chunks)
    assert all(isinstance(d, LCDocument) for d in docs)
    assert [d.id for d in docs] == [c.id for c in chunks]
    assert docs[1].page_content == chunks[1].contextualized_text
    assert to_langchain(chunks, contextualized=False)[1].page_content == chunks[1].text
    assert docs[0].metadata["heading_path"] == list(chunks[0].heading_path)


@pytest.mark.skipif(
    importlib.util.find_spec("llama_index") is None, reason="llama-index-core is not installed"
)
def test_to_llamaindex() -> None:
    from llama_index.core.schema import TextNode

    chunks = chunk(make_document(_outline()), max_tokens=30)  # type: ignore[arg-type]
    nodes = to_llamaindex(chunks)
    assert all(isinstance(n, TextNode) for n in nodes)
    assert [n.id_ for n in nodes] == [c.id for c in chunks]
    assert nodes[2].start_char_idx == chunks[2].start
    assert nodes[2].text == chunks[2].contextualized_text


def test_converters_name_their_extra_when_missing() -> None:
    script = (
        "import sys\n"
        "sys.modules['langchain_core'] = None\n"
        "sys.modules['langchain_core.documents'] = None\n"
        "sys.modules['llama_index'] = None\n"
        "sys.modules['llama_index.core'] = None\n"
        "sys.modules['llama_index.core.schema'] = None\n"
        "from ragbase_extract import BackendUnavailableError\n"
        "from ragbase_extract._chunking import to_langchain, to_llamaindex\n"
        "for convert, extra in ((to_langchain, 'langchain'), (to_llamaindex, 'llamaindex')):\n"
        "    try:\n"
        "        convert([])\n"
        "    except BackendUnavailableError as e:\n"
        "        assert e.extra == extra and f'[{extra}]' in str(e), e\n"
        "    else:\n"
        "        raise SystemExit('no error')\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_importing_chunking_imports_no_tokenizer_library() -> None:
    script = (
        "import sys, ragbase_extract._chunking\n"
        "print(sorted(m for m in ('tiktoken', 'tokenizers', 'langchain_core', 'llama_index')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_a_word_that_fits_alone_drops_its_context_instead_of_the_limit() -> None:
    word = "y" * 18
    doc = make_document(
        [Heading(text="A long heading", level=1), Paragraph(text=f"short {word} end")]
    )
    chunks = chunk(doc, max_tokens=20, tokenizer=CharTokenizer())
    check_chunks(doc, chunks, CharTokenizer(), max_tokens=20)
    (alone,) = [c for c in chunks if c.text == word]
    assert not alone.oversized
    assert alone.contextualized_text == word
    assert alone.heading_path == ("A long heading",)
