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
similar). Sentences, candidates and partners are held in flat arrays, pairing needs only
the content words (``comparable``, then ``find_pairs``: a caller may drop the sentences'
text meanwhile) and the table is built ``BLOCK_PAIRS`` rows at a time, so memory stays small
per sentence on a large corpus.
``article_overlaps`` sums the pairs per ordered article pair (non-zero pairs only) on
integer codes, its rows also built a block at a time; ``overlap_matrix`` pivots that to
article × article for small corpora.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from newsprism.arrays import distinct_counts, rounded, runs, spans, take
from newsprism.clean.words import StopWords, content_words, load_stop_words

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
# Candidate pairs scored and ranked together (as arrays).
YIELD_AT_ONCE = 100_000
# Unit-partner entries (a unit's rare word × that word's units) counted together.
EXPAND_AT_ONCE = 2_000_000
# Each sentence keeps at most MAX_PARTNERS near-duplicates (its most similar): a sentence
# copied into thousands of articles is reported with a few of them, not all.
MAX_PARTNERS = 3
# Sentences (or quotations) with fewer content words are too short to call shared wording.
MIN_WORDS = 5
# Rows of the overlaps table built (with both sentences' text) at a time.
BLOCK_PAIRS = 20_000
# Rows of the article overlaps table (two ids and three numbers) built at a time.
BLOCK_ARTICLE_PAIRS = 200_000
BASES = ("sentence", "quote")
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"|‘([^’]+)’(?!\w)")


@dataclass(frozen=True)
class Units:
    """The comparable sentences as parallel columns: position in the sentences table, article
    code, content words and the longest quotation's content words (each joined by spaces;
    ``""`` for a quotation too short), and a code per distinct (words, quotation), with the
    first unit of each code in ``examples``. Flat columns keep a large corpus small in memory."""

    rows: array
    articles: array
    words: list[str]
    quotes: list[str]
    texts: array
    examples: array

    def __len__(self) -> int:
        return len(self.rows)


def longest_quote(text: str) -> str:
    """The longest quoted passage in ``text``, or ``""``."""
    found = ["".join(m.groups(default="")) for m in _QUOTE.finditer(text)]
    return max(found, key=len, default="")


def similarity(a: str, b: str) -> float:
    """0–1 likeness of two space-joined content-word sequences: mean of token-sort ratio and
    Jaccard."""
    if not a or not b:
        return 0.0
    if a == b:  # the same wording (wire copy, a repeated line): no need to compare
        return 1.0
    set_a, set_b = set(a.split()), set(b.split())
    jaccard = len(set_a & set_b) / len(set_a | set_b)
    return (fuzz.token_sort_ratio(a, b) / 100 + jaccard) / 2


def prepare(texts: Iterable[str], codes: np.ndarray, stop: StopWords) -> Units:
    """Comparable units of the sentences' texts (``codes``: each sentence's article code);
    short sentences dropped. Repeated word strings are stored once."""
    units = Units(array("q"), array("i"), [], [], array("i"), array("i"))
    shared: dict[str, str] = {}
    for row, (code, text) in enumerate(zip(codes, texts, strict=True)):
        words = content_words(text, stop)
        if len(words) < MIN_WORDS:
            continue
        quote = content_words(longest_quote(text), stop)
        joined, quoted = " ".join(words), " ".join(quote) if len(quote) >= MIN_WORDS else ""
        units.rows.append(row)
        units.articles.append(int(code))
        units.words.append(shared.setdefault(joined, joined))
        units.quotes.append(shared.setdefault(quoted, quoted))
    del shared
    _number_texts(units)
    return units


def _number_texts(units: Units) -> None:
    """Fill ``texts`` and ``examples``: a code per distinct (words, quotation), found with
    pandas' hash tables, which are freed after, rather than a dictionary kept per text."""
    words = pd.factorize(np.asarray(units.words, dtype=object))[0]
    quotes = pd.factorize(np.asarray(units.quotes, dtype=object))[0]
    pairs = words * (int(quotes.max(initial=0)) + 1) + quotes
    _, examples, texts = np.unique(pairs, return_index=True, return_inverse=True)
    units.texts.frombytes(texts.reshape(-1).astype(np.int32).tobytes())
    units.examples.frombytes(examples.astype(np.int32).tobytes())


