"""The Docling backend: Office, HTML, Markdown and more; Docling's PDF pipeline optionally."""

from ._backend import DoclingBackend

__all__ = ["DoclingBackend"]
