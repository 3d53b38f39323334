"""``ragbase-extract worker``: flags override ``RAGBASE_WORKER_*`` environment variables."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from ._contract import contract_schemas
from ._settings import ENV_PREFIX, WorkerSettings

__all__ = ["build_parser", "main"]

# flag -> settings field; each flag's default is None, meaning "keep the environment's".
_FLAGS: tuple[tuple[str, str, type, str], ...] = (
    ("--redis-url", "redis_url", str, "Redis URL, e.g. redis://127.0.0.1:6379/0"),
    ("--queue", "queue", str, "BullMQ queue name"),
    ("--prefix", "prefix", str, "BullMQ key prefix (default bull)"),
    ("--concurrency", "concurrency", int, "jobs in flight in this process"),
    ("--timeout", "job_timeout", float, "seconds per document before its child is killed"),
    ("--max-bytes", "max_bytes", int, "refuse inputs larger than this"),
    ("--max-pages", "max_pages", int, "refuse documents with more pages"),
    ("--max-jobs-per-child", "max_jobs_per_child", int, "jobs before a child is replaced"),
    ("--source-root", "source_root", str, "source.path must lie inside this folder"),
    ("--callback-secret", "callback_secret", str, "HMAC key for X-Ragbase-Signature"),
    ("--callback-attempts", "callback_attempts", int, "tries per callback"),
    ("--callback-timeout", "callback_timeout", float, "seconds per callback request"),
    ("--lock-duration-ms", "lock_duration_ms", int, "BullMQ job lock duration"),
    ("--stalled-interval-ms", "stalled_interval_ms", int, "BullMQ stalled-job check interval"),
    ("--health-host", "health_host", str, "address of /healthz, /readyz, /metrics"),
    ("--health-port", "health_port", int, "port of the health server (0: any free port)"),
    ("--shutdown-grace", "shutdown_grace", float, "seconds in-flight jobs get after SIGTERM"),
    ("--log-level", "log_level", str, "debug, info, warning or error"),
    ("--name", "worker_name", str, "worker name shown in Redis"),
)


def build_parser(prog: str = "ragbase-extract worker") -> argparse.ArgumentParser:
    """The worker's argument parser (also used as the CLI's ``worker`` subcommand)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Consume document jobs from a BullMQ queue on Redis, extract them in killable "
            f"child processes and POST results to each job's callback_url. Every flag "
            f"can also be set as an environment variable {ENV_PREFIX}<FIELD>, "
            f"e.g. {ENV_PREFIX}REDIS_URL; flags win."
        ),
    )
    for flag, field, kind, text in _FLAGS:
        parser.add_argument(flag, dest=field, type=kind, default=None, help=text)
    parser.add_argument(
        "--print-schemas",
        action="store_true",
        help="print the JSON Schemas of the job, callback and summary contracts, then exit",
    )
    return parser


def settings_from_args(args: argparse.Namespace) -> WorkerSettings:
    """Environment settings with the given flags on top."""
    overrides = {field: getattr(args, field) for _, field, _, _ in _FLAGS}
    return WorkerSettings(**{k: v for k, v in overrides.items() if v is not None})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the worker until SIGTERM; returns the process exit status."""
    from ._service import serve  # bullmq, redis and httpx load only when a worker runs

    args = build_parser().parse_args(argv)
    if args.print_schemas:
        json.dump(contract_schemas(), sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
        return 0
    try:
        settings = settings_from_args(args)
    except ValidationError as exc:
        print(f"ragbase-extract worker: invalid settings: {exc}", file=sys.stderr)
        return 2
    asyncio.run(serve(settings))
    return 0
