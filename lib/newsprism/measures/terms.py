"""Loaded terms: where each article uses the charged vocabulary of any party, and in whose voice.

The loaded_terms (``data/loaded_terms.yaml``) compiles to one regex; each article's content is
scanned once. Rates are per 1,000 content words, so long and short articles compare, and
the outlet's ``own`` voice is counted apart from words it quotes or reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from newsprism.arrays import Grid
from newsprism.datafiles import load_yaml
from newsprism.measures.rows import Table, table_column
from newsprism.measures.voice import VOICES, VoiceMap
from newsprism.phrases import (
    PhraseFinder,
    by_length,
    entry_index,
    entry_pattern,
    phrase_finder,
)

TERM_COLUMNS = ["article_id", "category", "term", "start", "end", "voice", "sentence",
                "sentence_id", "surface"]
RATE_COLUMNS = ["article_id", "outlet", "category", "voice", "count", "words", "per_1000"]
ALL_VOICES = "all"


@dataclass(frozen=True)
class LoadedTerms:
    """The compiled loaded-terms file: one regex, and each alternative's term and category."""

    regex: PhraseFinder
    terms: tuple[str, ...]
    categories: tuple[str, ...]


def load_loaded_terms(path: str | Path | None = None) -> LoadedTerms:
    """Read ``loaded_terms.yaml`` (or the user's file at ``path``); longest terms tried first."""
    entries = load_yaml("loaded_terms.yaml", path)["terms"]
    order = by_length([str(e["term"]) for e in entries])
    patterns = [entry_pattern("re:" + e["forms"]) if e.get("forms") else entry_pattern(e["term"])
                for e in (entries[i] for i in order)]
    return LoadedTerms(phrase_finder(patterns),
                   tuple(str(entries[i]["term"]) for i in order),
                   tuple(str(entries[i]["category"]) for i in order))


def term_rows(sentences: Table, doc: str, loaded_terms: LoadedTerms,
              voices: VoiceMap | None = None) -> list[tuple]:
    """The rows of ``find_terms``, in ``TERM_COLUMNS`` order."""
    voices = voices or VoiceMap.build(sentences, doc)
    rows = []
    columns = [table_column(sentences, c)
               for c in ("article_id", "sentence_id", "start", "end", "text")]
    found = loaded_terms.regex.finditer_spans(doc, list(zip(columns[2], columns[3], strict=True)))
    for article_id, sentence_id, text, matches in zip(columns[0], columns[1], columns[4], found,
                                                      strict=True):
        for match in matches:
            index = entry_index(match)
            start, end = match.span()
            rows.append((article_id, loaded_terms.categories[index], loaded_terms.terms[index],
                         start, end, voices.voice_of(start, end), text, sentence_id,
                         match.group()))
    return rows


def term_rates(terms: pd.DataFrame, articles: pd.DataFrame,
               categories: list[str] | None = None) -> pd.DataFrame:
    """Loaded terms per 1,000 content words, per article, category and voice (``all`` too).

    Every article × category × voice appears, with zero counts, so outlets compare directly.
    Columns: ``article_id, outlet, category, voice, count, words, per_1000``.
    """
    categories = categories or list(dict.fromkeys(terms["category"]))
    voiced = terms[terms["voice"].isin(VOICES)]
    by_voice = Grid.of(articles["article_id"], categories, VOICES).counts(
        voiced.groupby(["article_id", "category", "voice"]).size())
    counts = np.concatenate([by_voice.sum(axis=2, keepdims=True), by_voice], axis=2).ravel()
    grid = Grid.of(articles["article_id"], categories, [ALL_VOICES, *VOICES])
    words = grid.column(0, articles["words"].astype("int64")).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(words != 0, 1000 * counts / words, np.nan)
    return pd.DataFrame({
        "article_id": grid.column(0), "outlet": grid.column(0, articles["outlet"]),
        "category": grid.column(1), "voice": grid.column(2),
        "count": counts.astype("int64"), "words": words, "per_1000": rate,
    }, columns=RATE_COLUMNS)
