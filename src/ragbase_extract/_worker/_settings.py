"""Worker settings: environment variables ``RAGBASE_WORKER_*``, overridden by CLI flags."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["ENV_PREFIX", "WorkerSettings"]

ENV_PREFIX = "RAGBASE_WORKER_"
"""Prefix of the environment variables, e.g. ``RAGBASE_WORKER_REDIS_URL``."""


class WorkerSettings(BaseSettings):
    """Everything the worker can be told; each field is also ``RAGBASE_WORKER_<NAME>``.

    Example:
        >>> WorkerSettings(queue="docs", concurrency=2).queue
        'docs'
    """

    # An empty variable (CALLBACK_SECRET= in a compose file) means unset, not "".
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, frozen=True, extra="forbid", env_ignore_empty=True
    )

    redis_url: str = Field(default="redis://127.0.0.1:6379/0", description="Redis to consume.")
    queue: str = Field(default="ragbase-extract", min_length=1, description="BullMQ queue name.")
    prefix: str = Field(default="bull", description="BullMQ key prefix (Node's `prefix` option).")
    concurrency: int = Field(default=1, ge=1, description="Jobs in flight in this process.")
    job_timeout: float = Field(
        default=300.0, gt=0, description="Seconds per document before its child is killed."
    )
    max_bytes: int | None = Field(default=None, ge=0, description="Refuse larger inputs.")
    max_jobs_per_child: int = Field(
        default=200, ge=1, description="Jobs an extraction child runs before it is replaced."
    )
    max_pages: int | None = Field(default=None, ge=1, description="Refuse longer documents.")
    source_root: str | None = Field(
        default=None,
        description="When set, `source.path` must resolve inside this folder.",
    )
    callback_secret: SecretStr | None = Field(
        default=None, description="HMAC-SHA256 key for X-Ragbase-Signature."
    )
    callback_timeout: float = Field(default=30.0, gt=0, description="Seconds per HTTP request.")
    callback_attempts: int = Field(default=8, ge=1, description="Tries per callback.")
    callback_backoff: float = Field(default=0.5, ge=0, description="First retry delay, seconds.")
    callback_backoff_max: float = Field(default=30.0, ge=0, description="Longest retry delay.")
    lock_duration_ms: int = Field(default=30_000, ge=100, description="BullMQ job lock.")
    stalled_interval_ms: int = Field(default=30_000, ge=100, description="Stalled-job check.")
    max_stalled_count: int = Field(default=1, ge=0, description="Stalls before a job fails.")
    health_host: str = Field(default="127.0.0.1", description="Address of /healthz, /metrics.")
    health_port: int | None = Field(
        default=None, ge=0, le=65535, description="Port of the health server; none: off."
    )
    shutdown_grace: float = Field(
        default=30.0, ge=0, description="Seconds in-flight jobs get to finish after SIGTERM."
    )
    log_level: str = Field(default="info", description="debug, info, warning or error.")
    worker_name: str | None = Field(default=None, description="Name shown in Redis CLIENT LIST.")
