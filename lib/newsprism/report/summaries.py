"""The tables the reports show: the measures' tables summed per outlet (or outlet group),
side by side.

Each function takes extracted tables (and the articles table for outlets) and returns a
small frame meant to be read as it is: rows and columns named for what they hold, outlets as
columns where outlets are compared. Rates are pooled (total count / total words), so long
articles weigh by their length. ``group_by`` names what articles are grouped by, as in the
``rate_intervals`` table: ``outlet`` or the metadata's ``outlet_group``. Tables of single
findings keep ``article_id`` and ``start``, which the report turns into a link to the finding
in its article's page; the id comes after the outlet, so the link is in sight.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from newsprism.compare.distinctive import distinctive_terms
from newsprism.compare.intervals import GROUPINGS
from newsprism.measures.agency import CONSTRUCTIONS
from newsprism.report.plots import NO_OUTLET, outlet_name
from newsprism.tables import Tables

TOP_LABELS = 4
TOP_TERMS = 8
PER_WORDS = 1000
NO_GROUP = "(no group)"


def grouping(articles: pd.DataFrame, group_by: str) -> str:
    """The grouping a report compares first: ``group_by`` when the articles fill it in, else
    ``outlet``; an unknown name is an error naming the known ones."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}, not {group_by!r}")
    if group_by != "outlet" and (group_by not in articles
                                 or not articles[group_by].fillna("").ne("").any()):
        return "outlet"
    return group_by


def groupings(articles: pd.DataFrame, group_by: str) -> list[str]:
    """The groupings a report shows, the one compared first first: ``[outlet_group, outlet]``
    when the articles name groups and ``group_by`` asks for them, else ``[outlet]``."""
    first = grouping(articles, group_by)
    return [first] if first == "outlet" else [first, "outlet"]


def by_groupings(table: Callable[..., pd.DataFrame], groupings: list[str], *args: Any,
                 **kwargs: Any) -> dict[str, pd.DataFrame]:
    """``table(*args, **kwargs, group_by=g)`` for each grouping, keyed by it: the same table by
    outlet group, then by outlet."""
    return {g: table(*args, **kwargs, group_by=g) for g in groupings}


def group_names(articles: pd.DataFrame, group_by: str = "outlet") -> pd.Series:
    """Each article's group display name, indexed by article id: its outlet (``(no outlet)``
    when missing) or its outlet group (``(no group)``)."""
    if group_by == "outlet":
        names = articles["outlet"].map(outlet_name)
    else:
        names = articles[group_by].map(
            lambda g: NO_GROUP if outlet_name(g) == NO_OUTLET else outlet_name(g))
    return pd.Series(names.to_numpy(), index=articles["article_id"].to_numpy(), name=group_by)


