"""Numeral parser: property tests (hypothesis) and a table of news numerals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.datafiles import load_yaml
from newsprism.measures.numerals import (
    NumberWords,
    parse_digits,
    parse_fraction,
    parse_numeral,
    parse_words,
)

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


@pytest.fixture(scope="module")
def words() -> NumberWords:
    return NumberWords.from_data(load_yaml("quantities.yaml")["number_words"])


def _below_thousand(n: int, hyphen: bool) -> str:
    """English words for 0 < n < 1000, British "and" after the hundreds."""
    parts = []
    if n >= 100:
        parts.append(f"{_UNITS[n // 100]} hundred")
        n %= 100
        if n:
            parts.append("and")
    if n >= 20:
        tens, unit = divmod(n, 10)
        joiner = "-" if hyphen else " "
        parts.append(_TENS[tens] + (joiner + _UNITS[unit] if unit else ""))
    elif n:
        parts.append(_UNITS[n])
    return " ".join(parts)


def to_words(n: int, hyphen: bool = True) -> str:
    """A small number writer for 0–999,999, the reference the parser is checked against."""
    if n == 0:
        return "zero"
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append(f"{_below_thousand(thousands, hyphen)} thousand")
    if rest:
        parts.append(_below_thousand(rest, hyphen))
    return " ".join(parts)


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_separators_round_trip(n: int) -> None:
    assert parse_digits(f"{n:,}") == n
    assert parse_digits(str(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_decimals_round_trip(n: int, cents: int) -> None:
    assert parse_digits(f"{n:,}.{cents:02d}") == pytest.approx(n + cents / 100)


@given(st.integers(min_value=0, max_value=999_999), st.booleans(), st.booleans())
def test_number_words_round_trip(n: int, hyphen: bool, title: bool) -> None:
    words = NumberWords.from_data(load_yaml("quantities.yaml")["number_words"])
    text = to_words(n, hyphen)
    assert parse_words(text.title() if title else text, words) == n


@given(st.integers(min_value=1, max_value=9), st.sampled_from(["half", "third", "quarter",
                                                               "fifth", "tenth"]))
def test_fractions_are_shares_in_percent(numerator: int, name: str) -> None:
    words = NumberWords.from_data(load_yaml("quantities.yaml")["number_words"])
    denominator = words.fractions[name]
    plural = name if numerator == 1 else {"half": "halves"}.get(name, name + "s")
    text = f"{to_words(numerator)}-{plural}"
    assert parse_fraction(text, words) == round(numerator * 100 / denominator, 1)


@pytest.mark.parametrize(("text", "value"), [
    ("54,418", 54418), ("2.2 million", 2_200_000), ("1.5m", 1_500_000), ("$2bn", None),
    ("2bn", 2_000_000_000), ("Twenty-four", 24), ("one million", 1_000_000),
    ("two dozen", 24), ("a dozen", 12), ("three-quarters", 75), ("a third", 33.3),
    ("half", 50), ("two-thirds", 66.7), ("three hundred and fifty", 350),
    ("one hundred thousand", 100_000), ("20k", 20_000), ("5 people", None), ("banana", None),
])
def test_news_numerals(text: str, value: float | None, words: NumberWords) -> None:
    assert parse_numeral(text, words) == value


def test_bad_digits_raise() -> None:
    with pytest.raises(ValueError):
        parse_digits("12,34")
