"""Tables and problems as a report page shows them: every row, interactive, offline, in words.

``interactive_tables`` is called once per notebook. It embeds DataTables in the notebook (itables
offline mode: the exported page fetches nothing) and routes every DataFrame a cell shows through
``show``: numbers formatted for reading, the whole table embedded, sortable, searchable, in pages
and with a CSV button. Past ``MAX_TABLE_BYTES`` of cell text a table is not embedded (a page of
that size is slow to open): a sentence links the table's file in the report's ``tables/`` folder
instead. No table is ever cut to a sample.

A column of article ids links each row to its evidence: the article's page under ``articles/``
at the finding's start (``articles/ID.html#at-START``), the start read from the column beside it
(``start`` for ``article_id``, ``a_start`` for ``a_article_id``, ``start_b`` for
``article_id_b``). The page's HTML is built here, every other cell and header escaped, so text
from an article is always shown as text, never read as markup.

``warnings_as_notes`` turns the Python warnings and logged warnings raised while a cell runs into
a plain "Problems" note under that cell, instead of stderr text naming library files.
"""

from __future__ import annotations

import html
import logging
import math
import numbers
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newsprism.report.articles import FOLDER as ARTICLES_FOLDER
from newsprism.report.articles import page_name
from newsprism.report.runner import STAGING_MARK, TABLES_FOLDER

# Largest table embedded in a page, counted as the text of its cells (what DataTables is given):
# 5 MB opens in about a second; past it the page links the table's CSV instead.
MAX_TABLE_BYTES = 5 * 2**20
# Rows, spread over a long table, whose size is measured first: a table estimated at twice
# the limit is linked without formatting every row (hundreds of thousands at 10k articles).
SAMPLE_ROWS = 1_000
# Decimals shown at most; a column shows fewer when its values need fewer (33,207 not 33207.0).
MAX_DECIMALS = 2
PAGE_LENGTH = 10
LENGTH_MENU = [10, 25, 100, {"label": "All", "value": -1}]
# Text cells left-aligned (the page's notebook style right-aligns every cell), numbers right;
# long text wraps within a readable width.
TABLE_CSS = """
.dt-container td:not(.dt-type-numeric), .dt-container th:not(.dt-type-numeric) {
  text-align: left; }
.dt-container td { white-space: normal; max-width: 42em; vertical-align: top; }
"""
# itables options for every table: offline, no index, never downsampled (``show`` applies the
# size limit itself), the search box, page-length menu, row count and pages always shown.
TABLE_OPTIONS: dict[str, Any] = {
    "connected": False,
    "showIndex": False,
    "maxBytes": 0,
    "maxRows": 0,
    "maxColumns": 0,
    "classes": "display compact",
    "style": "table-layout:auto;width:auto;margin:0",
    "layout": {"topStart": "buttons", "topEnd": "search", "bottomStart": "info",
               "bottomEnd": "paging"},
    "pageLength": PAGE_LENGTH,
    "lengthMenu": LENGTH_MENU,
    "order": [],
    "css": TABLE_CSS,
    "display_logo_when_loading": False,
    "text_in_header_can_be_selected": False,
    # Cells reach DataTables as HTML: ``linked_frame`` escapes every cell and header itself
    # and builds the evidence links (https://mwouts.github.io/itables/options/allow_html.html).
    "allow_html": True,
}
ARTICLE_ID = "article_id"
START = "start"
PROBLEMS_STYLE = ("border-left: 4px solid #c98a00; background: #fff8e5; padding: 0.4em 0.8em; "
                  "font-family: sans-serif; font-size: 13px;")


@dataclass(frozen=True)
class Table:
    """A table as a page shows it (``html``), with plain text for text-only front ends."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (scalars only: no cell holds a list)."""
    return value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, float) and math.isnan(value))