def _with_outlet(frame: pd.DataFrame, articles: pd.DataFrame, group_by: str = "outlet"
                 ) -> pd.DataFrame:
    """``frame`` with each row's outlet (or group) display name in a ``group_by`` column."""
    names = group_names(articles, group_by)
    return frame.assign(**{group_by: frame["article_id"].map(names)})


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for display: missing values shown as empty cells, index renumbered."""
    return frame.astype(object).fillna("").reset_index(drop=True)


def _outlet_words(articles: pd.DataFrame, group_by: str = "outlet") -> pd.Series:
    """Content words per outlet (or group)."""
    return _with_outlet(articles, articles, group_by).groupby(group_by)["words"].sum()


def label_table(labels: pd.DataFrame, articles: pd.DataFrame, voice: str | None = "own",
                top: int = TOP_LABELS, group_by: str = "outlet") -> pd.DataFrame:
    """Actor × outlet (or group): each one's most used labels for the actor, with counts.

    ``voice="own"`` keeps the outlet's narration (not quotes or reported speech); None keeps all.
    """
    chosen = labels if voice is None else labels[labels["voice"] == voice]
    if chosen.empty:
        return pd.DataFrame()
    counts = _with_outlet(chosen, articles, group_by).groupby(["actor", group_by, "form"]) \
        .size().rename("count").reset_index().sort_values(["count", "form"],
                                                          ascending=[False, True])
    return _top_cells(counts, "actor", group_by, "form", top)


def _top_cells(counts: pd.DataFrame, row: str, column: str, item: str, top: int
               ) -> pd.DataFrame:
    """Row × column cells listing the ``top`` items with their counts ("form 3 · other 1")."""
    best = counts.groupby([row, column]).head(top)
    cells = best.assign(cell=best[item].astype(str) + " " + best["count"].astype(str)) \
        .groupby([row, column])["cell"].agg(" · ".join)
    return cells.unstack(column).astype(object).fillna("")


def term_rates_by_outlet(terms: pd.DataFrame, articles: pd.DataFrame, group_by: str = "outlet"
                         ) -> pd.DataFrame:
    """Loaded terms per 1,000 content words by outlet (or group), category and voice
    (pooled)."""
    words = _outlet_words(articles, group_by)
    counts = _with_outlet(terms, articles, group_by).groupby([group_by, "category", "voice"]) \
        .size()
    frame = counts.rename("count").reset_index()
    frame["per_1000"] = frame["count"] / frame[group_by].map(words) * PER_WORDS
    return frame


def term_table(terms: pd.DataFrame, articles: pd.DataFrame, top: int = TOP_TERMS,
               group_by: str = "outlet") -> pd.DataFrame:
    """Category × outlet (or group): the loaded terms used in the outlet's own voice, with
    counts."""
    own = _with_outlet(terms[terms["voice"] == "own"], articles, group_by)
    if own.empty:
        return pd.DataFrame()
    counts = own.groupby(["category", group_by, "term"]).size().rename("count").reset_index() \
        .sort_values(["count", "term"], ascending=[False, True])
    return _top_cells(counts, "category", group_by, "term", top)


def term_list(terms: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every loaded term as found, with outlet, category and voice, in article order."""
    frame = _with_outlet(terms, articles)
    columns = ["outlet", "article_id", "category", "term", "voice", "start"]
    return _blank(frame[columns])


def term_rate_table(terms: pd.DataFrame, articles: pd.DataFrame, voice: str = "own",
                    group_by: str = "outlet") -> pd.DataFrame:
    """Outlet (or group) × category: loaded terms per 1,000 content words in one voice (0 when
    none); categories by falling total."""
    rates = term_rates_by_outlet(terms[terms["voice"] == voice], articles, group_by)
    table = rates.pivot_table(index=group_by, columns="category", values="per_1000",
                              aggfunc="sum", fill_value=0.0)
    table = table.reindex(sorted(_outlet_words(articles, group_by).index), fill_value=0.0)
    table.columns.name = "category"
    return table[table.sum().sort_values(ascending=False).index].round(2)


def agency_table(agency: pd.DataFrame, articles: pd.DataFrame, counts: bool = True,
                 group_by: str = "outlet") -> pd.DataFrame:
    """Outlet (or group) × construction: share (%) of casualty clauses (and the clause
    count)."""
    frame = _with_outlet(agency, articles, group_by)
    if frame.empty:
        return pd.DataFrame()
    clauses = frame.groupby([group_by, "construction"]).size().unstack(fill_value=0)
    order = [c for c in CONSTRUCTIONS if c in clauses.columns]
    clauses = clauses[order + [c for c in clauses.columns if c not in order]]
    shares = (clauses.div(clauses.sum(axis=1), axis=0) * 100).round(1)
    return shares.assign(clauses=clauses.sum(axis=1)) if counts else shares


