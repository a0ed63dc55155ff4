"""Sentence and paragraph spans keep exact offsets into the document."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gold_data import SEEDS
from newsprism.clean.document import read_corpus
from newsprism.clean.segment import _ABBREVIATIONS, _is_abbreviation, sentence_spans


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He left. She stayed.", ["He left.", "She stayed."]),
        ("The U.S. envoy arrived. Talks began.", ["The U.S. envoy arrived.", "Talks began."]),
        ("It began on Oct. 7, 2023. Nobody expected it.",
         ["It began on Oct. 7, 2023.", "Nobody expected it."]),
        ("Dr. Tedros spoke. Gen. Halevi replied.", ["Dr. Tedros spoke.", "Gen. Halevi replied."]),
        ("The toll is 2.3 million. Aid is short.", ["The toll is 2.3 million.", "Aid is short."]),
        ("“It is a shock,” said a resident. “I am going home.”",
         ["“It is a shock,” said a resident.", "“I am going home.”"]),
        ('"Is it over?" he asked. "No."', ['"Is it over?" he asked.', '"No."']),
        ("George W. Bush visited. He spoke.", ["George W. Bush visited.", "He spoke."]),
        ("It rose 5 p.m. Monday. It fell.", ["It rose 5 p.m. Monday.", "It fell."]),
        ("No split here…the end", ["No split here…the end"]),
        ("Ends without stop", ["Ends without stop"]),
        ("It came via the U.N. Officials agreed.", ["It came via the U.N. Officials agreed."]),
        ("He saw a hearse.It left. Then rain.", ["He saw a hearse.It left.", "Then rain."]),
    ],
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


@given(st.text(alphabet=st.sampled_from("aUsSxé1 .\n"), max_size=16))
def test_abbreviation_reads_the_word_that_ends_at_the_stop(text: str) -> None:
    """The word before a full stop is the run of ASCII letters and dots from its first letter."""
    for dot in (i for i, char in enumerate(text) if char == "."):
        word = re.search(r"([A-Za-z][A-Za-z.]*)\.$", text[:dot + 1])
        expected = bool(word) and (word.group(1).lower() in _ABBREVIATIONS
                                   or (len(word.group(1)) == 1 and word.group(1).isupper()))
        assert _is_abbreviation(text, dot) == expected


@given(st.lists(st.sampled_from(["Talks resumed.", "Aid arrived in Gaza!", "Why now?",
                                 "The U.S. said so.", "It was 2.5 km away."]),
                min_size=1, max_size=8))
def test_spans_cover_the_text_in_order(parts: list[str]) -> None:
    text = " ".join(parts)
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == parts
    assert all(a < b for a, b in spans)


@given(st.text(alphabet=st.sampled_from("ab .?!\"“”'’\n"), max_size=60))
def test_spans_are_stripped_and_ordered(text: str) -> None:
    last = 0
    for start, end in sentence_spans(text):
        chunk = text[start:end]
        assert chunk == chunk.strip() and chunk and start >= last
        last = end


def test_seed_sentences_point_into_the_raw_text() -> None:
    corpus = read_corpus(SEEDS)
    docs = corpus.articles.set_index("article_id")["doc"]
    for row in corpus.sentences.itertuples():
        assert docs[row.article_id][row.start:row.end] == row.text
    assert set(corpus.sentences["label"]) == {"title", "standfirst", "subhead", "body"}


def test_title_sentence_excludes_section_suffix() -> None:
    sentences = read_corpus(SEEDS).sentences
    title = sentences[(sentences["article_id"] == "000_d60c0d61afcbb3f2.txt")
                      & (sentences["label"] == "title")]
    assert title["text"].tolist() == [
        "Hamas says it is ready to resume Gaza truce talks ‘immediately’"]