def _is_number(value: Any) -> bool:
    """True for ints and floats (numpy's too), not for booleans."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def format_numbers(values: pd.Series) -> pd.Series:
    """Numbers as text with thousands separators and, per column, only the decimals its values
    need, up to ``MAX_DECIMALS``: 33207.0 → "33,207", [1.5, 2.25] → "1.50", "2.25"."""
    floats = pd.to_numeric(values, errors="coerce").astype("float64")
    finite = floats[floats.map(math.isfinite)]
    exact = finite.round(MAX_DECIMALS)
    decimals = next(d for d in range(MAX_DECIMALS + 1) if finite.round(d).equals(exact))
    # ``+ 0.0`` turns the -0.0 that rounding a small negative gives into 0.0, shown "0".
    return floats.map(
        lambda v: "" if math.isnan(v) else f"{round(v, decimals) + 0.0:,.{decimals}f}")


def format_dates(values: pd.Series) -> pd.Series:
    """Timestamps as ISO dates, with the time of day only when a value has one."""
    times = values.dropna()
    pattern = "%Y-%m-%d" if (times == times.dt.normalize()).all() else "%Y-%m-%d %H:%M"
    return values.dt.strftime(pattern).fillna("")


def format_column(values: pd.Series) -> pd.Series:
    """One column as text for reading: numbers (also numbers held as objects beside blanks)
    formatted, dates in ISO form, missing values blank."""
    types = pd.api.types
    if types.is_datetime64_any_dtype(values):
        return format_dates(values)
    numeric = not types.is_bool_dtype(values) and types.is_numeric_dtype(values)
    if not numeric and values.dtype == object:
        present = [v for v in values if not _missing(v) and v != ""]
        numeric = bool(present) and all(map(_is_number, present))
    if numeric:
        return format_numbers(values)
    return values.map(lambda v: "" if _missing(v) else str(v)).astype(object)


def index_as_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A named index turned into columns; an unnamed one is only row numbers, dropped."""
    if any(name is not None for name in frame.index.names):
        return frame.reset_index()
    return frame.reset_index(drop=True)


def format_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as the text a report shows: a named index turned into columns (an unnamed one is
    only row numbers, dropped), every column formatted by ``format_column``."""
    frame = index_as_columns(frame)
    shown = pd.DataFrame({i: format_column(column).to_numpy(dtype=str)
                          for i, (_, column) in enumerate(frame.items())},
                         index=range(len(frame)), dtype="str")
    shown.columns = [str(name) for name in frame.columns]
    return shown


def evidence_columns(columns: list[str]) -> dict[str, str | None]:
    """Each column of article ids with the column of its findings' start offsets (None when the
    frame has none): ``article_id`` → ``start``, ``a_article_id`` → ``a_start``,
    ``article_id_b`` → ``start_b``."""
    found: dict[str, str | None] = {}
    for column in columns:
        if column == ARTICLE_ID:
            start = START
        elif column.endswith(f"_{ARTICLE_ID}") and len(column) == len(ARTICLE_ID) + 2:
            start = column[:2] + START
        elif column.startswith(f"{ARTICLE_ID}_") and len(column) == len(ARTICLE_ID) + 2:
            start = START + column[-2:]
        else:
            continue
        found[column] = start if start in columns else None
    return found


def evidence_href(article_id: str, start: object, base: str) -> str:
    """Where a finding is read: its article's page under ``base``, at its start when known."""
    anchor = "" if _missing(start) or start == "" else f"#at-{int(start)}"
    return f"{base}{page_name(article_id)}{anchor}"