def agency_examples(agency: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Each casualty clause with its construction, agent and victims, by outlet."""
    frame = _with_outlet(agency, articles)
    columns = ["outlet", "article_id", "construction", "verb", "agent", "victims", "instrument",
               "start"]
    return _blank(frame[columns].sort_values(["outlet", "construction"], kind="stable"))


def topic_table(summary: pd.DataFrame, articles: pd.DataFrame, by: str = "topic",
                group_by: str = "outlet") -> pd.DataFrame:
    """Outlet (or group) × topic (or frame): share (%) of content sentences carrying it
    (pooled)."""
    frame = _with_outlet(summary, articles, group_by)
    totals = frame.drop_duplicates("article_id").groupby(group_by)["content_sentences"].sum()
    counts = frame.groupby([group_by, by])["sentences"].sum().unstack(fill_value=0)
    return (counts.div(totals, axis=0) * 100).round(1)


def distinctive_table(tables: Tables, top: int = TOP_TERMS, group_by: str = "outlet"
                      ) -> pd.DataFrame:
    """Rank × outlet (or group): each one's most distinctive terms (highest z), with their z;
    by outlet as extracted, by group computed here from the sentences."""
    distinctive = tables["distinctive_terms"] if group_by == "outlet" else distinctive_terms(
        tables["sentences"], tables.articles.assign(
            **{group_by: group_names(tables.articles, group_by).to_numpy()}), by=group_by)
    ranked = distinctive[distinctive["z"] > 0].sort_values("z", ascending=False)
    ranked = ranked.assign(group=ranked["group"].map(outlet_name))
    best = ranked.groupby("group").head(top).assign(
        cell=lambda f: [f"{t} ({z:.1f})" for t, z in zip(f["term"], f["z"], strict=True)])
    best = best.assign(rank=best.groupby("group").cumcount() + 1)
    table = best.pivot(index="rank", columns="group", values="cell").astype(object).fillna("")
    table.columns.name = group_by
    return table


def overlap_pairs(pairs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Shared-wording pairs with both outlets and both sentences, most similar first."""
    names = group_names(articles)
    frame = pairs.assign(outlet_a=pairs["article_id_a"].map(names),
                         outlet_b=pairs["article_id_b"].map(names))
    columns = ["similarity", "basis", "outlet_a", "article_id_a", "text_a", "outlet_b",
               "article_id_b", "text_b", "start_a", "start_b"]
    return frame.sort_values("similarity", ascending=False)[columns].round(
        {"similarity": 2}).reset_index(drop=True)


def figure_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """Each article's figure per key, by key and date, with its source and what differs."""
    columns = ["key", "published", "outlet", "article_id", "surface", "value", "qualifier",
               "scope", "as_of", "source", "figures_in_article", "difference_from_previous",
               "days_from_previous", "unreconcilable_count", "unreconcilable_with", "start"]
    frame = comparison[[c for c in columns if c in comparison.columns]]
    dates = {c: frame[c].dt.date for c in ("published", "as_of") if c in frame.columns}
    return _blank(frame.assign(**dates))


def shared_keys(comparison: pd.DataFrame) -> pd.DataFrame:
    """Keys reported by more than one article: the figures that can be compared at all."""
    counts = comparison.groupby("key", observed=True)["article_id"].nunique()
    shared = comparison[comparison["key"].isin(counts[counts > 1].index)]
    return figure_table(shared)


def discrepancy_table(discrepancies: pd.DataFrame) -> pd.DataFrame:
    """Irreconcilable pairs: both figures, outlets, dates and sources side by side."""
    columns = ["key", "days_apart", "a_outlet", "a_article_id", "a_published", "a_as_of",
               "a_surface", "a_source", "b_outlet", "b_article_id", "b_published", "b_as_of",
               "b_surface", "b_source", "difference", "relative_difference", "a_start",
               "b_start"]
    frame = discrepancies[columns]
    return frame.assign(**{c: frame[c].dt.date for c in ("a_published", "a_as_of",
                                                         "b_published", "b_as_of")},
                        relative_difference=(frame["relative_difference"] * 100).round(1)) \
        .rename(columns={"relative_difference": "relative_difference_pct"}) \
        .astype(object).fillna("").reset_index(drop=True)


def derived_table(derived: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Figures computed from an article's own figures (e.g. toll before + since = total)."""
    frame = _with_outlet(derived, articles)
    columns = ["outlet", "article_id", "rule", "description", "expression", "value", "low",
               "high", "inputs", "start"]
    return _blank(frame[[c for c in columns if c in frame.columns]])


def reference_table(checks: pd.DataFrame | None) -> pd.DataFrame:
    """Article figures against the reference series on their publication date."""
    if checks is None:
        return pd.DataFrame()
    columns = ["key", "published", "outlet", "article_id", "surface", "source", "value",
               "reference_value", "reference_date", "difference", "relative_difference",
               "days_old", "start"]
    frame = checks[columns]
    return frame.assign(published=frame["published"].dt.date,
                        reference_date=frame["reference_date"].dt.date,
                        relative_difference=(frame["relative_difference"] * 100).round(2)) \
        .rename(columns={"relative_difference": "relative_difference_pct"}) \
        .astype(object).fillna("").reset_index(drop=True)


def number_summary(tables: Tables, group_by: str = "outlet") -> pd.DataFrame:
    """Per outlet (or group): articles, figures compared, figures in an irreconcilable pair,
    figures checked against the series, how many lie within it and the median days old."""
    names = group_names(tables.articles, group_by)
    figures = tables["comparison"].assign(**{group_by: lambda f: f["article_id"].map(names)})
    table = pd.DataFrame({"articles": names.value_counts()})
    table["figures"] = figures.groupby(group_by).size()
    table["in_irreconcilable_pair"] = figures[figures["unreconcilable_count"] > 0] \
        .groupby(group_by).size()
    checks = tables.cross_article.get("reference_checks")
    if checks is not None and len(checks):
        checks = checks.assign(**{group_by: checks["article_id"].map(names)})
        grouped = checks.groupby(group_by)
        table["checked_against_series"] = grouped.size()
        table["within_series_interval"] = grouped["within_interval"].sum()
        table["median_days_old"] = grouped["days_old"].median()
    table.index.name = group_by
    counts = [c for c in table.columns if c != "median_days_old"]
    return table.fillna({c: 0 for c in counts}).astype({c: "int64" for c in counts}) \
        .sort_values("articles", ascending=False)


def quote_shares(quote_summary: pd.DataFrame, articles: pd.DataFrame, kind: str = "quote",
                 group_by: str = "outlet") -> pd.DataFrame:
    """Outlet (or group) × speaker group: share (%) of the quoted words (pooled over
    articles)."""
    frame = _with_outlet(quote_summary[quote_summary["kind"] == kind].drop(columns="outlet"),
                         articles, group_by)
    words = frame.groupby([group_by, "group"])["words"].sum().unstack(fill_value=0)
    words = words.loc[:, words.sum() > 0]
    totals = words.sum(axis=1)
    shares = (words[totals > 0].div(totals[totals > 0], axis=0) * 100).round(1)
    shares.columns.name = "speaker group"
    return shares


def source_table(quotes: pd.DataFrame, articles: pd.DataFrame, group_by: str = "outlet"
                 ) -> pd.DataFrame:
    """Per outlet (or group): quotes, paraphrases, quoted words, anonymous sources and speaker
    groups."""
    frame = _with_outlet(quotes, articles, group_by)
    if frame.empty:
        return pd.DataFrame()
    table = frame.groupby(group_by).agg(
        quotes=("kind", lambda k: int((k == "quote").sum())),
        paraphrases=("kind", lambda k: int((k == "paraphrase").sum())),
        quoted_words=("words", "sum"), anonymous=("anonymous", "sum"),
        speaker_groups=("group", "nunique"))
    return table.astype("int64")


def quote_list(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every direct quote and paraphrase with speaker, group and outlet, in article order."""
    frame = _with_outlet(quotes, articles)
    columns = ["outlet", "article_id", "kind", "speaker", "group", "anonymous", "words", "text",
               "start"]
    return _blank(frame[columns])


def interval_table(intervals: pd.DataFrame, measure: str, category: str | None = None,
                   group_by: str | None = None) -> pd.DataFrame:
    """One measure's rates per group (of one category, or all; of one grouping, or all) with
    their intervals and the articles behind them."""
    rows = intervals[intervals["measure"] == measure]
    if category is not None:
        rows = rows[rows["category"] == category]
    if group_by is not None:
        rows = rows[rows["group_by"] == group_by]
    columns = ["group_by", "group", "category", "rate", "low", "high", "articles", "note"]
    return rows[columns].sort_values(["group_by", "category", "rate"], ascending=[True, True,
                                                                                 False]) \
        .reset_index(drop=True)


def difference_table(differences: pd.DataFrame, measure: str, group_by: str | None = None
                     ) -> pd.DataFrame:
    """The pairs of groups whose rate of ``measure`` differs after the adjustment, largest
    difference first, with the interval and both p-values."""
    rows = differences[(differences["measure"] == measure) & differences["differs"]]
    if group_by is not None:
        rows = rows[rows["group_by"] == group_by]
    columns = ["group_by", "category", "group_a", "group_b", "rate_a", "rate_b", "difference",
               "low", "high", "p_value", "p_adjusted"]
    return rows.assign(size=rows["difference"].abs()).sort_values(
        "size", ascending=False)[columns].reset_index(drop=True)


def validation_table(tables: Tables) -> pd.DataFrame:
    """The last validation of each measure against human coders (``newsprism agree``), or
    one row saying none was run."""
    found = tables.cross_article.get("validation")
    if found is None or found.empty:
        return pd.DataFrame({"validation": ["no coded sample yet: see 'Validating on your "
                                            "corpus' in the README"]})
    return found.reset_index(drop=True)
