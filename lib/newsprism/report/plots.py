"""The report figures: one colour per outlet in every report, labelled axes, report width.

Figures are built as ``matplotlib.figure.Figure`` objects, outside pyplot, so a notebook
cell that returns one shows it once (inline backend) and no global figure state is touched.
Large corpora are aggregated (top N, monthly bins, box plots) rather than drawn point by point.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from newsprism.compare.overlaps import outlet_overlap, overlap_matrix
from newsprism.measures.agency import CONSTRUCTIONS

# Distinct, print-safe colours; an outlet's colour is picked by a hash of its name, so it is
# the same in every report, run and subset of the corpus.
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d",
    "#31a354", "#756bb1", "#636363", "#a55194",
)
NO_OUTLET = "(no outlet)"
NO_OUTLET_COLOUR = "#9e9e9e"
LABEL_COLOURS = {
    "title": "#08519c", "standfirst": "#3182bd", "subhead": "#6baed6", "body": "#9ecae1",
    "caption": "#fd8d3c", "meta": "#fdae6b", "boilerplate": "#bdbdbd", "related": "#969696",
}
CONSTRUCTION_COLOURS = ("#d73027", "#fc8d59", "#4575b4", "#91bfdb", "#999999")
WIDTH = 9.0  # inches at 100 dpi: fits the 1000-pixel report column
DPI = 100
POINTS_LIMIT = 60  # above this many articles, per-article points become aggregates
TOP_N = 15


def outlet_name(name: object) -> str:
    """The display name of an outlet; empty or missing names read ``(no outlet)``."""
    text = "" if name is None or (isinstance(name, float) and pd.isna(name)) else str(name)
    return text.strip() or NO_OUTLET


def outlet_colour(name: object) -> str:
    """The colour of one outlet, fixed by its name (case and spacing ignored)."""
    label = outlet_name(name)
    if label == NO_OUTLET:
        return NO_OUTLET_COLOUR
    key = " ".join(label.casefold().split()).encode()
    return PALETTE[int(hashlib.sha256(key).hexdigest(), 16) % len(PALETTE)]


def new_figure(height: float = 3.5, ncols: int = 1) -> tuple[Figure, list[Axes]]:
    """A report-width figure with ``ncols`` axes side by side."""
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    axes = figure.subplots(1, ncols, squeeze=False)[0]
    return figure, list(axes)


def _empty(figure: Figure, ax: Axes, message: str) -> Figure:
    """A figure saying there is nothing to draw, rather than blank axes."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    return figure


def _outlets(frame: pd.DataFrame) -> pd.Series:
    """Display names of the ``outlet`` column."""
    return frame["outlet"].map(outlet_name)


def articles_per_outlet(articles: pd.DataFrame, top: int = TOP_N) -> Figure:
    """Articles and content words per outlet (the ``top`` largest outlets), as bars."""
    figure, (left, right) = new_figure(height=0.35 * min(top, articles["outlet"].nunique()) + 1.5,
                                       ncols=2)
    if articles.empty:
        return _empty(figure, left, "no articles selected")
    frame = articles.assign(outlet=_outlets(articles))
    totals = frame.groupby("outlet").agg(articles=("article_id", "size"), words=("words", "sum"))
    totals = totals.sort_values("articles").tail(top)
    colours = [outlet_colour(name) for name in totals.index]
    left.barh(totals.index, totals["articles"], color=colours)
    left.set_xlabel("articles (count)")
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_title("Articles per outlet")
    right.barh(totals.index, totals["words"], color=colours)
    right.set_xlabel("content words (count)")
    right.set_title("Words per outlet")
    right.set_yticklabels([])
    return figure


def timeline(articles: pd.DataFrame, limit: int = POINTS_LIMIT) -> Figure:
    """Publication dates per outlet: one dot per article, or monthly counts above ``limit``."""
    frame = articles.assign(outlet=_outlets(articles)).dropna(subset=["published"])
    outlets = sorted(frame["outlet"].unique())
    figure, (ax,) = new_figure(height=max(2.5, 0.4 * len(outlets) + 1.2))
    if frame.empty:
        return _empty(figure, ax, "no dated articles selected")
    if len(frame) <= limit:
        for row, name in enumerate(outlets):
            dates = frame.loc[frame["outlet"] == name, "published"]
            ax.scatter(dates, [row] * len(dates), color=outlet_colour(name), s=40, zorder=3)
        ax.set_yticks(range(len(outlets)), outlets)
        ax.set_ylim(-0.6, len(outlets) - 0.4)
        ax.set_ylabel("outlet")
        ax.grid(axis="x", alpha=0.3)
    else:
        months = frame.assign(month=frame["published"].dt.to_period("M").dt.to_timestamp())
        counts = months.pivot_table(index="month", columns="outlet", values="article_id",
                                    aggfunc="size", fill_value=0)
        bottom = pd.Series(0, index=counts.index)
        for name in counts.columns:
            ax.bar(counts.index, counts[name], width=25, bottom=bottom, label=name,
                   color=outlet_colour(name))
            bottom = bottom + counts[name]
        ax.set_ylabel("articles per month (count)")
        ax.legend(fontsize="small", ncols=2)
    ax.set_xlabel("publication date")
    figure.autofmt_xdate()
    return figure


