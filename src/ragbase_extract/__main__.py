"""``python -m ragbase_extract``: the ``ragbase-extract`` command line."""

from ._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
