"""The validation kit: a stratified sample of findings for human coders, and how far the
tool agrees with them on this corpus.

``sample_sheet`` draws findings of one measure (a casualty clause's construction, a quote's
speaker group, a loaded term's category, a figure's key) per outlet and per class, each
with its sentence, the tool's answer and empty columns for one or two coders.
``agreement`` reads the coded sheet back: precision and recall per class with Wilson
intervals, Cohen's kappa between tool and coder with a bootstrap interval, and
Krippendorff's alpha between two coders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
from scipy.stats import binomtest

from newsprism.tables import Tables, parquet_path, read_table, write_table

SEED = 20241007
DRAWS = 1000
CODERS = ("coder_1", "coder_2")
SHEET_COLUMNS = ["finding", "measure", "article_id", "outlet", "start", "end", "text",
                 "sentence", "tool", *CODERS]
AGREEMENT_COLUMNS = ["measure", "class", "coded", "tool_says", "both", "precision",
                     "precision_low", "precision_high", "recall", "recall_low", "recall_high"]
SUMMARY_COLUMNS = ["measure", "rows_coded", "accuracy", "kappa", "kappa_low", "kappa_high",
                   "alpha_coders", "rows_double_coded"]


@dataclass(frozen=True)
class Measure:
    """Where a measure's findings are: their table, the column the tool answers in, and
    the columns holding their text and sentence."""

    table: str
    answer: str
    text: str
    sentence: str | None
    rows: str | None = None  # a column that must equal ``keep`` for a row to count
    keep: str = ""


MEASURES = {
    "agency": Measure("agency", "construction", "victims", "sentence"),
    "quotes": Measure("quotes", "group", "text", None, "kind", "quote"),
    "terms": Measure("terms", "category", "surface", "sentence"),
    "figures": Measure("numbers", "key", "surface", "sentence", "kind", "claim"),
}


def findings(tables: Tables, measure: str) -> pd.DataFrame:
    """Every finding of ``measure`` with its outlet, text, sentence and the tool's answer
    (an empty answer reads "none": the tool found the span but gave it no class)."""
    spec = MEASURES[measure]
    frame = tables[spec.table]
    if spec.rows is not None:
        frame = frame[frame[spec.rows].astype("str") == spec.keep]
    outlets = tables.articles[["article_id", "outlet"]].astype({"article_id": "str"})
    frame = frame.assign(article_id=frame["article_id"].astype("str")).merge(
        outlets, on="article_id", how="left")
    sentences = frame[spec.sentence] if spec.sentence else pd.Series("", index=frame.index)
    answers = frame[spec.answer].astype("str").replace({"": "none", "nan": "none",
                                                        "<NA>": "none"})
    return pd.DataFrame({
        "measure": measure, "article_id": frame["article_id"],
        "outlet": frame["outlet"].fillna("").astype("str"),
        "start": frame["start"], "end": frame["end"],
        "text": frame[spec.text].fillna("").astype("str"),
        "sentence": sentences.fillna("").astype("str"), "tool": answers,
    }).reset_index(drop=True)


def _allocation(sizes: pd.Series, n: int) -> pd.Series:
    """How many rows to draw from each stratum: one each while ``n`` allows, the rest in
    proportion to the strata's sizes, never more than a stratum holds."""
    share = pd.Series(0, index=sizes.index)
    order = sizes.sort_values(ascending=False).index
    for key in order[:min(n, len(order))]:
        share[key] = 1
    left = n - int(share.sum())
    if left > 0:
        room = sizes - share
        extra = np.floor(room / room.sum() * left).astype(int) if room.sum() else room * 0
        share += extra.clip(upper=room)
        for key in (room - extra).sort_values(ascending=False).index:
            if share.sum() >= min(n, sizes.sum()):
                break
            if share[key] < sizes[key]:
                share[key] += 1
    return share


def sample_sheet(tables: Tables, measure: str, n: int = 100, seed: int = SEED) -> pd.DataFrame:
    """A stratified random sample of ``n`` findings (per outlet and per class of the tool's
    answer), in a random order, with empty coder columns (``SHEET_COLUMNS``)."""
    found = findings(tables, measure)
    strata = found.groupby(["outlet", "tool"], sort=True).size()
    rng = np.random.default_rng(seed)
    chosen = []
    for (outlet, tool), take in _allocation(strata, n).items():
        if take:
            rows = found[(found["outlet"] == outlet) & (found["tool"] == tool)]
            chosen.extend(rng.choice(rows.index.to_numpy(), size=int(take), replace=False))
    sheet = found.loc[rng.permutation(np.array(chosen, dtype=int))].reset_index(drop=True)
    sheet.insert(0, "finding", [f"{measure}-{i + 1}" for i in range(len(sheet))])
    return sheet.assign(**dict.fromkeys(CODERS, ""))[SHEET_COLUMNS]


