"""Optional dependencies: one way to import them lazily and to say what to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from ._errors import BackendUnavailableError

__all__ = ["import_optional", "install_hint", "unavailable"]


def install_hint(extra: str) -> str:
    """The command that installs a packaging extra, as every error quotes it."""
    return f"pip install 'ragbase-extract[{extra}]'"


def unavailable(problem: str, *, backend: str, extra: str | None) -> BackendUnavailableError:
    """The error for something missing that an extra installs: ``"<problem>: pip install ..."``.

    Args:
        problem: What is missing, for the message.
        backend: The error's ``backend`` attribute.
        extra: The ragbase-extract extra that installs it (``None``: no hint).
    """
    message = f"{problem}: {install_hint(extra)}" if extra is not None else problem
    return BackendUnavailableError(message, backend=backend, extra=extra)


def import_optional(
    module: str, *, needed_by: str, package: str, extra: str, backend: str | None = None
) -> ModuleType:
    """Import ``module`` or raise :class:`BackendUnavailableError` naming ``extra``.

    Args:
        module: The module to import, for example ``"tiktoken"``.
        needed_by: What needs it, for the message (``"TiktokenTokenizer"``).
        package: The distribution that provides it (``"llama-index-core"``).
        extra: The ragbase-extract extra that installs it.
        backend: The error's ``backend`` attribute; ``package`` by default.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise unavailable(
            f"{needed_by} needs {package}", backend=backend or package, extra=extra
        ) from exc
