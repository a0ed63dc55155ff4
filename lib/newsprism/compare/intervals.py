"""How sure a rate is, and whether two outlets differ: bootstrap intervals over articles.

Every per-outlet rate the reports show (share of casualty clauses without an agent, loaded
terms per 1,000 words by voice, share of quoted words by speaker group, share of sentences
by topic, share of figures matching the official series) is a ratio of sums over articles.
Articles are the sampling unit: each bootstrap draw resamples an outlet's articles with
replacement and recomputes the ratio. One draw of article weights serves every category of
an outlet at once, so the cost grows with outlets, not with categories.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals
from scipy.stats import false_discovery_control

DRAWS = 1000
# Draws whose article weights are held at once (memory: this many × an outlet's articles).
DRAW_BLOCK = 100
SEED = 20241007
LEVEL = 0.95
# Below this many articles an interval says little: the table leaves it empty and says why.
MIN_ARTICLES = 5
# ``group_by`` names what the articles are grouped by (outlet, or the metadata's outlet_group)
# and ``group`` the group, as in the distinctive_terms table.
UNIT_COLUMNS = ["measure", "category", "group_by", "group", "article_id", "numerator",
                "denominator"]
RATE_COLUMNS = ["measure", "category", "group_by", "group", "articles", "numerator",
                "denominator", "rate", "low", "high", "note"]
DIFFERENCE_COLUMNS = ["measure", "category", "group_by", "group_a", "group_b", "articles_a",
                      "articles_b", "rate_a", "rate_b", "difference", "low", "high", "p_value",
                      "p_adjusted", "differs"]
GROUPINGS = ("outlet", "outlet_group")
TOO_FEW = f"fewer than {MIN_ARTICLES} articles: no interval"


def with_groups(parts: list[pd.DataFrame], articles: pd.DataFrame) -> pd.DataFrame:
    """The units of every measure (``UNIT_COLUMNS``), once per grouping of ``GROUPINGS`` the
    articles table fills in (outlets always), each article in its group; labels are held
    once (categories) and articles as positions in ``articles``, so a large corpus's units
    cost their numbers, not a string per row."""
    parts = [part for part in parts if len(part)]
    ids = pd.Index(articles["article_id"].astype("str"))
    article = np.concatenate([ids.get_indexer(part["article_id"].astype("str"))
                              for part in parts]) if parts else np.empty(0, dtype=np.int64)
    known = article >= 0  # units of an article the table does not list are left out
    labels = {name: _labels([part[name] for part in parts])[known]
              for name in ("measure", "category")}
    numbers = {name: np.concatenate([part[name].to_numpy(float) for part in parts])[known]
               if parts else np.empty(0) for name in ("numerator", "denominator")}
    article = article[known]
    grouped, groups = [], []
    for by in GROUPINGS:
        if by not in articles or (by != "outlet" and not articles[by].fillna("").ne("").any()):
            continue
        group = pd.Categorical(articles[by].fillna("").astype("str"))
        groups.append(pd.Categorical.from_codes(group.codes[article], group.categories))
        grouped.append(pd.DataFrame({**labels, "group_by": by,
                                     "article_id": pd.Categorical.from_codes(article, ids),
                                     **numbers}))
    if not grouped:
        return pd.DataFrame(columns=UNIT_COLUMNS).astype(
            dict.fromkeys(("measure", "category", "group_by", "group", "article_id"), "category"))
    frame = pd.concat(grouped, ignore_index=True).astype({"group_by": "category"})
    frame["group"] = union_categoricals(groups, sort_categories=True)
    return frame[UNIT_COLUMNS]


def _labels(columns: list[pd.Series]) -> pd.Categorical:
    """Label columns of several parts as one categorical, categories sorted."""
    if not columns:
        return pd.Categorical([])
    return union_categoricals([pd.Categorical(column.astype("str")) for column in columns],
                              sort_categories=True)


def _share_units(frame: pd.DataFrame, hit: pd.Series, measure: str) -> pd.DataFrame:
    """Per article: how many of its rows are hits, of all its rows."""
    grouped = frame.assign(hit=hit).groupby("article_id", observed=True)["hit"].agg(
        ["sum", "size"]).reset_index()
    return pd.DataFrame({"measure": measure, "category": "all",
                         "article_id": grouped["article_id"].astype("str"),
                         "numerator": grouped["sum"].astype("float"),
                         "denominator": grouped["size"].astype("float")})


def agentless_units(agency: pd.DataFrame) -> pd.DataFrame:
    """Per article: casualty clauses without an agent (passive_agentless) of all clauses."""
    return _share_units(agency, agency["construction"].eq("passive_agentless"),
                        "agentless_share")


def term_units(term_rates: pd.DataFrame) -> pd.DataFrame:
    """Per article: loaded terms per 1,000 content words, by category and voice (labels held
    once as categories, not a string per row)."""
    category = term_rates["category"].astype("category")
    voice = term_rates["voice"].astype("category")
    labels = [f"{c} / {v}" for c in category.cat.categories for v in voice.cat.categories]
    codes = category.cat.codes.to_numpy() * len(voice.cat.categories) + voice.cat.codes.to_numpy()
    return pd.DataFrame({"measure": "loaded_terms_per_1000",
                         "category": pd.Categorical.from_codes(codes, labels),
                         "article_id": term_rates["article_id"].astype("category"),
                         "numerator": term_rates["count"].astype("float") * 1000,
                         "denominator": term_rates["words"].astype("float")})


def quote_units(quote_summary: pd.DataFrame) -> pd.DataFrame:
    """Per article: the share of directly quoted words by speaker group."""
    quotes = quote_summary[quote_summary["kind"].eq("quote")]
    total = quotes.groupby("article_id", observed=True)["words"].transform("sum")
    return pd.DataFrame({"measure": "quoted_words_share",
                         "category": quotes["group"].astype("str"),
                         "article_id": quotes["article_id"].astype("str"),
                         "numerator": quotes["words"].astype("float"),
                         "denominator": total.astype("float")})


def topic_units(topic_summary: pd.DataFrame) -> pd.DataFrame:
    """Per article: the share of content sentences carrying each topic."""
    return pd.DataFrame({"measure": "topic_share",
                         "category": topic_summary["topic"].astype("str"),
                         "article_id": topic_summary["article_id"].astype("str"),
                         "numerator": topic_summary["sentences"].astype("float"),
                         "denominator": topic_summary["content_sentences"].astype("float")})


def matching_units(checks: pd.DataFrame) -> pd.DataFrame:
    """Per article: the share of figures checked on the series that lie within their
    interval on the day."""
    dated = checks[checks["within_interval"].notna()]
    return _share_units(dated, dated["within_interval"].astype("bool"),
                        "figures_matching_series")


def _draws(numerators: np.ndarray, denominators: np.ndarray, draws: int,
           rng: np.random.Generator) -> np.ndarray:
    """Each bootstrap draw's ratio of weighted sums per category (``draws × categories``).
    A draw's weights count how often each article is drawn; they are made ``DRAW_BLOCK``
    draws at a time, so memory stays ``DRAW_BLOCK × articles`` whatever the corpus."""
    articles = len(numerators)
    found = []
    for block in range(0, draws, DRAW_BLOCK):
        size = min(DRAW_BLOCK, draws - block)
        weights = rng.multinomial(articles, np.full(articles, 1 / articles),
                                  size=size).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            found.append((weights @ numerators) / (weights @ denominators))
    return np.concatenate(found) if found else np.empty((0, numerators.shape[1]))


def _wide(units: pd.DataFrame) -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray]:
    """One group's units as article × (measure, category) matrices (zeros where absent),
    articles and (measure, category) pairs in sorted order; summed in place on codes, not
    pivoted, so a group of many articles costs the two matrices alone."""
    articles, article = np.unique(units["article_id"].astype("str").to_numpy(),
                                  return_inverse=True)
    pairs = pd.MultiIndex.from_arrays([units["measure"].astype("str"),
                                       units["category"].astype("str")])
    columns, column = np.unique(pairs.codes[0].astype(np.int64) * len(pairs.levels[1])
                                + pairs.codes[1], return_inverse=True)
    shape = (len(articles), len(columns))
    cells = article.reshape(-1) * len(columns) + column.reshape(-1)
    numerators = np.bincount(cells, units["numerator"].to_numpy(float), shape[0] * shape[1])
    denominators = np.bincount(cells, units["denominator"].to_numpy(float), shape[0] * shape[1])
    names = [(str(pairs.levels[0][c // len(pairs.levels[1])]),
              str(pairs.levels[1][c % len(pairs.levels[1])])) for c in columns]
    return names, numerators.reshape(shape), denominators.reshape(shape)


@dataclass(frozen=True)
class GroupDraws:
    """One group's rates per (measure, category), with the articles behind each and its
    bootstrap draws (``draws × categories``)."""

    group_by: str
    group: str
    columns: tuple[tuple[str, str], ...]
    rates: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray
    articles: np.ndarray
    boot: np.ndarray

    def index(self) -> dict[tuple[str, str], int]:
        """Position of each (measure, category)."""
        return {column: i for i, column in enumerate(self.columns)}


def bootstrap(units: pd.DataFrame, draws: int = DRAWS, seed: int = SEED) -> list[GroupDraws]:
    """Every group's rates and their bootstrap draws over its articles. Each group draws from
    a stream of the seed keyed by its name, so adding a group never changes another's."""
    found = []
    for (by, group), part in units.groupby(["group_by", "group"], sort=True, observed=True):
        columns, numerators, denominators = _wide(part)
        key = int.from_bytes(hashlib.sha256(f"{by}\0{group}".encode()).digest()[:8], "little")
        rng = np.random.default_rng([seed, key])
        with np.errstate(invalid="ignore", divide="ignore"):
            rates = numerators.sum(0) / denominators.sum(0)
        found.append(GroupDraws(str(by), str(group), tuple(columns), rates, numerators.sum(0),
                                 denominators.sum(0), np.count_nonzero(denominators > 0, 0),
                                 _draws(numerators, denominators, draws, rng)))
    return found


