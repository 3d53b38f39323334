"""The LangChain loader and LlamaIndex reader, against the real packages on real files."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ragbase_extract import CorruptDocumentError, chunk, extract

DATA = Path(__file__).parent / "data"
PDF = DATA / "pdf" / "2305.03393v1-pg9.pdf"
BOOKMARKS = DATA / "pdf" / "bookmark_sample.pdf"  # three pages
DOCX = DATA / "office" / "word_tables.docx"

langchain = pytest.importorskip("ragbase_extract.integrations.langchain")
llamaindex = pytest.importorskip("ragbase_extract.integrations.llamaindex")


def _assert_citable(metadata: dict[str, object], pdf: Path) -> None:
    """Page and boxes point at real places on the PDF's pages."""
    pages = metadata["pages"]
    assert isinstance(pages, list)
    assert metadata["page"] == pages[0]
    boxes = metadata["bboxes"]
    assert isinstance(boxes, list)
    assert boxes, "a PDF chunk must carry its block boxes"
    sizes = {p.number: (p.width, p.height) for p in extract(pdf).pages}
    for box in boxes:
        assert box["page"] in pages
        width, height = sizes[box["page"]]
        assert 0 <= box["x0"] <= box["x1"] <= width + 1
        assert 0 <= box["y0"] <= box["y1"] <= height + 1


def test_langchain_loader_is_a_base_loader_and_matches_chunk() -> None:
    from langchain_core.document_loaders import BaseLoader
    from langchain_core.documents import Document

    loader = langchain.RagbaseLoader(PDF, max_tokens=128)
    assert isinstance(loader, BaseLoader)
    docs = loader.load()
    expected = chunk(extract(PDF), max_tokens=128)
    assert all(isinstance(d, Document) for d in docs)
    assert [d.metadata["chunk_id"] for d in docs] == [c.id for c in expected]
    assert [d.page_content for d in docs] == [c.contextualized_text for c in expected]
    for doc in docs:
        assert doc.metadata["source"] == str(PDF)
        _assert_citable(doc.metadata, PDF)


def test_langchain_loader_chunking_options_apply() -> None:
    small = langchain.RagbaseLoader(PDF, max_tokens=64, contextualized=False).load()
    large = langchain.RagbaseLoader(PDF, max_tokens=1024).load()
    assert len(small) > len(large)
    assert all(d.metadata["token_count"] <= 64 or d.metadata["oversized"] for d in small)
    bare = {c.id: c.text for c in chunk(extract(PDF), max_tokens=64)}
    assert [d.page_content for d in small] == [bare[d.metadata["chunk_id"]] for d in small]
    per_page = langchain.RagbaseLoader(BOOKMARKS, strategy="page", max_tokens=4096).load()
    assert [d.metadata["pages"] for d in per_page] == [[1], [2], [3]]
    assert [d.metadata["page"] for d in per_page] == [1, 2, 3]


def test_langchain_lazy_load_reads_files_one_at_a_time(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    loader = langchain.RagbaseLoader([PDF, bad, DOCX])
    stream = loader.lazy_load()
    first = next(stream)  # the good file is served before the broken one is opened
    assert first.metadata["source"] == str(PDF)
    with pytest.raises(CorruptDocumentError):
        list(stream)


def test_langchain_loader_over_many_formats() -> None:
    docs = list(langchain.RagbaseLoader([PDF, DOCX], max_tokens=256).lazy_load())
    sources = [d.metadata["source"] for d in docs]
    assert sources == sorted(sources, key=[str(PDF), str(DOCX)].index)
    assert {str(PDF), str(DOCX)} == set(sources)
    docx_texts = " ".join(d.page_content for d in docs if d.metadata["source"] == str(DOCX))
    assert docx_texts.strip()


def test_llamaindex_reader_documents_and_metadata() -> None:
    from llama_index.core.readers.base import BaseReader
    from llama_index.core.schema import Document, MetadataMode

    reader = llamaindex.RagbaseReader(max_tokens=128)
    assert isinstance(reader, BaseReader)
    docs = reader.load_data([PDF, DOCX])
    expected = chunk(extract(PDF), max_tokens=128) + chunk(extract(DOCX), max_tokens=128)
    assert all(isinstance(d, Document) for d in docs)
    assert [d.id_ for d in docs] == [c.id for c in expected]
    assert [(d.metadata["start"], d.metadata["end"]) for d in docs] == [
        (c.start, c.end) for c in expected
    ]
    for doc in docs[: len(chunk(extract(PDF), max_tokens=128))]:
        _assert_citable(doc.metadata, PDF)
        # Citation boxes stay out of what is embedded; the page number is kept.
        embedded = doc.get_content(metadata_mode=MetadataMode.EMBED)
        assert "bboxes" not in embedded
        assert f"page: {doc.metadata['page']}" in embedded


def test_llamaindex_reader_is_lazy_and_works_in_simple_directory_reader(tmp_path: Path) -> None:
    from llama_index.core import SimpleDirectoryReader

    reader = llamaindex.RagbaseReader(max_tokens=256)
    lazy = reader.lazy_load_data([PDF, tmp_path / "missing.pdf"])
    assert next(iter(lazy)).metadata["source"] == str(PDF)

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / PDF.name).write_bytes(PDF.read_bytes())
    docs = SimpleDirectoryReader(str(folder), file_extractor={".pdf": reader}).load_data()
    direct = reader.load_data(PDF)
    assert [d.text for d in docs] == [d.text for d in direct]
    assert all(d.metadata["file_name"] == PDF.name for d in docs)
    assert all(d.metadata["page"] for d in docs)


def test_loaders_take_one_path_as_one_file() -> None:
    one = langchain.RagbaseLoader(str(PDF)).load()
    many = langchain.RagbaseLoader([PDF]).load()
    assert [d.metadata for d in one] == [d.metadata for d in many]
    assert list(itertools.islice(llamaindex.RagbaseReader().lazy_load_data(str(PDF)), 1))
