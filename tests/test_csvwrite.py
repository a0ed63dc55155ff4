"""Tests for newsprism.csvwrite: the bytes pandas' ``to_csv`` writes, written with Arrow."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from newsprism import csvwrite
from newsprism.csvwrite import csv_bytes, write_file, write_frame


def _pandas(frame: pd.DataFrame, header: bool = True) -> bytes:
    """What pandas writes: the reference every test compares with."""
    return frame.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")


def _floats() -> np.ndarray:
    """Floats of every size and sign, the edges of Python's and Arrow's formats among them."""
    rng = np.random.default_rng(7)
    random = rng.standard_normal(4_000) * 10.0 ** rng.integers(-12, 22, 4_000)
    edges = [0.0, -0.0, 1.0, 12.0, -3.0, 0.1 + 0.2, 1 / 3, 1e-4, 9.99e-5, 1e-5, 1.5e-7,
             1e15, 1e15 + 2, 9.999e14, 1e16, 123456789012345680.0, 1e21, 5e-324,
             np.nan, np.inf, -np.inf, 4383.0, 8400.75]
    return np.concatenate([random, rng.integers(-10**6, 10**6, 1_000).astype(float), edges])


def test_floats_are_written_as_pandas_writes_them() -> None:
    values = _floats()
    frame = pd.DataFrame({"value": values, "other": np.arange(len(values))})
    assert csv_bytes(frame) == _pandas(frame)


def test_text_needing_quotes_numbers_dates_and_categories_match_pandas() -> None:
    text = ["plain", 'said "no"', "a, b", "line\nbreak", "tab\tin", "", None,
            "ünïcode – “curly”", ' lead space', '"']
    size = len(text)
    frame = pd.DataFrame({
        "text": pd.Series(text, dtype="str"),
        "object": pd.Series(text, dtype=object),
        "category": pd.Series(text, dtype="category"),
        "int": np.arange(size) - 3,
        "nullable": pd.array([1, None] * (size // 2), dtype="Int64"),
        "Float64": pd.array([1.5, None] * (size // 2), dtype="Float64"),
        "flag": np.arange(size) % 2 == 0,
        "maybe": pd.array([True, None] * (size // 2), dtype="boolean"),
        "day": pd.to_datetime([f"2024-01-0{i % 9 + 1}" for i in range(size - 1)] + [None]),
        "float": np.linspace(-1, 1, size),
    })
    assert csv_bytes(frame) == _pandas(frame)
    assert csv_bytes(frame, header=False) == _pandas(frame, header=False)
    unused = frame.assign(category=frame["category"].iloc[:1].tolist() * size)
    assert csv_bytes(unused.astype({"category": frame["category"].dtype})) == _pandas(
        unused.astype({"category": frame["category"].dtype}))


def test_a_carriage_return_is_quoted_so_the_row_reads_back_whole() -> None:
    frame = pd.DataFrame({"text": ["one\rtwo", "three"], "n": [1, 2]})
    written = csv_bytes(frame)
    assert written == b'text,n\n"one\rtwo",1\nthree,2\n'
    pd.testing.assert_frame_equal(pd.read_csv(io.BytesIO(written)), frame)


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"when": pd.to_datetime(["2024-01-01 12:30", None]), "n": [1, 2]}),
    pd.DataFrame({"when": pd.to_datetime(["2024-01-01"]).tz_localize("UTC"), "n": [1]}),
    pd.DataFrame({"mixed": [1, "a", None], "n": [1, 2, 3]}),
    pd.DataFrame({"small": np.array([0.1, 2.0], dtype="float32"), "n": [1, 2]}),
    pd.DataFrame({"only": ["", "x", None]}),
    pd.DataFrame({"a, b": [1], 'say "x"': ["y"]}),
    pd.DataFrame([[1, "x", 2.5]], columns=["same", "same", "other"]),
    pd.DataFrame({"a": pd.Series([], dtype="str"), "b": pd.Series([], dtype="float")}),
], ids=["time of day", "time zone", "mixed objects", "float32", "one column",
        "names to quote", "repeated names", "empty"])
def test_other_frames_are_still_written_as_pandas_writes_them(frame: pd.DataFrame) -> None:
    assert csv_bytes(frame) == _pandas(frame)


def test_written_in_slices_and_appended_equals_one_write(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(csvwrite, "ROWS", 7)
    frame = pd.DataFrame({"n": np.arange(30), "text": [f"row, {i}" for i in range(30)]})
    handle = io.BytesIO()
    write_frame(frame, handle)
    assert handle.getvalue() == _pandas(frame)
    path = tmp_path / "table.csv"
    write_file(frame.iloc[:12], path)
    write_file(frame.iloc[12:], path, append=True)
    assert path.read_bytes() == _pandas(frame)