def article_lengths(articles: pd.DataFrame, limit: int = POINTS_LIMIT) -> Figure:
    """Content words per article by outlet: dots for few articles, box plots for many."""
    frame = articles.assign(outlet=_outlets(articles))
    outlets = sorted(frame["outlet"].unique())[:TOP_N]
    figure, (ax,) = new_figure(height=max(2.5, 0.4 * len(outlets) + 1.2))
    if frame.empty:
        return _empty(figure, ax, "no articles selected")
    values = [frame.loc[frame["outlet"] == name, "words"].to_numpy() for name in outlets]
    if len(frame) <= limit:
        for row, (name, words) in enumerate(zip(outlets, values, strict=True)):
            ax.scatter(words, [row] * len(words), color=outlet_colour(name), s=40, zorder=3)
    else:
        boxes = ax.boxplot(values, positions=range(len(outlets)), orientation="horizontal",
                           patch_artist=True, widths=0.6)
        for box, name in zip(boxes["boxes"], outlets, strict=True):
            box.set_facecolor(outlet_colour(name))
    ax.set_yticks(range(len(outlets)), outlets)
    ax.set_xlabel("content words per article (count)")
    ax.set_xlim(left=0)
    ax.grid(axis="x", alpha=0.3)
    return figure


def cleaning_audit(lines: pd.DataFrame, articles: pd.DataFrame, top: int = TOP_N) -> Figure:
    """Share of each article's characters by line label (kept content vs dropped), per article.

    Above ``top`` articles the shares are summed per outlet instead.
    """
    figure, (ax,) = new_figure(height=0.35 * min(top, max(len(articles), 1)) + 1.6)
    if lines.empty:
        return _empty(figure, ax, "no lines")
    sized = lines.assign(chars=lines["end"] - lines["start"])
    names = dict(zip(articles["article_id"], _outlets(articles), strict=True))
    key = "article_id" if len(articles) <= top else "outlet"
    if key == "outlet":
        sized = sized.assign(outlet=sized["article_id"].map(names))
    shares = sized.pivot_table(index=key, columns="label", values="chars", aggfunc="sum",
                               fill_value=0)
    shares = shares.div(shares.sum(axis=1), axis=0) * 100
    left = pd.Series(0.0, index=shares.index)
    for label in [name for name in LABEL_COLOURS if name in shares.columns]:
        ax.barh(shares.index, shares[label], left=left, label=label, color=LABEL_COLOURS[label])
        left = left + shares[label]
    ax.set_xlabel("share of the article's characters (%)")
    ax.set_xlim(0, 100)
    ax.legend(ncols=4, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.22))
    if key == "article_id":
        ax.set_yticks(range(len(shares)), [str(a)[:28] for a in shares.index])
        for tick, article in zip(ax.get_yticklabels(), shares.index, strict=True):
            tick.set_color(outlet_colour(names.get(article)))
    return figure


def readability(scores: pd.DataFrame, limit: int = POINTS_LIMIT) -> Figure:
    """Flesch reading ease and Flesch–Kincaid grade per article, grouped by outlet."""
    frame = scores.assign(outlet=_outlets(scores))
    outlets = sorted(frame["outlet"].unique())[:TOP_N]
    figure, axes = new_figure(height=max(2.5, 0.4 * len(outlets) + 1.2), ncols=2)
    if frame.empty:
        return _empty(figure, axes[0], "no articles selected")
    for ax, column, label in zip(axes, ("flesch_reading_ease", "flesch_kincaid_grade"),
                                 ("Flesch reading ease (0–100, higher = easier)",
                                  "Flesch–Kincaid grade (US school years)"), strict=True):
        values = [frame.loc[frame["outlet"] == name, column].dropna().to_numpy()
                  for name in outlets]
        if len(frame) <= limit:
            for row, (name, points) in enumerate(zip(outlets, values, strict=True)):
                ax.scatter(points, [row] * len(points), color=outlet_colour(name), s=40)
        else:
            boxes = ax.boxplot(values, positions=range(len(outlets)), orientation="horizontal",
                               patch_artist=True, widths=0.6)
            for box, name in zip(boxes["boxes"], outlets, strict=True):
                box.set_facecolor(outlet_colour(name))
        ax.set_yticks(range(len(outlets)), outlets if ax is axes[0] else [""] * len(outlets))
        ax.set_xlabel(label)
        ax.grid(axis="x", alpha=0.3)
    return figure


