"""The adapter for Hugging Face ``tokenizers`` (a ``tokenizer.json``), imported lazily."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .._optional import import_optional
from ._probes import probe_additivity

__all__ = ["HuggingFaceTokenizer"]


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
        additive, joins = probe_additivity(self.count)
        # The pre-tokenizer's config is the sound test; the probes a cheap second guard.
        self.additive = not add_special_tokens and _splits_at_whitespace(own.to_str()) and additive
        self.joins_after_line_break = joins
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
