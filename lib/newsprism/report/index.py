"""The report's index page: the corpus in one line and the headline findings, each linked to
the report that shows it, then a link per notebook and the run's details (time, corpus
fingerprint, version)."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from newsprism.tables import Tables, parquet_path, read_table

# Which report shows each kind of finding.
NUMBERS_REPORT = "03-number-comparison.html"
FRAMING_REPORT = "02-framing-report.html"
OVERVIEW_REPORT = "01-corpus-overview.html"
TOP = 3
# Outlets or groups one finding names at most; past it the first and last three are named
# and the sentence says how many more the report shows.
MAX_LISTED = 6
NOUNS = {"outlet": "outlets", "outlet_group": "outlet groups"}
# The columns of each table the index reads (``comparison``: only its row count); read alone
# from a tables folder, whatever the corpus's size.
INDEX_COLUMNS = {
    "articles": ["outlet", "outlet_group", "published"],
    "comparison": [],
    "discrepancies": ["key", "relative_difference", "a_outlet", "a_article_id", "a_surface",
                      "b_outlet", "b_article_id", "b_surface"],
    "rate_intervals": ["measure", "group_by", "group", "rate", "low", "high"],
    "distinctive_terms": ["z", "group_by", "group", "term"],
    "reference_checks": ["outlet", "days_old"],
}


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook of a report run."""

    name: str
    title: str
    html: str
    seconds: float
    parameters: dict[str, Any]


def _cell(value: Any) -> str:
    """One escaped table cell."""
    return html.escape(json.dumps(value, default=str) if not isinstance(value, str) else value)


@dataclass(frozen=True)
class Finding:
    """One headline sentence and the report page that shows its evidence."""

    text: str
    page: str


def _share(value: float) -> str:
    """A share as a whole percentage."""
    return f"{100 * value:.0f} %"


def corpus_line(tables: Tables) -> str:
    """The corpus in one sentence: articles, outlets, dates, figures compared."""
    articles = tables.articles
    dates = pd.to_datetime(articles["published"]).dropna()
    span = (f", {dates.min().date()} to {dates.max().date()}" if len(dates) else "")
    compared = tables.cross_article.get("comparison", pd.DataFrame())
    return (f"{len(articles):,} articles from {articles['outlet'].replace('', pd.NA).nunique():,}"
            f" outlets{span}; {len(compared):,} figures compared across articles.")


def index_tables(folder: str | Path) -> Tables:
    """The tables of a tables folder the index page reads, only ``INDEX_COLUMNS`` of each (a
    table or column the folder lacks is left out, as an extract without a reference series
    lacks ``reference_checks``)."""
    found = {name: read_table(folder, name, [c for c in columns if c in pq.read_schema(
        parquet_path(folder, name)).names]) for name, columns in INDEX_COLUMNS.items()
        if parquet_path(folder, name).is_file()}
    if "articles" not in found:
        raise FileNotFoundError(f"no articles.parquet in tables folder: {folder}")
    return Tables(found.pop("articles"), pd.DataFrame(), {}, found)


def _listed(parts: list[str], grouping: str) -> str:
    """Parts joined; past ``MAX_LISTED`` the first and last three, with how many more of the
    grouping's members the report shows."""
    if len(parts) <= MAX_LISTED:
        return "; ".join(parts)
    half = MAX_LISTED // 2
    return "; ".join([*parts[:half], f"{len(parts) - 2 * half} more {NOUNS[grouping]} in the "
                      "report", *parts[-half:]])


def _grouping(frame: pd.DataFrame) -> str:
    """What a finding compares: outlet groups when the table has them (the report shows each
    outlet below), else outlets."""
    has_groups = "group_by" in frame and (frame["group_by"] == "outlet_group").any()
    return "outlet_group" if has_groups else "outlet"


def _by(grouping: str) -> str:
    """The words saying a finding is given by outlet group; nothing for outlets."""
    return ", by outlet group" if grouping == "outlet_group" else ""


