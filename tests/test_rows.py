"""Tests of newsprism.rows: small frames built column-wise, as pandas would infer them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newsprism.rows import column, row_columns, rows_frame, table_column


@pytest.mark.parametrize("values", [
    ["a", "b"], [1, 2], [1.5, math.nan], [True, False], ["a", None], [1, 2.5], [1, "a"],
    [True, 1], [],
])
def test_column_is_what_pandas_infers(values: list) -> None:
    pd.testing.assert_series_equal(pd.Series(column(values)), pd.Series(values))


def test_rows_frame_columns_and_empty_frame() -> None:
    frame = rows_frame([("a", 1, 0.5), ("b", 2, None)], ["name", "start", "share"])
    expected = pd.DataFrame({"name": ["a", "b"], "start": [1, 2], "share": [0.5, None]})
    pd.testing.assert_frame_equal(frame, expected)
    empty = rows_frame([], ["name", "start"], int_columns=["start"])
    assert list(empty.columns) == ["name", "start"] and empty["start"].dtype == "int64"


def test_table_column_reads_frames_and_plain_columns_alike() -> None:
    rows = [("a", 1), ("b", 2)]
    plain = row_columns(rows, ["name", "start"])
    assert plain == {"name": ["a", "b"], "start": [1, 2]}
    frame = rows_frame(rows, ["name", "start"])
    for name in ("name", "start"):
        assert table_column(plain, name) == table_column(frame, name) == plain[name]
    assert row_columns([], ["name", "start"]) == {"name": [], "start": []}
