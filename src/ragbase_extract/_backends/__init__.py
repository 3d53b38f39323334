"""Backends: the protocol, the registry and the built-in engines (imported lazily)."""

from ._protocol import Backend
from ._registry import ENTRY_POINT_GROUP, BackendRegistry, default_registry

__all__ = ["ENTRY_POINT_GROUP", "Backend", "BackendRegistry", "default_registry"]
