from ._ext import calls, combine, table_id  # noqa: F401
