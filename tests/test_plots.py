"""Tests of newsprism.report.plots: one colour per outlet, readable figures at any size."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from newsprism.report import plots
from one_article import outlet_colours

SEED_OUTLETS = ["Unknown republisher (World News)", "The New Arab", "Unknown aggregator",
                "Naharnet (via Daily8)", "Middle East Monitor"]


def _articles(count: int, outlets: list[str]) -> pd.DataFrame:
    """A synthetic articles table: ``count`` articles spread over outlets and two years."""
    rng = np.random.default_rng(7)
    return pd.DataFrame({
        "article_id": [f"a{i}.txt" for i in range(count)],
        "outlet": [outlets[i % len(outlets)] for i in range(count)],
        "published": pd.Timestamp("2024-01-01") + pd.to_timedelta(
            rng.integers(0, 700, count), unit="D"),
        "words": rng.integers(100, 1500, count),
    })


def _points(figure: Figure) -> int:
    """Number of scatter points drawn on a figure."""
    return sum(len(c.get_offsets()) for ax in figure.axes for c in ax.collections
               if isinstance(c, PathCollection))


@given(st.text(min_size=1, max_size=40))
def test_outlet_colour_depends_only_on_the_name(name):
    colour = plots.outlet_colour(name)
    assert colour == plots.outlet_colour(f"  {name.casefold()}  ")
    assert colour in (*plots.PALETTE, plots.NO_OUTLET_COLOUR)


def test_outlet_colours_are_the_same_in_any_subset():
    full = outlet_colours(SEED_OUTLETS)
    subset = outlet_colours(SEED_OUTLETS[2:4])
    assert all(full[name] == colour for name, colour in subset.items())


def test_seed_outlets_get_distinct_colours():
    assert len(set(outlet_colours(SEED_OUTLETS).values())) == len(SEED_OUTLETS)


@pytest.mark.parametrize("missing", ["", "  ", None, float("nan")])
def test_missing_outlet_is_named_and_grey(missing):
    assert plots.outlet_name(missing) == plots.NO_OUTLET
    assert plots.outlet_colour(missing) == plots.NO_OUTLET_COLOUR


@pytest.mark.parametrize(("count", "dots"), [(12, True), (500, False)])
def test_timeline_draws_dots_only_for_small_corpora(count, dots):
    figure = plots.timeline(_articles(count, SEED_OUTLETS))
    assert (_points(figure) == count) if dots else (_points(figure) == 0)
    ax = figure.axes[0]
    assert ax.get_xlabel() == "publication date"
    assert ax.get_ylabel() in ("outlet", "articles per month (count)")


def test_timeline_bars_use_outlet_colours():
    figure = plots.timeline(_articles(500, SEED_OUTLETS))
    colours = {p.get_facecolor()[:3] for p in figure.axes[0].patches}
    expected = {tuple(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5))
                for c in outlet_colours(SEED_OUTLETS).values()}
    assert colours == expected


def test_article_lengths_aggregates_to_boxes_above_the_limit():
    small = plots.article_lengths(_articles(10, SEED_OUTLETS))
    large = plots.article_lengths(_articles(400, SEED_OUTLETS))
    assert _points(small) == 10 and _points(large) == 0
    assert large.axes[0].get_xlabel() == "content words per article (count)"


def test_articles_per_outlet_keeps_top_outlets():
    outlets = [f"Outlet {i}" for i in range(40)]
    figure = plots.articles_per_outlet(_articles(400, outlets), top=10)
    assert len(figure.axes[0].patches) == 10
    assert figure.axes[0].get_xlabel() == "articles (count)"


def test_every_figure_is_report_width():
    figure = plots.timeline(_articles(5, SEED_OUTLETS))
    assert figure.get_size_inches()[0] * figure.dpi == pytest.approx(900)


def test_empty_selection_says_so():
    figure = plots.timeline(_articles(0, SEED_OUTLETS))
    assert "no dated articles" in figure.axes[0].texts[0].get_text()


def test_cleaning_audit_shares_sum_to_100():
    lines = pd.DataFrame({"article_id": ["a0.txt"] * 3 + ["a1.txt"] * 2,
                          "label": ["title", "body", "boilerplate", "body", "related"],
                          "start": [0, 10, 60, 0, 50], "end": [10, 60, 100, 50, 100]})
    figure = plots.cleaning_audit(lines, _articles(2, SEED_OUTLETS))
    widths = pd.DataFrame([(p.get_y(), p.get_width()) for p in figure.axes[0].patches],
                          columns=["row", "width"]).groupby("row")["width"].sum()
    assert widths.round(6).tolist() == [100.0, 100.0]


def test_heatmap_writes_values_and_dashes_for_missing():
    table = pd.DataFrame([[1.0, np.nan], [3.0, 4.0]], index=["x", "y"], columns=["p", "q"])
    texts = [t.get_text() for t in plots.heatmap(table, "share (%)").axes[0].texts]
    assert texts == ["1", "–", "3", "4"]


def test_overlap_heatmap_groups_by_outlet_for_many_articles():
    articles = _articles(30, SEED_OUTLETS[:3])
    ids = articles["article_id"]
    matrix = pd.DataFrame(0.1, index=pd.Index(ids, name="article_id"), columns=ids)
    figure = plots.overlap_heatmap(matrix, articles, top=15)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert sorted(labels) == sorted(SEED_OUTLETS[:3])


def test_interval_dots_hold_200_outlets_and_mark_those_without_interval() -> None:
    groups = [f"Outlet {i}" for i in range(200)]
    intervals = pd.DataFrame({"group_by": "outlet", "group": groups,
                              "rate": np.linspace(0.1, 0.9, 200),
                              "low": [np.nan] + list(np.linspace(0.05, 0.85, 199)),
                              "high": [np.nan] + list(np.linspace(0.15, 0.95, 199)),
                              "articles": [3] + [40] * 199})
    figure = plots.interval_dots(intervals, "share")
    ax = figure.axes[0]
    assert len(ax.get_yticklabels()) == 200
    assert figure.get_size_inches()[1] >= 0.28 * 200  # a row per outlet, never overlapping
    assert ax.get_yticklabels()[0].get_text() == "Outlet 0 (3 articles)"
    empty = plots.interval_dots(intervals.iloc[:0], "share")
    assert "no rate" in empty.axes[0].texts[0].get_text()
