"""Words and phrases each outlet (or any group of articles) uses more than the rest.

Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin'
Words"): the prior is the whole corpus's term distribution scaled to ``prior`` pseudo-tokens,
so rare words are shrunk toward the corpus rate and z-scores, not raw ratios, rank terms.
Unigrams drop stop words; a bigram is kept only when neither word is a stop word and both stand
in the same phrase (no punctuation between), so "death toll" counts but "of the" does not.
Nothing is pruned by document frequency: in a five-article corpus that would empty the table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd

from newsprism.clean.words import StopWords, content_tokens, load_stop_words

DISTINCTIVE_COLUMNS = ["group_by", "group", "term", "n", "count_group", "count_rest",
                       "log_odds", "z"]
# Prior strength in pseudo-tokens: about one news article's worth of words.
DEFAULT_PRIOR = 500.0
# Sentences read before their n-grams are counted, each group's as one text.
SENTENCES_AT_ONCE = 1_000
_SENTENCE_BREAK = "\n;\n"


def ngrams(text: str, sizes: tuple[int, int], stop: StopWords) -> dict[int, list[str]]:
    """Every kept n-gram of ``text`` by its size ``n``, ``sizes[0] <= n <= sizes[1]``."""
    if not 1 <= sizes[0] <= sizes[1]:
        raise ValueError(f"n-gram sizes must run from 1 or more upwards, not {sizes}")
    tokens = content_tokens(text, stop)
    return {n: _grams(tokens, n) for n in range(sizes[0], sizes[1] + 1)}


def _grams(tokens: list[str], n: int) -> list[str]:
    """The n-grams of ``tokens`` (see :func:`content_tokens`) inside runs of words."""
    if n == 1:
        return list(filter(None, tokens))
    shifted = zip(*(tokens[i:] for i in range(n)), strict=False)  # n-grams end with the text
    return [" ".join(gram) for gram in shifted if "" not in gram]


def term_counts(sentences: pd.DataFrame | Iterable[pd.DataFrame], groups: pd.Series,
                ngram: tuple[int, int], stop: StopWords) -> pd.DataFrame:
    """Counts of each ``(group, term, n)`` over the sentences (one frame, or blocks of rows
    read one after another); ``groups`` maps article_id.

    Counted ``SENTENCES_AT_ONCE`` sentences at a time (fewer, longer scans), so memory grows
    with the vocabulary, not the corpus.
    """
    counts: defaultdict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    group_of = {article: str(group) for article, group in groups.items() if not pd.isna(group)}
    waiting: defaultdict[str, list[str]] = defaultdict(list)
    held = 0
    blocks = [sentences] if isinstance(sentences, pd.DataFrame) else sentences
    for block in blocks:
        for article_id, text in zip(block["article_id"], block["text"], strict=True):
            group = group_of.get(article_id)
            if group is not None:
                waiting[group].append(text)
                held += 1
                if held == SENTENCES_AT_ONCE:
                    _count_waiting(waiting, counts, ngram, stop)
                    held = 0
    _count_waiting(waiting, counts, ngram, stop)
    frame = pd.DataFrame([(group, term, n, count) for (group, n), counted in counts.items()
                          for term, count in counted.items()],
                         columns=["group", "term", "n", "count"])
    return frame.sort_values(["count", "group", "term", "n"], ascending=[False, True, True, True],
                             ignore_index=True)


def _count_waiting(waiting: dict[str, list[str]], counts: dict[tuple[str, int], Counter[str]],
                   ngram: tuple[int, int], stop: StopWords) -> None:
    """Add each group's waiting sentences to ``counts`` and let them go; a group's sentences
    are read as one text, joined by a phrase break so that no n-gram spans two."""
    for group, texts in waiting.items():
        for n, terms in ngrams(_SENTENCE_BREAK.join(texts), ngram, stop).items():
            counts[group, n].update(terms)
    waiting.clear()


def log_odds(counts: pd.DataFrame, prior: float) -> pd.DataFrame:
    """Each group against the rest for one n-gram order: ``counts`` is a term × group table."""
    y = counts.to_numpy(dtype=float)
    total = y.sum(axis=1, keepdims=True)
    alpha = prior * total / total.sum()
    n_group = y.sum(axis=0, keepdims=True)
    y_rest, n_rest = total - y, n_group.sum() - n_group
    delta = (np.log((y + alpha) / (n_group + prior - y - alpha))
             - np.log((y_rest + alpha) / (n_rest + prior - y_rest - alpha)))
    z = delta / np.sqrt(1 / (y + alpha) + 1 / (y_rest + alpha))
    shape = counts.shape
    return pd.DataFrame({
        "group": np.tile(counts.columns.to_numpy(dtype=object), shape[0]),
        "term": np.repeat(counts.index.to_numpy(dtype=object), shape[1]),
        "count_group": y.ravel().astype("int64"),
        "count_rest": y_rest.ravel().astype("int64"),
        "log_odds": delta.ravel(),
        "z": z.ravel(),
    })


def distinctive_terms(sentences: pd.DataFrame | Iterable[pd.DataFrame], articles: pd.DataFrame,
                      by: str = "outlet", ngram: tuple[int, int] = (1, 2),
                      prior: float = DEFAULT_PRIOR, stop_words: StopWords | None = None,
                      min_count: int = 1) -> pd.DataFrame:
    """Per group of ``articles[by]``, every term's log-odds and z against all other groups;
    ``sentences`` is one frame or blocks of rows read one after another.

    Terms used fewer than ``min_count`` times in the whole corpus are left out. Rows are
    sorted by group, n-gram size and falling z; a term absent from a group gets negative z.
    """
    stop = stop_words if stop_words is not None else load_stop_words()
    groups = articles.set_index("article_id")[by]
    counts = term_counts(sentences, groups, ngram, stop)
    parts = []
    for n, part in counts.groupby("n", sort=True):
        table = part.pivot_table(index="term", columns="group", values="count", fill_value=0,
                                 aggfunc="sum")
        table = table[table.sum(axis=1) >= min_count]
        if table.shape[1] < 2 or table.empty:
            continue
        parts.append(log_odds(table, prior).assign(n=n))
    if not parts:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    result = pd.concat(parts, ignore_index=True).assign(group_by=by)
    result = result.sort_values(["group", "n", "z"], ascending=[True, True, False])
    return result[DISTINCTIVE_COLUMNS].reset_index(drop=True)
