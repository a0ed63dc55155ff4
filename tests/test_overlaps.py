"""Shared wording: the translated Hamas statement is found; sentences sharing little are not."""

from __future__ import annotations

import pandas as pd
import pytest

from gold_data import SEEDS
from newsprism.clean.document import read_corpus
from newsprism.clean.words import content_words, load_stop_words
from newsprism.compare.overlaps import (
    ARTICLE_OVERLAP_COLUMNS,
    OVERLAP_COLUMNS,
    article_codes,
    article_overlaps,
    comparable,
    find_pairs,
    outlet_overlap,
    overlap_matrix,
    overlaps,
    sentence_pairs,
    shared_sentences,
    similarity,
)


@pytest.fixture(scope="module")
def seed_overlaps() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    corpus = read_corpus(SEEDS)
    pairs, table = overlaps(corpus.sentences, corpus.articles)
    return corpus.articles, pairs.rows(), overlap_matrix(table, corpus.articles)


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
    pairs, shared = overlaps(table)
    assert len(pairs) == 0
    pairs = pd.concat(list(pairs.blocks()))
    assert pairs.empty and list(pairs.columns) == OVERLAP_COLUMNS
    assert shared.empty and list(shared.columns) == ARTICLE_OVERLAP_COLUMNS


def test_wire_copy_with_small_edits_matches() -> None:
    table = _sentences(
        ("a", "The Israeli military said on Monday it had struck more than 100 targets "
              "across the Gaza Strip over the past day."),
        ("b", "The Israeli army said Monday it struck over 100 targets across the Gaza Strip "
              "in the past 24 hours."),
        ("b", "Aid trucks were stuck at the Rafah crossing for a third day."))
    pairs = overlaps(table)[0].rows()
    assert len(pairs) == 1 and pairs.loc[0, "basis"] == "sentence"
    assert pairs.loc[0, "similarity"] >= 0.7


def test_same_article_pairs_are_ignored() -> None:
    text = "Negotiators from Qatar and Egypt met Hamas leaders in Doha to discuss the truce plan."
    pairs, _ = overlaps(_sentences(("a", text), ("a", text)))
    assert pairs.rows().empty


def test_similarity_bounds() -> None:
    stop = load_stop_words()
    words = " ".join(content_words("Mediators affirm their intention to intensify efforts",
                                   stop))
    assert similarity(words, words) == pytest.approx(1.0)
    assert similarity(words, "") == 0.0
    assert similarity(words, "unrelated words entirely") < 0.3


def test_article_overlaps_lists_both_directions_of_shared_pairs(seed_overlaps) -> None:
    articles, pairs, _ = seed_overlaps
    _, table = overlaps(read_corpus(SEEDS).sentences, articles)
    assert list(table.columns) == ARTICLE_OVERLAP_COLUMNS
    assert (table["shared_sentences"] > 0).all()
    assert (table["article_id_a"] != table["article_id_b"]).all()
    first = table[(table["article_id_a"] == articles["article_id"][0])
                  & (table["article_id_b"] == articles["article_id"][1])].iloc[0]
    assert first["share"] == pytest.approx(first["shared_sentences"] / first["sentences_a"])
    back = {(a, b) for a, b in zip(table["article_id_b"], table["article_id_a"], strict=True)}
    assert back == set(zip(table["article_id_a"], table["article_id_b"], strict=True))


WIRE = ("The Israeli military said on {n} it had struck more than {m} targets across the "
        "Gaza Strip over the past day, including rocket launchers and tunnel shafts.")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _wire_copies(count: int) -> pd.DataFrame:
    """``count`` articles carrying one wire sentence (day and figure varied): every word but
    the figure is too common to block on."""
    return _sentences(*((f"w{n:04d}", WIRE.format(n=DAYS[n % 7], m=100 + n))
                        for n in range(count)))


def test_mass_copied_wire_sentence_is_found_with_bounded_partners() -> None:
    table = _wire_copies(260)
    pairs = sentence_pairs(table, max_partners=3).rows()
    assert not pairs.empty and (pairs["similarity"] >= 0.7).all()
    partners = pd.concat([pairs[["article_id_a", "sentence_id_a"]].set_axis(["a", "s"], axis=1),
                          pairs[["article_id_b", "sentence_id_b"]].set_axis(["a", "s"], axis=1)])
    found = partners.value_counts()
    assert len(found) >= 250
    assert len(pairs) <= 3 * 260


def test_outlet_overlap_is_the_mean_over_article_pairs(seed_overlaps) -> None:
    articles, _, matrix = seed_overlaps
    _, table = overlaps(read_corpus(SEEDS).sentences, articles)
    by_outlet = outlet_overlap(table, articles)
    names = dict(zip(articles["article_id"], articles["outlet"], strict=True))
    expected = matrix.groupby(matrix.index.map(names)).mean() \
        .T.groupby(matrix.columns.map(names)).mean().T
    pd.testing.assert_frame_equal(by_outlet, expected, check_names=False, check_exact=False)


def test_blocks_make_up_the_whole_table() -> None:
    pairs = sentence_pairs(_wire_copies(40), max_partners=3)
    whole = pairs.rows()
    assert len(whole) > 7
    blocks = list(pairs.blocks(size=7))
    assert [len(b) for b in blocks[:-1]] == [7] * (len(blocks) - 1)
    pd.testing.assert_frame_equal(pd.concat(blocks, ignore_index=True), whole)


