"""A page per article under ``<out>/articles/``, every finding marked in place with an anchor
at its start offset (``articles/ID.html#at-START``), and a list of the articles: the evidence
of any finding one click from the report.

From a tables folder the pages are written a batch of articles at a time, each batch reading
only its own rows and the columns a page shows: memory follows the batch, not the corpus.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from newsprism.report.explorer import SOURCES, STYLE, ArticleView, legend, render, table_marks
from newsprism.report.notebook import article_document
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


def _by_article(tables: Tables) -> dict[str, Tables]:
    """Each article's rows of the findings tables, split once (not one filter per article)."""
    split = {name: dict(tuple(frame.groupby("article_id", sort=False)))
             for name, frame in tables.per_article.items() if "article_id" in frame}
    empty = {name: frame.iloc[:0] for name, frame in tables.per_article.items()}
    return {article: Tables(tables.articles.iloc[:0], tables.problems.iloc[:0],
                            {name: split.get(name, {}).get(article, empty[name])
                             for name in tables.per_article})
            for article in tables.articles["article_id"]}


def finding_starts(one: Tables) -> set[int]:
    """Start offsets of every finding of one article's tables (sentences included, where
    casualty clauses and shared wording begin): the anchors a report row can link to."""
    return {int(v) for name, frame in one.per_article.items()
            if name != "lines" and "start" in frame for v in frame["start"].dropna()}


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
        for article_id, one in _by_article(part).items():
            rows.append(_write_page(folder, infos.loc[article_id], one, corpus, article_id))
    listing = ("<p><a href=\"../index.html\">reports</a></p><h1>Articles</h1><table><thead><tr>"
               "<th>published</th><th>outlet</th><th>title</th><th>findings</th></tr></thead>"
               "<tbody>" + "".join(rows) + "</tbody></table>")
    index = folder / "index.html"
    index.write_text(_PAGE.format(title="Articles", style="", body=listing), encoding="utf-8")
    return index


def _write_page(folder: Path, info: pd.Series, one: Tables, corpus: str | Path,
                article_id: str) -> str:
    """Write one article's page; returns its row of the list of articles."""
    view = ArticleView(article_id, str(info["title"]), article_document(corpus, article_id),
                       table_marks(one, article_id), one["lines"])
    date = "" if pd.isna(info["published"]) else str(pd.Timestamp(info["published"]).date())
    head = (f"<p><a href=\"index.html\">all articles</a> · "
            f"<a href=\"../index.html\">reports</a></p><h1>{html.escape(view.title)}</h1>"
            f"<p>{html.escape(str(info['outlet']))} {date} · {html.escape(article_id)}</p>")
    body = head + legend(view.marks) + render(view.doc, view.marks, view.lines,
                                              finding_starts(one))
    (folder / page_name(article_id)).write_text(
        _PAGE.format(title=html.escape(view.title or article_id), style=STYLE, body=body),
        encoding="utf-8")
    return (f'<tr><td>{date}</td><td>{html.escape(str(info["outlet"]))}</td>'
            f'<td><a href="{page_name(article_id)}">{html.escape(view.title)}</a></td>'
            f"<td>{len(view.marks)}</td></tr>")
