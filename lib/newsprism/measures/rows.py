"""Per-article tables as plain rows: one article's sentences read as plain lists (``Table``).

The per-article pass keeps each table as a list of row tuples and reads one article's
sentences as plain lists: building and indexing many small frames was a third of its time.
Typed tables are built from the rows once per chunk of articles (``tables.rows_table``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

# A table read column by column: a DataFrame, or plain lists by column name.
Table = pd.DataFrame | Mapping[str, list]

def table_column(table: Table, name: str) -> list:
    """Column ``name`` of ``table`` as a list (a frame's column, or the mapping's own list)."""
    found = table[name]
    return found if isinstance(found, list) else found.tolist()


def row_columns(rows: Sequence[tuple], columns: Sequence[str]) -> dict[str, list]:
    """``rows`` (tuples in ``columns`` order) as plain lists by column name."""
    if not rows:
        return {name: [] for name in columns}
    return {name: list(found) for name, found in zip(columns, zip(*rows, strict=True),
                                                     strict=True)}
