"""The tables a run writes, their column types, and how they are stored and read back.

Each table is one Parquet file (typed and column-selectable: what the cross-article steps,
the notebooks and the cache read) and a CSV export of it for R and spreadsheet users. A
column name has one type in every table (``COLUMN_TYPES``), so ``start`` is always an
integer offset and ``published`` always a date.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

PER_ARTICLE = ("lines", "sentences", "numbers", "labels", "terms", "quotes", "agency", "topics",
               "readability")
# Cross-article tables in the order they are written (the last three need a reference series).
CROSS_ARTICLE = ("comparison", "discrepancies", "derived_checks", "term_rates", "quote_summary",
                 "topic_summary", "rate_intervals", "group_differences", "distinctive_terms",
                 "overlaps", "article_overlaps", "reference_checks", "derived_reference_checks",
                 "date_suggestions")
TABLES = ("articles", "problems", *PER_ARTICLE, *CROSS_ARTICLE)
# Written by ``newsprism agree`` into a tables folder: the last validation of each measure.
VALIDATION = ("validation", "validation_classes")
# Rows per block when a pass reads a table a part at a time (``read_batches``).
BATCH_ROWS = 50_000

_STR, _INT, _FLOAT, _BOOL, _DATE = pa.string(), pa.int64(), pa.float64(), pa.bool_(), \
    pa.timestamp("us")
_NAMES = {
    _STR: """article_id format title standfirst outlet url date_evidence wire problems file
        problem detail action label reason text surface unit qualifier kind key source sentence
        actor voice form category term speaker group cue construction verb lemma agent victims
        instrument topic frame terms change other_figures unreconcilable_with comparable_unit
        rule result_key description expression inputs input_offsets as_of_text group_by basis
        reference_source confidence evidence counted event condition scope period place
        facet_spans series measure note finding tool coder_1 coder_2 class outlet_group""",
    _INT: """words sentences line start end sentence_id paragraph verb_start verb_end
        figures_in_article articles_with_key unreconcilable_count count content_sentences n
        count_group count_rest sentences_a shared_sentences candidate_days figures_used
        figures_agreeing days_old syllables complex_words articles coded tool_says both
        rows_coded rows_double_coded figure_start figure_end""",
    _FLOAT: """value low high comparable_value comparable_low comparable_high
        difference_from_previous days_from_previous window_days days_apart difference
        relative_difference interval_gap per_1000 share log_odds z similarity reference_value
        flesch_reading_ease flesch_kincaid_grade gunning_fog words_per_sentence
        syllables_per_word complex_word_share numerator denominator rate p_value p_adjusted
        precision precision_low precision_high recall recall_low recall_high accuracy kappa
        kappa_low kappa_high alpha_coders""",
    _BOOL: "anonymous flagged reconcilable within_interval differs",
    _DATE: "published as_of reference_date matched_date suggested_date window_start window_end",
}
# The one type of each column name, in every table.
COLUMN_TYPES: dict[str, pa.DataType] = {
    name: kind for kind, names in _NAMES.items() for name in names.split()}
# Columns whose name elsewhere means another type: quote_summary counts anonymous quotes.
TABLE_TYPES: dict[str, dict[str, pa.DataType]] = {"quote_summary": {"anonymous": _INT}}


def column_type(table: str, column: str) -> pa.DataType:
    """The Arrow type of ``column`` in ``table``; a side prefix or suffix (``a_start``,
    ``start_a``) keeps the type of the name it qualifies."""
    override = TABLE_TYPES.get(table, {})
    for name in (column, column.removeprefix("a_").removeprefix("b_"),
                 column.removesuffix("_a").removesuffix("_b")):
        if name in override:
            return override[name]
        if name in COLUMN_TYPES:
            return COLUMN_TYPES[name]
    raise KeyError(f"column {column!r} of table {table!r} has no declared type (tables.py)")


def schema(table: str, columns: Sequence[str]) -> pa.Schema:
    """The Arrow schema of ``table`` with these columns, in this order."""
    return pa.schema([(column, column_type(table, column)) for column in columns])


def arrow_table(frame: pd.DataFrame, table: str) -> pa.Table:
    """``frame`` as an Arrow table of ``table``'s declared types (categories as their text)."""
    target = schema(table, list(frame.columns))
    columns = []
    for name in target.names:
        values = frame[name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(values.cat.categories.dtype)
        array = pa.array(values, from_pandas=True)
        columns.append(array.cast(target.field(name).type))
    return pa.Table.from_arrays(columns, schema=target)


def rows_table(rows: Sequence[tuple], table: str, columns: Sequence[str]) -> pa.Table:
    """Rows (tuples in ``columns`` order) as an Arrow table of ``table``'s declared types (NaN
    read as a missing value, as pandas writes it)."""
    target = schema(table, columns)
    values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    return pa.Table.from_arrays([pa.array(found, type=kind, from_pandas=True)
                                 for found, kind in zip(values, target.types, strict=True)],
                                schema=target)


@dataclass
class TableWriter:
    """One table written to Parquet a block of rows at a time (a row group per block)."""

    path: Path
    table: str
    _writer: pq.ParquetWriter | None = None

    def write(self, block: pd.DataFrame | pa.Table) -> None:
        """Append a block's rows (a frame, or an Arrow table of the declared types)."""
        data = block if isinstance(block, pa.Table) else arrow_table(block, self.table)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, data.schema)
        self._writer.write_table(data)

    def close(self, columns: Sequence[str] = ()) -> Path:
        """Finish the file; a table that got no block is written empty with ``columns``."""
        if self._writer is None:
            pq.write_table(schema(self.table, columns).empty_table(), self.path)
        else:
            self._writer.close()
        return self.path


