"""Tests of the heads newsprism.phrases reads from regex source: the word beginnings
or marks one of which starts every match, or none when a match may start with anything."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.phrases import PhraseFinder, pattern_heads, phrase_finder, split_heads


@pytest.mark.parametrize(("pattern", "expected"), [
    ("Hamas", {"hamas"}),
    ("Israeli", {"israel"}),                        # six letters at most
    ("(?-i:Trump)|(?i:WHO)", {"trump", "who"}),     # inline flags: read, lower-cased
    (r"U\.S\.", {"u"}),                             # a mark ends the word
    (r"\$\d+", {"$"}),                              # an escaped mark starts the match
    (r"\-run", {"-"}),
    (r"\x41bc", {"abc"}),
    (r"[’']s", {"’", "'"}),                         # a class of literals
    ("[-‐‑]", {"-", "‐", "‑"}),
    ("defen[cs]e", {"defenc", "defens"}),
    ("[a-c]at", set()),                             # a range: unknown
    (r"[\w\-]x", set()),                            # a category: unknown
    (r"[\d]", set()),
    ("[^a]b", set()),                               # a negated class: unknown
    ("(Gaza|Hamas)n?", {"gaza", "hamas"}),
    (r"(?:the\s+)?army", {"the", "army"}),
    (r"(?P<un>UN|U\.N\.)", {"u"}),                  # "un" begins with "u": "u" finds both
    ("ab|cd", {"ab", "cd"}),
    ("colou?r", {"colou", "color"}),
    ("a*b", {"a", "b"}), ("a*?b", {"a", "b"}), ("a*+b", {"a", "b"}),
    ("a{0,2}b", {"a", "b"}), ("a{,2}b", {"a", "b"}),
    ("a+b", {"a"}), ("ab{2}c", {"ab"}), ("x{2,}?y", {"x"}),  # the repeated part only
    ("a{}b", {"a"}),                                # "{}" is a literal
    ("(?=ga)gaza", {"gaza"}), ("(?!x)ab", {"ab"}),  # zero width: skipped
    (r"(?<=\s)ab", {"ab"}), (r"(?<!x)ab", {"ab"}),
    (r"\bab\B", {"ab"}), (r"\Aab\Z", {"ab"}), ("^ab$", {"ab"}),
    ("(?#a note)ab", {"ab"}),
    ("café", {"caf"}),                              # a letter beyond ASCII stops reading
    ("éclair", set()),
    ("Ⓐb", {"ⓐ"}),                                  # a mark as the lower-cased text shows it
    (".x", set()), (r"\wx", set()), ("", set()),
    ("(?x) a b", set()),                            # verbose mode: not read
    (r"(a)\1", set()),                              # back-references: not read
    (r"(?>ab)", set()),                             # atomic groups: not read
])
def test_pattern_heads(pattern: str, expected: set[str]) -> None:
    assert pattern_heads(re.compile(pattern, re.IGNORECASE)) == expected


@pytest.mark.parametrize(("pattern", "at_start", "anywhere"), [
    (r"\Aab|cd", {"ab"}, {"cd"}),
    (r"(?i)^ab|cd", {"ab"}, {"cd"}),
    ("(?:(?:^ab|cd))", {"ab"}, {"cd"}),              # nested plain groups are spliced
    ("(?:ab|cd)|^ef", {"ef"}, {"ab", "cd"}),
    ("(?:^ab|^cd)x", set(), {"abx", "cdx"}),         # "^" not first: read as anywhere
    (r"(?m)\Aab|^cd", {"ab"}, {"cd"}),
    ("^ab|(?m:^cd)", {"ab"}, {"cd"}),               # multi-line in one group only
])
def test_split_heads(pattern: str, at_start: set[str], anywhere: set[str]) -> None:
    assert split_heads(re.compile(pattern)) == (at_start, anywhere)


@pytest.mark.parametrize(("pattern", "edge"), [
    (r"(?<![\w\-‐‑])(?:ab|cd)", True),
    (r"(?<!\w)ab", True),
    (r"(?<![\w])ab", True),
    (r"(?<!(?:\w))ab", True),
    (r"(?<![^\w])ab", False),   # a negated class: a word may precede
    (r"(?<!\w|-)ab", False),    # not one class: not followed
    (r"(?<=\w)ab", False),
    (r"(?<!x)ab", False),
    ("ab", False),
    (r"(?<!\w)ab|(?<!\w)cd", False),  # top-level alternatives: no one opening item
])
def test_finder_reads_heads_after_a_word_edge_only(pattern: str, edge: bool) -> None:
    assert (PhraseFinder.of(re.compile(pattern, re.I)).heads is not None) is edge


def test_phrase_finder_tries_each_head_with_its_entries() -> None:
    finder = phrase_finder(["Gaza", "(?:the\\s+)?army", "armed\\s+wing"])
    assert finder.head_words == {"gaza", "the", "army", "armed"}
    assert "Gaza" not in finder.by_head["army"].pattern
    assert "army" in finder.by_head["the"].pattern


# Random regexes from the syntax the data files use, on random text. The alphabet leaves out
# the letters case-insensitive regexes read as ASCII ones ("ſ", "K"): the finder tries words
# holding those at every position instead.
_TEXT = st.text(st.sampled_from("aAbBcCxX9_ -.,’'‐‑Ⓐⓐé\n"), max_size=30)
_LITERALS = ["a", "b", "A", "ab", "cx", "9", "_", " ", r"\.", r"\-", "’", "Ⓐ", "é", r"\x41",
             "[ab]", "[’']", "[-‐‑]"]
_UNKNOWN = [r"\w", r"\s", r"\d", ".", "[a-c]", r"[\w\-]", "[^a]"]  # once each, literals thrice
_ATOMS = st.sampled_from(_LITERALS * 3 + _UNKNOWN)
_ZERO_WIDTH = st.sampled_from([r"\b", r"\B", "^", "$", r"\A", "(?=a)", "(?!b)", "(?<=a)",
                               r"(?<!\w)", r"(?<![\w\-‐‑])", "(?#c)"])
_QUANTIFIERS = st.sampled_from(["", "", "", "", "", "?", "*", "+", "{2}", "{0,2}", "{1,3}?", "*+",
                                "??"])


def _alternatives(items: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Sequences of ``items``, joined by ``|``."""
    sequence = st.lists(items, min_size=1, max_size=4).map("".join)
    return st.lists(sequence, min_size=1, max_size=3).map("|".join)