def linked_frame(frame: pd.DataFrame, base: str) -> pd.DataFrame:
    """``frame`` as escaped HTML cells and headers for reading, each article id a link to the
    finding in its article's page under ``base``."""
    frame = index_as_columns(frame)
    shown = format_frame(frame)
    escaped = pd.DataFrame({i: shown[c].map(html.escape).to_numpy(dtype=object)
                            for i, c in enumerate(shown.columns)}, index=shown.index, dtype=object)
    for column, start in evidence_columns([str(c) for c in frame.columns]).items():
        position = shown.columns.get_loc(column)
        starts = frame[start] if start else pd.Series(None, index=frame.index, dtype=object)
        escaped[position] = pd.Series([
            "" if text == "" else
            f'<a href="{html.escape(evidence_href(text, begin, base))}">{html.escape(text)}</a>'
            for text, begin in zip(shown[column], starts, strict=True)], index=shown.index,
            dtype=object)
    escaped.columns = [html.escape(c) for c in shown.columns]
    return escaped


def text_size(frame: pd.DataFrame) -> int:
    """Characters of a formatted frame's cells, with the quotes and commas that embed each: about
    the bytes of table data a page holds."""
    return sum(int(column.str.len().sum()) for _, column in frame.items()) + 3 * frame.size


def _tables_href(tables: str | Path, file: str) -> str:
    """Link to ``file`` in a tables folder: relative when it is the report's own ``tables/``
    (a run writes it beside the pages), else the file's absolute ``file:`` URI."""
    folder = Path(tables)
    if folder.name == TABLES_FOLDER and STAGING_MARK in folder.parent.name:
        return f"{TABLES_FOLDER}/{file}"
    return (folder / file).resolve().as_uri()


def articles_base(tables: str | Path | None) -> str:
    """Where article pages are, seen from a report page: ``articles/`` beside it in a report run
    (and when no tables folder is known), else the ``articles`` folder beside ``tables``."""
    folder = Path(tables) if tables is not None else None
    if folder is None or (folder.name == TABLES_FOLDER and STAGING_MARK in folder.parent.name):
        return f"{ARTICLES_FOLDER}/"
    return (folder.parent / ARTICLES_FOLDER).resolve().as_uri() + "/"


def too_large(frame: pd.DataFrame, size: int, source: str | None, tables: str | Path | None,
              limit: int = MAX_TABLE_BYTES) -> str:
    """The sentence shown instead of a table too large to embed, with where all its rows are."""
    said = (f"This table has {len(frame):,} rows and {len(frame.columns):,} columns "
            f"(about {size / 2**20:,.1f} MB of text), more than the {limit / 2**20:g} MB "
            "a report page embeds.")
    if tables is None:
        where = ("Run <code>newsprism report</code> (or <code>newsprism extract</code>) to get "
                 "every table as CSV and Parquet files.")
    elif source is None:
        where = (f'Every table of the report is in its <a href="{_tables_href(tables, "")}">'
                 "tables folder</a> as CSV and Parquet files.")
    else:
        csv, parquet = (html.escape(_tables_href(tables, f"{source}.{kind}"))
                        for kind in ("csv", "parquet"))
        where = (f'It is computed from <a href="{csv}">{html.escape(source)}.csv</a> '
                 f'(also <a href="{parquet}">{html.escape(source)}.parquet</a>) in the '
                 "report's tables folder, which holds every row.")
    return f'<p class="np-too-large">{said} {where}</p>'


# The notebook's tables folder, set by ``interactive_tables``: where too-large tables link to.
_tables_folder: str | Path | None = None


def show(frame: pd.DataFrame, name: str | None = None, source: str | None = None,
         max_bytes: int = MAX_TABLE_BYTES) -> Table:
    """``frame`` with all its rows as an interactive table (CSV download named ``name``), or past
    ``max_bytes`` a sentence linking ``source``, the table in ``tables/`` it is computed from."""
    import itables

    base, text = articles_base(_tables_folder), repr(frame)
    if len(frame) > SAMPLE_ROWS:  # a long table judged from rows spread over it first
        spread = np.linspace(0, len(frame) - 1, SAMPLE_ROWS).round().astype(np.int64)
        estimate = text_size(linked_frame(frame.iloc[spread], base)) * len(frame) // SAMPLE_ROWS
        if estimate > 2 * max_bytes:
            return Table(too_large(index_as_columns(frame), estimate, source, _tables_folder,
                                   max_bytes), text)
    shown = linked_frame(frame, base)
    size = text_size(shown)
    if size > max_bytes:
        return Table(too_large(shown, size, source, _tables_folder, max_bytes), text)
    if not len(shown.columns):
        return Table('<p class="np-empty">(no rows)</p>', text)
    csv = {"extend": "csvHtml5", "text": "CSV", **({"title": name} if name else {})}
    table = itables.to_html_datatable(shown, buttons=["pageLength", csv], **TABLE_OPTIONS)
    label = html.escape(name or "", quote=True)
    return Table(f'<div class="np-table" data-name="{label}" data-rows="{len(shown)}">'
                 f"{table}</div>", text)


