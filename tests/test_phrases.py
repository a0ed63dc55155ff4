"""Tests of newsprism.phrases: phrase regexes, first-letter dispatch and the
head-driven finder."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.measures.actor_labels import load_actors
from newsprism.measures.terms import load_loaded_terms
from newsprism.measures.topics import load_topics
from newsprism.phrases import (
    _LEFT_EDGE,
    _RIGHT_EDGE,
    ASCII_TWINS,
    PhraseFinder,
    PhraseSet,
    alternation,
    dispatch,
    entry_index,
    fold_case,
    has_foreign_letter,
    leading_char,
    phrase_finder,
    phrase_pattern,
    split_heads,
    substring_regex,
)

ENTRIES = [phrase_pattern("the health ministry"), phrase_pattern("Hamas"),
           r"(?:the\s+)?\[?Israeli\]?\s+army", phrase_pattern("Hamas-run Gaza"),
           r"(?:displaced\s+)?(?:Gazans?|survivors?)", phrase_pattern("U.S.")]


@pytest.mark.parametrize(("pattern", "expected"), [
    ("Hamas", "H"),
    ("(?-i:Trump)", "T"),
    ("hospital\\s+records", "h"),
    ("9\\s+days", "9"),
    ("(?:the\\s+)?army", None),   # a group first
    ("\\[?Israeli", None),         # an escaped, optional first item
    ("a?b", None),                 # optional first letter
    ("ab|cd", None),               # a top-level bar
    ("[abc]d", None),              # a class
    ("", None),
])
def test_leading_char(pattern: str, expected: str | None) -> None:
    assert leading_char(pattern) == expected


def test_dispatch_groups_plain_letters_and_keeps_the_rest_in_place() -> None:
    patterns = ["hamas", "(?:the\\s+)?army", "hostages", "israel"]
    body = dispatch(patterns, patterns)
    assert body.index("hamas") < body.index("army") < body.index("hostages")
    assert body.count("(?=[") == 3  # h, then h again after the ungrouped entry, then i


@pytest.mark.parametrize("text", [
    "Hamas said the army struck Gaza.",
    "The health ministry in Hamas-run Gaza said; the Israeli army said.",
    "HAMAS and hamas, the [Israeli] army, displaced Gazans and survivors.",
])
def test_dispatch_keeps_which_entry_wins(text: str) -> None:
    body = "|".join(f"(?P<_{i}>{p})" for i, p in enumerate(ENTRIES))
    plain = re.compile(f"{_LEFT_EDGE}(?:{body}){_RIGHT_EDGE}", re.I)
    assert [(m.span(), entry_index(m)) for m in alternation(ENTRIES).finditer(text)] == [
        (m.span(), entry_index(m)) for m in plain.finditer(text)]


def _spans(matches) -> list[tuple[tuple[int, int], str | None]]:
    return [(m.span(), m.lastgroup) for m in matches]


_ALPHABET = st.sampled_from(["Hamas", "hamas", "the", "The", "health", "ministry", "Israeli",
                             "[", "]", "army", "-run", "Gaza", "Gazans", "displaced", "U.S.",
                             " ", " ", "\n", ",", ".", "’", "Ḥamas", "ſurvivors", "K",
                             "İsraeli", "x", "9"])
_TEXTS = st.lists(_ALPHABET, max_size=30).map("".join)


@settings(max_examples=300)
@given(_TEXTS, st.integers(0, 40), st.integers(0, 80))
def test_finder_matches_exactly_what_its_regex_does(text: str, pos: int, endpos: int) -> None:
    finder = phrase_finder(ENTRIES)
    assert finder.heads is not None
    assert _spans(finder.finditer(text, pos, endpos)) == _spans(
        alternation(ENTRIES).finditer(text, pos, endpos))


@settings(max_examples=200)
@given(st.lists(_TEXTS, min_size=1, max_size=4))
def test_spans_match_per_span(parts: list[str]) -> None:
    text, spans = "", []
    for part in parts:
        spans.append((len(text), len(text) + len(part)))
        text += part + " "
    finder = phrase_finder(ENTRIES)
    assert [_spans(found) for found in finder.finditer_spans(text, spans)] == [
        _spans(finder.regex.finditer(text, a, b)) for a, b in spans]


def test_finder_without_word_edge_or_heads_runs_its_regex() -> None:
    inside = PhraseFinder.of(re.compile("mas", re.I))          # may match inside a word
    anything = PhraseFinder.of(re.compile(r"(?<!\w)\w+ said", re.I))  # starts with anything
    assert inside.heads is None and anything.heads is None
    assert inside.search("Hamas").span() == (2, 5)
    assert anything.search("Hamas said").group() == "Hamas said"


def test_heads_read_from_optional_groups_and_classes() -> None:
    finder = PhraseFinder.of(alternation([r"(?:the\s+)?\[?Israeli\]?\s+army", "defen[cs]e"]))
    assert finder.head_words == {"the", "[", "israel", "defenc", "defens"}


def test_fold_case_reads_letters_as_case_insensitive_regexes_do() -> None:
    assert fold_case("Dozenſ İLLEGAL ıs K") == "dozens illegal is k"
    for char in "ſİıK":
        assert re.fullmatch(fold_case(char), char, re.IGNORECASE)


def test_ascii_twins_are_every_letter_case_insensitive_regexes_read_as_ascii() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    twins = {chr(code) for code in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(code))}
    assert twins == {chr(code) for code in ASCII_TWINS}
    assert all(re.fullmatch(fold_case(twin), twin, re.IGNORECASE) for twin in twins)


@given(st.text().filter(lambda text: not set(text) & set("ſİıK")))
def test_fold_case_is_lower_on_any_other_text(text: str) -> None:
    assert fold_case(text) == text.lower()


@pytest.mark.parametrize(("pattern", "at_start", "anywhere"), [
    (r"^(by|written by)\s+\S", {"by", "writte"}, set()),
    (r"^get (started|the app)\b|app[- ]?store|\Aplay", {"get", "play"}, {"app"}),
    (r"(?m)^get|^log", set(), {"get", "log"}),      # multi-line: "^" begins any line
    (r"(?:^get|app)", {"get"}, {"app"}),           # the parser lifts a bare group's "|"
    (r"(^get|app)", set(), {"get", "app"}),         # inside a group: read as anywhere
    (r"^get|\d+ apps", set(), set()),               # one alternative starts with anything
    (r"^Ⓐ|Ⓑx", {"ⓐ"}, {"ⓑ"}),                      # marks as the lower-cased text shows them
])
def test_split_heads_by_where_matches_begin(pattern: str, at_start: set[str],
                                            anywhere: set[str]) -> None:
    assert split_heads(re.compile(pattern, re.I)) == (at_start, anywhere)


@settings(max_examples=200)
@given(_TEXTS)
def test_phrase_set_matches_each_finder(text: str) -> None:
    finders = [phrase_finder(ENTRIES[:3]), phrase_finder(ENTRIES[3:]),
               PhraseFinder.of(re.compile(r"(?<!\w)(?:gaza\w*|the)(?!\w)", re.I))]
    assert [_spans(found) for found in PhraseSet.of(finders).finditer_each(text)] == [
        _spans(f.regex.finditer(text)) for f in finders]


@pytest.mark.parametrize("text", [
    "The health ministry in Hamas-run Gaza said Israeli forces killed 40 people.",
    "According to the Gaza Civil Defence, the IDF said the hostages were freed.",
    "Volker Türk, the UN human rights chief, condemned the Zionist regime’s siege.",
])
def test_packaged_lists_find_what_their_regexes_do(text: str) -> None:
    actors, lexicon = load_actors(), load_loaded_terms()
    for finder in (actors.labels, actors.speakers, lexicon.regex):
        assert finder.heads is not None
        assert _spans(finder.finditer(text)) == _spans(finder.regex.finditer(text))
    topics = load_topics()
    assert [_spans(found) for found in topics.scan.finditer_each(text)] == [
        _spans(f.regex.finditer(text)) for f in topics.scan.finders]


@pytest.mark.parametrize(("text", "expected"), [
    ("plain ASCII", False), ("curly “quotes” and ’ — dashes", False), ("Türk", True),
    ("٣ days", True), ("", False),
])
def test_has_foreign_letter(text: str, expected: bool) -> None:
    assert has_foreign_letter(text) is expected


def test_substring_regex_finds_words_anywhere() -> None:
    screen = substring_regex({"kill", "killed", "toll"})
    assert [m.group() for m in screen.finditer("skilled; tolls; Kill")] == ["kill", "toll"]
    assert substring_regex(set()).search("anything") is None
    assert substring_regex({"", "kill"}).pattern == "kill"  # an empty word is no screen