@dataclass(frozen=True)
class WordCodes:
    """The distinct content words of each distinct text (``Units.examples`` order) as integer
    codes, text ``t``'s being ``codes[starts[t]:starts[t + 1]]``, with ``vocabulary[code]``
    the word and ``postings[code]`` how many units use it. Made once per distinct text, so
    the candidate search runs on arrays, not on words."""

    codes: np.ndarray
    starts: np.ndarray
    vocabulary: list[str]
    postings: np.ndarray

    @classmethod
    def of(cls, units: Units) -> WordCodes:
        """Code the words of ``units``' distinct texts."""
        vocabulary: dict[str, int] = {}
        codes, lengths = array("i"), array("q")
        for unit in units.examples:
            distinct = dict.fromkeys(units.words[unit].split())
            lengths.append(len(distinct))
            codes.extend(vocabulary.setdefault(word, len(vocabulary)) for word in distinct)
        coded = np.frombuffer(codes, dtype=np.int32)
        counts = np.frombuffer(lengths, dtype=np.int64)
        uses = np.bincount(np.frombuffer(units.texts, dtype=np.int32), minlength=len(counts))
        postings = np.bincount(coded, weights=np.repeat(uses, counts), minlength=len(vocabulary))
        return cls(coded, np.r_[0, np.cumsum(counts)], list(vocabulary),
                   postings.astype(np.int64))

    def lengths(self) -> np.ndarray:
        """How many distinct words each text has."""
        return np.diff(self.starts)


