"""The error hierarchy: builtin bases, attributes, and pickling across processes."""

from __future__ import annotations

import pickle

import pytest

from ragbase_extract import (
    BackendUnavailableError,
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractionCrashedError,
    ExtractionTimeoutError,
    PageOutOfRangeError,
    RagbaseExtractError,
    ResourceLimitError,
    UnknownBackendError,
    UnsupportedFormatError,
)

ERRORS: list[RagbaseExtractError] = [
    UnsupportedFormatError("no", format="doc"),
    BackendUnavailableError("install", backend="docling", extra="office"),
    UnknownBackendError("typo", backend="pymupf", known=("pymupdf", "text")),
    EncryptedDocumentError("password"),
    CorruptDocumentError("broken"),
    ResourceLimitError("big", limit="max_pages", value=2, actual=3),
    ExtractionTimeoutError("slow", limit="timeout", value=1.0),
    ExtractionCrashedError("died", exitcode=-11),
    PageOutOfRangeError("no page 9", pages=(9,), page_count=3),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_pickle_with_their_attributes(error: RagbaseExtractError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert again.__dict__ == error.__dict__


def test_errors_subclass_the_right_builtins() -> None:
    assert isinstance(UnsupportedFormatError("x"), ValueError)
    assert isinstance(CorruptDocumentError("x"), ValueError)
    assert isinstance(BackendUnavailableError("x", backend="b"), ImportError)
    assert isinstance(UnknownBackendError("x", backend="b"), ValueError)
    assert isinstance(EncryptedDocumentError("x"), PermissionError)
    assert isinstance(ExtractionTimeoutError("x", limit="timeout"), TimeoutError)
    assert isinstance(ExtractionTimeoutError("x", limit="timeout"), ResourceLimitError)
    assert isinstance(PageOutOfRangeError("x"), IndexError)
    assert all(isinstance(e, RagbaseExtractError) for e in ERRORS)
