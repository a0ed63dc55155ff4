"""Reference series (official running totals by date) and the checks of article figures on them.

A reference series is a tidy frame ``date, key, value, source, series``: ``series`` is
``reported`` for officially reported points (the only ones figures are checked against) or
``gap_filled`` for the complete daily curves a plot may draw. It comes from the Gaza
casualties JSON (see ``seeds/reference/SOURCE.md``) or from any user CSV with columns
``date, key, value, source``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from newsprism.compare.comparison import (
    ComparisonKeys,
    article_info,
    keyed_figures,
    load_keys,
)

# ``series``: reported or gap_filled; ``field``: the series' own name (the JSON field).
REFERENCE_COLUMNS = ["date", "key", "value", "source", "series", "field"]
CSV_COLUMNS = ["date", "key", "value", "source"]
JSON_DATE = "report_date"
JSON_SOURCE = "report_source"
JSON_PERIOD = "report_period"
DAY_HOURS = 24
FILLED_PREFIX = "ext_"
_REFERENCE_PART = ["series", "reference_date", "reference_value", "reference_source",
                   "difference",
                   "relative_difference", "within_interval", "matched_date", "days_old"]
CHECK_COLUMNS = ["article_id", "start", "end", "key", "surface", "value", "qualifier", "low",
                 "high", "source", "sentence", "outlet", "published", "as_of", *_REFERENCE_PART]
DERIVED_CHECK_COLUMNS = ["article_id", "start", "end", "rule", "result_key", "expression",
                         "value", "low", "high", "as_of", *_REFERENCE_PART]
SUGGESTION_COLUMNS = ["article_id", "title", "outlet", "published", "suggested_date",
                      "window_start", "window_end", "candidate_days", "figures_used",
                      "figures_agreeing", "confidence", "evidence"]


def load_reference(path: str | Path, keys: ComparisonKeys | None = None) -> pd.DataFrame:
    """Read a reference series: the casualties JSON (``.json``) or a user CSV (``.csv``).

    JSON fields are mapped to quantity keys by ``reference_fields`` in ``keys.yaml``
    (``killed_cum`` → ``gaza_death_toll``); a field's ``ext_`` twin becomes the
    ``gap_filled`` series of the same key. Raises ValueError naming the file and what is
    missing on bad input.
    """
    target = Path(path)
    if not target.is_file():
        raise FileNotFoundError(f"reference series not found: {target}")
    suffix = target.suffix.lower()
    if suffix == ".json":
        frame = _from_json(target, keys or load_keys())
    elif suffix == ".csv":
        frame = _from_csv(target)
    else:
        raise ValueError(f"{target}: reference series must be .json or .csv, not {suffix!r}")
    return frame.sort_values(["key", "series", "date"], kind="stable").reset_index(drop=True)


def _from_json(path: Path, keys: ComparisonKeys) -> pd.DataFrame:
    """The casualties JSON (one record per report date) as a tidy reference frame."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable JSON file ({error})") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError(f"{path}: expected a JSON array of records, one per report date")
    raw = pd.DataFrame.from_records(records)
    if JSON_DATE not in raw.columns:
        raise ValueError(f"{path}: records lack the field '{JSON_DATE}'")
    fields = [f for f in keys.reference_fields if f in raw.columns]
    if not fields:
        raise ValueError(f"{path}: none of the fields {list(keys.reference_fields)} "
                         "(reference_fields in keys.yaml) is present")
    dates = _dates(raw[JSON_DATE], path, JSON_DATE)
    origin = raw[JSON_SOURCE].astype("str") if JSON_SOURCE in raw else pd.Series(
        "", index=raw.index, dtype="str")
    one_day = pd.to_numeric(raw[JSON_PERIOD], errors="coerce").eq(DAY_HOURS) \
        if JSON_PERIOD in raw else pd.Series(True, index=raw.index)
    parts = []
    for field in fields:
        for column, series in ((field, "reported"), (FILLED_PREFIX + field, "gap_filled")):
            if column not in raw.columns:
                continue
            values = pd.to_numeric(raw[column], errors="coerce").astype("float")
            if field in keys.period_fields:
                values = values.where(one_day)
            parts.append(pd.DataFrame({
                "date": dates, "key": keys.reference_fields[field], "value": values,
                "source": f"{path.name}: {column} (" + origin + ")", "series": series,
                "field": field,
            })[values.notna()])
    return pd.concat(parts, ignore_index=True)[REFERENCE_COLUMNS]


