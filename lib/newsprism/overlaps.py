"""Shared wording across articles: the same wire copy, or one statement translated twice.

Each content sentence (and the longest quotation inside it) is reduced to its content words.
Candidate pairs come from an inverted index of rare content words — two sentences of
different articles are compared only when they share ``MIN_SHARED`` words that at most
``MAX_POSTINGS`` sentences use, each sentence keeping its ``MAX_CANDIDATES`` best — plus,
when some words are too common to block on (copies of one wire story), min-hash sorted
neighbours. So the work grows linearly with the sentences, not with all pairs. A candidate's
similarity blends rapidfuzz's order-insensitive ``token_sort_ratio`` over content words with
their Jaccard overlap; a pair scoring at least ``threshold`` on the whole sentence or on its
quotations is reported, each sentence with at most ``MAX_PARTNERS`` partners (its most
similar). ``article_overlaps`` sums the pairs per ordered article pair (non-zero pairs only);
``overlap_matrix`` pivots that to article × article for small corpora.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz

from newsprism.words import StopWords, content_words, load_stop_words

OVERLAP_COLUMNS = ["article_id_a", "sentence_id_a", "start_a", "end_a", "article_id_b",
                   "sentence_id_b", "start_b", "end_b", "similarity", "basis", "text_a",
                   "text_b"]
ARTICLE_OVERLAP_COLUMNS = ["article_id_a", "article_id_b", "sentences_a", "shared_sentences",
                           "share"]
DEFAULT_THRESHOLD = 0.7
# Blocking: pairs must share MIN_SHARED content words each used by at most MAX_POSTINGS
# sentences; each sentence keeps its MAX_CANDIDATES best such candidates.
MIN_SHARED = 3
MAX_POSTINGS = 200
MAX_CANDIDATES = 50
# When some word is too common to block on (mass-copied wire text), NEIGHBOUR_PASSES min-hash
# sorts also pair each sentence with its next WINDOW neighbours.
NEIGHBOUR_PASSES = 3
WINDOW = 4
# Each sentence keeps at most MAX_PARTNERS near-duplicates (its most similar): a sentence
# copied into thousands of articles is reported with a few of them, not all.
MAX_PARTNERS = 3
# Sentences (or quotations) with fewer content words are too short to call shared wording.
MIN_WORDS = 5
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"|‘([^’]+)’(?!\w)")


@dataclass(frozen=True, slots=True)
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
    """Comparable units of the sentences table (positional ``row``); short sentences dropped.
    Words and article ids are shared objects, so a large corpus holds each string once."""
    units = []
    shared: dict[str, str] = {}
    for row, (article_id, text) in enumerate(zip(sentences["article_id"], sentences["text"],
                                                 strict=True)):
        words = tuple(shared.setdefault(w, w) for w in content_words(text, stop))
        if len(words) < MIN_WORDS:
            continue
        quote = tuple(shared.setdefault(w, w) for w in content_words(longest_quote(text), stop))
        article = str(article_id)
        units.append(Unit(row, shared.setdefault(article, article), words,
                          quote if len(quote) >= MIN_WORDS else ()))
    return units


def _postings(units: list[Unit]) -> dict[str, array]:
    """Unit indexes by content word (each unit once per word, in unit order), as int arrays."""
    postings: dict[str, array] = {}
    for index, unit in enumerate(units):
        for word in dict.fromkeys(unit.words):
            postings.setdefault(word, array("l")).append(index)
    return postings


def rare_word_pairs(units: list[Unit], postings: dict[str, array], min_shared: int,
                    max_postings: int, max_candidates: int) -> set[tuple[int, int]]:
    """Pairs of units from different articles sharing ``min_shared`` rare content words.

    A word used by more than ``max_postings`` sentences is too common to block on. Each unit
    keeps its ``max_candidates`` partners sharing the most rare words (ties: earliest unit).
    Counted one unit at a time, so memory holds one unit's candidates, not every pair's count.
    """
    kept = set()
    for i, unit in enumerate(units):
        counts: Counter[int] = Counter()
        for word in dict.fromkeys(unit.words):
            members = postings[word]
            if len(members) <= max_postings:
                counts.update(members)
        found = [(-count, j) for j, count in counts.items()
                 if count >= min_shared and j != i and units[j].article_id != unit.article_id]
        kept.update((min(i, j), max(i, j)) for _, j in heapq.nsmallest(max_candidates, found))
    return kept


def _word_hash(word: str, seed: int) -> int:
    """A deterministic 64-bit hash of a word (the same in every process and run)."""
    digest = hashlib.blake2b(word.encode(), digest_size=8, salt=seed.to_bytes(16, "little"))
    return int.from_bytes(digest.digest(), "little")


def neighbour_pairs(units: list[Unit], passes: int, window: int) -> Iterator[tuple[int, int]]:
    """Pairs of units from different articles that sort near each other by min-hash.

    Near-duplicates share their least-hashed content word with probability equal to their
    word overlap, so sorting by it (``passes`` times, each with another hash) puts copies of
    one sentence side by side; each unit is paired with the next ``window`` units. This
    finds mass-copied wire sentences whose words are all too common to block on, at a cost
    linear in the number of units. A pair may come more than once.
    """
    vocabulary = sorted({word for unit in units for word in unit.words})
    for seed in range(passes):
        hashed = {word: _word_hash(word, seed) for word in vocabulary}
        keys = array("Q", (min(hashed[w] for w in unit.words) for unit in units))
        del hashed
        order = array("l", sorted(range(len(units)), key=keys.__getitem__))
        del keys
        for position, i in enumerate(order):
            for j in order[position + 1:position + 1 + window]:
                if units[i].article_id != units[j].article_id:
                    yield min(i, j), max(i, j)


def candidate_pairs(units: list[Unit], min_shared: int = MIN_SHARED,
                    max_postings: int = MAX_POSTINGS, max_candidates: int = MAX_CANDIDATES,
                    passes: int = NEIGHBOUR_PASSES, window: int = WINDOW
                    ) -> Iterator[tuple[int, int]]:
    """Index pairs worth scoring: rare-word matches, then min-hash neighbours (see module);
    a pair may come more than once."""
    postings = _postings(units)
    common = any(len(members) > max_postings for members in postings.values())
    pairs = rare_word_pairs(units, postings, min_shared, max_postings, max_candidates)
    del postings
    yield from sorted(pairs)
    del pairs
    if common:
        yield from neighbour_pairs(units, passes, window)


def score(a: Unit, b: Unit) -> tuple[float, str]:
    """Best similarity of two units, on the whole sentence or on their quotations."""
    whole = similarity(a.words, b.words)
    quoted = similarity(a.quote, b.quote)
    return (quoted, "quote") if quoted > whole else (whole, "sentence")


class TopPartners:
    """Each unit's ``size`` most similar partners seen so far (ties: the partner earliest in
    the table): memory grows with the units, not with the candidates scored."""

    def __init__(self, units: list[Unit], size: int) -> None:
        self.units, self.size = units, size
        self.best: dict[int, list[tuple[float, int, int, str]]] = {}

    def offer(self, i: int, j: int, value: float, basis: str) -> None:
        """Consider the scored pair for both of its units."""
        for mine, other in ((i, j), (j, i)):
            heap = self.best.setdefault(mine, [])
            entry = (value, -self.units[other].row, other, basis)
            if any(partner == other for _, _, partner, _ in heap):
                continue
            if len(heap) < self.size:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)

    def pairs(self) -> list[tuple[int, int, float, str]]:
        """Every kept pair once, ``i < j``: kept when among the best of either unit."""
        found = {(min(i, j), max(i, j)): (value, basis)
                 for i, heap in self.best.items() for value, _, j, basis in heap}
        return [(i, j, value, basis) for (i, j), (value, basis) in sorted(found.items())]


def sentence_pairs(sentences: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                   stop_words: StopWords | None = None, min_shared: int = MIN_SHARED,
                   max_postings: int = MAX_POSTINGS,
                   max_partners: int = MAX_PARTNERS) -> pd.DataFrame:
    """Near-duplicate sentence pairs across articles, ``article_id_a < article_id_b``; each
    sentence keeps its ``max_partners`` most similar partners."""
    stop = stop_words if stop_words is not None else load_stop_words()
    units = prepare(sentences, stop)
    top = TopPartners(units, max_partners)
    for i, j in candidate_pairs(units, min_shared, max_postings):
        value, basis = score(units[i], units[j])
        if value >= threshold:
            top.offer(i, j, value, basis)
    kept = top.pairs()
    del top
    first, second = [], []
    for i, j, _, _ in kept:
        a, b = sorted((units[i], units[j]), key=lambda u: (u.article_id, u.row))
        first.append(a.row)
        second.append(b.row)
    del units
    frame = pd.concat([_side(sentences, first, "_a"), _side(sentences, second, "_b")], axis=1)
    frame = frame.assign(similarity=[round(value, 4) for _, _, value, _ in kept],
                         basis=[basis for _, _, _, basis in kept],
                         text_a=frame.pop("text_a"), text_b=frame.pop("text_b"))
    return frame[OVERLAP_COLUMNS].sort_values(
        ["article_id_a", "sentence_id_a", "article_id_b", "sentence_id_b"], ignore_index=True)


def _side(sentences: pd.DataFrame, rows: list[int], suffix: str) -> pd.DataFrame:
    """One side of the pairs: the sentences at positions ``rows``, columns suffixed."""
    columns = ["article_id", "sentence_id", "start", "end", "text"]
    side = sentences[columns].take(rows).reset_index(drop=True)
    return side.rename(columns={c: f"{c}{suffix}" for c in columns})


def article_overlaps(sentences: pd.DataFrame, pairs: pd.DataFrame,
                     articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Ordered article pairs sharing wording: how many of A's content sentences have a
    near-duplicate in B (``shared_sentences``), of ``sentences_a``, and that ``share``.

    Only pairs sharing something are listed (both directions); rows follow ``articles``
    order (else the sentences table's).
    """
    forward = pairs[["article_id_a", "sentence_id_a", "article_id_b"]].set_axis(
        ["a", "sentence", "b"], axis=1)
    backward = pairs[["article_id_b", "sentence_id_b", "article_id_a"]].set_axis(
        ["a", "sentence", "b"], axis=1)
    matched = pd.concat([forward, backward]).drop_duplicates()
    counts = matched.groupby(["a", "b"]).size()
    totals = sentences.groupby("article_id").size()
    ids = articles["article_id"] if articles is not None else sentences["article_id"]
    rank = {article_id: n for n, article_id in enumerate(dict.fromkeys(ids))}
    rows = sorted(((a, b, int(totals[a]), int(count), count / totals[a])
                   for (a, b), count in counts.items()),
                  key=lambda row: (rank.get(row[0], len(rank)), rank.get(row[1], len(rank))))
    return pd.DataFrame(rows, columns=ARTICLE_OVERLAP_COLUMNS)


