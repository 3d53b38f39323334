"""The worker's contracts, settings and pure helpers (no Redis needed)."""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..test_schema import same_pydantic
from ._harness import SKIP_NO_WORKER_EXTRA
from .conftest import WORKER_EXTRA

pytestmark = pytest.mark.skipif(not WORKER_EXTRA, reason=SKIP_NO_WORKER_EXTRA)

SCHEMAS = Path(__file__).parent.parent.parent / "docs" / "schema"


# Library types the contracts embed: each has its own versioned schema
# (Document: SCHEMA_VERSION; ExtractOptions: "the fields of ExtractOptions").
_EMBEDDED = {"Document", "ExtractOptions"}


def _structure(node: object) -> object:
    """The contract's own structure: no prose, no embedded library types."""
    if isinstance(node, dict):
        return {
            k: _structure(v) for k, v in node.items() if k != "description" and k not in _EMBEDDED
        }
    if isinstance(node, list):
        return [_structure(v) for v in node]
    return node


@same_pydantic
@pytest.mark.parametrize("name", ["job", "callback", "summary"])
def test_published_contract_schemas_match_the_models(name: str) -> None:
    from ragbase_extract._worker._contract import render_contract_schema
    from ragbase_extract.worker import CONTRACT_VERSION

    published = json.loads((SCHEMAS / f"worker-{name}.schema.json").read_text(encoding="utf-8"))
    assert published["x-contract-version"] == CONTRACT_VERSION
    assert _structure(published) == _structure(json.loads(render_contract_schema(name))), (
        "the worker contract changed: bump CONTRACT_VERSION if it is incompatible, and "
        "regenerate: python -m ragbase_extract._worker._contract docs/schema"
    )


def test_job_data_as_a_typescript_backend_sends_it() -> None:
    from ragbase_extract.worker import InlineSource, JobData

    job = JobData.model_validate(
        {
            "document_id": "42",
            "source": {"base64": "JVBERi0=", "filename": "a.pdf"},
            "options": {"pages": [2, 1], "timeout": 30},
            "chunking": {"max_tokens": 256, "overlap": 32, "tokenizer": "cl100k_base"},
            "callback_url": "https://backend.internal/hooks/extracted",
        }
    )
    assert isinstance(job.source, InlineSource)
    assert job.options is not None
    assert job.options.pages == (1, 2)


@pytest.mark.parametrize(
    "data",
    [
        {"source": {"path": "/a.pdf"}},  # no document_id
        {"document_id": "", "source": {"path": "/a.pdf"}},
        {"document_id": "1", "source": {"path": "/a.pdf"}, "callbak_url": "http://x"},  # typo
        {"document_id": "1", "source": {"url": "http://x/a.pdf"}},
        {"document_id": "1", "source": {"path": "/a.pdf"}, "callback_url": "ftp://x"},
        {"document_id": "1", "source": {"path": "/a.pdf"}, "version": 2},
    ],
)
def test_job_data_outside_the_contract_is_refused(data: dict[str, object]) -> None:
    from pydantic import ValidationError

    from ragbase_extract.worker import JobData

    with pytest.raises(ValidationError):
        JobData.model_validate(data)


@given(st.binary(max_size=200), st.binary(min_size=1, max_size=40))
def test_signature_is_hmac_sha256_of_the_raw_body(body: bytes, secret: bytes) -> None:
    from ragbase_extract.worker import sign

    assert sign(secret, body) == "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


@given(
    st.integers(min_value=1, max_value=40),
    st.floats(min_value=0, max_value=10),
    st.floats(min_value=0, max_value=60),
    st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_retry_delay_is_jittered_under_a_doubling_cap(
    retry: int, backoff: float, backoff_max: float, rand: float
) -> None:
    from ragbase_extract.worker import RetryPolicy

    policy = RetryPolicy(backoff=backoff, backoff_max=backoff_max)
    cap = min(backoff_max, backoff * 2 ** (retry - 1))
    delay = policy.delay(retry, rand=lambda: rand)
    assert 0 <= delay <= cap
    assert delay == pytest.approx(cap * rand)


@given(
    st.one_of(st.none(), st.floats(min_value=0.01, max_value=1000)),
    st.floats(min_value=0.01, max_value=1000),
    st.one_of(st.none(), st.integers(min_value=1, max_value=10_000)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=10_000)),
)
def test_worker_limits_are_ceilings_a_job_can_only_lower(
    asked_timeout: float | None, limit: float, asked_pages: int | None, max_pages: int | None
) -> None:
    from ragbase_extract import ExtractOptions
    from ragbase_extract._worker._source import effective_options
    from ragbase_extract.worker import JobData, PathSource, WorkerSettings

    job = JobData(
        document_id="d",
        source=PathSource(path="/x.pdf"),
        options=ExtractOptions(timeout=asked_timeout, max_pages=asked_pages),
    )
    settings = WorkerSettings(job_timeout=limit, max_pages=max_pages)
    options = effective_options(job, settings)
    assert options.timeout == (limit if asked_timeout is None else min(asked_timeout, limit))
    if max_pages is not None:
        assert options.max_pages is not None
        assert options.max_pages <= max_pages
    else:
        assert options.max_pages == asked_pages


def test_flags_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from ragbase_extract._worker._cli import settings_from_args
    from ragbase_extract.worker import build_parser

    monkeypatch.setenv("RAGBASE_WORKER_QUEUE", "from-env")
    monkeypatch.setenv("RAGBASE_WORKER_CONCURRENCY", "3")
    monkeypatch.setenv("RAGBASE_WORKER_CALLBACK_SECRET", "env-secret")
    args = build_parser().parse_args(["--queue", "from-flag", "--redis-url", "redis://h:1/2"])
    settings = settings_from_args(args)
    assert (settings.queue, settings.concurrency) == ("from-flag", 3)
    assert settings.redis_url == "redis://h:1/2"
    assert settings.callback_secret is not None
    assert settings.callback_secret.get_secret_value() == "env-secret"
    assert "env-secret" not in repr(settings)


def test_subcommand_prints_schemas_and_the_package_stays_light() -> None:
    code = (
        "import sys, ragbase_extract;"
        "heavy = [m for m in ('bullmq', 'redis', 'httpx', 'structlog') if m in sys.modules];"
        "assert not heavy, heavy;"
        "from ragbase_extract._cli import main;"
        "sys.exit(main(['worker', '--print-schemas']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert sorted(json.loads(done.stdout)) == ["callback", "job", "summary"]


def test_invalid_settings_exit_2_with_the_reason() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ragbase_extract", "worker", "--concurrency", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "concurrency" in done.stderr
