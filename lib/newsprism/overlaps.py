"""Shared wording across articles: the same wire copy, or one statement translated twice.

Each content sentence (and the longest quotation inside it) is reduced to its content words.
Candidate pairs come from an inverted index of rare content words — two sentences of
different articles are compared only when they share ``min_shared`` words that few sentences
use — so the work grows with the matches, not with all pairs. A candidate's similarity blends
rapidfuzz's order-insensitive ``token_sort_ratio`` over content words with their Jaccard
overlap; a pair scoring at least ``threshold`` on the whole sentence or on its quotations is
reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import pandas as pd
from rapidfuzz import fuzz

from newsprism.words import StopWords, content_words, load_stop_words

OVERLAP_COLUMNS = ["article_id_a", "sentence_id_a", "start_a", "end_a", "article_id_b",
                   "sentence_id_b", "start_b", "end_b", "similarity", "basis", "text_a",
                   "text_b"]
DEFAULT_THRESHOLD = 0.7
# Sentences (or quotations) with fewer content words are too short to call shared wording.
MIN_WORDS = 5
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"|‘([^’]+)’(?!\w)")


@dataclass(frozen=True)
class Unit:
    """One sentence prepared for comparison: its content words and its quotation's."""

    row: int
    article_id: str
    words: tuple[str, ...]
    quote: tuple[str, ...]


def longest_quote(text: str) -> str:
    """The longest quoted passage in ``text``, or ``""``."""
    found = ["".join(m.groups(default="")) for m in _QUOTE.finditer(text)]
    return max(found, key=len, default="")


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """0–1 likeness of two content-word sequences: mean of token-sort ratio and Jaccard."""
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    jaccard = len(set_a & set_b) / len(set_a | set_b)
    return (fuzz.token_sort_ratio(" ".join(a), " ".join(b)) / 100 + jaccard) / 2


def prepare(sentences: pd.DataFrame, stop: StopWords) -> list[Unit]:
    """Comparable units of the sentences table (positional ``row``); short sentences dropped."""
    units = []
    for row, (article_id, text) in enumerate(zip(sentences["article_id"], sentences["text"],
                                                 strict=True)):
        words = tuple(content_words(text, stop))
        quote = tuple(content_words(longest_quote(text), stop))
        if len(words) >= MIN_WORDS:
            units.append(Unit(row, str(article_id), words,
                              quote if len(quote) >= MIN_WORDS else ()))
    return units


def candidate_pairs(units: list[Unit], min_shared: int, max_postings: int) -> set[tuple[int, int]]:
    """Index pairs of units from different articles sharing ``min_shared`` rare content words.

    A word used by more than ``max_postings`` sentences is too common to block on.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        for word in set(unit.words):
            postings[word].append(index)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if len(members) > max_postings:
            continue
        for i, j in combinations(members, 2):
            if units[i].article_id != units[j].article_id:
                shared[(i, j)] += 1
    return {pair for pair, count in shared.items() if count >= min_shared}


def score(a: Unit, b: Unit) -> tuple[float, str]:
    """Best similarity of two units, on the whole sentence or on their quotations."""
    whole = similarity(a.words, b.words)
    quoted = similarity(a.quote, b.quote)
    return (quoted, "quote") if quoted > whole else (whole, "sentence")


def sentence_pairs(sentences: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                   stop_words: StopWords | None = None, min_shared: int = 3,
                   max_postings: int = 200) -> pd.DataFrame:
    """Near-duplicate sentence pairs across articles, ``article_id_a < article_id_b``."""
    stop = stop_words if stop_words is not None else load_stop_words()
    units = prepare(sentences, stop)
    rows = []
    for i, j in candidate_pairs(units, min_shared, max_postings):
        value, basis = score(units[i], units[j])
        if value < threshold:
            continue
        a, b = sorted((units[i], units[j]), key=lambda u: (u.article_id, u.row))
        first, second = sentences.iloc[a.row], sentences.iloc[b.row]
        rows.append((first["article_id"], first["sentence_id"], first["start"], first["end"],
                     second["article_id"], second["sentence_id"], second["start"],
                     second["end"], round(value, 4), basis, first["text"], second["text"]))
    frame = pd.DataFrame(rows, columns=OVERLAP_COLUMNS)
    return frame.sort_values(["article_id_a", "sentence_id_a", "article_id_b", "sentence_id_b"],
                             ignore_index=True)


def overlap_matrix(sentences: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Article × article: share of A's content sentences with a near-duplicate in B."""
    ids = list(dict.fromkeys(sentences["article_id"]))
    totals = sentences.groupby("article_id").size()
    forward = pairs[["article_id_a", "sentence_id_a", "article_id_b"]].set_axis(
        ["a", "sentence", "b"], axis=1)
    backward = pairs[["article_id_b", "sentence_id_b", "article_id_a"]].set_axis(
        ["a", "sentence", "b"], axis=1)
    matched = pd.concat([forward, backward]).drop_duplicates()
    counts = matched.groupby(["a", "b"]).size()
    matrix = pd.DataFrame(0.0, index=pd.Index(ids, name="article_id"), columns=ids)
    for (a, b), count in counts.items():
        matrix.loc[a, b] = count / totals[a]
    for article_id in ids:
        matrix.loc[article_id, article_id] = float("nan")
    return matrix


def overlaps(sentences: pd.DataFrame, articles: pd.DataFrame | None = None,
             threshold: float = DEFAULT_THRESHOLD,
             stop_words: StopWords | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shared-wording pairs and the article overlap matrix (rows/columns in ``articles`` order).

    ``articles`` only fixes which articles the matrix shows (all, even those with no
    sentences); without it the sentences table decides.
    """
    pairs = sentence_pairs(sentences, threshold, stop_words)
    matrix = overlap_matrix(sentences, pairs)
    if articles is not None:
        order = list(articles["article_id"])
        matrix = matrix.reindex(index=order, columns=order, fill_value=0.0)
        matrix.index.name = "article_id"
        for article_id in order:
            matrix.loc[article_id, article_id] = float("nan")
    return pairs, matrix
