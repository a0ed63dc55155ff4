"""Arithmetic within one article: what its figures imply together, shown with the working.

"54,418 in total, 4,149 since 18 March" implies 50,269 on 18 March; "57 remain, 34 believed
dead" implies 23 alive. Rules are readable expressions over quantity keys in
``derived_checks.yaml``; only + − × ÷, numbers and keys are allowed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newsprism.compare.comparison import article_info, keyed_figures
from newsprism.datafiles import load_yaml

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
        "sentence": pd.Series(_distinct_joined(combo[[f"sentence_{i}" for i in count]]),
                              index=combo.index, dtype="str"),
        "as_of_rule": rule.as_of or "",
    })


def _distinct_joined(frame: pd.DataFrame) -> list[str]:
    """Each row's distinct texts (missing ones left out) joined by spaces, in column order."""
    columns = [frame[column].astype("object") for column in frame.columns]
    return [" ".join(dict.fromkeys(str(text) for text in row if not pd.isna(text)))
            for row in zip(*columns, strict=True)]


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
