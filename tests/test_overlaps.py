"""Shared wording: the translated Hamas statement is found; sentences sharing little are not."""

from __future__ import annotations

import pandas as pd
import pytest

from gold_data import SEEDS
from newsprism.corpus import read_corpus
from newsprism.overlaps import OVERLAP_COLUMNS, overlaps, similarity
from newsprism.words import content_words, load_stop_words


@pytest.fixture(scope="module")
def seed_overlaps() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    corpus = read_corpus(SEEDS)
    pairs, matrix = overlaps(corpus.sentences, corpus.articles)
    return corpus.articles, pairs, matrix


def _sentences(*texts: tuple[str, str]) -> pd.DataFrame:
    rows = [{"article_id": a, "sentence_id": i, "start": 0, "end": len(t), "text": t}
            for i, (a, t) in enumerate(texts)]
    return pd.DataFrame(rows)


def test_translated_statement_is_found(seed_overlaps) -> None:
    articles, pairs, _ = seed_overlaps
    assert list(pairs.columns) == OVERLAP_COLUMNS
    hit = pairs[pairs["text_a"].str.contains("immediately begin a round of indirect")
                & pairs["text_b"].str.contains("immediately embark on an indirect round")]
    assert len(hit) == 1
    row = hit.iloc[0]
    assert (row["article_id_a"][:3], row["article_id_b"][:3]) == ("000", "001")
    docs = articles.set_index("article_id")["doc"]
    assert docs[row["article_id_a"]][row["start_a"]:row["end_a"]] == row["text_a"]
    assert docs[row["article_id_b"]][row["start_b"]:row["end_b"]] == row["text_b"]


def test_matrix_share(seed_overlaps) -> None:
    articles, pairs, matrix = seed_overlaps
    ids = list(articles["article_id"])
    assert list(matrix.index) == ids and list(matrix.columns) == ids
    assert matrix.loc[ids[0], ids[1]] == pytest.approx(len(pairs[pairs["article_id_a"] == ids[0]
                                                                 ]) / 21)
    assert matrix.loc[ids[1], ids[0]] == pytest.approx(1 / 28)
    assert matrix.loc[ids[2], ids[3]] == 0
    assert pd.isna(matrix.loc[ids[0], ids[0]])


def test_sentences_sharing_only_attribution_do_not_match() -> None:
    table = _sentences(
        ("a", "Hamas said the Israeli delegation had left Cairo without agreement on Sunday."),
        ("b", "Hamas said fighters attacked an army post near Khan Younis overnight."),
        ("c", "Hamas said in a statement that talks with mediators would resume next week."))
    pairs, matrix = overlaps(table)
    assert pairs.empty and list(pairs.columns) == OVERLAP_COLUMNS
    assert (matrix.fillna(0) == 0).all().all()


def test_wire_copy_with_small_edits_matches() -> None:
    table = _sentences(
        ("a", "The Israeli military said on Monday it had struck more than 100 targets "
              "across the Gaza Strip over the past day."),
        ("b", "The Israeli army said Monday it struck over 100 targets across the Gaza Strip "
              "in the past 24 hours."),
        ("b", "Aid trucks were stuck at the Rafah crossing for a third day."))
    pairs, _ = overlaps(table)
    assert len(pairs) == 1 and pairs.loc[0, "basis"] == "sentence"
    assert pairs.loc[0, "similarity"] >= 0.7


def test_same_article_pairs_are_ignored() -> None:
    text = "Negotiators from Qatar and Egypt met Hamas leaders in Doha to discuss the truce plan."
    pairs, _ = overlaps(_sentences(("a", text), ("a", text)))
    assert pairs.empty


def test_similarity_bounds() -> None:
    stop = load_stop_words()
    words = tuple(content_words("Mediators affirm their intention to intensify efforts", stop))
    assert similarity(words, words) == pytest.approx(1.0)
    assert similarity(words, ()) == 0.0
    assert similarity(words, ("unrelated", "words", "entirely")) < 0.3
