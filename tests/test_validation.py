"""Tests of newsprism.validation: stratified samples for coders, and agreement read back."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsprism.cli import main
from newsprism.run.pipeline import extract
from newsprism.tables import read_table
from newsprism.validation import (
    SHEET_COLUMNS,
    agreement,
    cohen_kappa,
    findings,
    record,
    sample_sheet,
)
from test_engines import SEEDS, quiet


@pytest.fixture(scope="module")
def seed_tables():
    """The seed corpus's tables."""
    return quiet(extract, SEEDS)


def test_cohen_kappa_of_a_textbook_table() -> None:
    # 50 rows: both yes 20, both no 15, first yes only 5, second yes only 10 (Cohen 1960 form)
    first = pd.Series(["yes"] * 25 + ["no"] * 25)
    second = pd.Series(["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15)
    observed, expected = 35 / 50, (25 * 30 + 25 * 20) / 50**2
    assert cohen_kappa(first, second) == pytest.approx((observed - expected) / (1 - expected))
    assert cohen_kappa(first, first) == 1.0


@pytest.mark.parametrize("measure", ["agency", "quotes", "terms", "figures"])
def test_the_sample_is_stratified_and_reproducible(seed_tables, measure: str) -> None:
    sheet = sample_sheet(seed_tables, measure, n=20, seed=4)
    assert list(sheet.columns) == SHEET_COLUMNS and 0 < len(sheet) <= 20
    pd.testing.assert_frame_equal(sheet, sample_sheet(seed_tables, measure, n=20, seed=4))
    every = findings(seed_tables, measure)
    strata = set(zip(every["outlet"], every["tool"], strict=True))
    drawn = set(zip(sheet["outlet"], sheet["tool"], strict=True))
    assert len(drawn) == min(len(strata), 20)  # every stratum while n allows
    assert (sheet["coder_1"] == "").all() and sheet["finding"].is_unique


def test_a_sheet_coded_with_known_errors_gives_back_the_error_rate(seed_tables, tmp_path
                                                                   ) -> None:
    """A script codes each row as the tool did, except a known tenth which it relabels: the
    agreement recovers that share, and a second coder who agrees with the first on all rows
    gives an alpha of 1."""
    sheet = sample_sheet(seed_tables, "terms", n=60, seed=1)
    rng = np.random.default_rng(9)
    wrong = rng.choice(len(sheet), size=len(sheet) // 10, replace=False)
    coded = sheet["tool"].copy()
    coded.iloc[wrong] = "other_class"
    sheet = sheet.assign(coder_1=coded, coder_2=coded)
    per_class, summary = agreement(sheet)
    row = summary.iloc[0]
    assert row["rows_coded"] == len(sheet)
    assert row["accuracy"] == pytest.approx(1 - len(wrong) / len(sheet))
    assert row["kappa_low"] <= row["kappa"] <= row["kappa_high"]
    assert row["alpha_coders"] == pytest.approx(1.0)
    other = per_class.set_index("class").loc["other_class"]
    assert other["coded"] == len(wrong) and other["tool_says"] == 0 and other["recall"] == 0
    assert (per_class["precision"].dropna() <= 1).all()
    record(tmp_path, per_class, summary)
    record(tmp_path, per_class, summary)  # a second run replaces, never duplicates
    assert len(read_table(tmp_path, "validation")) == 1


def test_sample_and_agree_from_the_command_line(tmp_path, capsys) -> None:
    sheet = tmp_path / "sheet.csv"
    assert quiet(main, ["sample", str(SEEDS), "--measure", "figures", "--n", "12",
                        "--out", str(sheet)]) == 0
    frame = pd.read_csv(sheet, dtype="str", keep_default_na=False)
    assert main(["agree", str(sheet)]) == 1  # nothing coded yet: a clear error
    frame["coder_1"] = frame["tool"]
    frame.to_csv(sheet, index=False)
    assert main(["agree", str(sheet), "--tables", str(tmp_path)]) == 0
    assert "kappa" in capsys.readouterr().out
    assert read_table(tmp_path, "validation")["accuracy"].iloc[0] == 1.0
