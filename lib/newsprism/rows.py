"""Per-article tables as plain rows, made into DataFrames column-wise and as late as possible.

The per-article pass keeps each table as a list of row tuples and reads one article's
sentences as plain lists (``Table``): building and indexing many small frames was a third
of its time. Frames are built once per chunk of articles. Columns of only strings, ints,
floats or bools are built directly as the arrays pandas would infer for them (its inference
dominates the cost of building a frame); other columns are left to pandas.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

# A table read column by column: a DataFrame, or plain lists by column name.
Table = pd.DataFrame | Mapping[str, list]

# Python type of every value -> numpy dtype pandas infers for such a column.
_NUMPY_TYPES = {int: np.int64, float: np.float64, bool: np.bool_}


@cache
def _string_dtype() -> Any:
    """The dtype pandas infers for a column of strings (its default string dtype)."""
    return pd.Series(["x"]).dtype


def column(values: Sequence[Any]) -> Any:
    """``values`` as the array pandas would infer for them; the list itself when mixed."""
    kind = type(values[0]) if values else None
    if kind is None or any(type(value) is not kind for value in values):
        return values
    if kind is str:
        dtype = _string_dtype()
        return dtype.construct_array_type()._from_sequence(values, dtype=dtype)
    if kind in _NUMPY_TYPES:
        return np.array(values, dtype=_NUMPY_TYPES[kind])
    return values


def rows_frame(rows: Sequence[tuple], columns: Sequence[str],
               int_columns: Sequence[str] = (),
               dtypes: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """A frame of ``rows`` (tuples in ``columns`` order), dtypes inferred per column, or
    fixed by ``dtypes`` (column -> numpy dtype) for the columns it names.

    With no rows, the columns are empty, ``object`` except ``int_columns`` (``int64``).
    """
    if not rows:
        return pd.DataFrame({name: pd.Series(dtype="int64" if name in int_columns else object)
                             for name in columns})
    fixed = dtypes or {}
    return pd.DataFrame({name: np.array(values, dtype=fixed[name]) if name in fixed
                         else column(values)
                         for name, values in zip(columns, zip(*rows, strict=True), strict=True)},
                        index=pd.RangeIndex(len(rows)), copy=False)


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
