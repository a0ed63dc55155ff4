"""Distinctive terms: the Fightin' Words log-odds against a hand computation, and properties."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsprism.compare.distinctive as distinctive
from gold_data import SEEDS
from newsprism.clean.document import read_corpus
from newsprism.clean.words import PHRASE_BREAK, WORD, StopWords, content_tokens, load_stop_words
from newsprism.compare.distinctive import (
    DISTINCTIVE_COLUMNS,
    distinctive_terms,
    ngrams,
    term_counts,
)


def _corpus(texts: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A sentences table (one sentence per group) and an articles table with ``outlet``."""
    sentences = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    articles = pd.DataFrame({"article_id": list(texts), "outlet": list(texts)})
    return sentences, articles


def _hand_log_odds(y_i: float, n_i: float, y_j: float, n_j: float, a_w: float,
                   a0: float) -> tuple[float, float]:
    delta = (math.log((y_i + a_w) / (n_i + a0 - y_i - a_w))
             - math.log((y_j + a_w) / (n_j + a0 - y_j - a_w)))
    return delta, delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))


def test_matches_hand_computation() -> None:
    sentences, articles = _corpus({"A": "apple apple banana", "B": "banana cherry"})
    result = distinctive_terms(sentences, articles, ngram=(1, 1), prior=10.0,
                               stop_words=StopWords(frozenset()))
    row = result[(result["group"] == "A") & (result["term"] == "apple")].iloc[0]
    # corpus: apple 2, banana 2, cherry 1 of 5 → alpha = 10 * share; n_A = 3, n_B = 2
    delta, z = _hand_log_odds(2, 3, 0, 2, 4.0, 10.0)
    assert row["log_odds"] == pytest.approx(delta)
    assert row["z"] == pytest.approx(z)
    assert (row["count_group"], row["count_rest"], row["n"]) == (2, 0, 1)
    banana = result[(result["group"] == "B") & (result["term"] == "banana")].iloc[0]
    assert banana["log_odds"] == pytest.approx(_hand_log_odds(1, 2, 1, 3, 4.0, 10.0)[0])


def test_two_groups_get_opposite_signs() -> None:
    sentences, articles = _corpus({"A": "truce talks resume in Cairo. Hostages freed.",
                                   "B": "Airstrikes hit Rafah as talks stall. Hostages held."})
    result = distinctive_terms(sentences, articles).set_index(["term", "group"])
    a, b = result.xs("A", level="group"), result.xs("B", level="group")
    assert (a["log_odds"] + b.loc[a.index, "log_odds"]).abs().max() < 1e-12
    assert (a["z"] + b.loc[a.index, "z"]).abs().max() < 1e-12
    assert a.loc["truce", "z"] > 0 > b.loc["truce", "z"]


def test_stop_words_and_phrase_bounds() -> None:
    stop = load_stop_words()
    found = ngrams("The death toll rose, officials said; Gaza City burned.", (1, 2), stop)
    assert set(found) == {1, 2} and all(" " not in term for term in found[1])
    assert all(term.count(" ") == 1 for term in found[2])
    grams = set(found[1]) | set(found[2])
    assert {"death toll", "death", "toll", "gaza city", "officials"} <= grams
    assert "the" not in grams and "the death" not in grams
    assert "rose officials" not in grams  # no bigram across a comma
    assert content_tokens("Hamas’s 2023 attack on the border", stop) == ["hamas", "", "attack",
                                                                         "", "", "border"]


def _runs_by_splitting(text: str, stop: StopWords) -> list[list[str]]:
    """The runs of content words by their definition: split at phrase breaks, then words."""
    runs: list[list[str]] = [[]]
    for part in re.split(PHRASE_BREAK, text):
        for token in WORD.findall(part):
            word = re.sub(r"'s?$", "", token.lower().replace("’", "'"))
            if word and re.search(r"[^\W\d_]", word) and word not in stop:
                runs[-1].append(word)
            elif runs[-1]:
                runs.append([])
        runs.append([])
    return [run for run in runs if run]


def _runs(tokens: list[str]) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token:
            runs[-1].append(token)
        else:
            runs.append([])
    return [run for run in runs if run]


@given(st.text(alphabet=st.sampled_from("ab1 .,-'’‘_\n\"—é"), max_size=40))
def test_one_scan_finds_the_runs_splitting_would(text: str) -> None:
    stop = StopWords(frozenset({"a"}))
    assert _runs(content_tokens(text, stop)) == _runs_by_splitting(text, stop)


def test_sentences_counted_together_never_share_an_ngram(monkeypatch) -> None:
    monkeypatch.setattr(distinctive, "SENTENCES_AT_ONCE", 2)
    texts = ["Gaza", "City hospital", "Gaza", "City’", "hospital.", "Gaza City"]
    sentences = pd.DataFrame({"article_id": ["A"] * len(texts), "text": texts})
    counts = term_counts(sentences, pd.Series({"A": "outlet"}), (1, 2), StopWords(frozenset()))
    found = dict(zip(counts["term"], counts["count"], strict=True))
    assert found == {"gaza": 3, "city": 3, "hospital": 2, "city hospital": 1, "gaza city": 1}


def test_groups_counted_together_stay_apart(monkeypatch) -> None:
    monkeypatch.setattr(distinctive, "SENTENCES_AT_ONCE", 3)
    texts = {"a1": "Gaza City", "b1": "Gaza talks", "a2": "City hospital", "b2": "talks resume",
             "a3": "Gaza City"}
    sentences = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    groups = pd.Series({"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"})
    counts = term_counts(sentences, groups, (2, 2), StopWords(frozenset()))
    found = {(g, t): c for g, t, c in zip(counts["group"], counts["term"], counts["count"],
                                          strict=True)}
    assert found == {("A", "gaza city"): 2, ("A", "city hospital"): 1, ("B", "gaza talks"): 1,
                     ("B", "talks resume"): 1}


def test_seed_table_covers_every_outlet() -> None:
    corpus = read_corpus(SEEDS)
    result = distinctive_terms(corpus.sentences, corpus.articles)
    assert list(result.columns) == DISTINCTIVE_COLUMNS
    assert set(result["group"]) == set(corpus.articles["outlet"])
    assert set(result["n"]) == {1, 2}
    top = result[result["n"] == 1].groupby("group").head(1)
    assert (top["z"] > 1.5).all()
    new_arab = result[result["group"] == "The New Arab"].set_index(["term", "n"])
    assert new_arab.loc[("displacement", 1), "z"] > 1


def test_single_group_gives_empty_frame_with_columns() -> None:
    sentences, articles = _corpus({"A": "apple banana"})
    assert list(distinctive_terms(sentences, articles).columns) == DISTINCTIVE_COLUMNS


def test_ngram_sizes_stay_inside_runs() -> None:
    found = ngrams("Israeli air strikes hit Gaza City hospital, officials said.", (2, 3),
                   load_stop_words())
    assert set(found) == {2, 3}
    assert {"air strikes", "gaza city", "city hospital"} <= set(found[2])
    assert {"israeli air strikes", "gaza city hospital"} <= set(found[3])
    assert not any("officials" in term for term in found[3])  # a run of one word: no trigram


def test_ngram_sizes_must_start_at_one_or_more() -> None:
    for sizes in ((0, 2), (2, 1)):
        with pytest.raises(ValueError, match="n-gram sizes"):
            ngrams("Gaza City", sizes, load_stop_words())
