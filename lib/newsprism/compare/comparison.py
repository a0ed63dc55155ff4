"""Figures of the same quantity set side by side across articles, and where they conflict.

Cross-article steps: they read the numbers table (one row per extracted figure) and the
articles table, never the raw corpus. Nothing here judges which figure is right: the tables
show both sides, their sources and sentences, and neutral measures of the difference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from newsprism.compare.pairing import BLOCK_FIGURES, ConflictLinks, PairingOrder
from newsprism.datafiles import load_yaml

CHANGES = ("fixed", "cumulative", "level")
FIGURE_COLUMNS = ["surface", "value", "unit", "qualifier", "low", "high", "comparable_value",
                  "comparable_low", "comparable_high", "comparable_unit", "scope", "as_of",
                  "source", "sentence_id", "sentence"]
COMPARISON_COLUMNS = ["key", "change", "article_id", "published", "outlet", "start", "end",
                      *FIGURE_COLUMNS, "figures_in_article", "other_figures",
                      "articles_with_key", "difference_from_previous", "days_from_previous",
                      "unreconcilable_with", "unreconcilable_count", "flagged"]
# The numbers columns a figure is compared by: what the comparison, discrepancy, derived and
# reference tables show of it (the facets and casualty-clause columns are not read).
KEYED_COLUMNS = ["article_id", "start", "end", "surface", "value", "unit", "qualifier", "low",
                 "high", "kind", "key", "scope", "as_of", "source", "sentence_id", "sentence"]
# Text columns many figures share (all of one sentence), stored as categories.
SHARED_TEXT = ("sentence", "source")
# Labels with few distinct values (a key, a unit, one id per article's figures), also
# stored as categories once the figures are built: a large corpus holds codes, not text.
LABELS = ("article_id", "key", "change", "kind", "unit", "qualifier", "comparable_unit")
_SIDE = ["article_id", "published", "outlet", "start", "end", "surface", "value", "unit",
         "qualifier", "low", "high", "as_of", "source", "sentence"]
DISCREPANCY_COLUMNS = ["key", "change", "window_days", *(f"a_{c}" for c in _SIDE),
                       *(f"b_{c}" for c in _SIDE), "comparable_unit", "a_comparable_value",
                       "b_comparable_value", "days_apart", "difference", "relative_difference",
                       "interval_gap", "reconcilable"]


@dataclass(frozen=True)
class KeyRule:
    """How one quantity key behaves over time: its change type and comparison window."""

    change: str
    window_days: float | None  # np.inf: any date; None: the default window


@dataclass(frozen=True)
class ComparisonKeys:
    """The key behaviours, unit conversions and reference-field names of ``keys.yaml``."""

    default_window_days: float
    keys: MappingProxyType
    units: MappingProxyType  # unit -> (target unit, factor)
    reference_fields: MappingProxyType  # reference file field -> key
    period_fields: frozenset[str] = frozenset()  # fields counted over a report's period

    def rule(self, key: str) -> KeyRule:
        """The rule for ``key``; unlisted keys are levels compared within the default window."""
        return self.keys.get(key, KeyRule("level", None))

    def window(self, key: str, default: float | None = None) -> float:
        """Days within which figures of ``key`` are compared (``default`` replaces the file's)."""
        own = self.rule(key).window_days
        if own is not None:
            return own
        return self.default_window_days if default is None else float(default)


def _window(value: Any, default: float | None, where: str) -> float | None:
    """A window in days from the YAML: a number, or ``any`` for no limit."""
    if value is None:
        return default
    if str(value).strip().lower() == "any":
        return np.inf
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: window_days must be a number or 'any', not {value!r}") from None


def load_keys(path: str | Path | None = None) -> ComparisonKeys:
    """Load ``keys.yaml`` (or the user's file at ``path``) into a ComparisonKeys object."""
    data = load_yaml("keys.yaml", path) or {}
    default = _window(data.get("default_window_days"), 7.0, "default_window_days") or 7.0
    keys = {}
    for key, spec in (data.get("keys") or {}).items():
        spec = spec or {}
        change = spec.get("change", "level")
        if change not in CHANGES:
            raise ValueError(f"keys.yaml: key {key!r}: change must be one of {CHANGES}")
        fallback = np.inf if change == "fixed" else None
        keys[key] = KeyRule(change, _window(spec.get("window_days"), fallback, f"key {key!r}"))
    units = {name: (spec["to"], float(spec["factor"]))
             for name, spec in (data.get("units") or {}).items()}
    fields = dict(data.get("reference_fields") or {})
    return ComparisonKeys(default, MappingProxyType(keys), MappingProxyType(units),
                          MappingProxyType(fields),
                          frozenset(str(f) for f in data.get("period_fields") or ()))


def _require(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    """Raise a clear error if ``frame`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} table lacks column(s): {', '.join(missing)}")


def article_info(articles: pd.DataFrame) -> pd.DataFrame:
    """``article_id, outlet, published (day), title`` of the articles table, NaT kept."""
    _require(articles, ["article_id", "published"], "articles")
    published = pd.to_datetime(articles["published"], errors="coerce")
    if published.dt.tz is not None:
        published = published.dt.tz_localize(None)
    info = pd.DataFrame({
        "article_id": articles["article_id"].astype("str"),
        "outlet": articles.get("outlet", pd.NA),
        "published": published.dt.normalize().astype("datetime64[us]"),
        "title": articles.get("title", pd.NA),
    })
    return info.drop_duplicates("article_id")


def keyed_figures(numbers: pd.DataFrame) -> pd.DataFrame:
    """The numbers rows that can be compared: kind claim or vague, a key, an interval.

    ``low``/``high`` default to the value when both are missing.
    """
    _require(numbers, KEYED_COLUMNS, "numbers")
    key = numbers["key"].astype("str").str.strip()
    keep = numbers["key"].notna() & key.ne("") & numbers["kind"].astype("str").ne("other")
    frame = numbers.loc[keep, KEYED_COLUMNS].assign(key=key[keep])  # keyed rows only: less to copy
    frame["article_id"] = frame["article_id"].astype("str")
    for column in ("value", "low", "high"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float")
    for column in ("start", "end", "sentence_id"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    frame["as_of"] = pd.to_datetime(frame["as_of"], errors="coerce").astype("datetime64[us]")
    no_bounds = frame["low"].isna() & frame["high"].isna()
    frame["low"] = frame["low"].mask(no_bounds, frame["value"])
    frame["high"] = frame["high"].mask(no_bounds, frame["value"])
    return frame[frame["low"].notna() | frame["high"].notna()].reset_index(drop=True)


def comparable_figures(numbers: pd.DataFrame, articles: pd.DataFrame,
                       keys: ComparisonKeys | None = None,
                       window_days: float | None = None) -> pd.DataFrame:
    """Claims and vague figures that carry a key, with publication data and comparable units.

    Rows are those of ``keyed_figures``; a figure without a unit takes its key's most common
    unit; durations are converted (``keys.yaml`` units) into
    ``comparable_value/low/high`` in ``comparable_unit``, so 6 weeks compares with 60 days.
    """
    keys = keys or load_keys()
    frame = keyed_figures(numbers)
    for column in SHARED_TEXT:  # each text held once, however many figures and pairs show it
        frame[column] = frame[column].astype("category")
    frame["unit"] = frame["unit"].fillna("").astype("str")
    unit = frame["unit"].str.strip().str.lower()
    lookup = unit.where(unit.isin(list(keys.units)), unit.str.removesuffix("s"))
    factor = lookup.map({u: f for u, (_, f) in keys.units.items()}).astype("float").fillna(1.0)
    target = lookup.map({u: t for u, (t, _) in keys.units.items()})
    frame["comparable_unit"] = _fill_units(frame["key"], target.fillna(lookup))
    for column in ("value", "low", "high"):
        frame[f"comparable_{column}"] = frame[column] * factor
    present = frame["key"].unique()
    frame["change"] = frame["key"].map({k: keys.rule(k).change for k in present}).astype("str")
    windows = {k: keys.window(k, window_days) for k in present}
    frame["window_days"] = frame["key"].map(windows).astype("float")
    return with_publication(frame, articles).astype(dict.fromkeys((*LABELS, "outlet"),
                                                                  "category"))


def with_publication(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its articles' ``outlet`` and ``published`` (missing when the article is
    not listed), looked up by id: a merge would copy every column of a large frame."""
    info = article_info(articles).set_index("article_id")
    ids = frame["article_id"].astype("str")
    return frame.assign(**{c: info[c].reindex(ids).set_axis(frame.index)
                          for c in ("outlet", "published")})


def _fill_units(key: pd.Series, unit: pd.Series) -> pd.Series:
    """Units with a figure's missing unit ("57 remain") set to its key's most common one."""
    unit = unit.fillna("").astype("str")
    stated = unit[unit.ne("")]
    common = stated.groupby(key[stated.index]).agg(lambda units: units.mode().iloc[0])
    return unit.mask(unit.eq(""), key.map(common)).fillna("").astype("str")


def _order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by key, publication date (undated last), article and position in the text."""
    return frame.sort_values(["key", "published", "article_id", "start"],
                             na_position="last", kind="stable").reset_index(drop=True)


def ordered_figures(numbers: pd.DataFrame, articles: pd.DataFrame,
                    keys: ComparisonKeys | None = None,
                    window_days: float | None = None) -> pd.DataFrame:
    """``comparable_figures`` by key, publication date (undated last), article and position:
    the one frame both the comparison and the discrepancy tables are built from."""
    return _order(comparable_figures(numbers, articles, keys, window_days))


def discrepancy_blocks(numbers: pd.DataFrame, articles: pd.DataFrame,
                       keys: ComparisonKeys | None = None, *, window_days: float | None = None,
                       tolerance: float = 0.0, include_reconcilable: bool = False,
                       block: int = BLOCK_FIGURES) -> Iterator[pd.DataFrame]:
    """The rows of ``discrepancies``, about ``block`` figures' pairs at a time (at least one
    frame, empty when nothing is found), so a large corpus is written without holding
    every pair."""
    figs = ordered_figures(numbers, articles, keys or load_keys(), window_days)
    return figure_discrepancies(figs, tolerance=tolerance,
                                include_reconcilable=include_reconcilable, block=block)


def figure_discrepancies(figs: pd.DataFrame, *, tolerance: float = 0.0,
                         include_reconcilable: bool = False,
                         block: int = BLOCK_FIGURES) -> Iterator[pd.DataFrame]:
    """``discrepancy_blocks`` of ``ordered_figures``."""
    order = PairingOrder.of(figs)
    bounds = {c: figs[c].to_numpy(dtype="float")
              for c in ("comparable_value", "comparable_low", "comparable_high")}
    found = False
    for start, stop in order.blocks(block):
        a, b, days = order.pairs(start, stop)
        rows = _checked(figs, bounds, a, b, days, tolerance, include_reconcilable)
        if not rows.empty:
            found = True
            yield rows
    if not found:
        yield pd.DataFrame(columns=DISCREPANCY_COLUMNS)


def _checked(figs: pd.DataFrame, bounds: dict[str, np.ndarray], a: np.ndarray, b: np.ndarray,
             days: np.ndarray, tolerance: float, include_reconcilable: bool) -> pd.DataFrame:
    """Discrepancy rows of the figure pairs ``a``–``b``: their intervals' gap, difference and
    verdict; reconcilable pairs dropped unless asked for, repeats of two articles once."""
    gap = np.fmax(np.fmax(bounds["comparable_low"][a] - bounds["comparable_high"][b],
                          bounds["comparable_low"][b] - bounds["comparable_high"][a]), 0.0)
    value_a, value_b = bounds["comparable_value"][a], bounds["comparable_value"][b]
    reconcilable = gap <= np.nan_to_num(tolerance * np.fmax(np.abs(value_a), np.abs(value_b)))
    kept = slice(None) if include_reconcilable else ~reconcilable
    a, b, days, gap, reconcilable = a[kept], b[kept], days[kept], gap[kept], reconcilable[kept]
    value_a, value_b = value_a[kept], value_b[kept]
    difference = value_b - value_a
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = difference / np.abs(value_a)
    relative[~np.isfinite(relative)] = np.nan

    def side(rows: np.ndarray, prefix: str) -> dict[str, pd.Series]:
        return {f"{prefix}_{c}": figs[c].iloc[rows].reset_index(drop=True) for c in _SIDE}

    first = figs.iloc[a].reset_index(drop=True)
    out = pd.DataFrame({
        "key": first["key"], "change": first["change"], "window_days": first["window_days"],
        **side(a, "a"), **side(b, "b"), "comparable_unit": first["comparable_unit"],
        "a_comparable_value": value_a, "b_comparable_value": value_b, "days_apart": days,
        "difference": difference, "relative_difference": relative, "interval_gap": gap,
        "reconcilable": reconcilable,
    }, columns=DISCREPANCY_COLUMNS)
    return out.drop_duplicates(["key", "comparable_unit", "a_article_id", "b_article_id",
                                "a_low", "a_high", "b_low", "b_high"], ignore_index=True)


def discrepancies(numbers: pd.DataFrame, articles: pd.DataFrame,
                  keys: ComparisonKeys | None = None, *, window_days: float | None = None,
                  tolerance: float = 0.0, include_reconcilable: bool = False) -> pd.DataFrame:
    """Pairs of figures of the same key in two articles whose intervals cannot be reconciled.

    Two figures are compared when the key is ``fixed`` or has window ``any`` (any dates), or
    when both articles are dated and at most the key's window apart (``window_days``
    replaces the default window of keys without one of their own), and only when the dates
    their sentences give them (``as_of``) agree or one is unknown; each figure is compared
    with the next ``MAX_NEIGHBOURS`` figures of its key and unit in date order. Side ``a`` is
    the earlier article. Intervals come from the qualifiers ("at least 35" is [35, inf]);
    ``interval_gap`` is the distance between them in ``comparable_unit`` (0 when they
    overlap); ``reconcilable`` is ``interval_gap <= tolerance × the larger value``.
    ``difference`` is b − a and ``relative_difference`` that over |a|. Every figure is
    used, not only one per article, but repeated identical pairs of two articles are shown
    once; figures within one article are not paired. ``include_reconcilable`` keeps all
    compared pairs.
    """
    blocks = discrepancy_blocks(numbers, articles, keys, window_days=window_days,
                                tolerance=tolerance, include_reconcilable=include_reconcilable)
    return pd.concat(list(blocks), ignore_index=True)


def comparison_rows(figs: pd.DataFrame) -> pd.DataFrame:
    """The comparison table of ``ordered_figures`` before its conflict flags (see
    ``compare_figures``)."""
    lean = figs[["key", "article_id", "start", "surface"]].assign(  # sorted without the text
        claim_rank=figs["kind"].astype("str").ne("claim").astype("int"))
    lean = lean.sort_values(["key", "article_id", "claim_rank", "start"], kind="stable")
    first = ~lean.duplicated(["key", "article_id"])
    counts = lean.groupby(["key", "article_id"], sort=False).size()
    others = lean[~first].groupby(["key", "article_id"], sort=False)["surface"].agg(" | ".join)
    rows = figs.loc[lean.index[first]]
    del lean
    pair = pd.MultiIndex.from_frame(rows[["key", "article_id"]])
    rows = _order(rows.assign(
        figures_in_article=counts.reindex(pair).to_numpy(),
        other_figures=others.reindex(pair).fillna("").astype("str").to_numpy()))
    rows["articles_with_key"] = rows.groupby("key")["article_id"].transform("size")
    dated = rows[rows["published"].notna()]
    previous = dated.groupby("key")[["comparable_value", "published"]].shift()
    rows["difference_from_previous"] = (dated["comparable_value"]
                                        - previous["comparable_value"]).reindex(rows.index)
    rows["days_from_previous"] = (dated["published"] - previous["published"]).dt.days.reindex(
        rows.index).astype("Float64")
    return rows


def conflict_links(rows: pd.DataFrame) -> ConflictLinks:
    """An empty record of conflicts over the keys and articles of ``comparison_rows``."""
    return ConflictLinks(rows["key"].astype("str"), rows["article_id"].astype("str"))


def flag_rows(rows: pd.DataFrame, links: ConflictLinks) -> pd.DataFrame:
    """The comparison table: ``comparison_rows`` with the conflicts ``links`` noted."""
    listed, counted = links.listed(rows["key"], rows["article_id"])
    rows = rows.assign(unreconcilable_with=listed, unreconcilable_count=counted,
                       flagged=counted.gt(0))
    return rows[COMPARISON_COLUMNS].reset_index(drop=True)


def compare_figures(numbers: pd.DataFrame, articles: pd.DataFrame,
                    keys: ComparisonKeys | None = None, *, window_days: float | None = None,
                    tolerance: float = 0.0) -> pd.DataFrame:
    """One row per key × article, ordered by key and publication date, with flags.

    The row shows the article's representative figure of the key: its first claim in
    reading order (a vague figure only when the article has no claim of the key). The
    others are counted in ``figures_in_article`` and listed in ``other_figures``.
    ``difference_from_previous``/``days_from_previous`` compare with the previous dated
    article's representative; ``unreconcilable_count`` counts the articles with a figure of
    the key that cannot be reconciled with one of this article's (see ``discrepancies``)
    and ``unreconcilable_with`` names them (the first ``MAX_LISTED`` in id order).
    """
    figs = ordered_figures(numbers, articles, keys or load_keys(), window_days)
    rows = comparison_rows(figs)
    links = conflict_links(rows)
    for _ in links.collect(figure_discrepancies(figs, tolerance=tolerance)):
        pass
    return flag_rows(rows, links)
