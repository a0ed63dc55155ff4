"""Tests of newsprism.rows: small frames built column-wise, as pandas would infer them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newsprism.rows import column, rows_frame


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