def headline_findings(tables: Tables, top: int = TOP) -> list[Finding]:
    """The findings a reader asks for first: the largest discrepancy of the ``top``
    quantities that differ most, the agentless share, the most distinctive word and how old
    the figures were against the official series, per outlet group when the metadata gives
    groups, else per outlet."""
    found: list[Finding] = []
    cross = tables.cross_article
    gaps = cross.get("discrepancies", pd.DataFrame())
    if len(gaps):
        largest = gaps.reindex(gaps["relative_difference"].abs().sort_values(
            ascending=False).index).drop_duplicates("key")  # one per quantity
        for row in largest.head(top).itertuples():
            found.append(Finding(
                f"{row.key.replace('_', ' ')}: {row.a_outlet or row.a_article_id} gave "
                f"{row.a_surface}, {row.b_outlet or row.b_article_id} gave {row.b_surface} "
                f"({_share(abs(row.relative_difference))} apart).", NUMBERS_REPORT))
    rates = cross.get("rate_intervals", pd.DataFrame())
    rates = rates[rates["measure"] == "agentless_share"] if len(rates) else rates
    grouping = _grouping(rates)
    agentless = rates[rates["group_by"] == grouping] if len(rates) else rates
    if len(agentless):
        parts = [f"{row.group or '(none)'} {_share(row.rate)}"
                 + ("" if pd.isna(row.low) else f" ({_share(row.low)}–{_share(row.high)})")
                 for row in agentless.sort_values("rate", ascending=False).itertuples()]
        found.append(Finding(f"Casualty clauses without an agent{_by(grouping)}: "
                             + _listed(parts, grouping) + ".", FRAMING_REPORT))
    distinct = cross.get("distinctive_terms", pd.DataFrame())
    grouping = _grouping(distinct)
    if "group_by" in distinct:
        distinct = distinct[distinct["group_by"] == grouping]
    if len(distinct):
        best = distinct.sort_values("z", ascending=False).groupby("group", sort=True).head(1)
        found.append(Finding(f"Most distinctive words{_by(grouping)}: " + _listed(
            [f"{row.group}: “{row.term}”" for row in best.itertuples()], grouping) + ".",
            FRAMING_REPORT))
    checks = cross.get("reference_checks", pd.DataFrame())
    if len(checks) and checks["days_old"].notna().any():
        articles = tables.articles
        groups = articles.get("outlet_group", pd.Series(dtype=str)).replace("", pd.NA)
        grouping = "outlet_group" if groups.notna().any() else "outlet"
        if grouping == "outlet_group":
            names = dict(zip(articles["outlet"], groups, strict=True))
            checks = checks.assign(outlet=checks["outlet"].map(names).fillna("(none)"))
        lag = checks.groupby("outlet")["days_old"].median().dropna()
        found.append(Finding(f"Figures against the official series, median days old"
                             f"{_by(grouping)}: " + _listed(
                                 [f"{name} {days:.0f}" for name, days in lag.items()],
                                 grouping) + ".", NUMBERS_REPORT))
    return found


def index_page(runs: Sequence[NotebookRun], info: dict[str, Any],
               tables: Tables | None = None) -> str:
    """The report's index: the corpus in one line and the headline findings (when the
    run's tables are given), a link per notebook, run time, fingerprint, version,
    parameters."""
    summary = "" if tables is None else (
        f"<p class=\"corpus\">{html.escape(corpus_line(tables))}</p>\n<h2>Findings</h2>\n<ul>\n"
        + "\n".join(f'<li>{html.escape(f.text)} <a href="{html.escape(f.page)}">see the '
                     "report</a></li>" for f in headline_findings(tables)) + "\n</ul>\n")
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(run.html)}">{html.escape(run.title)}</a></td>'
        f"<td>{html.escape(run.name)}</td><td>{run.seconds:.1f} s</td>"
        f"<td><code>{_cell(run.parameters)}</code></td></tr>" for run in runs)
    facts = "\n".join(f"<tr><th>{html.escape(k)}</th><td><code>{_cell(v)}</code></td></tr>"
                      for k, v in info.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>newsprism reports</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2em; }}
th, td {{ text-align: left; padding: 0.35em 0.6em; border-bottom: 1px solid #ddd;
  vertical-align: top; }}
code {{ font-size: 0.85em; word-break: break-all; }}
</style></head>
<body>
<h1>newsprism reports</h1>
{summary}<h2>Reports</h2>
<p><a href="articles/index.html">Every article</a>, its findings marked in place.</p>
<table><thead><tr><th>report</th><th>notebook</th><th>run time</th><th>parameters</th></tr>
</thead><tbody>
{rows}
</tbody></table>
<h2>This run</h2>
<table><tbody>
{facts}
</tbody></table>
</body></html>
"""
