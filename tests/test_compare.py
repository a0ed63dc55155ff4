"""Tests for newsprism.compare.comparison: figures across articles, discrepancies."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from compare_rows import articles, numbers_frame, row, seed_articles, seed_numbers
from newsprism.compare.comparison import (
    COMPARISON_COLUMNS,
    DISCREPANCY_COLUMNS,
    compare_figures,
    discrepancies,
    load_keys,
)


@pytest.fixture(scope="module")
def seeds() -> tuple[pd.DataFrame, pd.DataFrame]:
    return seed_numbers(), seed_articles()


# -- the four discrepancies the seeds show -------------------------------------------------

@pytest.mark.parametrize(("key", "earlier", "later"), [
    ("hostages_taken_oct7", "Hamas seized 253 people", "a total of 251 hostages"),
    ("oct7_israel_deaths", "Hamas killed 1,200 people", "killed 1,218 people"),
    ("gaza_population", "2.3 million people", "2.2 million inhabitants"),
    ("truce_length", "around six weeks", "60-day temporary truce"),
])
def test_seed_discrepancies_are_flagged(seeds, key, earlier, later):
    found = discrepancies(*seeds)
    pair = found[found["key"].eq(key) & found["a_surface"].eq(earlier)
                 & found["b_surface"].eq(later)]
    assert len(pair) == 1
    assert not pair["reconcilable"].iloc[0]
    assert pair["a_sentence"].iloc[0] and pair["b_sentence"].iloc[0]


def test_seed_discrepancies_are_only_these(seeds):
    found = discrepancies(*seeds)
    assert set(found["key"]) == {"hostages_taken_oct7", "oct7_israel_deaths",
                                 "gaza_population", "truce_length"}
    # six weeks against the 60 days of 000, 001 and 003 (000's second "60-day" folded in)
    assert len(found[found["key"].eq("truce_length")]) == 3
    assert list(found.columns) == DISCREPANCY_COLUMNS


def test_seed_discrepancy_measures(seeds):
    found = discrepancies(*seeds).set_index("key")
    hostages = found.loc["hostages_taken_oct7"]
    assert hostages["a_source"] == "" and hostages["difference"] == -2
    assert hostages["interval_gap"] == 2
    deaths = found.loc["oct7_israel_deaths"]
    assert deaths["b_source"] == "official figures compiled by AFP"
    assert deaths["relative_difference"] == pytest.approx(18 / 1200)
    truce = found[found.index == "truce_length"].iloc[0]
    assert truce["comparable_unit"] == "day"
    assert truce["a_comparable_value"] == 42 and truce["b_comparable_value"] == 60
    assert truce["interval_gap"] == pytest.approx(60 - 42 * 1.1)


def test_cumulative_toll_far_apart_is_not_paired(seeds):
    found = discrepancies(*seeds, include_reconcilable=True)
    assert "gaza_death_toll" not in set(found["key"])
    assert found["reconcilable"].any()  # e.g. the 60-day truces agree


# -- hand-built rows beyond the seeds ------------------------------------------------------

@pytest.mark.parametrize(("first", "second", "reconcilable"), [
    (("at least 35 people", 35, "at least"), ("38 people", 38, ""), True),
    (("nearly 38,000", 38000, "nearly"), ("37,834", 37834, ""), True),
    (("nearly 38,000", 38000, "nearly"), ("38,120", 38120, ""), False),
    (("more than 300", 300, "more than"), ("as many as 250", 250, "as many as"), False),
    (("about 1,200", 1200, "about"), ("1,139", 1139, ""), True),
])
def test_qualifier_intervals_decide(first, second, reconcilable):
    numbers = numbers_frame([
        row("a", first[0], first[1], "person", "strike_deaths", qualifier=first[2]),
        row("b", second[0], second[1], "person", "strike_deaths", qualifier=second[2]),
    ])
    found = discrepancies(numbers, articles(("a", "2024-05-01", "X"), ("b", "2024-05-02", "Y")),
                          include_reconcilable=True)
    assert found["reconcilable"].tolist() == [reconcilable]


def test_window_limits_changing_keys_but_not_fixed_ones():
    numbers = numbers_frame([
        row("a", "1,139 people", 1139, "person", "oct7_israel_deaths"),
        row("b", "1,200 people", 1200, "person", "oct7_israel_deaths"),
        row("a", "a toll of 30,000", 30000, "person", "gaza_death_toll"),
        row("b", "a toll of 31,000", 31000, "person", "gaza_death_toll"),
    ])
    table = articles(("a", "2024-03-01", "X"), ("b", "2024-03-20", "Y"))
    assert discrepancies(numbers, table)["key"].tolist() == ["oct7_israel_deaths"]
    wide = discrepancies(numbers, table, window_days=30)
    assert sorted(wide["key"]) == ["gaza_death_toll", "oct7_israel_deaths"]
    assert wide.set_index("key").loc["gaza_death_toll", "days_apart"] == 19


def test_undated_articles_pair_only_for_any_date_keys():
    numbers = numbers_frame([
        row("a", "253 hostages", 253, "hostage", "hostages_taken_oct7"),
        row("b", "251 hostages", 251, "hostage", "hostages_taken_oct7"),
        row("a", "133 remain", 133, "hostage", "hostages_remaining"),
        row("b", "129 remain", 129, "hostage", "hostages_remaining"),
    ])
    found = discrepancies(numbers, articles(("a", None, "X"), ("b", "2024-04-08", "Y")))
    assert found["key"].tolist() == ["hostages_taken_oct7"]
    assert math.isnan(found["days_apart"].iloc[0])


def test_tolerance_and_same_article():
    numbers = numbers_frame([
        row("a", "2.2 million", 2_200_000, "person", "gaza_population"),
        row("a", "2.3 million", 2_300_000, "person", "gaza_population", start=50),
        row("b", "2.3 million", 2_300_000, "person", "gaza_population"),
    ])
    table = articles(("a", "2024-01-01", "X"), ("b", "2024-01-02", "Y"))
    assert len(discrepancies(numbers, table)) == 1  # a's 2.2 against b; a's own pair ignored
    assert discrepancies(numbers, table, tolerance=0.05).empty


def test_durations_are_compared_in_days():
    numbers = numbers_frame([
        row("a", "a six-week truce", 6, "weeks", "truce_length"),
        row("b", "a 42-day truce", 42, "days", "truce_length"),
        row("c", "a two-month truce", 2, "month", "truce_length"),
    ])
    table = articles(("a", "2024-01-01", "X"), ("b", "2024-01-02", "Y"),
                     ("c", "2024-01-03", "Z"))
    found = discrepancies(numbers, table)
    assert sorted(zip(found["a_article_id"], found["b_article_id"], strict=True)) == [
        ("a", "c"), ("b", "c")]
    assert found["b_comparable_value"].iloc[0] == pytest.approx(60.875)


# -- compare_figures -----------------------------------------------------------------------

def test_compare_figures_orders_by_date_and_flags(seeds):
    table = compare_figures(*seeds)
    assert list(table.columns) == COMPARISON_COLUMNS
    toll = table[table["key"].eq("gaza_death_toll")]
    assert toll["value"].tolist() == [33207, 38000, 54418]
    assert toll["published"].is_monotonic_increasing
    assert toll["difference_from_previous"].tolist()[1:] == [4793, 16418]
    assert not toll["flagged"].any()
    taken = table[table["key"].eq("hostages_taken_oct7")].set_index("article_id")
    assert taken.loc["004_4f99d01e388c12ef.txt", "unreconcilable_with"] == (
        "000_d60c0d61afcbb3f2.txt")
    assert taken["flagged"].all()


def test_compare_figures_representative_is_first_claim(seeds):
    table = compare_figures(*seeds).set_index(["key", "article_id"])
    held = table.loc[("hostages_remaining", "004_4f99d01e388c12ef.txt")]
    assert held["surface"] == "133 hostages remain captive"
    assert held["figures_in_article"] == 2
    assert held["other_figures"] == "the 133 Israeli hostages"
    assert held["start"] == 3397


def test_compare_figures_skips_other_and_keyless(seeds):
    table = compare_figures(*seeds)
    assert table["key"].ne("").all()
    assert "past three months" not in set(table["surface"])
    assert len(table) == len(table.drop_duplicates(["key", "article_id"]))


def test_vague_figure_is_kept_when_alone():
    numbers = numbers_frame([
        row("a", "dozens of hostages", math.nan, "hostage", "hostages_released", kind="vague"),
    ]).assign(low=24.0, high=math.inf)
    table = compare_figures(numbers, articles(("a", "2024-01-01", "X")))
    assert table["surface"].tolist() == ["dozens of hostages"]


@pytest.mark.parametrize("function", [compare_figures, discrepancies])
def test_empty_inputs_keep_columns(function):
    columns = {compare_figures: COMPARISON_COLUMNS, discrepancies: DISCREPANCY_COLUMNS}
    out = function(numbers_frame([]), articles())
    assert out.empty and list(out.columns) == columns[function]


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="low, high"):
        compare_figures(numbers_frame([]).drop(columns=["low", "high"]), articles())


def test_keys_file_classifies():
    keys = load_keys()
    assert keys.rule("hostages_taken_oct7").change == "fixed"
    assert keys.window("hostages_taken_oct7") == np.inf
    assert keys.window("gaza_death_toll") == 7
    assert keys.window("some_new_key", 3) == 3
    assert keys.reference_fields["killed_cum"] == "gaza_death_toll"


def test_figures_in_different_units_are_not_paired():
    numbers = numbers_frame([
        row("a", "40 percent of hostages", 40, "percent", "hostages_remaining"),
        row("b", "133 hostages", 133, "hostage", "hostages_remaining"),
        row("c", "129 remain", 129, "", "hostages_remaining"),
        row("d", "130 hostages", 130, "hostages", "hostages_remaining"),
    ])
    table = articles(("a", "2024-01-01", "X"), ("b", "2024-01-01", "Y"),
                     ("c", "2024-01-02", "Z"), ("d", "2024-01-03", "W"))
    found = discrepancies(numbers, table)
    assert list(zip(found["a_article_id"], found["b_article_id"], strict=True)) == [
        ("b", "c"), ("b", "d"), ("c", "d")]
    assert set(found["comparable_unit"]) == {"hostage"}


def test_figures_dated_to_different_days_are_not_paired():
    numbers = numbers_frame([
        row("a", "36 killed", 36, "person", "gaza_killed_day", as_of="2024-05-06"),
        row("b", "52 killed", 52, "person", "gaza_killed_day", as_of="2024-05-07"),
        row("c", "41 killed", 41, "person", "gaza_killed_day"),
    ])
    table = articles(("a", "2024-05-07", "X"), ("b", "2024-05-08", "Y"), ("c", "2024-05-08", "Z"))
    found = discrepancies(numbers, table)
    pairs = {tuple(sorted(p)) for p in zip(found["a_article_id"], found["b_article_id"],
                                           strict=True)}
    assert pairs == {("a", "c"), ("b", "c")}  # a day's toll is never set against another day's
    assert "a_as_of" in DISCREPANCY_COLUMNS and found["a_as_of"].notna().any()
