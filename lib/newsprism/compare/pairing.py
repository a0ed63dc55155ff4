"""Which figures are set against which, block by block, and who conflicts with whom.

Comparing every figure of a key with every other grows with the square of the corpus. Here
each figure meets the next ``MAX_NEIGHBOURS`` figures of its key and unit in date order whose
``as_of`` date agrees with its own (the same day, or either unknown: a toll "on Monday" is not
set against one "on Tuesday"), and
pairs are built ``BLOCK_FIGURES`` figures at a time, so work grows linearly and memory holds
one block however large the corpus. Conflicts found in the blocks are kept as integer codes
for the per-article flags of the comparison table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsprism.arrays import distinct

# How many later figures of the same key and unit each figure is compared with.
MAX_NEIGHBOURS = 20
# Figures whose pairs are built and checked together.
BLOCK_FIGURES = 2_000
# A comparison row names at most this many conflicting articles (all are counted).
MAX_LISTED = 10
# Comparison rows whose conflict lists are built as Python text before being stored.
LIST_ROWS = 50_000
# Conflict codes noted before the blocks' codes are merged into one sorted array.
MERGE_CODES = 1_000_000
_EPOCH = pd.Timestamp("1970-01-01")


@dataclass(frozen=True)
class PairingOrder:
    """The figures' pairing columns as arrays, by key and unit, then in date order."""

    row: np.ndarray  # the figure row at each position
    group: np.ndarray  # key-and-unit code
    article: np.ndarray  # article code
    day: np.ndarray  # publication day number, NaN when undated
    window: np.ndarray  # comparison window in days (inf: any date)
    as_of: np.ndarray  # day number of the date the sentence gives the figure, NaN when none

    @classmethod
    def of(cls, figs: pd.DataFrame) -> PairingOrder:
        """From figures already in date order, with ``key, comparable_unit, article_id,
        published, window_days`` and, when present, ``as_of``."""
        group = figs.groupby(["key", "comparable_unit"], sort=True).ngroup().to_numpy()
        rows = np.lexsort((np.arange(len(figs)), group))
        article = pd.factorize(figs["article_id"])[0]
        day = (figs["published"] - _EPOCH).dt.days.to_numpy(dtype="float", na_value=np.nan)
        window = figs["window_days"].to_numpy(dtype="float")
        as_of = _days(figs["as_of"]) if "as_of" in figs else np.full(len(figs), np.nan)
        return cls(rows, group[rows], article[rows], day[rows], window[rows], as_of[rows])

    def blocks(self, size: int = BLOCK_FIGURES) -> Iterator[tuple[int, int]]:
        """Position ranges of at least ``size`` figures (the last may be shorter), cut only
        where key, unit or article changes: one article's figures of a key stay together."""
        total = len(self.row)
        changes = (self.group[1:] != self.group[:-1]) | (self.article[1:] != self.article[:-1])
        start = 0
        for cut in (np.flatnonzero(changes) + 1).tolist():
            if cut - start >= size:
                yield start, cut
                start = cut
        if start < total:
            yield start, total

    def pairs(self, start: int, stop: int, neighbours: int = MAX_NEIGHBOURS
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Figure rows ``a < b`` and their days apart, sorted, for the figures at positions
        ``start:stop`` set against the next ``neighbours`` of their key and unit: from another
        article, within ``a``'s window (undated figures only when the window is ``any``) and
        of an agreeing ``as_of`` date."""
        total = len(self.row)
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for step in range(1, neighbours + 1):
            a = np.arange(start, max(start, min(stop, total - step)))
            b = a + step
            same = self.group[a] == self.group[b]
            if not same.any():
                break  # every key-and-unit group here is shorter than this step
            days = np.abs(self.day[b] - self.day[a])
            window = self.window[a]
            agree = np.isnan(self.as_of[a]) | np.isnan(self.as_of[b]) | (
                self.as_of[a] == self.as_of[b])
            keep = same & agree & (self.article[a] != self.article[b]) & (
                np.isinf(window) | (days <= window))
            found.append((self.row[a[keep]], self.row[b[keep]], days[keep]))
        if not found:
            return np.empty(0, "int64"), np.empty(0, "int64"), np.empty(0, "float")
        first, second, days = (np.concatenate(parts) for parts in zip(*found, strict=True))
        order = np.lexsort((second, first))
        return first[order], second[order], days[order]


def _days(dates: pd.Series) -> np.ndarray:
    """Day numbers of a date column (NaN where missing)."""
    stamps = pd.to_datetime(dates, errors="coerce")
    return (stamps - _EPOCH).dt.days.to_numpy(dtype="float", na_value=np.nan)


class ConflictLinks:
    """The articles each key × article has an unreconcilable figure with, noted from the
    discrepancy blocks as they pass (as integer codes, so a large corpus fits)."""

    def __init__(self, keys: Iterable[str], articles: Iterable[str]) -> None:
        self.keys = pd.Index(sorted(set(keys)), dtype="str")
        self.articles = pd.Index(sorted(set(articles)), dtype="str")
        self.seen = np.empty(0, "int64")  # sorted unique codes merged so far
        self.parts: list[np.ndarray] = []  # codes of the blocks since the last merge

    def collect(self, blocks: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        """The discrepancy blocks, passed through after noting their links."""
        for block in blocks:
            self.add(block)
            yield block

    def add(self, block: pd.DataFrame) -> None:
        """Note both directions of every pair in a discrepancy block."""
        key = self.keys.get_indexer(block["key"].astype("str")).astype("int64")
        a = self.articles.get_indexer(block["a_article_id"].astype("str")).astype("int64")
        b = self.articles.get_indexer(block["b_article_id"].astype("str")).astype("int64")
        known = (key >= 0) & (a >= 0) & (b >= 0)
        size = len(self.articles)
        codes = np.concatenate([(key * size + a) * size + b, (key * size + b) * size + a])
        self.parts.append(np.unique(codes[np.concatenate([known, known])]))
        if sum(part.size for part in self.parts) > max(self.seen.size, MERGE_CODES):
            self.merge()  # as they grow: repeats across blocks held once

    def merge(self) -> np.ndarray:
        """Every noted (key, article, other article) code once, sorted: the blocks' codes
        merged into ``seen``."""
        self.seen, self.parts = distinct(np.concatenate([self.seen, *self.parts])), []
        return self.seen

    def listed(self, keys: pd.Series, articles: pd.Series) -> tuple[pd.Series, pd.Series]:
        """For each (key, article): the conflicting articles in id order (the first
        ``MAX_LISTED``, then how many more) and their number. The codes are merged first;
        text is built ``LIST_ROWS`` rows at a time and only for rows with conflicts."""
        codes = self.merge()
        size = max(len(self.articles), 1)
        key = self.keys.get_indexer(keys.astype("str")).astype("int64")
        article = self.articles.get_indexer(articles.astype("str")).astype("int64")
        wanted = np.where((key >= 0) & (article >= 0), key * size + article, -1)
        # A (key, article)'s codes are those in [wanted × size, (wanted + 1) × size); none
        # for -1, as codes are not negative.
        start = np.searchsorted(codes, wanted * size)
        counted = np.searchsorted(codes, (wanted + 1) * size) - start
        names = self.articles.to_numpy(dtype=object)
        parts = [pd.Series(_conflict_text(codes, names, size, start[at:at + LIST_ROWS],
                                          counted[at:at + LIST_ROWS]), dtype="str")
                 for at in range(0, len(wanted), LIST_ROWS)]
        listed = pd.concat(parts, ignore_index=True) if parts else pd.Series([], dtype="str")
        return listed.set_axis(keys.index), pd.Series(counted, index=keys.index, dtype="int64")


def _conflict_text(codes: np.ndarray, names: np.ndarray, size: int, start: np.ndarray,
                   counted: np.ndarray) -> np.ndarray:
    """The conflict lists of some rows, from the sorted ``codes`` (each row's first position
    in them and its count); ``names`` are the article ids by code."""
    text = np.full(len(start), "", dtype=object)
    for row in np.flatnonzero(counted).tolist():
        first, count = int(start[row]), int(counted[row])
        shown = "; ".join(names[codes[first:first + min(count, MAX_LISTED)] % size])
        text[row] = shown + (f" (+{count - MAX_LISTED} more)" if count > MAX_LISTED else "")
    return text
