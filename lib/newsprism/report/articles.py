"""A page per article under ``<out>/articles/``, every finding marked in place with an anchor
at its start offset (``articles/ID.html#at-START``), and a list of the articles: the evidence
of any finding one click from the report."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from newsprism.report.explorer import STYLE, ArticleView, legend, render, table_marks
from newsprism.report.notebook import article_document
from newsprism.tables import Tables

FOLDER = "articles"
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


def write_article_pages(tables: Tables, corpus: str | Path, out: str | Path) -> Path:
    """Write every article's page and ``articles/index.html``; returns that index."""
    folder = Path(out) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for article_id, one in _by_article(tables).items():
        info = tables.articles[tables.articles["article_id"] == article_id].iloc[0]
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
        rows.append(f'<tr><td>{date}</td><td>{html.escape(str(info["outlet"]))}</td>'
                    f'<td><a href="{page_name(article_id)}">{html.escape(view.title)}</a></td>'
                    f"<td>{len(view.marks)}</td></tr>")
    listing = ("<p><a href=\"../index.html\">reports</a></p><h1>Articles</h1><table><thead><tr>"
               "<th>published</th><th>outlet</th><th>title</th><th>findings</th></tr></thead>"
               "<tbody>" + "".join(rows) + "</tbody></table>")
    index = folder / "index.html"
    index.write_text(_PAGE.format(title="Articles", style="", body=listing), encoding="utf-8")
    return index
