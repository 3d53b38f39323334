"""Skip guards for optional modules that never raise."""

from __future__ import annotations

import importlib.util


def has_module(name: str) -> bool:
    """Whether ``name`` can be imported; ``False``, not an error, when its parent is missing.

    ``importlib.util.find_spec("a.b")`` imports ``a`` first and raises
    ``ModuleNotFoundError`` when ``a`` is absent, so a ``skipif`` built on it
    breaks collection instead of skipping.
    """
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False
