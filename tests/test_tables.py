"""Tests of newsprism.tables: one type per column name, typed Parquet, the CSV export."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from newsprism.measures.rows import row_columns, table_column
from newsprism.run.analyse import COLUMNS
from newsprism.tables import (
    column_type,
    export_csv,
    read_batches,
    read_rows,
    read_table,
    read_tables,
    rows_table,
    schema,
    write_table,
)


def test_every_per_article_column_has_its_one_type() -> None:
    for table, columns in COLUMNS.items():
        assert schema(table, columns).names == list(columns)
    assert column_type("numbers", "start") == column_type("overlaps", "start_b") == pa.int64()
    assert column_type("discrepancies", "a_published") == pa.timestamp("us")
    assert column_type("quotes", "anonymous") == pa.bool_()
    assert column_type("quote_summary", "anonymous") == pa.int64()


def test_an_undeclared_column_is_an_error() -> None:
    with pytest.raises(KeyError, match="'mystery' of table 'numbers' has no declared type"):
        column_type("numbers", "mystery")


def test_rows_become_typed_tables_even_when_empty_or_missing() -> None:
    rows = [("a.txt", 1, 0.5, None), ("b.txt", 2, None, "x")]
    table = rows_table(rows, "numbers", ["article_id", "start", "value", "key"])
    assert table.schema.types == [pa.string(), pa.int64(), pa.float64(), pa.string()]
    frame = table.to_pandas()
    assert frame["start"].tolist() == [1, 2] and pd.isna(frame["value"][1])
    empty = rows_table([], "numbers", ["article_id", "start"]).to_pandas()
    assert list(empty.columns) == ["article_id", "start"] and empty["start"].dtype == "int64"


def test_written_tables_read_back_typed_and_export_plain_csv(tmp_path) -> None:
    frame = pd.DataFrame({"article_id": ["a.txt", "b.txt"], "outlet": ["X, Y", ""],
                          "published": pd.to_datetime(["2025-01-02", None]),
                          "words": [10, 20], "text": ["line one\r\nline two", 'say "no"']})
    write_table(frame, tmp_path, "articles")
    back = read_table(tmp_path, "articles", ["published", "words"])
    assert list(back.columns) == ["published", "words"]
    assert back["published"].dtype == "datetime64[us]" and back["words"].dtype == "int64"
    csv = export_csv(tmp_path, "articles").read_text(encoding="utf-8")
    assert csv.splitlines()[1].startswith('"a.txt","X, Y",2025-01-02,10,') or \
        csv.splitlines()[1].startswith('a.txt,"X, Y",2025-01-02,10,')
    reread = pd.read_csv(tmp_path / "articles.csv", keep_default_na=False)
    assert reread["text"].tolist() == frame["text"].tolist()
    with pytest.raises(FileNotFoundError, match="no articles.parquet"):
        read_tables(tmp_path / "nowhere")


def test_blocks_are_appended_and_categories_read_once(tmp_path) -> None:
    blocks = (pd.DataFrame({"article_id": [f"{i}.txt"], "sentence": ["same"], "value": [i]})
              for i in range(3))
    write_table(blocks, tmp_path, "numbers")
    back = read_table(tmp_path, "numbers", categories=("sentence",))
    assert back["article_id"].tolist() == ["0.txt", "1.txt", "2.txt"]
    assert isinstance(back["sentence"].dtype, pd.CategoricalDtype)
    assert back["value"].dtype == "float64"


def test_table_column_reads_frames_and_plain_columns_alike() -> None:
    rows = [("a", 1), ("b", 2)]
    plain = row_columns(rows, ["article_id", "start"])
    assert plain == {"article_id": ["a", "b"], "start": [1, 2]}
    frame = rows_table(rows, "lines", ["article_id", "start"]).to_pandas()
    for name in ("article_id", "start"):
        assert table_column(plain, name) == table_column(frame, name) == plain[name]
    assert row_columns([], ["article_id", "start"]) == {"article_id": [], "start": []}


def _sentences_in_blocks(tmp_path, blocks: int, rows: int) -> pd.DataFrame:
    """A sentences table written as ``blocks`` row groups of ``rows`` rows; the whole frame."""
    frames = [pd.DataFrame({"article_id": [f"a{b}.txt"] * rows, "sentence_id": range(rows),
                            "text": [f"sentence {b}-{i}" for i in range(rows)]})
              for b in range(blocks)]
    write_table(iter(frames), tmp_path, "sentences")
    return pd.concat(frames, ignore_index=True)


def test_some_rows_are_read_from_the_row_groups_holding_them(tmp_path) -> None:
    whole = _sentences_in_blocks(tmp_path, blocks=4, rows=5)
    positions = np.array([0, 4, 5, 13, 19])
    found = read_rows(tmp_path, "sentences", ["article_id", "text"], positions)
    expected = whole.loc[positions, ["article_id", "text"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)
    none = read_rows(tmp_path, "sentences", ["text"], np.array([], dtype=np.int64))
    assert list(none.columns) == ["text"] and none.empty


def test_a_table_read_in_blocks_holds_every_row_once_in_order(tmp_path) -> None:
    whole = _sentences_in_blocks(tmp_path, blocks=3, rows=7)
    blocks = list(read_batches(tmp_path, "sentences", ["text"], rows=4))
    assert max(len(block) for block in blocks) == 4
    assert pd.concat(blocks, ignore_index=True)["text"].tolist() == whole["text"].tolist()
    with pytest.raises(FileNotFoundError, match="no numbers.parquet"):
        next(read_batches(tmp_path, "numbers", ["start"]))