def _coded(sheet: pd.DataFrame, coder: str) -> pd.Series:
    """A coder's answers, stripped; "" where the row was not coded."""
    return sheet[coder].fillna("").astype("str").str.strip() if coder in sheet else pd.Series(
        "", index=sheet.index)


def _wilson(successes: int, trials: int) -> tuple[float, float]:
    """The 95 % Wilson interval of a proportion (NaN without trials)."""
    if not trials:
        return np.nan, np.nan
    interval = binomtest(successes, trials).proportion_ci(method="wilson")
    return float(interval.low), float(interval.high)


def cohen_kappa(first: pd.Series, second: pd.Series) -> float:
    """Cohen's kappa of two nominal codings of the same rows: observed agreement beyond what
    their marginal shares would give by chance."""
    labels = {label: i for i, label in enumerate(sorted(set(first) | set(second)))}
    table = np.zeros((len(labels), len(labels)))
    np.add.at(table, ([labels[v] for v in first], [labels[v] for v in second]), 1)
    total = table.sum()
    observed = np.trace(table) / total
    expected = (table.sum(1) * table.sum(0)).sum() / total**2
    return float((observed - expected) / (1 - expected)) if expected < 1 else 1.0


def agreement(sheet: pd.DataFrame, seed: int = SEED, draws: int = DRAWS
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How the tool agrees with the first coder, per class (``AGREEMENT_COLUMNS``) and over
    all (``SUMMARY_COLUMNS``: accuracy, kappa with a bootstrap interval over rows, and
    Krippendorff's alpha between the two coders where both coded)."""
    coder = _coded(sheet, CODERS[0])
    rows = sheet[coder.ne("")]
    tool, human = rows["tool"].astype("str"), coder[coder.ne("")]
    measure = str(sheet["measure"].iloc[0]) if len(sheet) else ""
    per_class = []
    for label in sorted(set(tool) | set(human)):
        says, coded = tool.eq(label), human.eq(label)
        both = int((says & coded).sum())
        per_class.append((measure, label, int(coded.sum()), int(says.sum()), both,
                          both / says.sum() if says.sum() else np.nan,
                          *_wilson(both, int(says.sum())),
                          both / coded.sum() if coded.sum() else np.nan,
                          *_wilson(both, int(coded.sum()))))
    kappa = cohen_kappa(tool, human) if len(rows) else np.nan
    rng = np.random.default_rng(seed)
    boots = [cohen_kappa(tool.iloc[pick], human.iloc[pick])
             for pick in (rng.integers(0, len(rows), len(rows)) for _ in range(draws))
             ] if len(rows) > 1 else []
    low, high = np.percentile(boots, [2.5, 97.5]) if boots else (np.nan, np.nan)
    second = _coded(sheet, CODERS[1])
    double = coder.ne("") & second.ne("")
    alpha = _coder_alpha(coder[double], second[double])
    summary = pd.DataFrame([(measure, len(rows), float(tool.eq(human).mean())
                             if len(rows) else np.nan, kappa, low, high, alpha,
                             int(double.sum()))], columns=SUMMARY_COLUMNS)
    return pd.DataFrame(per_class, columns=AGREEMENT_COLUMNS), summary


def _coder_alpha(first: pd.Series, second: pd.Series) -> float:
    """Krippendorff's alpha (nominal) between two coders' answers on the same rows."""
    if len(first) < 2:
        return np.nan
    labels = {label: i for i, label in enumerate(sorted(set(first) | set(second)))}
    data = np.array([[labels[v] for v in first], [labels[v] for v in second]], dtype=float)
    if len(labels) < 2:
        return 1.0
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def record(folder: str | Path, per_class: pd.DataFrame, summary: pd.DataFrame) -> None:
    """Keep the last validation of each measure in a tables folder (``validation`` and
    ``validation_classes``), replacing that measure's earlier rows, for the reports."""
    measure = set(summary["measure"])
    for name, frame in (("validation", summary), ("validation_classes", per_class)):
        path = parquet_path(folder, name)
        earlier = read_table(folder, name) if path.is_file() else frame.iloc[:0]
        kept = earlier[~earlier["measure"].isin(measure)]
        write_table(pd.concat([kept, frame], ignore_index=True) if len(kept) else frame,
                    folder, name)
