"""The text backend: plain text, Markdown and CSV with no extra dependency."""

from ._backend import TextBackend

__all__ = ["TextBackend"]