def test_no_pairs_still_gives_one_empty_block_with_the_columns() -> None:
    text = "Negotiators from Qatar and Egypt met Hamas leaders in Doha to discuss the truce plan."
    blocks = list(sentence_pairs(_sentences(("a", text))).blocks())
    assert len(blocks) == 1 and blocks[0].empty
    assert list(blocks[0].columns) == OVERLAP_COLUMNS


def test_each_sentence_keeps_its_most_similar_partners() -> None:
    base = ("Qatar and Egypt said on Monday that talks on a truce in Gaza and the release of "
            "hostages would resume in Cairo next week")
    table = _sentences(("a", base), ("b", base), ("c", base + " after a pause"),
                       ("d", base.replace("Monday", "Tuesday") + " after a long pause"))
    pairs = sentence_pairs(table, max_partners=1).rows()
    best = {(a, b) for a, b in zip(pairs["article_id_a"], pairs["article_id_b"], strict=True)}
    assert ("a", "b") in best and ("a", "d") not in best and ("b", "d") not in best
    assert len(best) <= 4


def test_article_overlaps_in_blocks_are_the_whole_table() -> None:
    corpus = read_corpus(SEEDS)
    pairs = sentence_pairs(corpus.sentences)
    whole = article_overlaps(pairs, corpus.articles)
    shared = shared_sentences(find_pairs(comparable(corpus.sentences)), corpus.articles)
    assert len(whole) == 2
    pd.testing.assert_frame_equal(pd.concat(list(shared.blocks(1)), ignore_index=True), whole)
    empty = list(shared_sentences(sentence_pairs(_sentences(("a", "one two"))), None).blocks())
    assert len(empty) == 1 and empty[0].empty


def test_pairs_found_without_the_text_take_it_from_the_table_read_again() -> None:
    """The pipeline pairs without holding the sentences' text and reads the table again for
    the rows: same rows as pairing with the table at hand."""
    corpus = read_corpus(SEEDS)
    found = find_pairs(comparable(corpus.sentences))
    assert sorted(found.names) == sorted(set(corpus.sentences["article_id"])) and len(found)
    again = corpus.sentences.copy(deep=True)
    pd.testing.assert_frame_equal(found.with_text(again).rows(),
                                  sentence_pairs(corpus.sentences).rows())


def test_article_ids_read_as_categories_give_the_same_codes_and_tables() -> None:
    """The pipeline reads millions of sentences' article ids as categories (each id held
    once, in the order the file names them): coded without turning them into text, the
    same codes, pairs and shared-sentence table as from text."""
    sentences = read_corpus(SEEDS).sentences.iloc[::-1].reset_index(drop=True)
    as_text = article_codes(sentences["article_id"])
    categories = sentences["article_id"].astype("category")
    shuffled = categories.cat.reorder_categories(categories.cat.categories[::-1])
    for coded in (article_codes(categories), article_codes(shuffled)):
        assert coded[0].tolist() == as_text[0].tolist()
        assert coded[1].tolist() == as_text[1].tolist()
    whole = sentence_pairs(sentences)
    read = find_pairs(comparable(sentences.assign(article_id=shuffled))).with_text(sentences)
    pd.testing.assert_frame_equal(read.rows(), whole.rows())
    pd.testing.assert_frame_equal(shared_sentences(read).rows(), shared_sentences(whole).rows())


def test_pairs_take_their_text_from_the_paired_rows_alone() -> None:
    """The pipeline streams the text while pairing and then reads only the paired rows: the
    same table as pairing with the whole sentences table at hand."""
    wire = "Negotiators in Cairo reported progress on a phased truce and hostage exchange"
    other = "Aid convoys waited at the crossing for a third straight day under heavy rain"
    sentences = _sentences(("a", wire), ("a", "Weather notes for the coast today only"),
                           ("b", "Local markets opened late after the holiday weekend"),
                           ("b", wire + " today"), ("c", other), ("d", other + " again"),
                           ("d", wire))
    pairs = find_pairs(comparable(sentences[["article_id", "sentence_id"]],
                                  texts=iter(sentences["text"].tolist())))
    needed = pairs.needed()
    assert needed.tolist() == [0, 3, 4, 5, 6]
    rows = sentences.take(needed).reset_index(drop=True)
    expected = sentence_pairs(sentences).rows()
    assert len(expected) == 4
    pd.testing.assert_frame_equal(pairs.with_text(rows, needed).rows(), expected)
    with pytest.raises(ValueError, match="call with_text"):
        pairs.rows()


def test_candidates_yielded_in_parts_give_the_same_pairs(monkeypatch) -> None:
    """Rare-word candidates turned into Python pairs a few at a time (as on a large corpus)
    change no pair."""
    from newsprism.compare import overlaps as module

    corpus = pd.concat([read_corpus(SEEDS).sentences, _wire_copies(30)], ignore_index=True)
    whole = sentence_pairs(corpus).rows()
    monkeypatch.setattr(module, "YIELD_AT_ONCE", 3)
    pd.testing.assert_frame_equal(sentence_pairs(corpus).rows(), whole)
    assert len(whole) > 30
