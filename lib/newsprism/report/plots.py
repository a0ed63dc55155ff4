"""The report figures: one colour per outlet in every report, labelled axes, report width.

Figures are built as ``matplotlib.figure.Figure`` objects, outside pyplot, so a notebook
cell that returns one shows it once (inline backend) and no global figure state is touched.
They hold at 5, 25 or 200 outlets: one row per outlet (or outlet group), sorted by value, the
figure growing with its rows; past ``MAX_ROWS`` the largest outlets and one "others" row; dot
plots and heatmaps rather than bars in many colours. Colour is the outlet's (or group's); a
category such as a speaker group or a construction is told by its marker, never by a colour.
Large corpora are aggregated (monthly counts, box plots) rather than drawn point by point.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.text import Text
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
# The other channel: one marker per category (speaker group, construction), drawn in the
# outlet's colour.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "h", "p")
WIDTH = 9.0  # inches at 100 dpi: fits the 1000-pixel report column
DPI = 100
POINTS_LIMIT = 60  # above this many articles, per-article points become aggregates
TOP_N = 15
# Rows a chart draws at most (outlets, groups, articles); past it the largest MAX_ROWS - 1
# and one row pooling the others.
MAX_ROWS = 40
ROW_INCHES = 0.24  # per row: a "small" tick label (8.3 pt) and its spacing
DENSE_ROW_INCHES = 0.15  # per row where every row is drawn (intervals): a 7 pt label
LABEL_CHARACTERS = 40  # longer outlet names are cut with an ellipsis
VALUE_CELLS = 400  # a heatmap writes its values in the cells up to this many cells
DIRECT_LABELS = 6  # reference figures labelled with their outlet up to this many per panel
TICK_LABELS = 12  # at most this many labels on a time axis


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


def rows_height(rows: int, extra: float = 1.4, minimum: float = 2.2,
                per_row: float = ROW_INCHES) -> float:
    """Figure height for ``rows`` rows of labels plus ``extra`` inches of axes and titles."""
    return max(minimum, per_row * max(rows, 1) + extra)


def short_label(name: object) -> str:
    """An outlet (or category) name short enough for an axis: cut with an ellipsis."""
    text = str(name)
    return text if len(text) <= LABEL_CHARACTERS else text[:LABEL_CHARACTERS - 1] + "…"


def others_label(count: int) -> str:
    """The name of the row pooling ``count`` outlets past ``MAX_ROWS``."""
    return f"others ({count:,})"


def top_and_others(table: pd.DataFrame, size: pd.Series | None = None, limit: int = MAX_ROWS,
                   pool: str = "mean") -> pd.DataFrame:
    """The rows of ``table`` with the ``limit - 1`` largest ``size`` (default: the row's sum)
    and one row pooling the rest (their ``pool``: mean or sum); all rows when they fit."""
    if len(table) <= limit:
        return table
    size = table.sum(axis=1, numeric_only=True) if size is None else size
    kept = size.sort_values(ascending=False, kind="stable").index[:limit - 1]
    rest = table.drop(index=kept)
    pooled = rest.agg(pool).to_frame(others_label(len(rest))).T
    return pd.concat([table.loc[kept], pooled])


def _row_colour(name: object) -> str:
    """An outlet's (or group's) colour; grey for the pooled others."""
    text = str(name)
    return NO_OUTLET_COLOUR if text.startswith("others (") else outlet_colour(text)


def _label_rows(ax: Axes, names: list[object], coloured: bool = True) -> None:
    """One y tick per row, its name shortened and (for outlets) in the outlet's colour."""
    ax.set_yticks(range(len(names)), [short_label(n) for n in names], fontsize="small")
    if coloured:
        for tick, name in zip(ax.get_yticklabels(), names, strict=True):
            tick.set_color(_row_colour(name))
    ax.set_ylim(len(names) - 0.5, -0.5)


