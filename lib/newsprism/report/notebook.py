"""The tables a notebook shows: read from an extract or extracted on the spot, then narrowed
to the outlets, articles and dates the notebook's parameters choose.

``load_tables`` is the one way a notebook gets its tables; the other functions here shape
them into what a report shows about the corpus itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsprism.clean.lines import CONTENT_LABELS
from newsprism.ingest.corpus import Problems, read_file
from newsprism.options import Options
from newsprism.run.pipeline import CROSS_INPUTS, cross_article, extract, reference_series
from newsprism.tables import Tables, read_tables


@dataclass(frozen=True)
class Selection:
    """The part of a corpus a notebook shows: outlets, article ids and a date range (``None``
    or empty keeps all)."""

    outlets: Sequence[str] = ()
    articles: Sequence[str] = ()
    date_from: str | None = None
    date_to: str | None = None

    def __bool__(self) -> bool:
        return bool(self.outlets or self.articles or self.date_from or self.date_to)


def _article_columns(frame: pd.DataFrame, known: set[str]) -> list[str]:
    """Columns of ``frame`` holding article ids (named ``article…``, every value an id)."""
    columns = []
    for column in frame.columns:
        values = frame[column].dropna()
        if "article" in str(column) and len(values) and set(values.astype(str)) <= known:
            columns.append(column)
    return columns


def filter_tables(tables: Tables, selection: Selection) -> Tables:
    """Keep the selected outlets, articles and dates in the articles and per-article tables.

    Cross-article tables are dropped: they depend on the whole selection (see ``load_tables``).
    """
    frame = tables.articles
    keep = pd.Series(True, index=frame.index)
    if selection.outlets:
        keep &= frame["outlet"].isin(list(selection.outlets))
    if selection.articles:
        keep &= frame["article_id"].isin(list(selection.articles))
    if selection.date_from:
        keep &= frame["published"] >= pd.Timestamp(selection.date_from)
    if selection.date_to:
        keep &= frame["published"] <= pd.Timestamp(selection.date_to)
    known = set(frame["article_id"].astype(str))
    kept = set(frame.loc[keep, "article_id"].astype(str))
    per_article = {}
    for name, table in tables.per_article.items():
        mask = pd.Series(True, index=table.index)
        for column in _article_columns(table, known):
            mask &= table[column].isna() | table[column].astype(str).isin(kept)
        per_article[name] = table[mask].reset_index(drop=True)
    files = tables.problems["file"].astype(str).str.split("#").str[0]
    known_files = {a.split("#")[0] for a in known}
    kept_files = {a.split("#")[0] for a in kept}
    problems = tables.problems[files.isin(kept_files) | ~files.isin(known_files)]
    return Tables(frame[keep].reset_index(drop=True), problems.reset_index(drop=True),
                  per_article)


def load_tables(corpus: str | Path, tables: str | Path | None = None,
                options: Options | None = None, selection: Selection | None = None,
                names: Collection[str] | None = None) -> Tables:
    """The tables a notebook reads: those written in the folder ``tables`` when given (only
    ``names``, with the articles and problems, when named: a large corpus's other tables
    stay on disk), else extracted from ``corpus`` with ``options``; narrowed to
    ``selection``, with the cross-article tables (comparisons, distinctive terms, shared
    wording) recomputed on the selected articles only (from the per-article tables they
    need, read for it)."""
    options = options or Options()
    if selection and names is not None:
        names = {*names, *CROSS_INPUTS}
    found = read_tables(tables, names) if tables else extract(corpus, options)
    if not selection:
        return found
    chosen = filter_tables(found, selection)
    chosen.cross_article = cross_article(chosen, reference_series(corpus, options))
    return chosen


def corpus_summary(tables: Tables) -> pd.DataFrame:
    """One-row summary of what a notebook shows: articles, outlets, dates, words."""
    frame = tables.articles
    dates = frame["published"].dropna()
    return pd.DataFrame([{
        "articles": len(frame),
        "outlets": frame["outlet"].replace("", pd.NA).nunique(),
        "first date": dates.min().date().isoformat() if len(dates) else "",
        "last date": dates.max().date().isoformat() if len(dates) else "",
        "undated articles": int(frame["published"].isna().sum()),
        "content words": int(frame["words"].sum()),
        "input problems": len(tables.problems),
    }])


def article_table(tables: Tables) -> pd.DataFrame:
    """One row per article with its outlet (and group, when the metadata names one), date and
    the evidence for that date, and size."""
    columns = ["article_id", "outlet", "outlet_group", "published", "date_evidence", "wire",
               "words", "sentences", "title"]
    articles = tables.articles
    named = [c for c in columns if c in articles and (
        c != "outlet_group" or articles[c].fillna("").ne("").any())]
    frame = articles[named].sort_values(["published", "outlet"], na_position="last")
    return frame.assign(published=frame["published"].dt.date).reset_index(drop=True)


def dropped_summary(tables: Tables) -> pd.DataFrame:
    """Lines left out of the content per label and reason: how many, in how many articles."""
    lines = tables["lines"]
    dropped = lines[~lines["label"].isin(CONTENT_LABELS)]
    summary = dropped.groupby(["label", "reason"]).agg(
        lines=("line", "size"), articles=("article_id", "nunique"))
    return summary.sort_values("lines", ascending=False).reset_index()


def dropped_lines(tables: Tables) -> pd.DataFrame:
    """Every line left out of the content, with its label and reason."""
    lines = tables["lines"]
    dropped = lines[~lines["label"].isin(CONTENT_LABELS)]
    return dropped[["article_id", "line", "label", "reason", "text"]].reset_index(drop=True)


def readability_table(tables: Tables) -> pd.DataFrame:
    """Readability per article with its outlet."""
    scores = tables["readability"]
    outlets = tables.articles[["article_id", "outlet"]]
    return outlets.merge(scores, on="article_id", how="inner")


def article_document(corpus: str | Path, article_id: str) -> str:
    """The text an article's offsets index (``doc``), re-read from its corpus file."""
    return article_documents(corpus, [article_id])[article_id]


def article_documents(corpus: str | Path, article_ids: Iterable[str]) -> dict[str, str]:
    """The text (``doc``) of each of ``article_ids``, re-read from the corpus: each file read
    once, however many of its articles are asked for (a .jsonl or WARC holds thousands)."""
    path = Path(corpus)
    by_file: dict[Path, list[str]] = defaultdict(list)
    for article_id in article_ids:
        by_file[path if path.is_file() else path / article_id.split("#")[0]].append(article_id)
    docs = {}
    for file, wanted in by_file.items():
        if not file.is_file():
            raise FileNotFoundError(f"article file not found: {file}")
        found = {}
        for document in read_file(file, file.name, Problems()):
            found.setdefault(document.article_id, document.doc)
        for article_id in wanted:
            doc = found.get(article_id, found.get(file.name))
            if doc is None:
                raise KeyError(f"article {article_id!r} not found in {file}")
            docs[article_id] = doc
    return docs
