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
from newsprism.measures.quotes import speaker_group
from newsprism.options import DataFiles
from newsprism.run.analyse import COLUMNS
from newsprism.tables import rows_table

DEV = Path(__file__).parent / "dev" / "figures.csv"
CONSTRUCTIONS = ("active", "passive_agent", "passive_agentless", "intransitive", "nominal")


@cache
def gold() -> pd.DataFrame:
    """The development rows, one per figure, empty cells as ""."""
    return pd.read_csv(DEV, dtype="str", keep_default_na=False)


def _tables(sentence: str, data: DataFiles) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The numbers and agency tables of one sentence read as an article of one sentence."""
    from newsprism.measures.agency import agency_rows
    from newsprism.measures.numbers import number_rows

    table = {"article_id": ["a"], "sentence_id": [0], "start": [0], "end": [len(sentence)],
             "text": [sentence]}
    numbers = rows_table(number_rows(table, sentence, data.quantities, data.facets),
                         "numbers", COLUMNS["numbers"]).to_pandas()
    agency = rows_table(agency_rows(table, sentence, data.casualty_terms), "agency",
                        COLUMNS["agency"]).to_pandas()
    return numbers, agency


@cache
def predicted() -> pd.DataFrame:
    """What newsprism reads for each development row (empty where the figure is missed)."""
    data = DataFiles.load()
    rows = []
    for row in gold().itertuples():
        numbers, agency = _tables(row.sentence, data)
        at = row.sentence.lower().index(row.figure.lower())
        span = (at, at + len(row.figure))
        hit = numbers[(numbers["start"] <= span[0]) & (numbers["end"] >= span[1])
                      & (numbers["kind"] != "other")]
        found = hit.iloc[0] if len(hit) else None
        clause = _clause(agency, row.sentence, span)
        rows.append({
            "id": row.id, "found": found is not None,
            **{facet: "" if found is None else str(found[facet]) for facet in FACETS},
            "key": "" if found is None else str(found["key"]),
            "source_group": "" if found is None or not found["source"] else str(
                speaker_group(str(found["source"]), data.actors) or "other"),
            "construction": "" if clause is None else str(clause["construction"]),
            "agent": "" if clause is None or pd.isna(clause["agent"]) else str(clause["agent"]),
        })
    return pd.DataFrame(rows)


def _clause(agency: pd.DataFrame, sentence: str, span: tuple[int, int]) -> pd.Series | None:
    """The casualty clause whose victims hold the figure, else the one whose verb is nearest."""
    if agency.empty:
        return None
    victims = agency["victims"].fillna("")
    holding = agency[[sentence[span[0]:span[1]].lower() in v.lower() for v in victims]]
    if len(holding):
        return holding.iloc[0]
    distance = (agency["verb_start"] - span[0]).abs()
    return agency.loc[distance.idxmin()] if distance.min() <= 60 else None


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
    for field in (*FACETS, "construction", "source_group"):
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
