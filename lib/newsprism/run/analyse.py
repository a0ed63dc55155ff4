"""One document in, every per-article table out: clean, segment and measure one article.

``analyse`` is a pure function of one document and the loaded data files, so the same code
runs in this process, over the cache or on a Dask worker. Results are plain rows; ``collect``
turns a chunk of them into typed Arrow tables once.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from newsprism.clean.document import (
    ARTICLE_COLUMNS,
    LINE_COLUMNS,
    NO_ARTICLE_TEXT,
    NO_PROSE,
    articles_frame,
    clean_document,
    has_article_text,
)
from newsprism.clean.segment import SENTENCE_COLUMNS
from newsprism.ingest.corpus import Document, Problems
from newsprism.measures.actor_labels import LABEL_COLUMNS, label_rows
from newsprism.measures.agency import AGENCY_COLUMNS, agency_rows
from newsprism.measures.numbers import NUMBER_COLUMNS, number_rows
from newsprism.measures.quotes import QUOTE_COLUMNS, quote_rows
from newsprism.measures.readability import READABILITY_COLUMNS, readability_row
from newsprism.measures.rows import row_columns
from newsprism.measures.terms import TERM_COLUMNS, term_rows
from newsprism.measures.topics import TOPIC_COLUMNS, topic_rows
from newsprism.measures.voice import VoiceMap
from newsprism.options import DataFiles
from newsprism.tables import PER_ARTICLE, arrow_table, rows_table

# Columns of each per-article table, in the order of its rows.
COLUMNS = {
    "lines": LINE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "numbers": NUMBER_COLUMNS,
    "labels": LABEL_COLUMNS,
    "terms": TERM_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "agency": AGENCY_COLUMNS,
    "topics": TOPIC_COLUMNS,
    "readability": READABILITY_COLUMNS,
}
# Columns of the written articles table: the article row less its full texts.
ARTICLE_TABLE_COLUMNS = [c for c in ARTICLE_COLUMNS if c not in ("raw", "doc", "text")]
# Why a document has no rows (the ``problem`` of its problems-table row), and what was done.
ANALYSIS_FAILED = "analysis_failed"
SKIP_ACTIONS = {ANALYSIS_FAILED: "skipped; please report it with the file"}
_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass
class ArticleResult:
    """Every per-article table of one document as rows (``COLUMNS`` order), or why it was
    skipped: ``problem`` names the kind, ``skipped`` the detail."""

    article_id: str
    row: dict | None
    tables: dict[str, list[tuple]] = field(default_factory=dict)
    skipped: str | None = None
    problem: str | None = None


def analyse(document: Document, data: DataFiles) -> ArticleResult:
    """Clean, segment and measure one document."""
    row, lines, sentence_rows = clean_document(document, data.line_patterns)
    if not has_article_text(lines):
        return ArticleResult(document.article_id, None, skipped=NO_PROSE, problem=NO_ARTICLE_TEXT)
    doc = document.doc
    sentences = row_columns(sentence_rows, SENTENCE_COLUMNS)
    voices = VoiceMap.build(sentences, doc)
    numbers = number_rows(sentences, doc, data.quantities, data.facets, voices,
                          data.casualty_terms, document.fields.get("published"))
    tables = {
        "lines": lines,
        "sentences": sentence_rows,
        "numbers": numbers,
        "labels": label_rows(sentences, doc, data.actors, voices),
        "terms": term_rows(sentences, doc, data.loaded_terms, voices),
        "quotes": quote_rows(sentences, doc, data.actors, voices),
        "agency": agency_rows(sentences, doc, data.casualty_terms,
                              [(row[1], row[2]) for row in numbers]),
        "topics": topic_rows(sentences, data.topics),
        "readability": [readability_row(document.article_id, sentences["text"])],
    }
    return ArticleResult(document.article_id, row, tables)


def analyse_or_report(document: Document, data: DataFiles) -> ArticleResult:
    """:func:`analyse`, with an error raised on one document reported as its problem
    (``analysis_failed``: the error and where it was raised) instead of ending the run.
    Running out of memory is no one article's problem: that error still ends the run."""
    try:
        return analyse(document, data)
    except MemoryError:
        raise
    except Exception as error:  # one odd article must not cost the rest of the corpus
        return ArticleResult(document.article_id, None, skipped=failure_detail(error),
                             problem=ANALYSIS_FAILED)


def failure_detail(error: BaseException) -> str:
    """``Type: message (at file:line)``: the innermost newsprism line the error passed
    through, and the line that raised it when that lies elsewhere (a library's)."""
    frames = [(Path(frame.f_code.co_filename).resolve(), line)
              for frame, line in traceback.walk_tb(error.__traceback__)]
    places = [place for place in frames if _PACKAGE in place[0].parents][-1:]
    if frames and frames[-1:] != places:
        places.append(frames[-1])
    where = ", raised at ".join(f"{path.name}:{line}" for path, line in places)
    return f"{type(error).__name__}: {error}" + (f" (at {where})" if where else "")


def collect(results: Iterable[ArticleResult], problems: Problems) -> dict[str, pa.Table]:
    """A chunk of per-article results as typed tables (``articles`` and ``PER_ARTICLE``),
    each skipped document reported in ``problems``."""
    rows: list[dict] = []
    parts: dict[str, list[tuple]] = {name: [] for name in PER_ARTICLE}
    for result in results:
        if result.skipped:
            problems.add(result.article_id, result.problem, result.skipped,
                         SKIP_ACTIONS.get(result.problem, "skipped"))
            continue
        rows.append(result.row)
        for name in PER_ARTICLE:
            parts[name].extend(result.tables[name])
    articles = arrow_table(articles_frame(rows, problems)[ARTICLE_TABLE_COLUMNS], "articles")
    return {"articles": articles,
            **{name: rows_table(parts[name], name, COLUMNS[name]) for name in PER_ARTICLE}}
