"""The :class:`Tokenizer` protocol and how chunking tells what a counter promises.

The built-in counters and the adapters for tiktoken and Hugging Face
``tokenizers`` each live in a module of their own (``_builtin``, ``_estimate``,
``_tiktoken``, ``_hf``); this module holds what they share: the protocol, the
probe cuts that decide whether counts add up, and :func:`resolve_tokenizer`,
which turns whatever the caller passed into a full :class:`Tokenizer`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from ._probes import ADDITIVITY_PROBES, probe_additivity

__all__ = [
    "ADDITIVITY_PROBES",
    "Tokenizer",
    "TokenizerLike",
    "named_tokenizer",
    "probe_additivity",
    "resolve_tokenizer",
]


@runtime_checkable
class Tokenizer(Protocol):
    """What chunking counts tokens with.

    Chunking reads these members once, when a chunker is made, and picks how it
    counts from them: ``additive`` tokenizers get each stretch of text counted
    once and spans counted by adding up; the others get every candidate chunk
    counted whole (exact for any counter, and memoized).

    A plain ``Callable[[str], int]``, or any object with just a ``count(text)``
    method, is accepted wherever a tokenizer is: it is wrapped as a tokenizer
    that is not additive.

    Attributes:
        name: Identifies the tokenizer in chunk ids.
        additive: ``count(prefix + text) == count(prefix) + count(text)`` whenever
            ``text`` is cut from ``prefix`` before a space or after a line break
            (the cuts in ``ADDITIVITY_PROBES``). Say ``False`` when unsure:
            counts stay exact, chunking is slower.
        joins_after_line_break: Characters that break that rule when they start
            ``text`` right after a line break (``"/"`` for ``o200k_base``, whose
            pattern takes it into the punctuation and line breaks before it);
            such cuts are counted whole. ``""`` for none.

    .. versionadded:: 0.1
    """

    name: str
    additive: bool
    joins_after_line_break: str

    def count(self, text: str) -> int:
        """Return the number of tokens in ``text``."""
        ...

    def count_many(self, texts: list[str]) -> list[int]:
        """Return the counts of several strings (the same as :meth:`count` on each)."""
        ...


TokenizerLike = Tokenizer | Callable[[str], int]
"""What the chunking functions accept as ``tokenizer`` (objects with only a
``count`` method are accepted too)."""


class _Wrapped:
    """A plain ``str -> int`` function, or an object with only ``count``, as a
    full (not additive) :class:`Tokenizer`."""

    additive = False
    joins_after_line_break = ""

    def __init__(self, count: Callable[[str], int], name: str) -> None:
        self._count = count
        self.name = name

    def count(self, text: str) -> int:
        return int(self._count(text))

    def count_many(self, texts: list[str]) -> list[int]:
        return [int(self._count(text)) for text in texts]

    def __repr__(self) -> str:
        return f"<tokenizer {self.name}>"


def _label(thing: object) -> str:
    module = getattr(thing, "__module__", None) or type(thing).__module__
    qualname = getattr(thing, "__qualname__", None) or type(thing).__qualname__
    return f"{module}.{qualname}"


def resolve_tokenizer(tokenizer: TokenizerLike | None) -> Tokenizer:
    """Turn what the caller passed into a :class:`Tokenizer`; ``None`` is the default,
    :class:`~ragbase_extract.BpeEstimateTokenizer`."""
    if tokenizer is None:
        from ._estimate import BpeEstimateTokenizer

        return BpeEstimateTokenizer()
    if isinstance(tokenizer, str | bytes):
        # str.count exists, so a name would otherwise pass for a tokenizer.
        raise TypeError(
            f"tokenizer must be a tokenizer object, not the string {tokenizer!r}; for an "
            "encoding name use TiktokenTokenizer(name), for a tokenizer.json "
            "HuggingFaceTokenizer(path)"
        )
    if isinstance(tokenizer, Tokenizer):
        return tokenizer
    count = getattr(tokenizer, "count", None)
    if callable(count):  # an object with a count() method and nothing else
        name = getattr(tokenizer, "name", None)
        label = name if isinstance(name, str) and name else _label(type(tokenizer))
        return _Wrapped(count, label)
    if callable(tokenizer):
        return _Wrapped(tokenizer, "callable:" + _label(tokenizer))
    raise TypeError(
        f"tokenizer must have a count(text) method or be a callable, not {type(tokenizer).__name__}"
    )


TOKENIZER_NAMES = ("bpe-estimate", "words", "chars")
"""The built-in tokenizers :func:`named_tokenizer` knows by name."""


def named_tokenizer(spec: str) -> Tokenizer:
    """A tokenizer from a name, as the command line's ``--tokenizer`` takes it.

    ``bpe-estimate`` (the default), ``words`` or ``chars``; the path of a
    ``tokenizer.json`` (or of a folder holding one) for
    :class:`~ragbase_extract.HuggingFaceTokenizer`; anything else is a tiktoken
    encoding name for :class:`~ragbase_extract.TiktokenTokenizer` (offline only).

    Raises:
        BackendUnavailableError: The library for it is missing, or the encoding is
            not available offline.
        FileNotFoundError: A path that holds no ``tokenizer.json``.
    """
    import os

    if spec == "bpe-estimate":
        from ._estimate import BpeEstimateTokenizer

        return BpeEstimateTokenizer()
    if spec in ("words", "chars"):
        from ._builtin import CharTokenizer, WordTokenizer

        return WordTokenizer() if spec == "words" else CharTokenizer()
    if spec.endswith(".json") or os.sep in spec or os.path.isdir(spec):
        from ._hf import HuggingFaceTokenizer

        return HuggingFaceTokenizer(spec)
    from ._tiktoken import TiktokenTokenizer

    return TiktokenTokenizer(spec)