def grouped_bars(table: pd.DataFrame, xlabel: str, title: str = "") -> Figure:
    """Outlet-coloured horizontal bars: one group per row of ``table``, one bar per outlet column.

    ``table`` has categories as index and outlets as columns; the top ``TOP_N`` rows are drawn.
    """
    table = table.head(TOP_N)
    outlets = list(table.columns)
    figure, (ax,) = new_figure(height=max(2.5, 0.12 * len(table) * max(len(outlets), 1) + 1.5))
    if table.empty:
        return _empty(figure, ax, "nothing found in the selection")
    height = 0.8 / max(len(outlets), 1)
    rows = range(len(table))
    for number, name in enumerate(outlets):
        ax.barh([r - 0.4 + height * (number + 0.5) for r in rows], table[name], height=height,
                color=outlet_colour(name), label=name)
    ax.set_yticks(list(rows), [str(i) for i in table.index])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize="small", loc="lower right")
    return figure


def stacked_shares(table: pd.DataFrame, xlabel: str, colours: dict[str, str] | None = None
                   ) -> Figure:
    """One 100 % bar per outlet (rows of ``table``), split by its columns (shares in %).

    Column colours come from ``colours`` or a hash of the column name, stable across subsets.
    """
    figure, (ax,) = new_figure(height=max(2.2, 0.45 * len(table) + 1.4))
    if table.empty:
        return _empty(figure, ax, "nothing found in the selection")
    left = pd.Series(0.0, index=table.index)
    palette = colours or {c: outlet_colour(c) for c in table.columns}
    for column in table.columns:
        ax.barh(table.index, table[column], left=left, label=column, color=palette[column])
        left = left + table[column]
    for tick in ax.get_yticklabels():
        tick.set_color(outlet_colour(tick.get_text()))
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    ax.legend(ncols=3, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.25))
    return figure


def heatmap(table: pd.DataFrame, label: str, fmt: str = "{:.0f}", cmap: str = "Blues") -> Figure:
    """A numeric table as coloured cells with their values written in; outlets coloured."""
    figure, (ax,) = new_figure(height=max(2.5, 0.45 * len(table) + 1.8))
    if table.empty:
        return _empty(figure, ax, "nothing found in the selection")
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(table.shape[1]), [str(c)[:24] for c in table.columns], rotation=35,
                  ha="right")
    ax.set_yticks(range(table.shape[0]), [str(i)[:32] for i in table.index])
    peak = pd.Series(values.ravel()).max()
    for (row, column), value in np.ndenumerate(values):
        text = "–" if pd.isna(value) else fmt.format(value)
        ax.text(column, row, text, ha="center", va="center", fontsize="small",
                color="white" if peak and value > 0.6 * peak else "black")
    figure.colorbar(image, ax=ax, label=label, shrink=0.8)
    return figure


def overlap_heatmap(table: pd.DataFrame, articles: pd.DataFrame, top: int = TOP_N) -> Figure:
    """Share of the row's sentences shared with the column (%): per article pair, or per
    outlet pair (mean over article pairs) above ``top`` articles; labels coloured by outlet.

    ``table`` is the long ``article_overlaps`` table (or an article × article matrix).
    """
    names = dict(zip(articles["article_id"], articles["outlet"].map(outlet_name), strict=True))
    by_outlet = len(articles) > top
    if "article_id_b" in table.columns:
        matrix = outlet_overlap(table, articles.assign(outlet=articles["article_id"].map(names))) \
            if by_outlet else overlap_matrix(table, articles)
    else:
        matrix = table.set_index("article_id") if "article_id" in table.columns else table
        if by_outlet:
            matrix = matrix.groupby(matrix.index.map(names)).mean() \
                .T.groupby(matrix.columns.map(names)).mean().T
    figure = heatmap(matrix * 100, "shared sentences (% of row)", fmt="{:.0f}", cmap="Oranges")
    ax = figure.axes[0]
    for tick in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label = tick.get_text()
        full = label if by_outlet else next((a for a in names if a.startswith(label)), None)
        tick.set_color(outlet_colour(full if by_outlet else names.get(full)))
    what = "outlet" if by_outlet else "article (colour = outlet)"
    ax.set_xlabel(f"{what}: shares it with")
    ax.set_ylabel(what)
    return figure