def _from_csv(path: Path) -> pd.DataFrame:
    """A user series ``date, key, value, source`` (optional ``series``) as a reference frame."""
    try:
        raw = pd.read_csv(path, dtype="str", keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ValueError(f"{path}: not a readable CSV file ({error})") from None
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    missing = [c for c in CSV_COLUMNS if c not in raw.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)} "
                         f"(a reference CSV needs {', '.join(CSV_COLUMNS)})")
    values = pd.to_numeric(raw["value"].str.replace(",", "", regex=False), errors="coerce")
    bad = raw.index[values.isna()]
    if len(bad):
        raise ValueError(f"{path}: column value is not a number on data row(s) "
                         f"{', '.join(str(i + 1) for i in bad[:5])}")
    series = raw.get("series", "reported")
    key = raw["key"].str.strip()
    return pd.DataFrame({"date": _dates(raw["date"], path, "date"), "key": key,
                         "value": values.astype("float"), "source": raw["source"],
                         "series": series, "field": raw.get("field", key)})[REFERENCE_COLUMNS]


def _dates(text: pd.Series, path: Path, column: str) -> pd.Series:
    """Day dates of a column, or ValueError naming the file, column and first bad rows."""
    dates = pd.to_datetime(text, errors="coerce", format="%Y-%m-%d")
    bad = text.index[dates.isna()]
    if len(bad):
        raise ValueError(f"{path}: column {column} is not a YYYY-MM-DD date on data row(s) "
                         f"{', '.join(str(i + 1) for i in bad[:5])}")
    return dates.dt.normalize().astype("datetime64[us]")


def _reported(reference: pd.DataFrame) -> pd.DataFrame:
    """The officially reported points of a reference frame, sorted by date."""
    missing = [c for c in CSV_COLUMNS if c not in reference.columns]
    if missing:
        raise ValueError(f"reference table lacks column(s): {', '.join(missing)}")
    points = reference if "series" not in reference else reference[
        reference["series"].eq("reported")]
    field = points["field"] if "field" in points else points["key"]
    points = points[CSV_COLUMNS].assign(
        field=field.astype("str"),
        date=pd.to_datetime(points["date"]).astype("datetime64[us]"),
        value=points["value"].astype("float"), key=points["key"].astype("str"))
    return points.sort_values("date", kind="stable").reset_index(drop=True)


def _against(frame: pd.DataFrame, date: str, reference: pd.DataFrame) -> pd.DataFrame:
    """Add the reference columns to figures (``key, value, low, high`` and a ``date`` column).

    ``reference_value`` is the last reported point on or before the date; ``matched_date``
    the latest reported date on or before it on which the series lay within [low, high]
    (else the earliest date after it); ``days_old`` = date − matched_date in days (negative
    when the series reached the figure only later).
    """
    points = _reported(reference)
    frame = frame.reset_index(drop=True).assign(
        row=lambda f: np.arange(len(f)), key=lambda f: f["key"].astype("str"),
        **{date: lambda f: f[date].astype("datetime64[us]")})
    dated = frame[frame[date].notna()].sort_values(date, kind="stable")
    on_date = pd.merge_asof(
        dated[["row", "key", date]], points.rename(columns={
            "date": "reference_date", "value": "reference_value",
            "source": "reference_source", "field": "series"}),
        left_on=date, right_on="reference_date", by="key", direction="backward")
    frame = frame.merge(on_date.drop(columns=["key", date]), on="row", how="left")
    matches = frame[["row", "key", "low", "high", date]].merge(points.drop(columns="field"),
                                                               on="key")
    matches = matches[matches["value"].between(matches["low"], matches["high"])]
    earlier = matches["date"].le(matches[date])
    frame = frame.join(matches[earlier].groupby("row")["date"].max().rename("before"), on="row")
    frame = frame.join(matches[~earlier].groupby("row")["date"].min().rename("after"), on="row")
    matched = frame["before"].fillna(frame["after"]).astype("datetime64[us]")
    frame["matched_date"] = matched.where(frame[date].notna())
    frame["days_old"] = (frame[date] - frame["matched_date"]).dt.days.astype("Int64")
    frame["difference"] = frame["value"] - frame["reference_value"]
    frame["relative_difference"] = frame["difference"] / frame["reference_value"]
    frame["within_interval"] = frame["reference_value"].between(frame["low"], frame["high"])
    frame["within_interval"] = frame["within_interval"].where(
        frame["reference_value"].notna()).astype("boolean")
    return frame


