"""A page per article under ``<out>/articles/``, every finding marked in place with an anchor
at its start offset (``articles/ID.html#at-START``), and a list of the articles: the evidence
of any finding one click from the report.

From a tables folder the pages are written a batch of articles at a time, each batch reading
only its own rows and the columns a page shows: memory follows the batch, not the corpus.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from newsprism.report.explorer import (
    MARK_COLUMNS,
    SOURCES,
    STYLE,
    LeftOut,
    Mark,
    all_marks,
    left_out_lines,
    legend,
    render_spans,
)
from newsprism.report.notebook import article_documents
from newsprism.tables import PER_ARTICLE, Tables, parquet_path, read_table

FOLDER = "articles"
# Articles whose pages are written from one read of their rows.
BATCH_ARTICLES = 1000
ARTICLE_COLUMNS = ["article_id", "title", "outlet", "published"]
LINE_COLUMNS = ["article_id", "start", "end", "label", "reason"]
_UNSAFE = re.compile(r"[^\w.-]+")
_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; }}
th, td {{ text-align: left; padding: 0.3em 0.6em; border-bottom: 1px solid #ddd; }}</style>
{style}</head><body>
{body}
</body></html>
"""


def page_name(article_id: str) -> str:
    """The file name of an article's page: its id with unsafe characters replaced."""
    return _UNSAFE.sub("_", article_id) + ".html"


def _rows_by_article(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[tuple]]:
    """Each article's rows of ``frame`` as plain tuples of ``columns``, in table order."""
    grouped: dict[str, list[tuple]] = defaultdict(list)
    for article_id, *rest in frame[["article_id", *columns]].itertuples(index=False, name=None):
        grouped[article_id].append(tuple(rest))
    return grouped


@dataclass(frozen=True)
class PageRows:
    """What the pages of a batch of articles show, split by article once: the marks, the
    left-out lines and the start offsets of every finding (sentences included, where
    casualty clauses and shared wording begin): the anchors a report row can link to."""

    marks: dict[str, list[Mark]]
    left_out: dict[str, list[LeftOut]]
    starts: dict[str, set[int]]

    @classmethod
    def of(cls, tables: Tables) -> PageRows:
        """The rows of every article the tables hold."""
        starts: dict[str, set[int]] = defaultdict(set)
        for name, frame in tables.per_article.items():
            if name != "lines" and "start" in frame:
                found = frame.loc[frame["start"].notna(), ["article_id", "start"]]
                for article_id, start in found.itertuples(index=False, name=None):
                    starts[article_id].add(int(start))
        lines = tables.per_article.get("lines")
        left_out = {} if lines is None else _rows_by_article(
            left_out_lines(lines), ["start", "end", "label", "reason"])
        return cls(_rows_by_article(all_marks(tables), MARK_COLUMNS), left_out, starts)


def page_columns(table: str) -> list[str]:
    """The columns of a per-article table an article page reads: the article, each finding's
    start (its anchor), a marked finding's end, group and tooltip, a left-out line's label and
    reason."""
    if table == "lines":
        return LINE_COLUMNS
    kind, groups, notes = SOURCES.get(table, ("", (), ()))
    marked = ["end", *groups, *notes] if kind else []
    return list(dict.fromkeys(["article_id", "start", *marked]))


def article_batches(folder: str | Path, size: int = BATCH_ARTICLES) -> Iterator[Tables]:
    """The tables of a tables folder ``size`` articles at a time, in the articles table's
    order: each batch holds its articles' rows of the per-article tables, only the columns a
    page reads (tables without findings offsets are not read)."""
    articles = read_table(folder, "articles", ARTICLE_COLUMNS)
    sources = {name: ds.dataset(parquet_path(folder, name)) for name in PER_ARTICLE
               if parquet_path(folder, name).is_file()}
    sources = {name: data for name, data in sources.items() if "start" in data.schema.names}
    for first in range(0, len(articles), size):
        batch = articles.iloc[first:first + size].reset_index(drop=True)
        wanted = ds.field("article_id").isin(pa.array(batch["article_id"], pa.string()))
        per_article = {name: data.to_table(
            columns=[c for c in page_columns(name) if c in data.schema.names],
            filter=wanted).to_pandas() for name, data in sources.items()}
        yield Tables(batch, pd.DataFrame(), per_article)


def write_article_pages(tables: Tables | str | Path, corpus: str | Path, out: str | Path,
                        batch: int = BATCH_ARTICLES) -> Path:
    """Write every article's page and ``articles/index.html``; returns that index.
    ``tables`` is the tables themselves, or a tables folder read ``batch`` articles at a
    time."""
    folder = Path(out) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    parts = [tables] if isinstance(tables, Tables) else article_batches(tables, batch)
    rows = []
    for part in parts:
        infos = part.articles.drop_duplicates("article_id").set_index("article_id")
        found = PageRows.of(part)
        docs = article_documents(corpus, infos.index)
        for article_id, info in infos.iterrows():
            rows.append(_write_page(folder, info, article_id, docs[article_id], found))
    listing = ("<p><a href=\"../index.html\">reports</a></p><h1>Articles</h1><table><thead><tr>"
               "<th>published</th><th>outlet</th><th>title</th><th>findings</th></tr></thead>"
               "<tbody>" + "".join(rows) + "</tbody></table>")
    index = folder / "index.html"
    index.write_text(_PAGE.format(title="Articles", style="", body=listing), encoding="utf-8")
    return index


def _write_page(folder: Path, info: pd.Series, article_id: str, doc: str,
                found: PageRows) -> str:
    """Write one article's page; returns its row of the list of articles."""
    title = str(info["title"])
    marks = found.marks.get(article_id, [])
    date = "" if pd.isna(info["published"]) else str(pd.Timestamp(info["published"]).date())
    head = (f"<p><a href=\"index.html\">all articles</a> · "
            f"<a href=\"../index.html\">reports</a></p><h1>{html.escape(title)}</h1>"
            f"<p>{html.escape(str(info['outlet']))} {date} · {html.escape(article_id)}</p>")
    quote_groups = [mark[3] for mark in marks if mark[2] == "quote"]
    body = head + legend(quote_groups) + render_spans(
        doc, marks, found.left_out.get(article_id, []), found.starts.get(article_id, ()))
    (folder / page_name(article_id)).write_text(
        _PAGE.format(title=html.escape(title or article_id), style=STYLE, body=body),
        encoding="utf-8")
    return (f'<tr><td>{date}</td><td>{html.escape(str(info["outlet"]))}</td>'
            f'<td><a href="{page_name(article_id)}">{html.escape(title)}</a></td>'
            f"<td>{len(marks)}</td></tr>")
