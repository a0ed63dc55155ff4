"""Tests of newsprism.report.plots: one colour per outlet, readable figures at any size."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from newsprism.measures.agency import CONSTRUCTIONS
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
    assert ax.get_xlabel() == ("publication date" if dots else "publication date (month)")
    assert ax.get_ylabel() == "outlet"


def test_timeline_of_many_articles_is_a_month_heatmap_with_outlet_coloured_rows():
    articles = _articles(500, SEED_OUTLETS)
    figure = plots.timeline(articles)
    ax = figure.axes[0]
    rows = {t.get_text(): t.get_color() for t in ax.get_yticklabels()}
    assert rows == outlet_colours(SEED_OUTLETS)
    counts = ax.images[0].get_array()
    assert counts.sum() == 500 and counts.shape[0] == 5


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
    texts = [t.get_text() for t in plots.heatmap(table, "share (%)", sort=False).axes[0].texts]
    assert texts == ["1", "–", "3", "4"]
    rows = [t.get_text() for t in plots.heatmap(table, "share (%)").axes[0].get_yticklabels()]
    assert rows == ["y", "x"]  # largest total first


def test_overlap_heatmap_groups_by_outlet_for_many_articles():
    articles = _articles(30, SEED_OUTLETS[:3])
    ids = articles["article_id"]
    matrix = pd.DataFrame(0.1, index=pd.Index(ids, name="article_id"), columns=ids)
    figure = plots.overlap_heatmap(matrix, articles, top=15)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert sorted(labels) == sorted(SEED_OUTLETS[:3])


def _intervals(count: int) -> pd.DataFrame:
    """A synthetic rate_intervals table of one measure over ``count`` outlets."""
    groups = [f"Outlet {i}" for i in range(count)]
    return pd.DataFrame({"group_by": "outlet", "group": groups,
                         "rate": np.linspace(0.1, 0.9, count),
                         "low": [np.nan] + list(np.linspace(0.05, 0.85, count - 1)),
                         "high": [np.nan] + list(np.linspace(0.15, 0.95, count - 1)),
                         "articles": [3] + [40] * (count - 1)})


def test_interval_dots_draw_every_outlet_and_mark_those_without_interval() -> None:
    figure = plots.interval_dots(_intervals(200), "share")
    ax = figure.axes[0]
    assert len(ax.get_yticklabels()) == 200
    assert ax.get_yticklabels()[0].get_text() == "Outlet 0 (3 articles)"
    assert len(ax.collections[0].get_segments()) == 199  # no bar without an interval
    empty = plots.interval_dots(_intervals(5).iloc[:0], "share")
    assert "no rate" in empty.axes[0].texts[0].get_text()


def test_top_and_others_pools_the_rest_in_one_row():
    table = pd.DataFrame({"x": range(50), "y": 1.0}, index=[f"o{i}" for i in range(50)])
    kept = plots.top_and_others(table, limit=10)
    assert list(kept.index[:9]) == [f"o{i}" for i in range(49, 40, -1)]
    assert kept.index[-1] == "others (41)" and kept.loc["others (41)", "x"] == 20.0
    assert plots.top_and_others(table, limit=10, pool="sum").iloc[-1]["x"] == sum(range(41))
    assert plots.top_and_others(table.head(5), limit=10).equals(table.head(5))


def test_categories_are_markers_and_outlets_colours():
    shares = pd.DataFrame({"hamas": [50.0, 10.0], "mediators": [50.0, 90.0]},
                          index=["The New Arab", "Middle East Monitor"])
    figure = plots.category_dots(shares, "share (%)")
    ax = figure.axes[0]
    drawn = [c for c in ax.collections if len(c.get_offsets())]
    assert len({c.get_paths()[0].vertices.tobytes() for c in drawn}) == 2  # one marker each
    colours = {tuple(np.round(f[:3], 3)) for c in drawn for f in c.get_facecolors()}
    assert colours == {tuple(np.round(to_rgb(plots.outlet_colour(n)), 3)) for n in shares.index}
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["hamas", "mediators"]


# --- the same charts at 5, 25 and 200 outlets ------------------------------------------------


def _scale_tables(outlets: int) -> dict[str, Figure]:
    """Every report chart drawn from synthetic tables of ``outlets`` outlets."""
    names = [f"Outlet number {i} of the corpus" for i in range(outlets)]
    rng = np.random.default_rng(outlets)
    articles = _articles(max(3 * outlets, 100), names)
    few = _articles(min(outlets, 50), names)
    scores = articles.assign(flesch_reading_ease=rng.uniform(20, 70, len(articles)),
                             flesch_kincaid_grade=rng.uniform(6, 16, len(articles)))
    lines = pd.DataFrame({"article_id": np.repeat(articles["article_id"], 2),
                          "label": ["body", "boilerplate"] * len(articles),
                          "start": [0, 50] * len(articles), "end": [50, 80] * len(articles)})
    categories = ["label", "legal", "violence", "captivity", "deprivation", "source", "other",
                  "severity"]
    rates = pd.DataFrame(rng.uniform(0, 5, (outlets, len(categories))), index=names,
                         columns=categories)
    speakers = pd.DataFrame(rng.dirichlet(np.ones(5), outlets) * 100, index=names,
                            columns=["hamas", "israel", "mediators", "health", "other"])
    speakers.columns.name = "speaker group"
    constructions = pd.DataFrame(rng.dirichlet(np.ones(5), outlets) * 100, index=names,
                                 columns=list(CONSTRUCTIONS))
    ids = articles["article_id"]
    overlaps = pd.DataFrame({"article_id_a": ids, "article_id_b": np.roll(ids, 1),
                             "share": rng.uniform(0, 1, len(ids))})
    days = pd.date_range("2023-10-07", periods=900)  # as long as the real series
    reference = pd.DataFrame({"date": days, "key": "gaza_death_toll", "series": "reported",
                              "value": np.arange(900) * 60.0})
    checks = pd.DataFrame({"key": "gaza_death_toll", "outlet": names,
                           "published": rng.choice(days, outlets),
                           "value": rng.uniform(0, 6000, outlets), "matched_date": pd.NaT,
                           "days_old": rng.integers(0, 5, outlets)})
    return {
        "articles_per_outlet": plots.articles_per_outlet(articles),
        "timeline": plots.timeline(articles),
        "timeline_dots": plots.timeline(few),
        "article_lengths": plots.article_lengths(articles),
        "article_length_dots": plots.article_lengths(few),
        "readability": plots.readability(scores),
        "cleaning_audit": plots.cleaning_audit(lines, articles),
        "heatmap": plots.heatmap(rates, "per 1,000 words"),
        "category_dots": plots.category_dots(speakers, "share of quoted words (%)"),
        "agency_shares": plots.agency_shares(constructions),
        "overlap_heatmap": plots.overlap_heatmap(overlaps, articles),
        "interval_dots": plots.interval_dots(_intervals(outlets), "share"),
        "reference_plot": plots.reference_plot(reference, checks),
    }


def _overlapping(labels: list) -> list[tuple[str, str]]:
    """Pairs of drawn, non-empty labels whose bounding boxes overlap."""
    boxes = [(t.get_text(), t.get_window_extent()) for t in labels
             if t.get_visible() and t.get_text()]
    return [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:]
            if box_a.overlaps(box_b)]


@pytest.mark.parametrize("outlets", [5, 25, 200])
def test_charts_hold_at_any_number_of_outlets(outlets):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would reach the report as a problem
        figures = _scale_tables(outlets)
        for figure in figures.values():
            FigureCanvasAgg(figure).draw()
    for name, figure in figures.items():
        width, height = figure.get_size_inches()
        assert width == plots.WIDTH, name
        limit = 35 if name == "interval_dots" else plots.rows_height(plots.MAX_ROWS, extra=2.2)
        assert height <= limit, (name, height)
        for ax in figure.axes:
            assert not _overlapping(ax.get_yticklabels()), (name, outlets)
            assert not _overlapping(ax.get_xticklabels()), (name, outlets)
            assert not _overlapping(ax.texts) or name == "heatmap", (name, outlets)
            rows = [t for t in ax.get_yticklabels() if t.get_text()]
            assert len(rows) <= (outlets if name == "interval_dots" else plots.MAX_ROWS), name
