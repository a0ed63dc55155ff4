"""One pass per article, then the cross-article steps: the tables every report reads.

``analyse`` is a pure function of one document and the loaded data files, so the same
code runs in-process, over a cache or on a cluster. Cross-article steps read its tables,
never the raw corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsprism.clean import LinePatterns, load_patterns
from newsprism.corpus import (
    ARTICLE_COLUMNS,
    DEFAULT_MAX_BYTES,
    LINE_COLUMNS,
    Document,
    Problems,
    articles_frame,
    clean_document,
    concat,
    has_article_text,
    iter_corpus,
)
from newsprism.resources import data_path, file_digest
from newsprism.segment import SENTENCE_COLUMNS

# Per-article tables and their columns, in the order they are written.
PER_ARTICLE = {
    "lines": LINE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
}
# Columns of articles.csv: the article table less the full texts.
ARTICLE_TABLE_COLUMNS = [c for c in ARTICLE_COLUMNS if c not in ("raw", "doc", "text")]


@dataclass(frozen=True)
class Resources:
    """The data files the per-article analysis reads, loaded once."""

    patterns: LinePatterns
    files: tuple[Path, ...]

    @classmethod
    def load(cls, patterns: str | Path | None = None) -> Resources:
        """Load the packaged data files, or the user's replacements."""
        pattern_file = Path(patterns) if patterns else data_path("line_patterns.yaml")
        return cls(load_patterns(pattern_file), (pattern_file,))

    def fingerprint(self) -> str:
        """Digest of every data file: a change invalidates results that depend on it."""
        return "-".join(file_digest(path) for path in self.files)


@dataclass
class ArticleResult:
    """Every per-article table of one document, or why it was skipped."""

    article_id: str
    row: dict | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    skipped: str | None = None


def analyse(document: Document, resources: Resources) -> ArticleResult:
    """Clean, segment and measure one document."""
    row, lines, sentences = clean_document(document, resources.patterns)
    if not has_article_text(lines):
        return ArticleResult(document.article_id, None, skipped="no line reads as article prose")
    return ArticleResult(document.article_id, row, {"lines": lines, "sentences": sentences})


@dataclass
class Tables:
    """The extracted tables of a corpus, by name."""

    articles: pd.DataFrame
    problems: pd.DataFrame
    per_article: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return {"articles": self.articles, "problems": self.problems, **self.per_article}[name]


def collect(results: Iterable[ArticleResult], problems: Problems) -> Tables:
    """Gather per-article results into corpus tables, reporting skipped documents."""
    rows: list[dict] = []
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in PER_ARTICLE}
    for result in results:
        if result.skipped:
            problems.add(result.article_id, "no_article_text", result.skipped, "skipped")
            continue
        rows.append(result.row)
        for name in PER_ARTICLE:
            parts[name].append(result.tables[name])
    per_article = {name: concat(parts[name], columns) for name, columns in PER_ARTICLE.items()}
    return Tables(articles_frame(rows, problems), problems.frame(), per_article)


def extract(corpus: str | Path, metadata: str | Path | None = None, *,
            patterns: str | Path | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES) -> Tables:
    """Every table of a corpus folder, computed in this process."""
    resources = Resources.load(patterns)
    problems = Problems()
    documents = iter_corpus(corpus, metadata, problems, max_bytes)
    return collect((analyse(doc, resources) for doc in documents), problems)


def write_tables(tables: Tables, out: str | Path) -> dict[str, Path]:
    """Write every table as CSV into ``out``; returns the paths by table name."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    frames = {"articles": tables.articles[ARTICLE_TABLE_COLUMNS], "problems": tables.problems,
              **tables.per_article}
    paths = {}
    for name, frame in frames.items():
        paths[name] = folder / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    return paths
