"""Array helpers of the cross-article steps: grids of every combination, runs of sorted codes,
rows taken from chunked text columns.

Summaries list every article × category (found or not) and large tables are counted on
integer codes; building these with numpy instead of a Python row per combination or per
pair keeps a corpus of 100,000 articles small in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

# Values rounded as Python floats at a time.
ROUND_AT_ONCE = 100_000


@dataclass(frozen=True)
class Grid:
    """Every combination of some levels, the first varying slowest (article, then category…)."""

    levels: tuple[list[Any], ...]

    @classmethod
    def of(cls, *levels: Sequence[Any]) -> Grid:
        """The grid of ``levels`` (each a sequence of distinct values)."""
        return cls(tuple(list(level) for level in levels))

    @property
    def shape(self) -> tuple[int, ...]:
        """How many values each level has."""
        return tuple(len(level) for level in self.levels)

    def counts(self, values: pd.Series) -> np.ndarray:
        """``values`` (indexed by one value of each level) on the grid, zero where absent,
        one axis per level."""
        index = pd.MultiIndex.from_product(self.levels)
        return values.reindex(index, fill_value=0).to_numpy().reshape(self.shape)

    def column(self, level: int, values: Sequence[Any] | pd.Series | None = None) -> pd.Series:
        """Each cell's value of level ``level``, in grid order; or of ``values``, given one per
        value of that level (each article's outlet, say)."""
        chosen = self.levels[level] if values is None else values
        series = pd.Series(chosen).reset_index(drop=True)
        positions = np.repeat(np.arange(self.shape[level]), prod(self.shape[level + 1:]))
        return series.take(np.tile(positions, prod(self.shape[:level]))).reset_index(drop=True)


def runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal values starts in sorted ``ordered``, and its length."""
    if not ordered.size:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return starts, np.diff(np.r_[starts, ordered.size])


def spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions ``range(start, start + length)`` of each start and length, one after
    another in one array: the entries of many rows of a CSR-style index at once."""
    ends = np.cumsum(lengths)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - lengths - starts, lengths)


def rounded(values: np.ndarray, digits: int, size: int = ROUND_AT_ONCE) -> np.ndarray:
    """``values`` rounded as Python's ``round`` does (correctly, unlike ``np.round``'s
    scale-and-round), ``size`` at a time: a Python float per value costs four times the array."""
    parts = [np.array([round(value, digits) for value in values[at:at + size].tolist()],
                      dtype=np.float64) for at in range(0, len(values), size)]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.float64)


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of ``values``, which is sorted in place (not copied)."""
    values.sort()
    return values[runs(values)[0]]


def distinct_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``values`` and how often each occurs; ``values`` is sorted in
    place, so a large array is not copied."""
    values.sort()
    starts, lengths = runs(values)
    return values[starts], lengths


def take(values: pd.Series, rows: np.ndarray) -> pd.Series:
    """``values`` at positions ``rows``, with a fresh index. A pyarrow-backed text column in
    many chunks (a table read a part at a time) is read chunk by chunk: Arrow's own take
    first joins every chunk into one array, a copy of the whole column per call."""
    dtype = values.dtype
    rows = np.asarray(rows, dtype=np.int64)
    rows = np.where(rows < 0, rows + len(values), rows)  # from the end, as Series.take
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return values.take(rows).reset_index(drop=True)
    chunked = pa.array(values.array)  # the column's own chunks, not a copy
    if isinstance(chunked, pa.Array) or chunked.num_chunks <= 1 or not len(rows):
        return pd.Series(values.array.take(rows), name=values.name)
    bounds = np.cumsum([0, *(len(chunk) for chunk in chunked.chunks)])
    chunk = np.searchsorted(bounds, rows, side="right") - 1
    order = np.argsort(chunk, kind="stable")
    ordered, chunk = rows[order], chunk[order]
    starts, lengths = runs(chunk)
    parts = [chunked.chunk(int(k)).take(ordered[start:start + length] - bounds[k])
             for k, start, length in zip(chunk[starts], starts, lengths, strict=True)]
    taken = pa.concat_arrays(parts).take(np.argsort(order))  # back in the order asked
    return pd.Series(dtype.__from_arrow__(taken), name=values.name)