def overlap_matrix(overlaps_table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Article × article share (the ``article_overlaps`` table pivoted), for display on small
    corpora: every article of ``articles`` in order, 0 where nothing is shared, NaN on the
    diagonal."""
    ids = list(articles["article_id"])
    matrix = pd.DataFrame(0.0, index=pd.Index(ids, name="article_id"), columns=ids)
    for a, b, share in zip(overlaps_table["article_id_a"], overlaps_table["article_id_b"],
                           overlaps_table["share"], strict=True):
        if a in matrix.index and b in matrix.columns:
            matrix.loc[a, b] = float(share)
    for article_id in ids:
        matrix.loc[article_id, article_id] = float("nan")
    return matrix


def outlet_overlap(overlaps_table: pd.DataFrame, articles: pd.DataFrame,
                   by: str = "outlet") -> pd.DataFrame:
    """Group × group mean share over every ordered pair of different articles (zeros
    included), computed from the long table without building the article matrix."""
    group = articles.set_index("article_id")[by]
    sizes = group.value_counts()
    sums = overlaps_table.assign(a=overlaps_table["article_id_a"].map(group),
                                 b=overlaps_table["article_id_b"].map(group)) \
        .groupby(["a", "b"])["share"].sum()
    names = sorted(sizes.index)
    matrix = pd.DataFrame(0.0, index=pd.Index(names, name=by), columns=names)
    for a in names:
        for b in names:
            pairs = sizes[a] * sizes[b] - (sizes[a] if a == b else 0)
            matrix.loc[a, b] = sums.get((a, b), 0.0) / pairs if pairs else float("nan")
    return matrix


def overlaps(sentences: pd.DataFrame, articles: pd.DataFrame | None = None,
             threshold: float = DEFAULT_THRESHOLD,
             stop_words: StopWords | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shared-wording sentence pairs and the ``article_overlaps`` table (see there)."""
    pairs = sentence_pairs(sentences, threshold, stop_words)
    return pairs, article_overlaps(sentences, pairs, articles)
