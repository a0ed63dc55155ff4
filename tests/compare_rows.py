"""Hand-built numbers and articles tables for the comparison tests (tests only).

Rows mirror the seeds (derived from the gold numbers file, with sentences from the raw
texts) in the shape of the numbers table, so compare/reference can be tested before and
independently of the extractor.
"""

from __future__ import annotations

import math

import pandas as pd

from gold_data import SEEDS, gold_table
from newsprism.measures.numbers import NUMBER_COLUMNS

# The intervals an extractor gives qualifiers (as fractions of the value).
QUALIFIER_BOUNDS = {
    "": (1.0, 1.0), "at least": (1.0, math.inf), "more than": (1.0, math.inf),
    "over": (1.0, math.inf), "nearly": (0.95, 1.0), "almost": (0.95, 1.0),
    "around": (0.9, 1.1), "about": (0.9, 1.1), "some": (0.9, 1.1), "estimated": (0.9, 1.1),
    "as many as": (0.0, 1.0), "up to": (0.0, 1.0), "fewer than": (0.0, 1.0),
}


def interval(value: float, qualifier: str) -> tuple[float, float]:
    """The interval a qualifier implies around a value (NaN for vague figures)."""
    if value is None or math.isnan(value):
        return math.nan, math.nan
    low, high = QUALIFIER_BOUNDS[qualifier]
    return value * low, value * high


def row(article_id: str, surface: str, value: float, unit: str, key: str, *,
        qualifier: str = "", kind: str = "claim", source: str = "", start: int = 0,
        sentence_id: int = 0, sentence: str | None = None, as_of: str | None = None) -> dict:
    """One numbers-table row, with the interval its qualifier implies (``as_of``: the date
    its sentence gives it, ISO)."""
    low, high = interval(value, qualifier)
    return {"article_id": article_id, "start": start, "end": start + len(surface),
            "surface": surface, "value": value, "unit": unit, "qualifier": qualifier,
            "low": low, "high": high, "kind": kind, "key": key, "source": source,
            "sentence_id": sentence_id, "sentence": sentence or surface,
            "as_of": pd.Timestamp(as_of) if as_of else pd.NaT}


def numbers_frame(rows: list[dict]) -> pd.DataFrame:
    """A numbers table from row dicts, columns kept when empty."""
    return pd.DataFrame(rows, columns=NUMBER_COLUMNS)


def seed_numbers() -> pd.DataFrame:
    """The seeds' figures in numbers-table shape (sentence = the raw line holding them)."""
    rows = []
    for item in gold_table("numbers").itertuples():
        value = float(item.value) if item.value != "" else math.nan
        lines = (SEEDS / item.file).read_text(encoding="utf-8").split("\n")
        rows.append(row(item.file, item.surface, value, item.unit, item.key,
                        qualifier=item.qualifier if item.kind != "vague" else "",
                        kind=item.kind, source=item.source, start=int(item.start),
                        sentence_id=int(item.line), sentence=lines[int(item.line) - 1]))
    return numbers_frame(rows)


def seed_articles() -> pd.DataFrame:
    """The seeds' articles table: article_id, outlet, published, title."""
    table = gold_table("articles")
    return pd.DataFrame({"article_id": table["file"], "outlet": table["outlet"],
                         "published": pd.to_datetime(table["published"]).astype(
                             "datetime64[us]"),
                         "title": table["title"]})


def articles(*rows: tuple[str, str | None, str]) -> pd.DataFrame:
    """An articles table from (article_id, published or None, outlet)."""
    return pd.DataFrame({
        "article_id": [r[0] for r in rows],
        "published": pd.to_datetime([r[1] for r in rows]).astype("datetime64[us]"),
        "outlet": [r[2] for r in rows], "title": [f"title {r[0]}" for r in rows]})