def _empty(figure: Figure, ax: Axes, message: str) -> Figure:
    """A figure saying there is nothing to draw, rather than blank axes."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    return figure


def _outlets(frame: pd.DataFrame) -> pd.Series:
    """Display names of the ``outlet`` column."""
    return frame["outlet"].map(outlet_name)


def articles_per_outlet(articles: pd.DataFrame, top: int = MAX_ROWS) -> Figure:
    """Articles and content words per outlet, most articles first (the ``top - 1`` largest
    outlets and the others pooled past ``top``), as bars in the outlet's colour."""
    frame = articles.assign(outlet=_outlets(articles))
    totals = frame.groupby("outlet").agg(articles=("article_id", "size"), words=("words", "sum"))
    totals = top_and_others(totals, totals["articles"], top, pool="sum")
    figure, (left, right) = new_figure(height=rows_height(len(totals)), ncols=2)
    if articles.empty:
        return _empty(figure, left, "no articles selected")
    names = list(totals.index)
    colours = [_row_colour(name) for name in names]
    for ax, column, label, title in ((left, "articles", "articles (count)", "Articles per outlet"),
                                     (right, "words", "content words (count)",
                                      "Words per outlet")):
        ax.barh(range(len(names)), totals[column], color=colours)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.set_xlabel(label)
        ax.set_title(title)
        ax.grid(axis="x", alpha=0.3)
    _label_rows(left, names)
    right.set_yticks(range(len(names)), [""] * len(names))
    right.set_ylim(left.get_ylim())
    return figure


