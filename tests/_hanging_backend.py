"""A misbehaving backend for the isolation, batch and CLI tests.

``ScriptedBackend`` implements the public :class:`~ragbase_extract.Backend`
protocol and does what the document's bytes tell it to, so one instance can
hang on one document, crash on the next and succeed on the third:

- ``ok`` (or anything else): a one-paragraph document with the text;
- ``hang``: sleep forever (in Python: the GIL is released);
- ``hang-native``: block forever in a C call that holds the GIL, like a stuck
  native library;
- ``sleep:<seconds>``: sleep, then succeed;
- ``segv``: die of SIGSEGV; ``abort``: die of SIGABRT; ``exit:<code>``: ``os._exit``;
- ``raise``: raise a ``RuntimeError`` (an unmapped library error);
- ``memory``: raise ``MemoryError``.

It lives in an importable module (not in a test file's local scope) so worker
processes can unpickle it; it is also registered as the ``scripted`` backend
through an entry point in the CLI tests.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from typing import Final

from ragbase_extract._formats import Format
from ragbase_extract._model import Document, Paragraph
from ragbase_extract._options import ExtractOptions
from ragbase_extract._source import Source


class ScriptedBackend:
    """Behaves as the document's text says (see the module docstring)."""

    name: Final = "scripted"
    formats: Final = frozenset(Format)
    extra: Final = None

    def is_available(self) -> bool:
        return True

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        command = source.data.decode("utf-8", "replace").strip()
        if command == "hang":
            while True:
                time.sleep(3600)
        if command == "hang-native":
            # PyDLL keeps the GIL during the call: nothing in this process runs.
            ctypes.PyDLL(None).pause()
        if command.startswith("sleep:"):
            time.sleep(float(command.split(":", 1)[1]))
        if command == "segv":
            os.kill(os.getpid(), signal.SIGSEGV)
        if command == "abort":
            os.abort()
        if command.startswith("exit:"):
            os._exit(int(command.split(":", 1)[1]))
        if command == "raise":
            raise RuntimeError("the library failed")
        if command == "memory":
            raise MemoryError
        return Document.build(
            backend=self.name, source=source.info(), blocks=[Paragraph(text=command or "empty")]
        )


def scripted() -> ScriptedBackend:
    """Entry-point factory."""
    return ScriptedBackend()
