"""One document cleaned: its line audit, sentences and article row, or why it has no text.

The cleaning stage's whole output for one article: every line labelled with its reason
(``lines.py``), the content segmented into sentences (``segment.py``), and the article row
(title, standfirst, content text, metadata, word and sentence counts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsprism.clean.hints import Hints
from newsprism.clean.lines import LabelledLine, LinePatterns, label_lines, load_patterns
from newsprism.clean.segment import SENTENCE_COLUMNS, sentence_rows
from newsprism.clean.words import WORD
from newsprism.ingest.corpus import (
    DEFAULT_MAX_BYTES,
    METADATA_COLUMNS,
    Document,
    Problems,
    iter_corpus,
)
from newsprism.tables import rows_table

# The problem of a document in which no line reads as article prose, and its detail.
NO_ARTICLE_TEXT = "no_article_text"
NO_PROSE = "no line reads as article prose"
ARTICLE_COLUMNS = ["article_id", "format", "raw", "doc", "title", "standfirst", "text",
                   *METADATA_COLUMNS, "words", "sentences", "problems"]
LINE_COLUMNS = ["article_id", "line", "label", "reason", "text", "start", "end"]
_LABEL = LINE_COLUMNS.index("label")


@dataclass
class Corpus:
    """Everything read from a corpus: articles, the line audit, sentences and problems."""

    articles: pd.DataFrame
    lines: pd.DataFrame
    sentences: pd.DataFrame
    problems: pd.DataFrame


def clean_document(document: Document, patterns: LinePatterns) -> tuple[dict, list[tuple],
                                                                        list[tuple]]:
    """Article row (without ``problems``), line audit rows (``LINE_COLUMNS`` order) and
    sentence rows (``SENTENCE_COLUMNS`` order) of one document."""
    hints = Hints(document.title, document.standfirst, document.fields.get("url", ""),
                  document.pre_extracted)
    labelled = label_lines(document.doc, patterns, hints)
    rows = sentence_rows(document.article_id, document.doc, labelled)
    paragraphs: dict[int, tuple[int, int]] = {}
    for _, _, paragraph, _, start, end, _ in rows:
        first, _ = paragraphs.get(paragraph, (start, end))
        paragraphs[paragraph] = (first, end)
    text = "\n\n".join(document.doc[a:b] for a, b in paragraphs.values())
    lines = [(document.article_id, item.line.number, item.label, item.reason, item.line.text,
              item.line.start, item.line.end) for item in labelled]
    row = {
        "article_id": document.article_id,
        "format": document.format,
        "raw": document.raw,
        "doc": document.doc,
        "title": next((r[6] for r in rows if r[3] == "title"), ""),
        "standfirst": " ".join(r[6] for r in rows if r[3] == "standfirst"),
        "text": text,
        **{column: document.fields.get(column, "") for column in METADATA_COLUMNS},
        "words": _word_count(document.doc, paragraphs.values(), labelled),
        "sentences": len(rows),
    }
    return row, lines, rows


def _word_count(doc: str, spans: Iterable[tuple[int, int]], labelled: list[LabelledLine]
                ) -> int:
    """Words in the ``doc`` spans of the content text: a span that is a whole line takes
    the words counted when the line was read, so the article is not scanned again."""
    counted = {(item.line.start, item.line.end): len(item.line.words) for item in labelled}
    return sum(counted[span] if span in counted else len(WORD.findall(doc[span[0]:span[1]]))
               for span in spans)


def has_article_text(lines: list[tuple]) -> bool:
    """True when at least one line (row in ``LINE_COLUMNS`` order) was read as article prose."""
    return any(line[_LABEL] == "body" for line in lines)


def articles_frame(rows: list[dict], problems: Problems) -> pd.DataFrame:
    """Articles table: ``published`` as datetime, ``problems`` joined per article."""
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    frame["published"] = pd.to_datetime(frame["published"].replace("", None))
    frame["problems"] = [problems.for_file(a) for a in frame["article_id"]]
    return frame


def read_corpus(path: str | Path, metadata: str | Path | None = None, *,
                line_patterns: str | Path | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Read, decode, clean and segment a corpus; ``metadata.csv`` in the folder by default."""
    problems = Problems()
    patterns = load_patterns(line_patterns)
    rows, lines, sentences = [], [], []
    for document in iter_corpus(path, metadata, problems, max_bytes):
        row, doc_lines, doc_sentences = clean_document(document, patterns)
        if not has_article_text(doc_lines):
            problems.add(document.article_id, NO_ARTICLE_TEXT, NO_PROSE, "skipped")
            continue
        rows.append(row)
        lines.extend(doc_lines)
        sentences.extend(doc_sentences)
    return Corpus(articles_frame(rows, problems), table_frame(lines, "lines", LINE_COLUMNS),
                  table_frame(sentences, "sentences", SENTENCE_COLUMNS), problems.frame())


def table_frame(rows: list[tuple], table: str, columns: list[str]) -> pd.DataFrame:
    """Table ``table`` of many articles' rows, typed as it is written."""
    return rows_table(rows, table, columns).to_pandas()

