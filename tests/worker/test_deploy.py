"""The Dockerfile and compose file agree with the repository (no container engine here).

Neither file is built or run in CI: this machine has no container engine and
cannot reach an image registry. What can be checked without one is checked:
every file the Dockerfile copies exists, the extras it installs exist in
pyproject, the entry point and health probe it names are the worker's, the
base image's Python satisfies ``requires-python``, and every
``RAGBASE_WORKER_*`` variable either file sets is a valid worker setting.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.specifiers import SpecifierSet

from ._harness import SKIP_NO_WORKER_EXTRA
from .conftest import WORKER_EXTRA

pytestmark = pytest.mark.skipif(not WORKER_EXTRA, reason=SKIP_NO_WORKER_EXTRA)

ROOT = Path(__file__).resolve().parent.parent.parent
PREFIX = "RAGBASE_WORKER_"


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text()
    text = re.sub(r"\\\n", " ", text)
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def _all(name: str) -> list[str]:
    return [rest for word, rest in _instructions() if word == name]


def _env() -> dict[str, str]:
    """The Dockerfile's ENV, in ``KEY=value`` form."""
    pairs = [shlex.split(rest) for rest in _all("ENV")]
    return dict(item.split("=", 1) for items in pairs for item in items)


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _settings_from(env: dict[str, str]) -> object:
    from ragbase_extract.worker import WorkerSettings

    ours = {k[len(PREFIX) :].lower(): v for k, v in env.items() if k.startswith(PREFIX)}
    return WorkerSettings(**ours)  # type: ignore[arg-type]  # validated from strings, as env is


def test_base_image_python_satisfies_requires_python() -> None:
    [base] = _all("FROM")
    version = re.fullmatch(r"python:(\d+\.\d+)-slim", base)
    assert version is not None, base
    assert f"{version[1]}.0" in SpecifierSet(_pyproject()["project"]["requires-python"])


def test_copied_files_exist_and_installed_extras_are_declared() -> None:
    for rest in _all("COPY"):
        *sources, _destination = shlex.split(rest)
        for source in sources:
            assert (ROOT / source).exists(), source
    [run] = _all("RUN")
    install = re.search(r"pip install '\.\[([a-z,]+)\]'", run)
    assert install is not None, run
    extras = set(install[1].split(","))
    assert "worker" in extras
    assert extras <= set(_pyproject()["project"]["optional-dependencies"])


def test_entry_point_is_the_worker_subcommand() -> None:
    [entry] = _all("ENTRYPOINT")
    program, *args = json.loads(entry)
    assert args == ["worker"]
    target = _pyproject()["project"]["scripts"][program]
    assert target == "ragbase_extract._cli:main"
    run_main = "from ragbase_extract._cli import main; main()"
    shown = subprocess.run(
        [sys.executable, "-c", run_main, *args, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "--redis-url" in shown.stdout


def test_image_environment_and_health_probe_match_the_settings() -> None:
    env = _env()
    settings: Any = _settings_from(env)
    assert settings.health_host == "0.0.0.0"  # reachable from outside the container
    [probe] = _all("HEALTHCHECK")
    assert f"http://127.0.0.1:{settings.health_port}/readyz" in probe
    assert _all("EXPOSE") == [str(settings.health_port)]


def test_compose_workers_use_valid_settings_and_outlive_their_grace() -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML comes with langchain-core (test extra)")
    compose = yaml.safe_load((ROOT / "compose.worker.yaml").read_text())
    worker = compose["services"]["worker"]
    assert worker["build"] == "."
    env = {k: str(v) for k, v in worker["environment"].items() if "${" not in str(v)}
    assert env["RAGBASE_WORKER_REDIS_URL"].startswith("redis://redis:")
    assert "redis" in compose["services"]
    settings: Any = _settings_from(env)
    assert settings.source_root == "/data"
    assert any(v.endswith(":/data:ro") for v in worker["volumes"])
    grace_period = int(worker["stop_grace_period"].removesuffix("s"))
    assert grace_period > settings.shutdown_grace  # SIGKILL never cuts a finishing job
    assert worker["deploy"]["replicas"] == 2
