"""Articles for the framing tests: made-up paragraphs as a sentences table, and the seeds."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from gold_data import SEEDS
from newsprism.clean.document import Corpus, read_corpus
from newsprism.clean.segment import SENTENCE_COLUMNS, sentence_spans

ARTICLE_ID = "test.txt"


def article(*paragraphs: str, title: str | None = None,
            subheads: tuple[int, ...] = ()) -> tuple[pd.DataFrame, str]:
    """Sentences table and doc of a made-up article: an optional title, then paragraphs.

    ``subheads`` are indices of ``paragraphs`` that are subheads (one sentence each).
    """
    blocks = ([("title", title)] if title is not None else []) + [
        ("subhead" if i in subheads else "body", text) for i, text in enumerate(paragraphs)]
    doc = "\n\n".join(text for _, text in blocks)
    rows, offset = [], 0
    for paragraph, (label, text) in enumerate(blocks):
        spans = [(0, len(text))] if label != "body" else sentence_spans(text)
        for start, end in spans:
            rows.append((ARTICLE_ID, len(rows), paragraph, label, offset + start, offset + end,
                         text[start:end]))
        offset += len(text) + 2
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS), doc


@lru_cache(maxsize=1)
def seeds() -> Corpus:
    """The seed corpus, read once per test session."""
    return read_corpus(SEEDS)


def seed(prefix: str) -> tuple[pd.DataFrame, str]:
    """Sentences and doc of the seed whose file name starts with ``prefix`` ("001")."""
    corpus = seeds()
    row = corpus.articles[corpus.articles["article_id"].str.startswith(prefix)].iloc[0]
    sentences = corpus.sentences[corpus.sentences["article_id"] == row["article_id"]]
    return sentences, row["doc"]


def span_of(doc: str, text: str, occurrence: int = 0) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th appearance of ``text`` in ``doc``."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.index(text, start + 1)
    return start, start + len(text)
