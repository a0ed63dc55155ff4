"""Tests for newsprism.compare.derived: the arithmetic an article's own figures imply."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare_rows import articles, numbers_frame, row, seed_articles, seed_numbers
from newsprism.compare.derived import (
    DERIVED_COLUMNS,
    derived_checks,
    format_number,
    load_derived_rules,
)


@pytest.fixture(scope="module")
def seeds() -> tuple[pd.DataFrame, pd.DataFrame]:
    return seed_numbers(), seed_articles()


def test_derived_toll_at_period_start(seeds):
    numbers, table = seeds
    derived = derived_checks(numbers, articles=table)
    toll = derived[derived["rule"].eq("toll_at_period_start")].iloc[0]
    assert toll["expression"] == "54,418 − 4,149 = 50,269 (at most 50,269)"
    assert toll["value"] == 50269 and toll["high"] == 50269 and toll["low"] == -np.inf
    assert toll["input_offsets"] == "gaza_death_toll 2832–2858; gaza_killed_period 2726–2764"
    assert (toll["start"], toll["end"]) == (2726, 2858)
    assert toll["as_of"] == pd.Timestamp("2025-03-18")
    assert toll["as_of_text"].endswith("March 18")


def test_derived_hostages_alive(seeds):
    derived = derived_checks(seeds[0])
    alive = derived[derived["rule"].eq("hostages_remaining_alive")]
    assert alive["expression"].tolist() == ["57 − 34 = 23"]
    assert alive["article_id"].tolist() == ["000_d60c0d61afcbb3f2.txt"]
    share = derived[derived["rule"].eq("hostages_remaining_alive_from_share")].iloc[0]
    assert share["expression"] == "50 × 50 ÷ 100 = 25 (between 0 and 27.5)"
    assert list(derived.columns) == DERIVED_COLUMNS


@pytest.mark.parametrize(("sentence", "published", "as_of"), [
    ("4,100 killed since 18 March, taking the toll to 54,000", "2025-06-01", "2025-03-18"),
    ("4,100 killed since Israel resumed strikes on March 18, 2025; the toll is 54,000",
     None, "2025-03-18"),
    ("900 killed since December 28, bringing the toll to 22,000", "2024-01-05", "2023-12-28"),
    ("900 killed, bringing the toll to 22,000", "2024-01-05", None),
])
def test_derived_as_of_dates(sentence, published, as_of):
    numbers = numbers_frame([
        row("a", "54,000", 54000, "person", "gaza_death_toll", sentence=sentence),
        row("a", "4,100 killed", 4100, "person", "gaza_killed_period", sentence=sentence),
    ])
    found = derived_checks(numbers, articles=articles(("a", published, "X")))["as_of"].iloc[0]
    assert (pd.isna(found) if as_of is None else found == pd.Timestamp(as_of))


def test_derived_inputs_must_stand_close():
    numbers = numbers_frame([
        row("a", "57 remain", 57, "hostage", "hostages_remaining", sentence_id=2),
        row("a", "34 believed dead", 34, "hostage", "hostages_remaining_dead", sentence_id=9),
    ])
    assert derived_checks(numbers).empty


def test_derived_empty_keeps_columns():
    out = derived_checks(numbers_frame([]))
    assert out.empty and list(out.columns) == DERIVED_COLUMNS


def test_user_rules_file(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - name: double\n    expression: (a_key + b_key) * 2\n"
                     "    result_key: twice\n")
    numbers = numbers_frame([row("x", "3 things", 3, "thing", "a_key"),
                             row("x", "4 things", 4, "thing", "b_key", qualifier="at least")])
    derived = derived_checks(numbers, load_derived_rules(rules))
    assert derived["expression"].tolist() == ["(3 + 4) × 2 = 14 (at least 14)"]


@pytest.mark.parametrize("expression", ["__import__('os')", "a_key ** 2", "'text'", "a_key("])
def test_unsafe_or_broken_rules_are_refused(tmp_path, expression):
    rules = tmp_path / "rules.yaml"
    rules.write_text(f'rules:\n  - name: bad\n    expression: "{expression}"\n'
                     "    result_key: x\n")
    with pytest.raises(ValueError, match="bad"):
        load_derived_rules(rules)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_format_number_round_trips(value):
    text = format_number(value)
    assert float(text.replace(",", "").replace("−", "-")) == pytest.approx(value, abs=0.006)
