"""Scores of the clause reading on the development sentences (``tests/dev/figures.csv``):
sentences written for this project, in its own words, reproducing constructions studied in
coverage by many outlets, each figure with its expected facets, agency and source group.

Run as a script to print every score: ``python tests/dev_scores.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from newsprism.measures.facets import FACETS
from newsprism.measures.quotes import source_group
from newsprism.options import DataFiles
from newsprism.run.analyse import COLUMNS
from newsprism.tables import rows_table

DEV = Path(__file__).parent / "dev" / "figures.csv"
CONSTRUCTIONS = ("active", "passive_agent", "passive_agentless", "intransitive", "nominal")


@cache
def gold() -> pd.DataFrame:
    """The development rows, one per figure, empty cells as ""."""
    return pd.read_csv(DEV, dtype="str", keep_default_na=False)


def numbers_of(sentence: str, data: DataFiles, published: str | None = None) -> pd.DataFrame:
    """The numbers table of one sentence read as an article of one sentence (figures linked
    to their casualty clauses, dated against ``published``)."""
    from newsprism.measures.numbers import number_rows

    table = {"article_id": ["a"], "sentence_id": [0], "start": [0], "end": [len(sentence)],
             "text": [sentence]}
    return rows_table(number_rows(table, sentence, data.quantities, data.facets, None,
                                  data.casualty_terms, published),
                      "numbers", COLUMNS["numbers"]).to_pandas()


def _text(value: object) -> str:
    """A table cell as text, "" when missing."""
    return "" if value is None or pd.isna(value) else str(value)


@cache
def predicted() -> pd.DataFrame:
    """What newsprism reads for each development row (empty where the figure is missed).
    Construction and agent are those of the casualty clause the figure is linked to: a
    figure no clause counts has none."""
    data = DataFiles.load()
    rows = []
    for row in gold().itertuples():
        numbers = numbers_of(row.sentence, data, row.published or None)
        at = row.sentence.lower().index(row.figure.lower())
        span = (at, at + len(row.figure))
        hit = numbers[(numbers["start"] <= span[0]) & (numbers["end"] >= span[1])
                      & (numbers["kind"] != "other")]
        found = hit.iloc[0] if len(hit) else None
        rows.append({
            "id": row.id, "found": found is not None,
            **{facet: "" if found is None else str(found[facet]) for facet in FACETS},
            "as_of": "" if found is None else _text(found["as_of_text"]),
            "as_of_date": "" if found is None or pd.isna(found["as_of"])
            else found["as_of"].date().isoformat(),
            "key": "" if found is None else str(found["key"]),
            "source_group": "" if found is None or not found["source"] else source_group(
                str(found["source"]), row.sentence, data.actors),
            "construction": "" if found is None else _text(found["construction"]),
            "agent": "" if found is None else _text(found["agent"]),
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Score:
    """Precision and recall of one field: of the values read, how many are right; of the
    values expected, how many were read right."""

    expected: int
    read: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.read if self.read else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def score(field: str, rows: pd.Series | None = None) -> Score:
    """Precision and recall of ``field`` over the rows selected by the mask ``rows``."""
    expected, read = gold()[field], predicted()[field]
    if rows is not None:
        expected, read = expected[rows.to_numpy()], read[rows.to_numpy()]
    right = (expected.ne("") & expected.eq(read)).sum()
    return Score(int(expected.ne("").sum()), int(read.ne("").sum()), int(right))


def agent_accuracy() -> float:
    """Share of active and passive_agent rows whose agent was read (the expected agent
    phrase and the one read share their head: either holds the other)."""
    chosen = gold()["construction"].isin(["active", "passive_agent"])
    pairs = zip(gold()["agent"][chosen], predicted()["agent"][chosen], strict=True)
    right = sum(bool(b) and (a.lower() in b.lower() or b.lower() in a.lower()) for a, b in pairs)
    return right / max(1, int(chosen.sum()))


def report() -> str:
    """Every score as a Markdown table."""
    lines = ["| field | expected | precision | recall |", "|---|---:|---:|---:|"]
    for field in (*FACETS, "as_of", "as_of_date", "construction", "source_group"):
        found = score(field)
        lines.append(f"| {field} | {found.expected} | {found.precision:.2f} | "
                     f"{found.recall:.2f} |")
    for construction in CONSTRUCTIONS:
        found = score("construction", gold()["construction"].eq(construction))
        lines.append(f"| construction = {construction} | {found.expected} | "
                     f"{found.precision:.2f} | {found.recall:.2f} |")
    lines.append(f"| agent (active, passive_agent) | | | {agent_accuracy():.2f} |")
    lines.append(f"| figures found | {len(gold())} | | {predicted()['found'].mean():.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
