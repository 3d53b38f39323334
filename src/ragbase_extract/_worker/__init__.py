"""The queue worker (``[worker]`` extra): BullMQ on Redis in, HTTP callbacks out.

This package imports nothing on its own, so ``ragbase-extract worker`` can say
which extra is missing; the public names live in :mod:`ragbase_extract.worker`.
"""