def parquet_path(folder: str | Path, table: str) -> Path:
    """Where ``table`` is stored in a tables folder."""
    return Path(folder) / f"{table}.parquet"


def write_table(blocks: pd.DataFrame | Iterable[pd.DataFrame], folder: str | Path,
                table: str) -> Path:
    """Write ``table`` (one frame, or blocks of rows one after another) as Parquet. One
    frame is converted ``BATCH_ROWS`` rows at a time: its categories' text (a figure's
    sentence) is made whole for a block, never for the table."""
    frames = _row_blocks(blocks) if isinstance(blocks, pd.DataFrame) else blocks
    writer = TableWriter(parquet_path(folder, table), table)
    columns: Sequence[str] = ()
    for frame in frames:
        writer.write(frame)
        columns = list(frame.columns)
    return writer.close(columns)


def _row_blocks(frame: pd.DataFrame, rows: int = BATCH_ROWS) -> Iterator[pd.DataFrame]:
    """``frame`` ``rows`` rows at a time (an empty frame as one empty block)."""
    for start in range(0, max(len(frame), 1), rows):
        yield frame.iloc[start:start + rows]


def read_table(folder: str | Path, table: str, columns: Sequence[str] | None = None,
               categories: Sequence[str] = ()) -> pd.DataFrame:
    """A written table (only ``columns`` when given), the ``categories`` columns as
    categories (each distinct text held once)."""
    data = pq.read_table(_existing(folder, table),
                         columns=list(columns) if columns is not None else None,
                         read_dictionary=[c for c in categories
                                          if columns is None or c in columns] or None)
    return data.to_pandas()


def read_batches(folder: str | Path, table: str, columns: Sequence[str],
                 rows: int = BATCH_ROWS) -> Iterator[pd.DataFrame]:
    """A written table ``rows`` rows at a time (only ``columns``), for a pass over a large
    column, such as the sentences' text, that need not hold all of it."""
    source = pq.ParquetFile(_existing(folder, table))
    for batch in source.iter_batches(batch_size=rows, columns=list(columns)):
        yield batch.to_pandas()


def read_rows(folder: str | Path, table: str, columns: Sequence[str],
              positions: np.ndarray) -> pd.DataFrame:
    """The rows of a written table at ``positions`` (sorted, distinct), in that order, read
    one row group at a time: only the groups holding them are read, and the memory Arrow
    decoded each group into is handed back before the next is read."""
    source = pq.ParquetFile(_existing(folder, table))
    positions = np.asarray(positions, dtype=np.int64)
    parts, first = [], 0
    for group in range(source.num_row_groups):
        last = first + source.metadata.row_group(group).num_rows
        inside = positions[(positions >= first) & (positions < last)] - first
        if len(inside):
            parts.append(source.read_row_group(group, columns=list(columns)).take(inside))
            pa.default_memory_pool().release_unused()
        first = last
    if not parts:
        return source.schema_arrow.empty_table().select(list(columns)).to_pandas()
    return pa.concat_tables(parts).to_pandas()


def _existing(folder: str | Path, table: str) -> Path:
    """The Parquet file of ``table`` in ``folder``; a clear error when it is missing."""
    path = parquet_path(folder, table)
    if not path.is_file():
        raise FileNotFoundError(f"no {path.name} in tables folder: {path.parent}")
    return path


def export_csv(folder: str | Path, table: str) -> Path:
    """The CSV export of a written table, beside it: dates as ``YYYY-MM-DD``, a field quoted
    only when it must be, an empty field for a missing value."""
    source = pq.ParquetFile(parquet_path(folder, table))
    target = Path(folder) / f"{table}.csv"
    fields = [pa.field(f.name, pa.date32()) if pa.types.is_timestamp(f.type) else f
              for f in source.schema_arrow]
    options = pa_csv.WriteOptions(quoting_style="needed")
    with pa_csv.CSVWriter(target, pa.schema(fields), write_options=options) as writer:
        for batch in source.iter_batches():
            writer.write_batch(batch.cast(pa.schema(fields)))
    return target


@dataclass
class Tables:
    """The extracted tables of a corpus, by name."""

    articles: pd.DataFrame
    problems: pd.DataFrame
    per_article: dict[str, pd.DataFrame]
    cross_article: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        frames = self.frames()
        if name not in frames:
            raise KeyError(f"no {name!r} table here (read: {', '.join(frames)}); a notebook "
                           "names the tables it reads in load_tables(..., names=[...])")
        return frames[name]

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in the order they are written."""
        return {"articles": self.articles, "problems": self.problems, **self.per_article,
                **self.cross_article}


def read_tables(folder: str | Path, names: Collection[str] | None = None) -> Tables:
    """The tables of a folder written by ``newsprism extract``: every one, or the articles,
    the problems and those of ``names`` the folder holds."""
    root = Path(folder)
    wanted = [name for name in (*TABLES, *VALIDATION)
              if names is None or name in {"articles", "problems", *names}]
    found = {name: read_table(root, name) for name in wanted
             if parquet_path(root, name).is_file()}
    if "articles" not in found:
        raise FileNotFoundError(f"no articles.parquet in tables folder: {root}")
    return Tables(found.pop("articles"), found.pop("problems"),
                  {name: found.pop(name) for name in PER_ARTICLE if name in found}, found)

