"""Candidate pairs for the overlaps table, counted on arrays: the same pairs, in the same order,
as counting each unit's shared rare words and min-hashing word by word (the reference below,
the earlier dictionary-and-Counter version)."""

from __future__ import annotations

import heapq
from array import array
from collections import Counter
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.arrays import spans
from newsprism.compare import overlaps as module
from newsprism.compare.overlaps import Units, WordCodes, candidate_pairs, rare_word_pairs


def _units(texts: list[tuple[int, str]]) -> Units:
    """Units of ``(article code, space-joined words)``, coded as ``prepare`` codes them."""
    units = Units(array("q", range(len(texts))), array("i", [a for a, _ in texts]),
                  [w for _, w in texts], [""] * len(texts), array("i"), array("i"))
    module._number_texts(units)
    return units


def _reference_rare(units: Units, min_shared: int, max_postings: int,
                    max_candidates: int) -> np.ndarray:
    """Rare-word pairs counted one unit at a time with a Counter over word postings."""
    postings: dict[str, list[int]] = {}
    for index, words in enumerate(units.words):
        for word in dict.fromkeys(words.split()):
            postings.setdefault(word, []).append(index)
    size, articles, kept = len(units), units.articles, []
    for i, words in enumerate(units.words):
        counts: Counter[int] = Counter()
        for word in dict.fromkeys(words.split()):
            if len(postings[word]) <= max_postings:
                counts.update(postings[word])
        found = [(-count, j) for j, count in counts.items()
                 if count >= min_shared and j != i and articles[j] != articles[i]]
        kept.extend(min(i, j) * size + max(i, j)
                    for _, j in heapq.nsmallest(max_candidates, found))
    return np.unique(np.array(kept, dtype=np.int64))


def _reference_neighbours(units: Units, passes: int, window: int) -> list[tuple[list, list]]:
    """Min-hash neighbours with each text's key the least hash over its words."""
    examples = [units.words[unit] for unit in units.examples]
    articles = np.frombuffer(units.articles, dtype=np.int32)
    texts = np.frombuffer(units.texts, dtype=np.int32)
    found = []
    for seed in range(passes):
        keys = np.array([min(module._word_hash(w, seed) for w in words.split())
                         for words in examples], dtype=np.uint64)
        order = np.argsort(keys[texts], kind="stable")
        for step in range(1, window + 1):
            first, second = order[:-step], order[step:]
            apart = articles[first] != articles[second]
            found.append((np.minimum(first, second)[apart].tolist(),
                          np.maximum(first, second)[apart].tolist()))
    return found


_TEXTS = st.lists(st.tuples(st.integers(0, 4),
                            st.lists(st.sampled_from("abcdefghijklmnop"), min_size=1,
                                     max_size=8).map(" ".join)),
                  max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(1, 4), st.integers(1, 12), st.integers(1, 6), st.integers(1, 60))
def test_rare_word_pairs_match_counting_unit_by_unit(texts, min_shared, max_postings,
                                                      max_candidates, block) -> None:
    """Any vocabulary, thresholds and block size (a block always holds whole units)."""
    units = _units(texts)
    with mock.patch.object(module, "EXPAND_AT_ONCE", block):
        found = rare_word_pairs(units, WordCodes.of(units), min_shared, max_postings,
                                max_candidates)
    expected = _reference_rare(units, min_shared, max_postings, max_candidates)
    assert found.dtype == np.int64
    assert found.tolist() == expected.tolist()


@settings(max_examples=100, deadline=None)
@given(_TEXTS, st.integers(1, 3), st.integers(1, 4))
def test_neighbour_pairs_match_hashing_word_by_word(texts, passes, window) -> None:
    units = _units(texts)
    found = [(a.tolist(), b.tolist())
             for a, b in module.neighbour_pairs(units, WordCodes.of(units), passes, window)]
    assert found == (_reference_neighbours(units, passes, window) if texts else [])


def test_word_codes_count_each_unit_once_per_word() -> None:
    units = _units([(0, "a b a"), (1, "b c"), (2, "a b a"), (2, "d")])
    words = WordCodes.of(units)
    assert words.vocabulary == ["a", "b", "c", "d"]
    assert dict(zip(words.vocabulary, words.postings.tolist(), strict=True)) == {
        "a": 2, "b": 3, "c": 1, "d": 1}
    texts = [words.codes[words.starts[t]:words.starts[t + 1]].tolist()
             for t in range(len(words.starts) - 1)]
    assert sorted(texts) == [[0, 1], [1, 2], [3]]


def test_common_words_bring_min_hash_neighbours_too() -> None:
    """A word over ``max_postings`` units switches the min-hash pass on: copies of one
    sentence whose words are all common still meet."""
    units = _units([(k, "ceasefire talks resumed cairo today") for k in range(6)])
    rare_only = list(candidate_pairs(units, max_postings=10))
    with_neighbours = list(candidate_pairs(units, max_postings=3))
    assert sum(len(a) for a, _ in rare_only) == 15  # every pair of the six shares five words
    assert sum(len(a) for a, _ in with_neighbours) > 0
    assert not len(rare_word_pairs(units, WordCodes.of(units), 3, 3, 50))


def test_spans_lists_each_range_in_turn() -> None:
    starts, lengths = np.array([5, 0, 9]), np.array([2, 0, 3])
    assert spans(starts, lengths).tolist() == [5, 6, 9, 10, 11]
    assert spans(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == []
