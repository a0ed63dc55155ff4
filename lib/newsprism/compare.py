"""Figures of the same quantity set side by side across articles, and arithmetic within one.

Cross-article steps: they read the numbers table (one row per extracted figure) and the
articles table, never the raw corpus. Nothing here judges which figure is right: the tables
show both sides, their sources and sentences, and neutral measures of the difference.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from newsprism.numbers import NUMBER_COLUMNS
from newsprism.resources import load_yaml

# How many later figures of the same key and unit each figure is compared with.
MAX_NEIGHBOURS = 20
CHANGES = ("fixed", "cumulative", "level")
FIGURE_COLUMNS = ["surface", "value", "unit", "qualifier", "low", "high", "comparable_value",
                  "comparable_low", "comparable_high", "comparable_unit", "source",
                  "sentence_id", "sentence"]
COMPARISON_COLUMNS = ["key", "change", "article_id", "published", "outlet", "start", "end",
                      *FIGURE_COLUMNS, "figures_in_article", "other_figures",
                      "articles_with_key", "difference_from_previous", "days_from_previous",
                      "unreconcilable_with", "flagged"]
_SIDE = ["article_id", "published", "outlet", "start", "end", "surface", "value", "unit",
         "qualifier", "low", "high", "source", "sentence"]
DISCREPANCY_COLUMNS = ["key", "change", "window_days", *(f"a_{c}" for c in _SIDE),
                       *(f"b_{c}" for c in _SIDE), "comparable_unit", "a_comparable_value",
                       "b_comparable_value", "days_apart", "difference", "relative_difference",
                       "interval_gap", "reconcilable"]
DERIVED_COLUMNS = ["article_id", "rule", "result_key", "description", "value", "low", "high",
                   "expression", "inputs", "input_offsets", "start", "end", "sentence_id",
                   "sentence", "published", "as_of_text", "as_of"]

_DERIVED_TYPES = {"value": "float", "low": "float", "high": "float", "start": "Int64",
                  "end": "Int64", "sentence_id": "Int64", "published": "datetime64[us]",
                  "as_of": "datetime64[us]"}
_OPERATORS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷"}
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}
_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
# "since March 18", "since Israel resumed its offensive on 18 March 2025": the period start.
SINCE_DATE = re.compile(
    rf"\bsince\b[^.;!?]{{0,80}}?\b(?:(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month1>{_MONTHS})"
    rf"|(?P<month2>{_MONTHS})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)\b(?:,?\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE)


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

    def rule(self, key: str) -> KeyRule:
        """The rule for ``key``; unlisted keys are levels compared within the default window."""
        return self.keys.get(key, KeyRule("level", None))

    def window(self, key: str, default: float | None = None) -> float:
        """Days within which figures of ``key`` are compared (``default`` replaces the file's)."""
        own = self.rule(key).window_days
        if own is not None:
            return own
        return self.default_window_days if default is None else float(default)


@dataclass(frozen=True)
class DerivedRule:
    """One arithmetic rule over the figures of an article, parsed once."""

    name: str
    expression: str
    tree: ast.Expression
    inputs: tuple[str, ...]
    result_key: str
    description: str
    as_of: str | None
    within_sentences: int


@dataclass(frozen=True)
class DerivedRules:
    """The rules of ``derived_checks.yaml``."""

    rules: tuple[DerivedRule, ...]


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
                          MappingProxyType(fields))


def _names(tree: ast.AST, where: str) -> tuple[str, ...]:
    """The keys an expression reads, refusing anything beyond + − × ÷, numbers and keys."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.extend([] if node.id in names else [node.id])
        elif isinstance(node, ast.operator):
            if type(node) not in _OPERATORS:
                raise ValueError(f"{where}: only + - * / are allowed")
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, int | float) or isinstance(node.value, bool):
                raise ValueError(f"{where}: only numbers and keys are allowed")
        elif not isinstance(node, ast.Expression | ast.BinOp | ast.UnaryOp | ast.USub | ast.Load
                            | ast.operator):
            raise ValueError(f"{where}: unsupported syntax {type(node).__name__}")
    return tuple(names)


def load_derived_rules(path: str | Path | None = None) -> DerivedRules:
    """Load ``derived_checks.yaml`` (or ``path``), parsing and checking every expression."""
    data = load_yaml("derived_checks.yaml", path) or {}
    rules = []
    for number, spec in enumerate(data.get("rules") or []):
        missing = [f for f in ("name", "expression", "result_key") if not spec.get(f)]
        if missing:
            raise ValueError(f"derived rule #{number + 1}: missing {', '.join(missing)}")
        where = f"derived rule {spec['name']!r}"
        try:
            tree = ast.parse(str(spec["expression"]), mode="eval")
        except SyntaxError as error:
            raise ValueError(f"{where}: cannot parse expression: {error.msg}") from None
        as_of = spec.get("as_of")
        if as_of not in (None, "since"):
            raise ValueError(f"{where}: as_of must be 'since' or absent")
        rules.append(DerivedRule(str(spec["name"]), str(spec["expression"]), tree,
                                 _names(tree, where), str(spec["result_key"]),
                                 str(spec.get("description", "")), as_of,
                                 int(spec.get("within_sentences", 1))))
    return DerivedRules(tuple(rules))


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
    _require(numbers, NUMBER_COLUMNS, "numbers")
    frame = numbers[NUMBER_COLUMNS].copy()
    frame["article_id"] = frame["article_id"].astype("str")
    for column in ("value", "low", "high"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float")
    for column in ("start", "end", "sentence_id"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    key = frame["key"].astype("str").str.strip()
    keep = frame["key"].notna() & key.ne("") & frame["kind"].astype("str").ne("other")
    frame = frame.assign(key=key)[keep]
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
    return frame.merge(article_info(articles), on="article_id", how="left")


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


def _pairs(figs: pd.DataFrame,
           neighbours: int = MAX_NEIGHBOURS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The figures in order, and pairs of them (``order_a, order_b, days_apart``) of one key
    and unit from two articles close enough in date.

    Each figure is set against the next ``neighbours`` figures of its key and unit in date
    order, so the work grows linearly with the corpus rather than with its square; on a
    corpus with fewer figures per key than that, every pair is compared. Pairs hold row
    numbers only, so memory stays small until the kept pairs are written out.
    """
    figs = _order(figs)
    lean = figs[["key", "comparable_unit", "article_id", "published", "window_days"]]
    lean = lean.assign(order=np.arange(len(figs))).sort_values(
        ["key", "comparable_unit", "order"], kind="stable").reset_index(drop=True)
    parts = [pd.DataFrame({"order_a": [], "order_b": [], "days_apart": []})]
    for step in range(1, min(neighbours, len(lean) - 1) + 1):
        a, b = lean.iloc[:-step].reset_index(drop=True), lean.iloc[step:].reset_index(drop=True)
        group = a["key"].eq(b["key"]) & a["comparable_unit"].eq(b["comparable_unit"])
        if not group.any():
            break  # every key-and-unit group is shorter than this step
        days = (b["published"] - a["published"]).dt.days.abs().astype("float")
        keep = (group & a["article_id"].ne(b["article_id"])
                & (a["window_days"].eq(np.inf) | days.le(a["window_days"])))
        parts.append(pd.DataFrame({"order_a": a.loc[keep, "order"].to_numpy(),
                                   "order_b": b.loc[keep, "order"].to_numpy(),
                                   "days_apart": days[keep].to_numpy()}))
    pairs = pd.concat(parts, ignore_index=True).astype({"order_a": "int64", "order_b": "int64"})
    return figs, pairs.sort_values(["order_a", "order_b"], ignore_index=True)


def discrepancies(numbers: pd.DataFrame, articles: pd.DataFrame,
                  keys: ComparisonKeys | None = None, *, window_days: float | None = None,
                  tolerance: float = 0.0, include_reconcilable: bool = False) -> pd.DataFrame:
    """Pairs of figures of the same key in two articles whose intervals cannot be reconciled.

    Two figures are compared when the key is ``fixed`` or has window ``any`` (any dates), or
    when both articles are dated and at most the key's window apart (``window_days``
    replaces the default window of keys without one of their own); each figure is compared
    with the next ``MAX_NEIGHBOURS`` figures of its key in date order. Side ``a`` is the
    earlier article. Intervals come from the qualifiers ("at least 35" is [35, inf]);
    ``interval_gap`` is the distance between them in ``comparable_unit`` (0 when they
    overlap); ``reconcilable`` is ``interval_gap <= tolerance × the larger value``.
    ``difference`` is b − a and ``relative_difference`` that over |a|. Every figure is
    used, not only one per article, but repeated identical pairs of two articles are shown
    once; figures within one article are not paired. ``include_reconcilable`` keeps all
    compared pairs.
    """
    keys = keys or load_keys()
    figs, pairs = _pairs(comparable_figures(numbers, articles, keys, window_days))
    a, b = pairs["order_a"].to_numpy(), pairs["order_b"].to_numpy()

    def values(column: str, side: np.ndarray) -> np.ndarray:
        return figs[column].to_numpy(dtype="float")[side]

    gap = np.fmax(np.fmax(values("comparable_low", a) - values("comparable_high", b),
                          values("comparable_low", b) - values("comparable_high", a)), 0.0)
    larger = np.fmax(np.abs(values("comparable_value", a)), np.abs(values("comparable_value", b)))
    reconcilable = gap <= np.nan_to_num(tolerance * larger)
    kept = slice(None) if include_reconcilable else ~reconcilable
    a, b, gap, reconcilable = a[kept], b[kept], gap[kept], reconcilable[kept]
    difference = values("comparable_value", b) - values("comparable_value", a)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = difference / np.abs(values("comparable_value", a))
    relative[~np.isfinite(relative)] = np.nan

    def side(rows: np.ndarray, prefix: str) -> dict[str, pd.Series]:
        return {f"{prefix}_{c}": figs[c].iloc[rows].reset_index(drop=True) for c in _SIDE}

    first = figs.iloc[a].reset_index(drop=True)
    out = pd.DataFrame({
        "key": first["key"], "change": first["change"], "window_days": first["window_days"],
        **side(a, "a"), **side(b, "b"),
        "comparable_unit": first["comparable_unit"],
        "a_comparable_value": values("comparable_value", a),
        "b_comparable_value": values("comparable_value", b),
        "days_apart": pairs["days_apart"].to_numpy()[kept], "difference": difference,
        "relative_difference": relative, "interval_gap": gap, "reconcilable": reconcilable,
    }, columns=DISCREPANCY_COLUMNS)
    out = out.drop_duplicates(["key", "a_article_id", "b_article_id", "a_low", "a_high",
                               "b_low", "b_high"])
    return out.reset_index(drop=True)


def compare_figures(numbers: pd.DataFrame, articles: pd.DataFrame,
                    keys: ComparisonKeys | None = None, *, window_days: float | None = None,
                    tolerance: float = 0.0) -> pd.DataFrame:
    """One row per key × article, ordered by key and publication date, with flags.

    The row shows the article's representative figure of the key: its first claim in
    reading order (a vague figure only when the article has no claim of the key). The
    others are counted in ``figures_in_article`` and listed in ``other_figures``.
    ``difference_from_previous``/``days_from_previous`` compare with the previous dated
    article's representative; ``unreconcilable_with`` lists the articles with a figure of
    the key that cannot be reconciled with any of this article's (see ``discrepancies``).
    """
    keys = keys or load_keys()
    figs = comparable_figures(numbers, articles, keys)
    figs = figs.assign(claim_rank=figs["kind"].astype("str").ne("claim").astype("int"))
    figs = figs.sort_values(["key", "article_id", "claim_rank", "start"], kind="stable")
    group = figs.groupby(["key", "article_id"], sort=False)
    rows = figs.assign(figures_in_article=group["start"].transform("size"),
                       other_figures=group["surface"].transform(_others))
    rows = _order(rows.drop_duplicates(["key", "article_id"]))
    rows["articles_with_key"] = rows.groupby("key")["article_id"].transform("size")
    dated = rows[rows["published"].notna()]
    previous = dated.groupby("key")[["comparable_value", "published"]].shift()
    rows["difference_from_previous"] = (dated["comparable_value"]
                                        - previous["comparable_value"]).reindex(rows.index)
    rows["days_from_previous"] = (dated["published"] - previous["published"]).dt.days.reindex(
        rows.index).astype("Float64")
    flagged = discrepancies(numbers, articles, keys, window_days=window_days,
                            tolerance=tolerance)
    rows["unreconcilable_with"] = _partners(rows, flagged)
    rows["flagged"] = rows["unreconcilable_with"].ne("")
    return rows[COMPARISON_COLUMNS].reset_index(drop=True)


def _others(surfaces: pd.Series) -> str:
    """The surfaces after the first of one key × article group, joined for reading."""
    return " | ".join(surfaces.iloc[1:].astype("str"))


def _partners(rows: pd.DataFrame, flagged: pd.DataFrame) -> pd.Series:
    """For each key × article row, the articles it has an unreconcilable pair with."""
    links = pd.concat([
        flagged[["key", "a_article_id", "b_article_id"]].set_axis(
            ["key", "article_id", "other"], axis=1),
        flagged[["key", "b_article_id", "a_article_id"]].set_axis(
            ["key", "article_id", "other"], axis=1),
    ]).drop_duplicates()
    joined = links.groupby(["key", "article_id"])["other"].agg(lambda s: "; ".join(sorted(s)))
    index = pd.MultiIndex.from_frame(rows[["key", "article_id"]])
    return pd.Series(joined.reindex(index).fillna("").to_numpy(), index=rows.index,
                     dtype="str")


def derived_checks(numbers: pd.DataFrame, rules: DerivedRules | None = None,
                   articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The arithmetic each rule implies within an article, shown as text with its inputs.

    A rule applies to an article stating a claim for every input key, the inputs standing at
    most ``within_sentences`` sentences apart; of several combinations the tightest (shortest
    character span) is used. ``value`` is the arithmetic on the stated values, ``low``/``high``
    the same on the qualifier intervals. ``start``/``end`` span the inputs (each input's
    offsets are in ``input_offsets``). Given ``articles``, ``published`` is filled and an
    ``as_of: since`` date without a year takes the latest such date not after publication.
    """
    rules = rules or load_derived_rules()
    claims = keyed_figures(numbers)
    claims = claims[claims["kind"].astype("str").eq("claim") & claims["value"].notna()]
    parts = [part for rule in rules.rules if not (part := _apply(rule, claims)).empty]
    if not parts:
        return pd.DataFrame(columns=DERIVED_COLUMNS).astype(_DERIVED_TYPES)
    out = pd.concat(parts, ignore_index=True)
    info = article_info(articles) if articles is not None else pd.DataFrame(
        {"article_id": pd.Series(dtype="str"),
         "published": pd.Series(dtype="datetime64[us]")})
    out = out.merge(info[["article_id", "published"]], on="article_id", how="left")
    out = out.join(_as_of(out))
    return out[DERIVED_COLUMNS]


def _apply(rule: DerivedRule, claims: pd.DataFrame) -> pd.DataFrame:
    """One rule over every article: the tightest combination of its inputs, evaluated."""
    fields = ["article_id", "start", "end", "sentence_id", "sentence", "surface", "value",
              "low", "high"]
    combo = None
    for number, name in enumerate(rule.inputs):
        part = claims.loc[claims["key"].eq(name), fields].rename(
            columns={c: f"{c}_{number}" for c in fields[1:]})
        combo = part if combo is None else combo.merge(part, on="article_id")
    if combo is None or combo.empty:
        return pd.DataFrame()
    count = range(len(rule.inputs))
    sentence_ids = combo[[f"sentence_id_{i}" for i in count]]
    combo = combo[(sentence_ids.max(axis=1) - sentence_ids.min(axis=1)).le(
        rule.within_sentences)]
    if combo.empty:
        return pd.DataFrame()
    start = combo[[f"start_{i}" for i in count]].min(axis=1)
    end = combo[[f"end_{i}" for i in count]].max(axis=1)
    combo = combo.assign(start=start, end=end, span=end - start).sort_values(
        ["article_id", "span", "start"], kind="stable").drop_duplicates("article_id")
    env = {name: (combo[f"value_{i}"], combo[f"low_{i}"], combo[f"high_{i}"])
           for i, name in enumerate(rule.inputs)}
    value, low, high = (pd.Series(part, index=combo.index, dtype="float")
                        for part in _evaluate(rule.tree.body, env))
    shown = {name: combo[f"value_{i}"].map(format_number) for i, name in enumerate(rule.inputs)}
    text = _render(rule.tree.body, shown) + " = " + value.map(format_number)
    return pd.DataFrame({
        "article_id": combo["article_id"], "rule": rule.name, "result_key": rule.result_key,
        "description": rule.description, "value": value, "low": low, "high": high,
        "expression": text + _bounds_text(value, low, high),
        "inputs": _joined([name + ": " + combo[f"surface_{i}"].astype("str")
                           for i, name in enumerate(rule.inputs)]),
        "input_offsets": _joined([
            name + " " + combo[f"start_{i}"].astype("int").astype("str") + "–"
            + combo[f"end_{i}"].astype("int").astype("str")
            for i, name in enumerate(rule.inputs)]),
        "start": combo["start"].astype("int"), "end": combo["end"].astype("int"),
        "sentence_id": sentence_ids.loc[combo.index].min(axis=1).astype("Int64"),
        "sentence": combo[[f"sentence_{i}" for i in count]].apply(
            lambda row: " ".join(dict.fromkeys(row.dropna().astype("str"))), axis=1),
        "as_of_rule": rule.as_of or "",
    })


def _joined(parts: list[pd.Series]) -> pd.Series:
    """Element-wise ``"; "``-join of string Series."""
    out = parts[0]
    for part in parts[1:]:
        out = out + "; " + part
    return out


def format_number(value: float) -> str:
    """A number as news prints it: thousands separated, at most two decimals."""
    if pd.isna(value):
        return "?"
    if np.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


def _bounds_text(value: pd.Series, low: pd.Series, high: pd.Series) -> pd.Series:
    """`` (at most H)``, `` (at least L)``, `` (between L and H)`` or nothing for a point."""
    low_text, high_text = low.map(format_number), high.map(format_number)
    point = low.eq(value) & high.eq(value)
    text = " (between " + low_text + " and " + high_text + ")"
    text = text.mask(np.isneginf(low), " (at most " + high_text + ")")
    text = text.mask(np.isposinf(high), " (at least " + low_text + ")")
    return text.mask(point, "")


Interval = tuple[Any, Any, Any]


def _evaluate(node: ast.AST, env: dict[str, Interval]) -> Interval:
    """Point value and interval bounds of an expression, vectorised over Series."""
    if isinstance(node, ast.Constant):
        return (float(node.value),) * 3
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.UnaryOp):
        point, low, high = _evaluate(node.operand, env)
        return -point, -high, -low
    left, right = _evaluate(node.left, env), _evaluate(node.right, env)
    if isinstance(node.op, ast.Add):
        return left[0] + right[0], left[1] + right[1], left[2] + right[2]
    if isinstance(node.op, ast.Sub):
        return left[0] - right[0], left[1] - right[2], left[2] - right[1]
    if isinstance(node.op, ast.Mult):
        return (left[0] * right[0], *_products(left, right))
    spans_zero = (right[1] <= 0) & (right[2] >= 0)
    low, high = _products(left, (None, 1 / right[2], 1 / right[1]))
    return (left[0] / right[0], np.where(spans_zero, -np.inf, low),
            np.where(spans_zero, np.inf, high))


def _products(left: Interval, right: Interval) -> tuple[Any, Any]:
    """Bounds of the product of two intervals (0 × ∞ ignored)."""
    corners = [left[1] * right[1], left[1] * right[2], left[2] * right[1], left[2] * right[2]]
    low, high = corners[0], corners[0]
    for corner in corners[1:]:
        low, high = np.fmin(low, corner), np.fmax(high, corner)
    return low, high


def _render(node: ast.AST, shown: dict[str, pd.Series], parent: int = 0,
            right: bool = False) -> Any:
    """The expression with each key replaced by the stated number, e.g. ``54,418 − 4,149``."""
    if isinstance(node, ast.Constant):
        return format_number(float(node.value))
    if isinstance(node, ast.Name):
        return shown[node.id]
    if isinstance(node, ast.UnaryOp):
        return "−" + _render(node.operand, shown, 3)
    level = _PRECEDENCE[type(node.op)]
    text = (_render(node.left, shown, level) + f" {_OPERATORS[type(node.op)]} "
            + _render(node.right, shown, level, right=True))
    return "(" + text + ")" if level < parent or (right and level == parent) else text


def _as_of(derived: pd.DataFrame) -> pd.DataFrame:
    """``as_of_text`` and ``as_of`` date of rules dated by a "since <date>" phrase."""
    dated = derived["as_of_rule"].eq("since")
    found = derived.loc[dated, "sentence"].astype("str").str.extract(SINCE_DATE).reindex(
        derived.index)
    month_name = found["month1"].fillna(found["month2"]).str.lower().str[:3]
    month = month_name.map({m: i + 1 for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])})
    day = pd.to_numeric(found["day1"].fillna(found["day2"]), errors="coerce")
    published = derived["published"]
    year = pd.to_numeric(found["year"], errors="coerce").fillna(published.dt.year)
    date = _date(year, month, day)
    earlier = date.gt(published) & found["year"].isna()
    date = date.mask(earlier, _date(year - 1, month, day))
    text = derived["sentence"].astype("str").str.extract(
        f"(?P<text>{SINCE_DATE.pattern})", flags=re.IGNORECASE)["text"].where(dated)
    return pd.DataFrame({"as_of_text": text.where(month.notna()).fillna(""), "as_of": date},
                        index=derived.index)


def _date(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    """Dates from year/month/day Series; NaT where any part is missing or invalid."""
    parts = pd.DataFrame({"year": year, "month": month, "day": day}).astype("float")
    valid = parts.notna().all(axis=1)
    dates = pd.to_datetime(parts[valid].astype("int"), errors="coerce")
    return dates.reindex(parts.index).astype("datetime64[us]")