def rate_intervals(outlets: list[GroupDraws], level: float = LEVEL) -> pd.DataFrame:
    """Each group's rate per measure and category with a percentile bootstrap interval over
    its articles (``RATE_COLUMNS``); empty bounds and a note below ``MIN_ARTICLES``."""
    rows = []
    tail = (1 - level) / 2 * 100
    for found in outlets:
        enough = (found.articles >= MIN_ARTICLES) & ~np.isnan(found.boot).all(0)
        low, high = np.full(len(found.columns), np.nan), np.full(len(found.columns), np.nan)
        if enough.any():
            low[enough], high[enough] = np.nanpercentile(found.boot[:, enough],
                                                         [tail, 100 - tail], axis=0)
        for i, (measure, category) in enumerate(found.columns):
            rows.append((measure, category, found.group_by, found.group, int(found.articles[i]),
                         found.numerators[i], found.denominators[i], found.rates[i], low[i],
                         high[i], "" if enough[i] else TOO_FEW))
    frame = pd.DataFrame(rows, columns=RATE_COLUMNS)
    return frame.sort_values(["group_by", "measure", "category", "group"],
                             kind="stable").reset_index(drop=True)


def group_differences(outlets: list[GroupDraws], level: float = LEVEL,
                      alpha: float = 0.05) -> pd.DataFrame:
    """Every pair of groups of one grouping, per measure and category that both report with at least
    ``MIN_ARTICLES`` articles: difference of rates, its bootstrap interval, a two-sided
    bootstrap p-value and that p-value adjusted over every comparison in the table
    (Benjamini–Hochberg). ``differs`` says whether the adjusted p-value is below ``alpha``:
    a statement about the numbers, not about the outlets' intent."""
    rows = []
    tail = (1 - level) / 2 * 100
    for a, b in combinations(outlets, 2):
        if a.group_by != b.group_by:
            continue
        index_a, index_b = a.index(), b.index()
        for column in sorted(set(index_a) & set(index_b)):
            i, j = index_a[column], index_b[column]
            if min(a.articles[i], b.articles[j]) < MIN_ARTICLES:
                continue
            diffs = a.boot[:, i] - b.boot[:, j]
            diffs = diffs[~np.isnan(diffs)]
            if not len(diffs):
                continue
            low, high = np.percentile(diffs, [tail, 100 - tail])
            share = min((diffs <= 0).mean(), (diffs >= 0).mean())
            p_value = min(1.0, 2 * max(share, 1 / (len(diffs) + 1)))
            rows.append((*column, a.group_by, a.group, b.group, int(a.articles[i]),
                         int(b.articles[j]),
                         a.rates[i], b.rates[j], a.rates[i] - b.rates[j], low, high, p_value))
    frame = pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS[:-2])
    frame["p_adjusted"] = false_discovery_control(frame["p_value"]) if len(frame) else []
    frame["differs"] = frame["p_adjusted"] < alpha
    return frame[DIFFERENCE_COLUMNS].reset_index(drop=True)
