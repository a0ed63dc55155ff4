"""The tables the reports show: the measures' tables summed per outlet, side by side.

Each function takes extracted tables (and the articles table for outlets) and returns a
small frame meant to be read as it is: rows and columns named for what they hold, outlets as
columns where outlets are compared. Rates are pooled (total count / total words), so long
articles weigh by their length.
"""

from __future__ import annotations

import pandas as pd

from newsprism.measures.agency import CONSTRUCTIONS
from newsprism.report.plots import outlet_name
from newsprism.tables import Tables

TOP_LABELS = 4
TOP_TERMS = 8
PER_WORDS = 1000


def _with_outlet(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each row's outlet display name, from its article."""
    outlets = dict(zip(articles["article_id"], articles["outlet"].map(outlet_name), strict=True))
    return frame.assign(outlet=frame["article_id"].map(outlets))


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for display: missing values shown as empty cells, index renumbered."""
    return frame.astype(object).fillna("").reset_index(drop=True)


def _outlet_words(articles: pd.DataFrame) -> pd.Series:
    """Content words per outlet."""
    return articles.assign(outlet=articles["outlet"].map(outlet_name)).groupby("outlet")["words"] \
        .sum()


def label_table(labels: pd.DataFrame, articles: pd.DataFrame, voice: str | None = "own",
                top: int = TOP_LABELS) -> pd.DataFrame:
    """Actor × outlet: each outlet's most used labels for the actor, with counts.

    ``voice="own"`` keeps the outlet's narration (not quotes or reported speech); None keeps all.
    """
    chosen = labels if voice is None else labels[labels["voice"] == voice]
    if chosen.empty:
        return pd.DataFrame()
    counts = _with_outlet(chosen, articles).groupby(["actor", "outlet", "form"]).size() \
        .rename("count").reset_index().sort_values(["count", "form"], ascending=[False, True])
    cells = counts.groupby(["actor", "outlet"]).head(top).groupby(["actor", "outlet"]).apply(
        lambda g: " · ".join(f"{f} {c}" for f, c in zip(g["form"], g["count"], strict=True)),
        include_groups=False)
    return cells.unstack("outlet").astype(object).fillna("")


def term_rates_by_outlet(terms: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Loaded terms per 1,000 content words by outlet, category and voice (pooled)."""
    words = _outlet_words(articles)
    counts = _with_outlet(terms, articles).groupby(["outlet", "category", "voice"]).size()
    frame = counts.rename("count").reset_index()
    frame["per_1000"] = frame["count"] / frame["outlet"].map(words) * PER_WORDS
    return frame


def term_table(terms: pd.DataFrame, articles: pd.DataFrame, top: int = TOP_TERMS) -> pd.DataFrame:
    """Category × outlet: the loaded terms each outlet uses in its own voice, with counts."""
    own = _with_outlet(terms[terms["voice"] == "own"], articles)
    if own.empty:
        return pd.DataFrame()
    counts = own.groupby(["category", "outlet", "term"]).size().rename("count").reset_index() \
        .sort_values(["count", "term"], ascending=[False, True])
    cells = counts.groupby(["category", "outlet"]).head(top).groupby(["category", "outlet"]) \
        .apply(lambda g: " · ".join(f"{t} {c}" for t, c in zip(g["term"], g["count"],
                                                                 strict=True)),
               include_groups=False)
    return cells.unstack("outlet").astype(object).fillna("")


def term_rate_table(terms: pd.DataFrame, articles: pd.DataFrame, voice: str = "own"
                    ) -> pd.DataFrame:
    """Category × outlet: loaded terms per 1,000 content words in one voice (0 when none)."""
    rates = term_rates_by_outlet(terms[terms["voice"] == voice], articles)
    table = rates.pivot_table(index="category", columns="outlet", values="per_1000",
                              aggfunc="sum", fill_value=0.0)
    outlets = sorted(_outlet_words(articles).index)
    table = table.reindex(columns=outlets, fill_value=0.0)
    return table.loc[table.sum(axis=1).sort_values(ascending=False).index].round(2)


def agency_table(agency: pd.DataFrame, articles: pd.DataFrame, counts: bool = True
                 ) -> pd.DataFrame:
    """Outlet × construction: share (%) of casualty clauses (and the clause count)."""
    frame = _with_outlet(agency, articles)
    if frame.empty:
        return pd.DataFrame()
    clauses = frame.groupby(["outlet", "construction"]).size().unstack(fill_value=0)
    order = [c for c in CONSTRUCTIONS if c in clauses.columns]
    clauses = clauses[order + [c for c in clauses.columns if c not in order]]
    shares = (clauses.div(clauses.sum(axis=1), axis=0) * 100).round(1)
    return shares.assign(clauses=clauses.sum(axis=1)) if counts else shares


def agency_examples(agency: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Each casualty clause with its construction, agent and victims, by outlet."""
    frame = _with_outlet(agency, articles)
    columns = ["outlet", "construction", "verb", "agent", "victims", "instrument", "sentence"]
    return frame[columns].astype(object).fillna("").sort_values(["outlet", "construction"]) \
        .reset_index(drop=True)


def topic_table(summary: pd.DataFrame, articles: pd.DataFrame, by: str = "topic"
                ) -> pd.DataFrame:
    """Outlet × topic (or frame): share (%) of content sentences carrying it (pooled)."""
    frame = _with_outlet(summary, articles)
    totals = frame.drop_duplicates("article_id").groupby("outlet")["content_sentences"].sum()
    counts = frame.groupby(["outlet", by])["sentences"].sum().unstack(fill_value=0)
    return (counts.div(totals, axis=0) * 100).round(1)


def distinctive_table(distinctive: pd.DataFrame, top: int = TOP_TERMS) -> pd.DataFrame:
    """Rank × outlet: each outlet's most distinctive terms (highest z), with their z."""
    ranked = distinctive[distinctive["z"] > 0].sort_values("z", ascending=False)
    ranked = ranked.assign(group=ranked["group"].map(outlet_name))
    best = ranked.groupby("group").head(top).assign(
        cell=lambda f: [f"{t} ({z:.1f})" for t, z in zip(f["term"], f["z"], strict=True)])
    best = best.assign(rank=best.groupby("group").cumcount() + 1)
    return best.pivot(index="rank", columns="group", values="cell").astype(object).fillna("")


def overlap_pairs(pairs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Shared-wording pairs with both outlets and both sentences, most similar first."""
    names = dict(zip(articles["article_id"], articles["outlet"].map(outlet_name), strict=True))
    frame = pairs.assign(outlet_a=pairs["article_id_a"].map(names),
                         outlet_b=pairs["article_id_b"].map(names))
    columns = ["similarity", "basis", "outlet_a", "text_a", "outlet_b", "text_b"]
    return frame.sort_values("similarity", ascending=False)[columns].round(
        {"similarity": 2}).reset_index(drop=True)


def figure_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """Each article's figure per key, by key and date, with its source and what differs."""
    columns = ["key", "published", "outlet", "surface", "value", "qualifier", "scope", "source",
               "figures_in_article", "difference_from_previous", "days_from_previous",
               "unreconcilable_count", "unreconcilable_with"]
    frame = comparison[[c for c in columns if c in comparison.columns]]
    return _blank(frame.assign(published=frame["published"].dt.date))


def shared_keys(comparison: pd.DataFrame) -> pd.DataFrame:
    """Keys reported by more than one article: the figures that can be compared at all."""
    counts = comparison.groupby("key")["article_id"].nunique()
    shared = comparison[comparison["key"].isin(counts[counts > 1].index)]
    return figure_table(shared)


def discrepancy_table(discrepancies: pd.DataFrame) -> pd.DataFrame:
    """Irreconcilable pairs: both figures, outlets, dates and sources side by side."""
    columns = ["key", "days_apart", "a_outlet", "a_published", "a_surface", "a_source",
               "b_outlet", "b_published", "b_surface", "b_source", "difference",
               "relative_difference"]
    frame = discrepancies[columns]
    return frame.assign(a_published=frame["a_published"].dt.date,
                        b_published=frame["b_published"].dt.date,
                        relative_difference=(frame["relative_difference"] * 100).round(1)) \
        .rename(columns={"relative_difference": "relative_difference_pct"}) \
        .astype(object).fillna("").reset_index(drop=True)


def derived_table(derived: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Figures computed from an article's own figures (e.g. toll before + since = total)."""
    frame = _with_outlet(derived, articles)
    columns = ["outlet", "rule", "description", "expression", "value", "low", "high", "inputs"]
    return _blank(frame[[c for c in columns if c in frame.columns]])


def reference_table(checks: pd.DataFrame | None) -> pd.DataFrame:
    """Article figures against the reference series on their publication date."""
    if checks is None:
        return pd.DataFrame()
    columns = ["key", "published", "outlet", "surface", "source", "value", "reference_value",
               "reference_date", "difference", "relative_difference", "days_old"]
    frame = checks[columns]
    return frame.assign(published=frame["published"].dt.date,
                        reference_date=frame["reference_date"].dt.date,
                        relative_difference=(frame["relative_difference"] * 100).round(2)) \
        .rename(columns={"relative_difference": "relative_difference_pct"}) \
        .astype(object).fillna("").reset_index(drop=True)


def quote_shares(quote_summary: pd.DataFrame, kind: str = "quote") -> pd.DataFrame:
    """Outlet × speaker group: share (%) of the outlet's quoted words (pooled over articles)."""
    frame = quote_summary[quote_summary["kind"] == kind]
    frame = frame.assign(outlet=frame["outlet"].map(outlet_name))
    words = frame.groupby(["outlet", "group"])["words"].sum().unstack(fill_value=0)
    words = words.loc[:, words.sum() > 0]
    totals = words.sum(axis=1)
    return (words[totals > 0].div(totals[totals > 0], axis=0) * 100).round(1)


def source_table(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: quotes, paraphrases, quoted words, anonymous sources and speaker groups."""
    frame = _with_outlet(quotes, articles)
    if frame.empty:
        return pd.DataFrame()
    table = frame.groupby("outlet").agg(
        quotes=("kind", lambda k: int((k == "quote").sum())),
        paraphrases=("kind", lambda k: int((k == "paraphrase").sum())),
        quoted_words=("words", "sum"), anonymous=("anonymous", "sum"),
        speaker_groups=("group", "nunique"))
    return table.astype("int64")


def quote_list(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every direct quote with speaker, group and outlet, in article order."""
    frame = _with_outlet(quotes[quotes["kind"] == "quote"], articles)
    columns = ["outlet", "speaker", "group", "anonymous", "words", "text"]
    return frame[columns].astype(object).fillna("").reset_index(drop=True)


def interval_table(intervals: pd.DataFrame, measure: str, category: str | None = None
                   ) -> pd.DataFrame:
    """One measure's rates per group (of one category, or all) with their intervals and the
    articles behind them."""
    rows = intervals[intervals["measure"] == measure]
    if category is not None:
        rows = rows[rows["category"] == category]
    columns = ["group_by", "group", "category", "rate", "low", "high", "articles", "note"]
    return rows[columns].sort_values(["group_by", "category", "rate"], ascending=[True, True,
                                                                                 False]) \
        .reset_index(drop=True)


def difference_table(differences: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The pairs of groups whose rate of ``measure`` differs after the adjustment, largest
    difference first, with the interval and both p-values."""
    rows = differences[(differences["measure"] == measure) & differences["differs"]]
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