def _rare_entries(units: Units, words: WordCodes, max_postings: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's words used by at most ``max_postings`` units, as parallel arrays of unit
    and word code, in unit order (each unit's words in text order)."""
    rare = words.postings[words.codes] <= max_postings
    lengths = words.lengths()
    per_text = np.bincount(np.repeat(np.arange(len(lengths)), lengths)[rare],
                           minlength=len(lengths))
    rare_codes, rare_starts = words.codes[rare], np.r_[0, np.cumsum(per_text)]
    texts = np.frombuffer(units.texts, dtype=np.int32)
    counts = per_text[texts]
    unit_of = np.repeat(np.arange(len(texts), dtype=np.int32), counts)
    return unit_of, rare_codes[spans(rare_starts[texts], counts)]


def rare_word_pairs(units: Units, words: WordCodes, min_shared: int, max_postings: int,
                    max_candidates: int) -> np.ndarray:
    """Pairs of units from different articles sharing ``min_shared`` rare content words, as
    sorted unique ``i * len(units) + j`` codes with ``i < j``.

    A word used by more than ``max_postings`` units is too common to block on. Each unit
    keeps its ``max_candidates`` partners sharing the most rare words (ties: earliest unit).
    Shared words are counted for a block of units at a time (about ``EXPAND_AT_ONCE``
    unit-partner entries), so memory does not hold every pair's count.
    """
    size, articles = len(units), np.frombuffer(units.articles, dtype=np.int32)
    unit_of, word_of = _rare_entries(units, words, max_postings)
    order = np.argsort(word_of, kind="stable")  # each word's units in unit order
    members = unit_of[order]
    del order
    member_starts = np.r_[0, np.cumsum(np.bincount(word_of, minlength=len(words.postings)))]
    fanout = np.cumsum(words.postings[word_of])
    kept = [np.empty(0, dtype=np.int64)]
    low = 0
    while low < len(unit_of):
        high = int(np.searchsorted(fanout, fanout[low] + EXPAND_AT_ONCE, side="right"))
        high = int(np.searchsorted(unit_of, unit_of[max(high, low + 1) - 1], side="right"))
        chosen = word_of[low:high]
        lengths = words.postings[chosen]
        partner = members[spans(member_starts[chosen], lengths)]
        pair, shared = distinct_counts(np.repeat(unit_of[low:high].astype(np.int64), lengths)
                                       * size + partner)
        del partner
        first, second = np.divmod(pair, max(size, 1))
        ok = (shared >= min_shared) & (first != second) & (articles[first] != articles[second])
        first, second, shared = first[ok], second[ok], shared[ok]
        order = np.lexsort((second, -shared, first))  # each unit's best partners first
        first, second = first[order], second[order]
        starts, counts = runs(first)
        best = np.arange(len(first)) - np.repeat(starts, counts) < max_candidates
        kept.append(np.minimum(first, second)[best] * size + np.maximum(first, second)[best])
        low = high
    return np.unique(np.concatenate(kept))


def _word_hash(word: str, seed: int) -> int:
    """A deterministic 64-bit hash of a word (the same in every process and run)."""
    digest = hashlib.blake2b(word.encode(), digest_size=8, salt=seed.to_bytes(16, "little"))
    return int.from_bytes(digest.digest(), "little")


def neighbour_pairs(units: Units, words: WordCodes, passes: int, window: int
                    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Pairs of units from different articles that sort near each other by min-hash, as
    arrays ``i < j`` (one per pass and step).

    Near-duplicates share their least-hashed content word with probability equal to their
    word overlap, so sorting by it (``passes`` times, each with another hash) puts copies of
    one sentence side by side; each unit is paired with the next ``window`` units. This
    finds mass-copied wire sentences whose words are all too common to block on, at a cost
    linear in the number of units. A pair may come more than once.
    """
    if not len(units):
        return
    articles = np.frombuffer(units.articles, dtype=np.int32)
    texts = np.frombuffer(units.texts, dtype=np.int32)
    for seed in range(passes):
        hashed = np.fromiter((_word_hash(word, seed) for word in words.vocabulary),
                             dtype=np.uint64, count=len(words.vocabulary))
        keys = np.minimum.reduceat(hashed[words.codes], words.starts[:-1])  # per text
        del hashed
        order = np.argsort(keys[texts], kind="stable")  # ties in unit order
        for step in range(1, window + 1):
            first, second = order[:-step], order[step:]
            apart = articles[first] != articles[second]
            yield np.minimum(first, second)[apart], np.maximum(first, second)[apart]


def candidate_pairs(units: Units, min_shared: int = MIN_SHARED,
                    max_postings: int = MAX_POSTINGS, max_candidates: int = MAX_CANDIDATES,
                    passes: int = NEIGHBOUR_PASSES, window: int = WINDOW
                    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Index pairs worth scoring, as arrays ``i, j`` of at most ``YIELD_AT_ONCE`` pairs:
    rare-word matches, then min-hash neighbours (see module); a pair may come more than once."""
    words = WordCodes.of(units)
    coded = rare_word_pairs(units, words, min_shared, max_postings, max_candidates)
    for start in range(0, len(coded), YIELD_AT_ONCE):  # never a second copy of every code
        yield np.divmod(coded[start:start + YIELD_AT_ONCE], max(len(units), 1))
    del coded
    if (words.postings > max_postings).any():
        for first, second in neighbour_pairs(units, words, passes, window):
            for start in range(0, len(first), YIELD_AT_ONCE):
                yield first[start:start + YIELD_AT_ONCE], second[start:start + YIELD_AT_ONCE]


def score(units: Units, i: int, j: int) -> tuple[float, int]:
    """Best similarity of two units and its basis (index into ``BASES``): the whole sentence
    or their quotations."""
    whole = similarity(units.words[i], units.words[j])
    quoted = similarity(units.quotes[i], units.quotes[j])
    return (quoted, 1) if quoted > whole else (whole, 0)


def scores(units: Units, first: np.ndarray, second: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`score` of many pairs, as arrays of similarities and bases. A score depends only
    on the two units' texts, so each distinct pair of texts (copies of one wire sentence
    meet many times) is scored once."""
    texts = np.frombuffer(units.texts, dtype=np.int32)
    size = max(len(units.examples), 1)
    distinct, inverse = np.unique(texts[first].astype(np.int64) * size + texts[second],
                                  return_inverse=True)
    values, bases = np.empty(len(distinct)), np.empty(len(distinct), dtype=np.int8)
    for k, (a, b) in enumerate(zip(*np.divmod(distinct, size), strict=True)):
        values[k], bases[k] = score(units, units.examples[a], units.examples[b])
    return values[inverse.reshape(-1)], bases[inverse.reshape(-1)]


class TopPartners:
    """Each unit's ``size`` most similar partners seen so far (ties: the partner earliest in
    the table), ``size`` slots per unit: memory grows with the units, not with the candidates
    scored. Scored pairs are ranked a batch at a time with the partners held so far."""

    def __init__(self, units: Units, size: int) -> None:
        self.rows, self.size = np.frombuffer(units.rows, dtype=np.int64), size
        self.partner = np.full((len(units), size), -1, dtype=np.int32)  # unit indexes
        self.value = np.zeros((len(units), size))
        self.basis = np.zeros((len(units), size), dtype=np.int8)

    def offer(self, first: np.ndarray, second: np.ndarray, values: np.ndarray,
              bases: np.ndarray) -> None:
        """Consider the scored pairs (parallel arrays) for both of their units."""
        if not len(first):
            return
        mine, other = np.concatenate([first, second]), np.concatenate([second, first])
        values, bases = np.concatenate([values, values]), np.concatenate([bases, bases])
        touched = np.unique(mine)
        partners = self.partner[touched].reshape(-1)
        held = partners >= 0
        mine = np.concatenate([np.repeat(touched, self.size)[held], mine])
        other = np.concatenate([partners[held], other])
        values = np.concatenate([self.value[touched].reshape(-1)[held], values])
        bases = np.concatenate([self.basis[touched].reshape(-1)[held], bases])
        # Each unit's partners best first: higher similarity, then earlier in the table.
        order = np.lexsort((self.rows[other], -values, mine))
        mine, other, values, bases = mine[order], other[order], values[order], bases[order]
        # A pair offered again sorts next to its first offer (same score, same partner).
        again = np.r_[False, (mine[1:] == mine[:-1]) & (other[1:] == other[:-1])]
        mine, other, values, bases = mine[~again], other[~again], values[~again], bases[~again]
        starts, lengths = runs(mine)
        rank = np.arange(len(mine)) - np.repeat(starts, lengths)
        kept = rank < self.size
        self.partner[touched] = -1
        slots = (mine[kept], rank[kept])
        self.partner[slots], self.value[slots], self.basis[slots] = (
            other[kept], values[kept], bases[kept])

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every kept pair once as unit indexes ``i < j``, with its similarity and basis: kept
        when among the best of either unit."""
        partner = self.partner.reshape(-1)
        held = np.flatnonzero(partner >= 0)
        mine, other = (held // self.size).astype(np.int32), partner[held]  # fit in 32 bits
        low, high = np.minimum(mine, other), np.maximum(mine, other)
        del mine, other
        _, first = np.unique(low.astype(np.int64) * (len(self.rows) or 1) + high,
                             return_index=True)
        held = held[first]
        return (low[first].astype(np.int64), high[first].astype(np.int64),
                self.value.reshape(-1)[held], self.basis.reshape(-1)[held])


@dataclass(frozen=True)
class SentencePairs:
    """Near-duplicate sentence pairs as positions in the sentences table (side a before side b
    in article-id order), sorted as the overlaps table is, with similarity and basis; the
    table's rows (with both texts) are built on demand, a block at a time, once the text is
    given (see :meth:`with_text`)."""

    names: np.ndarray  # the article id of each article code
    codes: np.ndarray
    first: np.ndarray
    second: np.ndarray
    similarity: np.ndarray
    basis: np.ndarray
    text: pd.DataFrame | None = None  # rows with their text: every row, or those at positions
    positions: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.first)

    def rows(self, start: int = 0, stop: int | None = None) -> pd.DataFrame:
        """Rows ``start:stop`` of the overlaps table."""
        if self.text is None:
            raise ValueError("the pairs' rows need their sentences' text: call with_text")
        part = slice(start, stop)
        first, second = self.first[part], self.second[part]
        if self.positions is not None:
            first, second = (np.searchsorted(self.positions, first),
                             np.searchsorted(self.positions, second))
        frame = pd.concat([_side(self.text, first, "_a"), _side(self.text, second, "_b")],
                          axis=1)
        return frame.assign(similarity=self.similarity[part],
                            basis=[BASES[b] for b in self.basis[part]])[OVERLAP_COLUMNS]

    def blocks(self, size: int = BLOCK_PAIRS) -> Iterator[pd.DataFrame]:
        """The overlaps table ``size`` rows at a time (one empty block when there is none)."""
        return _blocks(self, size)

    def needed(self) -> np.ndarray:
        """Positions in the sentences table of every paired sentence, sorted: the only rows
        whose text the table needs."""
        return np.unique(np.concatenate([self.first, self.second]))

    def with_text(self, sentences: pd.DataFrame, positions: np.ndarray | None = None
                  ) -> SentencePairs:
        """The same pairs reading their rows from ``sentences``: the table they were found in
        (read again, say: pairing does not need the text held), or only its rows at
        ``positions`` (:meth:`needed`)."""
        return replace(self, text=sentences, positions=positions)


@dataclass(frozen=True)
class Comparable:
    """A sentences table reduced to what pairing needs: its comparable units, each row's
    article code and sentence id, and the article id of each code (what the pairs name)."""

    units: Units
    codes: np.ndarray
    ids: np.ndarray
    names: np.ndarray


def comparable(sentences: pd.DataFrame, stop_words: StopWords | None = None,
               texts: Iterable[str] | None = None) -> Comparable:
    """The comparable units of ``sentences``; the table itself is not kept. ``texts``, when
    given, is its text column read apart (a block at a time, say), ``sentences`` then
    needing only the ids."""
    stop = stop_words if stop_words is not None else load_stop_words()
    codes, names = article_codes(sentences["article_id"])
    texts = sentences["text"] if texts is None else texts
    return Comparable(prepare(texts, codes, stop), codes,
                      sentences["sentence_id"].to_numpy(), names)


def article_codes(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's article as a code in article-id order, and the id of each code. Ids read
    as categories are coded from their categories: millions of sentence rows are never
    turned into text."""
    if isinstance(ids.dtype, pd.CategoricalDtype):
        ids = ids.cat.remove_unused_categories()
        names = ids.cat.categories.astype(str).to_numpy(dtype=object)
        order = np.argsort(names, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        return rank[ids.cat.codes.to_numpy()], names[order]
    codes, names = pd.factorize(ids.astype(str), sort=True)
    return codes, np.asarray(names, dtype=object)


def find_pairs(found: Comparable, threshold: float = DEFAULT_THRESHOLD,
               min_shared: int = MIN_SHARED, max_postings: int = MAX_POSTINGS,
               max_partners: int = MAX_PARTNERS) -> SentencePairs:
    """Near-duplicate pairs across articles, ``article_id_a < article_id_b``; each sentence
    keeps its ``max_partners`` most similar partners. Their rows need
    :meth:`SentencePairs.with_text`."""
    units, codes = found.units, found.codes
    top = TopPartners(units, max_partners)
    for first, second in candidate_pairs(units, min_shared, max_postings):
        values, bases = scores(units, first, second)
        kept = values >= threshold
        top.offer(first[kept], second[kept], values[kept], bases[kept])
    low, high, values, bases = top.pairs()
    del top
    rows = np.frombuffer(units.rows, dtype=np.int64)
    low, high = rows[low], rows[high]
    swap = codes[high] < codes[low]
    first, second = np.where(swap, high, low), np.where(swap, low, high)
    ids = found.ids
    order = np.lexsort((ids[second], codes[second], ids[first], codes[first]))
    return SentencePairs(found.names, codes, first[order], second[order],
                         rounded(values[order], 4), bases[order])


def sentence_pairs(sentences: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                   stop_words: StopWords | None = None, min_shared: int = MIN_SHARED,
                   max_postings: int = MAX_POSTINGS,
                   max_partners: int = MAX_PARTNERS) -> SentencePairs:
    """:func:`find_pairs` of ``sentences``, their rows read from it."""
    found = find_pairs(comparable(sentences, stop_words), threshold, min_shared, max_postings,
                       max_partners)
    return found.with_text(sentences)


def _side(sentences: pd.DataFrame, rows: np.ndarray, suffix: str) -> pd.DataFrame:
    """One side of the pairs: the sentences at positions ``rows``, columns suffixed."""
    columns = ["article_id", "sentence_id", "start", "end", "text"]
    return pd.DataFrame({f"{c}{suffix}": take(sentences[c], rows) for c in columns})


@dataclass(frozen=True)
class SharedSentences:
    """The ``article_overlaps`` table as integer columns (article codes and counts), its
    rows (with the article ids) built on demand, a block at a time."""

    names: np.ndarray  # article id of each article code
    first: np.ndarray  # article code of side a
    second: np.ndarray  # article code of side b
    sentences: np.ndarray  # content sentences of each article code
    shared: np.ndarray  # sentences of a with a near-duplicate in b

    def __len__(self) -> int:
        return len(self.first)

    def rows(self, start: int = 0, stop: int | None = None) -> pd.DataFrame:
        """Rows ``start:stop`` of the article overlaps table."""
        part = slice(start, stop)
        first, shared = self.first[part], self.shared[part]
        totals = self.sentences[first]
        return pd.DataFrame({"article_id_a": self.names[first],
                             "article_id_b": self.names[self.second[part]],
                             "sentences_a": totals, "shared_sentences": shared,
                             "share": shared / totals}, columns=ARTICLE_OVERLAP_COLUMNS)

    def blocks(self, size: int = BLOCK_ARTICLE_PAIRS) -> Iterator[pd.DataFrame]:
        """The table ``size`` rows at a time (one empty block when there is none)."""
        return _blocks(self, size)


def _blocks(table: SentencePairs | SharedSentences, size: int) -> Iterator[pd.DataFrame]:
    """``table.rows`` ``size`` at a time, at least one (empty) block, for writing in turn."""
    for start in range(0, max(len(table), 1), size):
        yield table.rows(start, start + size)


def shared_sentences(pairs: SentencePairs, articles: pd.DataFrame | None = None
                     ) -> SharedSentences:
    """Ordered article pairs sharing wording: how many of A's content sentences have a
    near-duplicate in B (``shared_sentences``), of ``sentences_a``, and that ``share``.

    Only pairs sharing something are listed (both directions); rows follow ``articles``
    order (else the sentences table's). Counted on integer codes, not on rows of text.
    """
    codes, names = pairs.codes, pairs.names
    size = max(len(names), 1)
    matched = np.concatenate([pairs.first, pairs.second]) * size
    matched += np.concatenate([codes[pairs.second], codes[pairs.first]])
    matched, _ = distinct_counts(matched)  # each sentence once per article it shares with
    article = codes[matched // size] * size
    matched %= size
    article += matched
    del matched
    keys, counts = distinct_counts(article)
    first, second = keys // size, keys % size
    order = (articles["article_id"].astype(str) if articles is not None
             else names[pd.unique(codes)])  # else as the sentences table first names them
    position = {article_id: n for n, article_id in enumerate(dict.fromkeys(order))}
    rank = np.array([position.get(name, len(position)) for name in names], dtype=np.int64)
    ranked = np.lexsort((rank[second], rank[first]))
    return SharedSentences(names, first[ranked], second[ranked],
                           np.bincount(codes, minlength=size), counts[ranked])


def article_overlaps(pairs: SentencePairs, articles: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """The ``shared_sentences`` table in one frame (see there)."""
    return shared_sentences(pairs, articles).rows()


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
             stop_words: StopWords | None = None) -> tuple[SentencePairs, pd.DataFrame]:
    """Shared-wording sentence pairs (``.rows()`` or ``.blocks()`` for the table) and the
    ``article_overlaps`` table (see there)."""
    pairs = sentence_pairs(sentences, threshold, stop_words)
    return pairs, article_overlaps(pairs, articles)
