"""Tests for newsprism.compare.pairing: bounded, block-wise pairing and the conflict record."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compare_rows import numbers_frame, row, seed_articles, seed_numbers
from newsprism.compare import pairing
from newsprism.compare.comparison import compare_figures, discrepancies, discrepancy_blocks
from newsprism.compare.pairing import MAX_LISTED, ConflictLinks, PairingOrder


def figures(n: int, key: str = "hostages_taken_oct7", window: float = np.inf) -> pd.DataFrame:
    """``n`` figures of one key, one per article, a day apart, in date order."""
    return pd.DataFrame({
        "article_id": [f"a{i:03d}" for i in range(n)],
        "published": pd.date_range("2024-01-01", periods=n).astype("datetime64[us]"),
        "key": key, "comparable_unit": "hostage", "window_days": window})


def all_pairs(order: PairingOrder, neighbours: int, block: int) -> list[tuple[int, int]]:
    """Every pair of every block, as (a, b) figure rows."""
    found = []
    for start, stop in order.blocks(block):
        a, b, _ = order.pairs(start, stop, neighbours)
        found += list(zip(a.tolist(), b.tolist(), strict=True))
    return found


def test_pairing_is_bounded_by_neighbours_in_date_order() -> None:
    """With many figures of one key, each is compared with its next few only (linear work)."""
    n = 40
    order = PairingOrder.of(figures(n))
    assert len(all_pairs(order, 3, 1000)) == 3 * n - 6
    assert len(all_pairs(order, 100, 1000)) == n * (n - 1) // 2
    assert all(a < b for a, b in all_pairs(order, 3, 1000))
    assert all_pairs(PairingOrder.of(figures(1)), 3, 1000) == []


@pytest.mark.parametrize("block", [1, 3, 7, 1000])
def test_blocks_change_nothing_but_memory(block: int) -> None:
    order = PairingOrder.of(pd.concat([figures(30), figures(12, key="truce_length")],
                                      ignore_index=True).sort_values("key", kind="stable"))
    assert all_pairs(order, 5, block) == all_pairs(order, 5, 10_000)
    spans = list(order.blocks(block))
    assert spans[0][0] == 0 and spans[-1][1] == 42
    assert all(stop == start for (_, stop), (start, _) in zip(spans, spans[1:], strict=False))


def test_window_limits_pairs_in_days() -> None:
    order = PairingOrder.of(figures(10, window=2.0))
    assert {b - a for a, b in all_pairs(order, 5, 100)} == {1, 2}


def test_seed_discrepancies_are_the_same_in_small_blocks() -> None:
    numbers, articles = seed_numbers(), seed_articles()
    whole = discrepancies(numbers, articles)
    parts = pd.concat(list(discrepancy_blocks(numbers, articles, block=1)), ignore_index=True)
    pd.testing.assert_frame_equal(parts, whole)


def test_no_figures_still_gives_one_empty_block() -> None:
    blocks = list(discrepancy_blocks(numbers_frame([]), seed_articles()))
    assert len(blocks) == 1 and blocks[0].empty


def test_conflict_links_list_and_count() -> None:
    others = [f"b{i:02d}" for i in range(MAX_LISTED + 2)]
    block = pd.DataFrame({"key": "k", "a_article_id": "a", "b_article_id": others})
    links = ConflictLinks(["k", "j"], ["a", *others])
    for _ in links.collect([block, block.iloc[:1]]):
        pass
    listed, counted = links.listed(pd.Series(["k", "k", "j", "k"]),
                                   pd.Series(["a", "b00", "a", "unknown"]))
    assert listed[0] == "; ".join(others[:MAX_LISTED]) + " (+2 more)"
    assert counted.tolist() == [MAX_LISTED + 2, 1, 0, 0]
    assert listed[1:].tolist() == ["a", "", ""]


def test_conflict_links_merged_or_listed_in_parts_list_the_same(monkeypatch) -> None:
    """Merging the noted codes every block, or listing a few rows at a time (as on a large
    corpus), changes no flag."""
    blocks = [pd.DataFrame({"key": key, "a_article_id": a, "b_article_id": [b, "c", "d"]})
              for key, a, b in [("k", "a", "b"), ("k", "a", "b"), ("j", "b", "a"), ("k", "e", "b")]]
    keys, articles = pd.Series(["k", "k", "j", "k", "k"]), pd.Series(["a", "b", "a", "d", "e"])

    def flags() -> tuple[list, list]:
        links = ConflictLinks(["k", "j"], ["a", "b", "c", "d", "e"])
        for _ in links.collect(blocks):
            pass
        listed, counted = links.listed(keys, articles)
        return listed.tolist(), counted.tolist()

    unmerged = flags()
    monkeypatch.setattr(pairing, "MERGE_CODES", 1)
    assert flags() == unmerged
    monkeypatch.setattr(pairing, "LIST_ROWS", 2)  # lists built a few rows at a time
    assert flags() == unmerged
    assert unmerged == (["b; c; d", "a; e", "b", "a; e", "b; c; d"], [3, 2, 1, 2, 3])


def test_compare_flags_come_from_the_same_pairs() -> None:
    numbers = numbers_frame([
        row("a", "251 hostages", 251, "hostage", "hostages_taken_oct7"),
        row("b", "253 hostages", 253, "hostage", "hostages_taken_oct7"),
        row("c", "251 hostages", 251, "hostage", "hostages_taken_oct7"),
    ])
    table = pd.DataFrame({"article_id": ["a", "b", "c"],
                          "published": pd.to_datetime(["2024-01-01", "2024-01-02",
                                                       "2024-01-03"]).astype("datetime64[us]"),
                          "outlet": ["X", "Y", "Z"], "title": ["t", "t", "t"]})
    flags = compare_figures(numbers, table).set_index("article_id")
    assert flags["unreconcilable_with"].to_dict() == {"a": "b", "b": "a; c", "c": "b"}
    assert flags["unreconcilable_count"].to_dict() == {"a": 1, "b": 2, "c": 1}