def _month_axis(ax: Axes, months: list[pd.Timestamp]) -> None:
    """Month labels on the x axis of a month heatmap, at most ``TICK_LABELS`` of them."""
    step = max(1, -(-len(months) // TICK_LABELS))
    positions = list(range(0, len(months), step))
    ax.set_xticks(positions, [months[i].strftime("%Y-%m") for i in positions], rotation=45,
                  ha="right", fontsize="small")


def timeline(articles: pd.DataFrame, limit: int = POINTS_LIMIT) -> Figure:
    """Publication dates per outlet: one dot per article, or above ``limit`` articles (or
    ``MAX_ROWS`` outlets) a heatmap of articles per outlet and month (the largest outlets, the
    others pooled)."""
    frame = articles.assign(outlet=_outlets(articles)).dropna(subset=["published"])
    if frame.empty:
        figure, (ax,) = new_figure(height=2.2)
        return _empty(figure, ax, "no dated articles selected")
    if len(frame) > limit or frame["outlet"].nunique() > MAX_ROWS:
        months = frame.assign(month=frame["published"].dt.to_period("M").dt.to_timestamp())
        counts = months.pivot_table(index="outlet", columns="month", values="article_id",
                                    aggfunc="size", fill_value=0)
        counts = counts.reindex(columns=pd.date_range(counts.columns.min(),
                                                      counts.columns.max(), freq="MS"),
                                fill_value=0)
        counts = top_and_others(counts, pool="sum")
        figure = heatmap(counts, "articles (count)", cmap="Greens", sort=False)
        ax = figure.axes[0]
        _month_axis(ax, list(counts.columns))
        ax.set_xlabel("publication date (month)")
        ax.set_ylabel("outlet")
        return figure
    first = frame.groupby("outlet")["published"].min().sort_values()
    outlets = list(first.index)
    figure, (ax,) = new_figure(height=rows_height(len(outlets)))
    for row, name in enumerate(outlets):
        dates = frame.loc[frame["outlet"] == name, "published"]
        ax.scatter(dates, [row] * len(dates), color=outlet_colour(name), s=40, zorder=3)
    _label_rows(ax, outlets)
    ax.set_ylabel("outlet")
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel("publication date")
    figure.autofmt_xdate()
    return figure


def _values_by_row(frame: pd.DataFrame, column: str) -> tuple[list[str], list[np.ndarray]]:
    """Per outlet, the values of ``column`` (the outlets with most articles, the others
    pooled in one row past ``MAX_ROWS``), rows sorted by their median."""
    sizes = frame["outlet"].value_counts()
    kept = list(sizes.index[:MAX_ROWS - 1]) if len(sizes) > MAX_ROWS else list(sizes.index)
    rows = {name: frame.loc[frame["outlet"] == name, column].dropna().to_numpy()
            for name in kept}
    rest = frame[~frame["outlet"].isin(kept)]
    if len(rest):
        rows[others_label(rest["outlet"].nunique())] = rest[column].dropna().to_numpy()
    order = sorted(rows, key=lambda n: (np.median(rows[n]) if len(rows[n]) else np.inf, n))
    return order, [rows[name] for name in order]


def _distribution(ax: Axes, names: list[str], values: list[np.ndarray], dots: bool) -> None:
    """Per row, its values as dots (few articles) or a box (many), in the outlet's colour."""
    if dots:
        for row, (name, points) in enumerate(zip(names, values, strict=True)):
            ax.scatter(points, [row] * len(points), color=_row_colour(name), s=40, zorder=3)
    else:
        boxes = ax.boxplot(values, positions=range(len(names)), orientation="horizontal",
                           patch_artist=True, widths=0.6)
        for box, name in zip(boxes["boxes"], names, strict=True):
            box.set_facecolor(_row_colour(name))
    ax.grid(axis="x", alpha=0.3)


def article_lengths(articles: pd.DataFrame, limit: int = POINTS_LIMIT) -> Figure:
    """Content words per article by outlet, sorted by the median: dots for few articles, box
    plots for many."""
    frame = articles.assign(outlet=_outlets(articles))
    names, values = _values_by_row(frame, "words") if len(frame) else ([], [])
    figure, (ax,) = new_figure(height=rows_height(len(names)))
    if frame.empty:
        return _empty(figure, ax, "no articles selected")
    _distribution(ax, names, values, len(frame) <= limit)
    _label_rows(ax, names)
    ax.set_xlabel("content words per article (count)")
    ax.set_xlim(left=0)
    return figure


def cleaning_audit(lines: pd.DataFrame, articles: pd.DataFrame, top: int = TOP_N) -> Figure:
    """Share of each article's characters by line label (kept content vs dropped), per article.

    Above ``top`` articles the shares are summed per outlet instead (the outlets with most
    text, the others pooled past ``MAX_ROWS``).
    """
    rows = len(articles) if len(articles) <= top else min(articles["outlet"].nunique(), MAX_ROWS)
    figure, (ax,) = new_figure(height=rows_height(rows, extra=2.0))
    if lines.empty:
        return _empty(figure, ax, "no lines")
    sized = lines.assign(chars=lines["end"] - lines["start"])
    names = dict(zip(articles["article_id"], _outlets(articles), strict=True))
    key = "article_id" if len(articles) <= top else "outlet"
    if key == "outlet":
        sized = sized.assign(outlet=sized["article_id"].map(names))
    chars = sized.pivot_table(index=key, columns="label", values="chars", aggfunc="sum",
                              fill_value=0)
    chars = top_and_others(chars, pool="sum")
    shares = chars.div(chars.sum(axis=1), axis=0) * 100
    positions = range(len(shares))
    left = np.zeros(len(shares))
    for label in [name for name in LABEL_COLOURS if name in shares.columns]:
        ax.barh(positions, shares[label], left=left, label=label, color=LABEL_COLOURS[label])
        left = left + shares[label].to_numpy()
    ax.set_xlabel("share of the article's characters (%)")
    ax.set_xlim(0, 100)
    figure.legend(ncols=4, fontsize="small", loc="outside lower center")
    if key == "article_id":
        _label_rows(ax, list(shares.index), coloured=False)
        for tick, article in zip(ax.get_yticklabels(), shares.index, strict=True):
            tick.set_color(outlet_colour(names.get(article)))
    else:
        _label_rows(ax, list(shares.index))
    return figure


def readability(scores: pd.DataFrame, limit: int = POINTS_LIMIT) -> Figure:
    """Flesch reading ease and Flesch–Kincaid grade per article, grouped by outlet and sorted
    by the median reading ease."""
    frame = scores.assign(outlet=_outlets(scores))
    names, _ = _values_by_row(frame, "flesch_reading_ease") if len(frame) else ([], [])
    figure, axes = new_figure(height=rows_height(len(names)), ncols=2)
    if frame.empty:
        return _empty(figure, axes[0], "no articles selected")
    for ax, column, label in zip(axes, ("flesch_reading_ease", "flesch_kincaid_grade"),
                                 ("Flesch reading ease (0–100, higher = easier)",
                                  "Flesch–Kincaid grade (US school years)"), strict=True):
        order, values = _values_by_row(frame, column)
        by_name = dict(zip(order, values, strict=True))
        _distribution(ax, names, [by_name[n] for n in names], len(frame) <= limit)
        ax.set_xlabel(label)
    _label_rows(axes[0], names)
    axes[1].set_yticks(range(len(names)), [""] * len(names))
    axes[1].set_ylim(axes[0].get_ylim())
    return figure


def category_dots(table: pd.DataFrame, xlabel: str, order: list[str] | None = None) -> Figure:
    """Outlet (or group) × category values as dots: one row per outlet in its colour, sorted
    by the first category, each category its own marker (not a colour); the largest outlets
    and the others (mean) past ``MAX_ROWS``. Zero values are left out."""
    columns = [c for c in (order or []) if c in table.columns] + [
        c for c in table.columns if c not in (order or [])]
    table = top_and_others(table[columns])
    if len(table):
        table = table.sort_values(columns[0], ascending=False, kind="stable")
    figure, (ax,) = new_figure(height=rows_height(len(table), extra=2.0))
    if table.empty:
        return _empty(figure, ax, "nothing found in the selection")
    names = list(table.index)
    colours = [_row_colour(n) for n in names]
    rows = np.arange(len(names))
    for number, column in enumerate(columns):
        values = table[column].to_numpy(dtype=float)
        shown = values > 0
        ax.scatter(values[shown], rows[shown], marker=MARKERS[number % len(MARKERS)],
                   c=np.array(colours)[shown], s=36, edgecolor="black", linewidth=0.4,
                   zorder=3)
        ax.scatter([], [], marker=MARKERS[number % len(MARKERS)], color="white",
                   edgecolor="black", label=str(column))
    _label_rows(ax, names)
    ax.set_xlabel(xlabel)
    ax.grid(axis="both", alpha=0.3)
    figure.legend(ncols=4, fontsize="small", loc="outside lower center",
                  title=table.columns.name)
    return figure


def heatmap(table: pd.DataFrame, label: str, fmt: str = "{:.0f}", cmap: str = "Blues",
            outlets: bool = True, sort: bool = True) -> Figure:
    """A numeric table as coloured cells, its rows (outlets or groups, in their colour when
    ``outlets``) sorted by total when ``sort``, the largest and the others (mean) past
    ``MAX_ROWS``; values written in the cells when they fit."""
    if sort and len(table):
        table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    table = top_and_others(table)
    figure, (ax,) = new_figure(height=rows_height(len(table), extra=2.2))
    if table.empty:
        return _empty(figure, ax, "nothing found in the selection")
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(table.shape[1]), [short_label(c) for c in table.columns], rotation=90,
                  fontsize="small")
    _label_rows(ax, list(table.index), coloured=outlets)
    if values.size <= VALUE_CELLS:
        peak = np.nanmax(values) if np.isfinite(values).any() else 0
        for (row, column), value in np.ndenumerate(values):
            text = "–" if np.isnan(value) else fmt.format(value)
            ax.text(column, row, text, ha="center", va="center", fontsize="small",
                    color="white" if peak and value > 0.6 * peak else "black")
    figure.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(label, fontsize="medium")
    return figure


def overlap_heatmap(table: pd.DataFrame, articles: pd.DataFrame, top: int = TOP_N) -> Figure:
    """Share of the row's sentences shared with the column (%): per article pair, or per
    outlet pair (mean over article pairs) above ``top`` articles, then only the ``MAX_ROWS``
    outlets sharing most; labels coloured by outlet.

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
    if len(matrix) > MAX_ROWS:
        kept = matrix.fillna(0).sum(axis=1).sort_values(ascending=False).index[:MAX_ROWS]
        matrix = matrix.loc[kept, kept]
    figure = heatmap(matrix * 100, "shared sentences (% of row)", fmt="{:.0f}", cmap="Oranges",
                     outlets=False, sort=False)
    ax = figure.axes[0]
    owners = [full if by_outlet else names.get(full) for full in matrix.index]
    for tick, owner in zip(ax.get_yticklabels(), owners, strict=True):
        tick.set_color(outlet_colour(owner))
    for tick, owner in zip(ax.get_xticklabels(), owners, strict=True):
        tick.set_color(outlet_colour(owner))
    what = "outlet" if by_outlet else "article (colour = outlet)"
    ax.set_xlabel(f"{what}: shares it with")
    ax.set_ylabel(what)
    return figure


def agency_shares(table: pd.DataFrame) -> Figure:
    """Casualty-clause constructions per outlet (or group), shares in %: one marker per
    construction, rows sorted by the agentless share."""
    order = ["passive_agentless", *[c for c in CONSTRUCTIONS if c != "passive_agentless"]]
    return category_dots(table, "share of casualty clauses (%)", order)


def _figure_labels(ax: Axes, figs: pd.DataFrame) -> list[Text]:
    """Each figure's outlet and age written beside its dot, when few enough (``DIRECT_LABELS``)
    to be read; else a note pointing to the table. Returns the labels written."""
    if len(figs) > DIRECT_LABELS:
        ax.set_xlabel(f"{ax.get_xlabel()} · {len(figs)} figures: outlets in the table below")
        return []
    labels = []
    for row in figs.itertuples(index=False):
        lag = "" if pd.isna(row.days_old) else f"  {int(row.days_old)} d old"
        labels.append(ax.annotate(
            f"{short_label(outlet_name(row.outlet))}{lag}", (row.published, row.value),
            xytext=(6, -12), textcoords="offset points", fontsize="small",
            color=outlet_colour(row.outlet)))
    return labels


def _drop_overlapping(figure: Figure, labels: list[Text]) -> None:
    """Remove each label that would cover one written before it, once the figure is laid out,
    and say under its axes how many outlets are then named only in the table."""
    figure.draw_without_rendering()
    kept: list[Text] = []
    dropped: dict[Axes, int] = {}
    for label in labels:
        box = label.get_window_extent()
        if any(box.overlaps(other.get_window_extent()) for other in kept):
            dropped[label.axes] = dropped.get(label.axes, 0) + 1
            label.remove()
        else:
            kept.append(label)
    for ax, count in dropped.items():
        ax.set_xlabel(f"{ax.get_xlabel()} · {count} more outlets: in the table below")


def _date_axis(ax: Axes) -> None:
    """Dates on the x axis concisely labelled ("Jul", "2025"), so the ticks never overlap."""
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def reference_plot(reference: pd.DataFrame | None, checks: pd.DataFrame | None,
                   top: int = 4) -> Figure:
    """The reference series of each checked key with every article's figure on it.

    The series is a line (reported points solid, gap-filled days dashed); each figure is a
    dot in its outlet's colour at its publication date, joined by a line to the date the
    series last had that value, so how many days old the figure was reads as its length.
    Outlet names are written beside the dots only when a panel has few.
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
    labels = []
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
        ax.set_xlabel("date")
        labels += _figure_labels(ax, figs)
        ax.set_title(key.replace("_", " "))
        ax.set_ylabel("count (people)")
        _date_axis(ax)
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small", loc="upper left")
    _drop_overlapping(figure, labels)
    return figure


def interval_dots(intervals: pd.DataFrame, xlabel: str) -> Figure:
    """One measure's rate per group as a dot with its 95 % interval, sorted by rate, one row
    per group in its colour (every group drawn: the figure grows with them, labels smaller
    past ``MAX_ROWS``); a group with too few articles shows its dot without a bar."""
    rows = intervals.sort_values("rate", na_position="first").reset_index(drop=True)
    dense = len(rows) > MAX_ROWS
    figure, (ax,) = new_figure(height=rows_height(
        len(rows), extra=1.0, minimum=1.6, per_row=DENSE_ROW_INCHES if dense else ROW_INCHES))
    if rows.empty:
        return _empty(figure, ax, "no rate to show")
    colours = [outlet_colour(g) for g in rows["group"]]
    positions = np.arange(len(rows))
    bounded = rows["low"].notna()
    ax.hlines(positions[bounded], rows.loc[bounded, "low"], rows.loc[bounded, "high"],
              color=np.array(colours)[bounded.to_numpy()], linewidth=2)
    ax.scatter(rows["rate"], positions, color=colours, s=16 if dense else 30, zorder=3,
               edgecolor="black", linewidth=0.5)
    ax.set_yticks(positions, [f"{short_label(outlet_name(g))} ({n} articles)"
                              for g, n in zip(rows["group"], rows["articles"], strict=True)],
                  fontsize=7 if dense else "small")
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    return figure
