"""Tests of newsprism.arrays: grids of every combination, runs of sorted codes, taking rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from newsprism.arrays import Grid, distinct, distinct_counts, rounded, runs, take


def test_grid_counts_every_combination_with_zeros() -> None:
    counts = pd.Series([2, 5], index=pd.MultiIndex.from_tuples([("a", "x"), ("c", "y")]))
    grid = Grid.of(["a", "b", "c"], ["x", "y"])
    assert grid.counts(counts).tolist() == [[2, 0], [0, 0], [0, 5]]
    assert grid.column(0, pd.Series(["A", "B", "C"], index=[7, 8, 9])).tolist() == [
        "A", "A", "B", "B", "C", "C"]
    assert grid.column(1).tolist() == ["x", "y", "x", "y", "x", "y"]


def test_runs_and_distinct_counts() -> None:
    starts, lengths = runs(np.array([1, 1, 4, 6, 6, 6]))
    assert starts.tolist() == [0, 2, 3] and lengths.tolist() == [2, 1, 3]
    assert [a.tolist() for a in runs(np.empty(0, dtype=np.int64))] == [[], []]
    values, counts = distinct_counts(np.array([6, 1, 6, 4, 1, 6]))
    assert values.tolist() == [1, 4, 6] and counts.tolist() == [2, 1, 3]
    assert distinct(np.array([6, 1, 6, 4, 1, 6])).tolist() == [1, 4, 6]
    assert distinct(np.empty(0, dtype=np.int64)).tolist() == []


def test_rounded_in_parts_as_python_rounds() -> None:
    """Python's correct rounding, part by part: 2.675 is 2.67499… so it rounds down."""
    values = np.array([2.675, 0.12345, 1 / 3, 0.5, -1.00005, np.inf])
    expected = [round(value, 2) for value in values.tolist()]
    assert rounded(values, 2, size=4).tolist() == expected == rounded(values, 2).tolist()
    assert rounded(np.empty(0), 4).tolist() == []


def test_take_reads_a_chunked_text_column_chunk_by_chunk_with_the_same_result() -> None:
    parts = [pd.DataFrame({"text": [f"s{i}" if i % 7 else None for i in range(k, k + 5)],
                           "n": range(k, k + 5)}) for k in range(0, 50, 5)]
    frame = pd.concat(parts, ignore_index=True)  # as read_table builds it: ten chunks
    assert pa.array(frame["text"].array).num_chunks == 10
    rng = np.random.default_rng(3)
    for rows in (np.array([3, 49, 0, 12, 12, 31, 7]), rng.integers(0, 50, 200),
                 np.arange(50)[::-1], np.array([], dtype=np.int64), np.array([-1, 5, -50]),
                 np.array([9, 10, 4], dtype=np.uint64), [45, 2]):
        for column in ("text", "n"):
            expected = frame[column].take(rows).reset_index(drop=True)
            pd.testing.assert_series_equal(take(frame[column], rows), expected)
    single = pd.Series(["a", None, "c"], dtype="str")
    pd.testing.assert_series_equal(take(single, np.array([2, 0])),
                                   pd.Series(["c", "a"], dtype="str"))