def reference_checks(numbers: pd.DataFrame, articles: pd.DataFrame,
                     reference: pd.DataFrame) -> pd.DataFrame:
    """Each article figure of a key with a reference series, set against the series.

    The figure is checked on the day its sentence dates it (``as_of``: "the ministry said on
    Monday", "as of 5 March") when it gives one, else on the publication day.
    ``reference_value`` is the last officially reported value on or before that day
    (``reference_date``); ``difference`` = value − reference_value. ``days_old`` is how old
    the figure was: days from the latest date, on or before that day, on which the series
    lay within the figure's interval [low, high] (for an exact figure: had that value) to
    that day; negative when the series reached it only later. Figures with neither date
    keep their rows with empty reference columns.
    """
    keys = set(_reported(reference)["key"])
    figs = keyed_figures(numbers)
    figs = figs[figs["key"].isin(keys)].merge(article_info(articles), on="article_id",
                                                how="left")
    figs = figs.assign(checked_on=figs["as_of"].fillna(figs["published"]))
    checked = _against(figs, "checked_on", reference)
    return checked[CHECK_COLUMNS].sort_values(
        ["key", "published", "article_id", "start"], na_position="last",
        kind="stable").reset_index(drop=True)


def derived_reference_checks(derived: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Derived figures (``compare.derived_checks``) set against the series on their date.

    The date is ``as_of`` when the rule dates its result (the toll "since March 18"), else
    publication; the reference columns mean what they mean in ``reference_checks``.
    """
    keys = set(_reported(reference)["key"])
    frame = derived[derived["result_key"].isin(keys)].assign(
        key=lambda f: f["result_key"],
        checked_on=lambda f: f["as_of"].fillna(f["published"]).astype("datetime64[us]"))
    checked = _against(frame, "checked_on", reference)
    return checked.assign(as_of=checked["checked_on"])[DERIVED_CHECK_COLUMNS]


def suggest_dates(numbers: pd.DataFrame, articles: pd.DataFrame, reference: pd.DataFrame, *,
                  all_articles: bool = False) -> pd.DataFrame:
    """Publication dates suggested for undated articles by their figures and the series.

    A figure's candidate days are the reported dates on which the series equals its value
    exactly, or, when it never does, lay within its interval. An article's window is the
    days most of its figures share; ``suggested_date`` is the one where the series is
    closest to the figures (earliest on ties). It names the series date: an article
    usually appears that day or a day or two later. ``all_articles`` also checks dated ones.
    Only running totals date an article: a day's toll of 35 fits hundreds of days.
    """
    info = article_info(articles)
    targets = info if all_articles else info[info["published"].isna()]
    keys = load_keys()
    points = _reported(reference)
    points = points[[keys.rule(key).change == "cumulative" for key in points["key"]]]
    figs = keyed_figures(numbers)
    figs = figs[figs["article_id"].isin(targets["article_id"])
                & figs["key"].isin(set(points["key"]))].reset_index(drop=True)
    figs = figs.assign(figure=np.arange(len(figs)))
    candidates = _candidates(figs, points)
    rows = _best_days(candidates, figs)
    out = targets.merge(rows, on="article_id", how="left")
    out["candidate_days"] = out["candidate_days"].fillna(0).astype("int")
    out["figures_used"] = out["figures_used"].fillna(0).astype("int")
    out["figures_agreeing"] = out["figures_agreeing"].fillna(0).astype("int")
    out["evidence"] = out["evidence"].fillna("no figure of a key with a reference series")
    out["confidence"] = np.select(
        [out["candidate_days"].eq(0), out["candidate_days"].le(2), out["candidate_days"].le(14)],
        ["none", "high", "medium"], "low")
    return out[SUGGESTION_COLUMNS].reset_index(drop=True)


def _candidates(figs: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Per figure, the series dates it fits: exact equality if any, else its interval."""
    pairs = figs[["figure", "article_id", "key", "value", "low", "high"]].merge(
        points.rename(columns={"value": "series_value"}), on="key")
    pairs = pairs[pairs["series_value"].between(pairs["low"], pairs["high"])]
    exact = pairs["series_value"].eq(pairs["value"])
    has_exact = exact.groupby(pairs["figure"]).transform("any")
    pairs = pairs[exact | ~has_exact]
    scale = pairs["value"].abs().where(pairs["value"].ne(0), 1.0)
    return pairs.assign(exact=has_exact[pairs.index],
                        distance=((pairs["series_value"] - pairs["value"]).abs() / scale)
                        .fillna(0.0))


def _best_days(candidates: pd.DataFrame, figs: pd.DataFrame) -> pd.DataFrame:
    """Per article: the days most figures share, the closest of them, and the evidence."""
    columns = ["article_id", "suggested_date", "window_start", "window_end", "candidate_days",
               "figures_used", "figures_agreeing", "evidence"]
    if candidates.empty:
        return pd.DataFrame(columns=columns).astype({"article_id": "str"})
    days = candidates.groupby(["article_id", "date"], as_index=False).agg(
        figures_agreeing=("figure", "nunique"), distance=("distance", "sum"))
    most = days.groupby("article_id")["figures_agreeing"].transform("max")
    days = days[days["figures_agreeing"].eq(most)].sort_values(
        ["article_id", "distance", "date"], kind="stable")
    best = days.groupby("article_id").agg(
        suggested_date=("date", "first"), window_start=("date", "min"),
        window_end=("date", "max"), candidate_days=("date", "size"),
        figures_agreeing=("figures_agreeing", "first"))
    best["figures_used"] = figs.groupby("article_id").size().reindex(best.index)
    best["evidence"] = _evidence(candidates, figs).reindex(best.index)
    return best.reset_index()[columns]


def _evidence(candidates: pd.DataFrame, figs: pd.DataFrame) -> pd.Series:
    """One sentence per figure saying which series dates it fits, joined per article."""
    per = candidates.groupby("figure").agg(first=("date", "min"), last=("date", "max"),
                                           days=("date", "size"), exact=("exact", "first"))
    per = figs.set_index("figure")[["article_id", "surface"]].join(per)
    first = per["first"].dt.strftime("%Y-%m-%d")
    last = per["last"].dt.strftime("%Y-%m-%d")
    verb = pd.Series(np.where(per["exact"].fillna(False).astype("bool"), " equals the series ",
                              " fits the series "), index=per.index)
    span = pd.Series(np.where(per["days"].eq(1), "on " + first + " only",
                              "on " + per["days"].astype("Int64").astype("str") + " days from "
                              + first + " to " + last), index=per.index)
    text = ("'" + per["surface"].astype("str") + "'" + verb + span).where(
        per["days"].notna(), "'" + per["surface"].astype("str") + "' fits no reported date")
    return text.groupby(per["article_id"]).agg("; ".join)