def agency_shares(table: pd.DataFrame) -> Figure:
    """Casualty-clause constructions per outlet (shares in %), in a fixed colour each."""

    colours = {c: CONSTRUCTION_COLOURS[i % len(CONSTRUCTION_COLOURS)]
               for i, c in enumerate(CONSTRUCTIONS)}
    colours.update({c: outlet_colour(c) for c in table.columns if c not in colours})
    return stacked_shares(table, "share of casualty clauses (%)", colours)


def reference_plot(reference: pd.DataFrame | None, checks: pd.DataFrame | None,
                   top: int = 4) -> Figure:
    """The reference series of each checked key with every article's figure on it.

    The series is a line (reported points solid, gap-filled days dashed); each figure is a
    dot in its outlet's colour at its publication date, joined by a line to the date the
    series last had that value, so how many days old the figure was reads as its length.
    """
    if reference is None or checks is None:
        figure, (ax,) = new_figure(height=1.5)
        return _empty(figure, ax, "no reference series given")
    checked = checks.dropna(subset=["published"])
    keys = checked["key"].value_counts().index[:top].tolist()
    figure = Figure(figsize=(WIDTH, 3.2 * max(len(keys), 1)), dpi=DPI, layout="constrained")
    axes = figure.subplots(max(len(keys), 1), 1, squeeze=False)[:, 0]
    if not keys:
        return _empty(figure, axes[0], "no article figure has a reference series")
    for ax, key in zip(axes, keys, strict=True):
        series = reference[reference["key"] == key].sort_values("date")
        for name, style in (("gap_filled", "--"), ("reported", "-")):
            part = series[series["series"] == name]
            ax.plot(part["date"], part["value"], style, color="#555555", linewidth=1,
                    label=f"reference ({name.replace('_', '-')})")
        figs = checked[checked["key"] == key]
        for row in figs.itertuples(index=False):
            colour = outlet_colour(row.outlet)
            if pd.notna(row.matched_date):
                ax.plot([row.matched_date, row.published], [row.value, row.value], color=colour,
                        linewidth=2)
            ax.scatter([row.published], [row.value], color=colour, s=50, zorder=3,
                       edgecolor="black", linewidth=0.5)
            lag = "" if pd.isna(row.days_old) else f"  {int(row.days_old)} d old"
            ax.annotate(f"{outlet_name(row.outlet)}{lag}", (row.published, row.value),
                        xytext=(6, -12), textcoords="offset points", fontsize="small",
                        color=colour)
        ax.set_title(key.replace("_", " "))
        ax.set_ylabel("count (people)")
        ax.set_xlabel("date")
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small", loc="upper left")
    return figure


def interval_dots(intervals: pd.DataFrame, xlabel: str) -> Figure:
    """One measure's rate per group as a dot with its 95 % interval, sorted by rate, one row
    per group (the figure grows with the groups, so 200 outlets stay legible); a group with
    too few articles shows its dot without a bar."""
    rows = intervals.sort_values("rate", na_position="first").reset_index(drop=True)
    figure, (ax,) = new_figure(height=max(1.6, 0.28 * len(rows) + 1.0))
    if rows.empty:
        return _empty(figure, ax, "no rate to show")
    colours = [outlet_colour(g) if by == "outlet" else "#333333"
               for by, g in zip(rows["group_by"], rows["group"], strict=True)]
    positions = np.arange(len(rows))
    bounded = rows["low"].notna()
    ax.hlines(positions[bounded], rows.loc[bounded, "low"], rows.loc[bounded, "high"],
              color=np.array(colours)[bounded.to_numpy()], linewidth=2)
    ax.scatter(rows["rate"], positions, color=colours, s=30, zorder=3, edgecolor="black",
               linewidth=0.5)
    ax.set_yticks(positions, [f"{outlet_name(g)} ({n} articles)"
                              for g, n in zip(rows["group"], rows["articles"], strict=True)],
                  fontsize="small")
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    return figure
