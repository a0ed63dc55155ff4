"""Tests of newsprism.compare.intervals: bootstrap intervals over articles and differences
between outlets with adjusted p-values."""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.compare.intervals import (
    MIN_ARTICLES,
    TOO_FEW,
    UNIT_COLUMNS,
    agentless_units,
    bootstrap,
    group_differences,
    rate_intervals,
    with_groups,
)


def clauses(rng: np.random.Generator, outlet: str, articles: int, share: float
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An outlet's agency rows (3–8 clauses per article, agentless with probability
    ``share``) and its articles."""
    rows = []
    for number in range(articles):
        article = f"{outlet}-{number}"
        for _ in range(rng.integers(3, 9)):
            agentless = rng.random() < share
            rows.append({"article_id": article,
                         "construction": "passive_agentless" if agentless else "active"})
    ids = [f"{outlet}-{n}" for n in range(articles)]
    return pd.DataFrame(rows), pd.DataFrame({"article_id": ids, "outlet": outlet})


def units_of(*outlets: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    """The agentless-share units of several simulated outlets."""
    agency = pd.concat([a for a, _ in outlets], ignore_index=True)
    articles = pd.concat([b for _, b in outlets], ignore_index=True)
    return with_groups([agentless_units(agency)], articles)


def test_rate_is_the_ratio_of_sums_and_identical_articles_give_no_spread() -> None:
    agency = pd.DataFrame({"article_id": [f"a{i}" for i in range(6) for _ in range(4)],
                           "construction": ["passive_agentless", "active", "active",
                                            "active"] * 6})
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(6)], "outlet": "X"})
    row = rate_intervals(bootstrap(with_groups([agentless_units(agency)], articles))).iloc[0]
    assert (row["numerator"], row["denominator"], row["rate"]) == (6.0, 24.0, 0.25)
    assert row["low"] == row["high"] == 0.25 and row["articles"] == 6


def test_the_interval_holds_the_true_share_and_narrows_with_articles() -> None:
    rng = np.random.default_rng(3)
    small = rate_intervals(bootstrap(units_of(clauses(rng, "A", 10, 0.4)))).iloc[0]
    large = rate_intervals(bootstrap(units_of(clauses(rng, "A", 200, 0.4)))).iloc[0]
    assert large["low"] < 0.4 < large["high"]
    assert large["high"] - large["low"] < small["high"] - small["low"]


def test_too_few_articles_get_no_interval_but_a_note() -> None:
    rng = np.random.default_rng(1)
    row = rate_intervals(bootstrap(units_of(clauses(rng, "A", MIN_ARTICLES - 1, 0.5)))).iloc[0]
    assert np.isnan(row["low"]) and np.isnan(row["high"]) and row["note"] == TOO_FEW


def test_runs_are_reproducible_and_outlets_do_not_shift_each_other() -> None:
    rng = np.random.default_rng(5)
    a, b = clauses(rng, "A", 30, 0.5), clauses(rng, "B", 30, 0.5)
    alone = rate_intervals(bootstrap(units_of(a)))
    together = rate_intervals(bootstrap(units_of(a, b)))
    pd.testing.assert_frame_equal(rate_intervals(bootstrap(units_of(a, b))), together)
    pd.testing.assert_frame_equal(together[together["group"] == "A"].reset_index(drop=True),
                                  alone)


def test_a_planted_difference_is_found() -> None:
    rng = np.random.default_rng(11)
    table = group_differences(bootstrap(units_of(clauses(rng, "A", 40, 0.75),
                                                 clauses(rng, "B", 40, 0.35))))
    row = table.iloc[0]
    assert row["differs"] and row["low"] > 0 and row["p_adjusted"] < 0.01
    assert abs(row["difference"] - 0.40) < 0.12


def test_no_difference_is_found_no_more_often_than_the_nominal_rate() -> None:
    found = 0
    runs = 120
    for seed in range(runs):
        rng = np.random.default_rng(1000 + seed)
        table = group_differences(bootstrap(units_of(clauses(rng, "A", 25, 0.5),
                                                     clauses(rng, "B", 25, 0.5)), draws=400))
        found += bool(table["differs"].iloc[0])
    assert found / runs <= 0.10  # nominal 0.05, with room for the percentile bootstrap


def test_p_values_are_adjusted_over_every_comparison() -> None:
    rng = np.random.default_rng(2)
    outlets = [clauses(rng, name, 20, share) for name, share in
               (("A", 0.5), ("B", 0.5), ("C", 0.52), ("D", 0.48))]
    table = group_differences(bootstrap(units_of(*outlets)))
    assert len(table) == 6
    assert (table["p_adjusted"] >= table["p_value"]).all()


def test_outlet_groups_are_compared_beside_outlets() -> None:
    rng = np.random.default_rng(8)
    outlets = [clauses(rng, name, 15, share) for name, share in
               (("A", 0.8), ("B", 0.8), ("C", 0.2), ("D", 0.2))]
    for (_, articles), group in zip(outlets, ("wire", "wire", "local", "local"), strict=True):
        articles["outlet_group"] = group
    units = units_of(*outlets)
    assert set(units["group_by"]) == {"outlet", "outlet_group"}
    rates = rate_intervals(bootstrap(units))
    assert set(rates.loc[rates["group_by"] == "outlet_group", "group"]) == {"wire", "local"}
    table = group_differences(bootstrap(units))
    by_group = table[table["group_by"] == "outlet_group"].iloc[0]
    assert by_group["differs"] and by_group["articles_a"] == 30
    assert len(table[table["group_by"] == "outlet"]) == 6


def test_units_keep_their_columns_when_empty() -> None:
    units = with_groups([], pd.DataFrame({"article_id": [], "outlet": []}))
    assert list(units.columns) == UNIT_COLUMNS and units.empty
    assert rate_intervals(bootstrap(units)).empty and group_differences(bootstrap(units)).empty