# Groups repeat a bounded number of times: nested unbounded repeats can take exponential time.
_GROUP_QUANTIFIERS = st.sampled_from(["", "", "", "?", "{2}", "{0,2}", "??"])
_QUANTIFIED = st.tuples(_ATOMS, _QUANTIFIERS).map("".join)
_PATTERNS = st.recursive(
    st.one_of(_QUANTIFIED, _QUANTIFIED, _QUANTIFIED, _ZERO_WIDTH),
    lambda inner: st.one_of(inner, st.tuples(
        st.sampled_from(["(", "(?:", "(?i:", "(?-i:", "(?=", "(?!"]), _alternatives(inner),
        st.just(")"), _GROUP_QUANTIFIERS).map("".join)),
    max_leaves=8)
_REGEXES = st.tuples(st.sampled_from(["", r"(?<![\w\-‐‑])", r"(?<!\w)"]),
                     _alternatives(_PATTERNS)).map("".join)


@settings(max_examples=500)
@given(_REGEXES, _TEXT, st.sampled_from([0, re.I, re.M, re.I | re.M]))
def test_every_match_begins_with_a_head(source: str, text: str, flags: int) -> None:
    regex = re.compile(source, flags)
    at_start, anywhere = split_heads(regex)
    heads = pattern_heads(regex)  # none known: a match may start with anything
    lower = text.lower()
    assert len(lower) == len(text)
    for match in regex.finditer(text) if heads else ():
        assert any(lower.startswith(head, match.start()) for head in heads)
        assert match.start() == 0 or any(
            lower.startswith(head, match.start()) for head in anywhere)


@settings(max_examples=300)
@given(_REGEXES, _TEXT)
def test_finder_finds_what_its_regex_does(source: str, text: str) -> None:
    regex = re.compile(source, re.I)
    spans = [match.span() for match in PhraseFinder.of(regex).finditer(text)]
    assert spans == [match.span() for match in regex.finditer(text)]