def show_each(frames: dict[str, pd.DataFrame], name: str, source: str | None = None) -> Table:
    """Several tables one under the other, each headed "by KEY" (a table by outlet group, then
    by outlet) and shown by ``show`` with its CSV named ``name_KEY``."""
    parts = [(key, show(frame, f"{name}_{key}", source)) for key, frame in frames.items()]
    return Table("".join(f"<h4>by {html.escape(key)}</h4>{table.html}" for key, table in parts),
                 "\n\n".join(f"by {key}\n{table.text}" for key, table in parts))


def interactive_tables(tables: str | Path | None = None) -> None:
    """Embed DataTables in the notebook once (offline) and show every DataFrame or Series a cell
    returns through ``show``; ``tables`` is the notebook's tables folder, linked past the limit."""
    import itables
    from IPython import get_ipython

    global _tables_folder
    _tables_folder = tables
    itables.init_notebook_mode(all_interactive=False, connected=False)
    formatter = get_ipython().display_formatter.formatters["text/html"]
    formatter.for_type(pd.DataFrame, lambda frame: show(frame).html)
    formatter.for_type(pd.Series, lambda series: show(series.to_frame()).html)


def plain_warning(message: Warning | str, category: type[Warning]) -> str:
    """A warning as a plain sentence, naming the library that raised it but no file or line."""
    origin = category.__module__.split(".")[0]
    said = str(message).strip()
    return said if origin == "builtins" else f"{said} (reported by {origin})"


_NOTES: list[str] = []


class _NoteHandler(logging.Handler):
    """Keeps logged warnings and errors as notes instead of printing them to stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        origin = record.name.split(".")[0]
        _NOTES.append(f"{record.getMessage().strip()} (reported by {origin})")


_HANDLER = _NoteHandler(logging.WARNING)


def _keep_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """``warnings.showwarning`` replacement: the warning kept as a note, nothing printed."""
    _NOTES.append(plain_warning(message, category))


def problems_html(notes: list[str]) -> str:
    """The "Problems" note listing what was reported while a cell ran."""
    items = "".join(f"<li>{html.escape(note)}</li>" for note in notes)
    return (f'<div class="np-problems" style="{PROBLEMS_STYLE}"><strong>Problems</strong> '
            f"reported while computing the output above:<ul>{items}</ul></div>")


def _show_notes(*_: Any) -> None:
    """After each cell: the notes its code raised (each once), shown under it, then forgotten."""
    from IPython.display import display

    if _NOTES:
        notes = list(dict.fromkeys(_NOTES))
        _NOTES.clear()
        display({"text/html": problems_html(notes), "text/plain": "Problems: " + "; ".join(notes)},
                raw=True)


def warnings_as_notes() -> None:
    """Show warnings raised while a cell runs (Python's and logged ones) as a plain "Problems"
    note under the cell rather than as stderr text; calling it again changes nothing."""
    from IPython import get_ipython

    warnings.showwarning = _keep_warning
    root = logging.getLogger()
    if _HANDLER not in root.handlers:
        root.addHandler(_HANDLER)
    events = get_ipython().events
    if _show_notes not in events.callbacks["post_run_cell"]:
        events.register("post_run_cell", _show_notes)
