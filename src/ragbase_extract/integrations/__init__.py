"""Document loaders for RAG frameworks, one module per framework.

Import the module of the framework you use; neither is imported by
``import ragbase_extract``:

- :mod:`ragbase_extract.integrations.langchain`: :class:`RagbaseLoader`, a
  LangChain ``BaseLoader`` (extra ``langchain``).
- :mod:`ragbase_extract.integrations.llamaindex`: :class:`RagbaseReader`, a
  LlamaIndex ``BaseReader`` (extra ``llamaindex``).

.. versionadded:: 0.1
"""

__all__: list[str] = []
