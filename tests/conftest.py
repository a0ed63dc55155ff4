"""Shared fixtures: one report run on a small copied corpus, for the report and browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from newsprism.report.runner import build_report

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# Three seed files and their metadata rows; the run keeps two of their outlets.
SUBSET_FILES = ("000_d60c0d61afcbb3f2.txt", "001_a1218b2a93605d81.txt",
                "004_4f99d01e388c12ef.txt")


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus folder of three seed files with their metadata rows."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in SUBSET_FILES:
        shutil.copy(SEEDS / name, folder / name)
    metadata = pd.read_csv(SEEDS / "metadata.csv", dtype="str", keep_default_na=False)
    metadata[metadata["file"].isin(SUBSET_FILES)].to_csv(folder / "metadata.csv", index=False)
    return folder


@pytest.fixture(scope="session")
def kept_outlets(small_corpus: Path) -> list[str]:
    """The two outlets the shared report run selects."""
    metadata = pd.read_csv(small_corpus / "metadata.csv", dtype="str")
    return sorted(metadata["outlet"])[:2]


@pytest.fixture(scope="session")
def built_report(tmp_path_factory: pytest.TempPathFactory, small_corpus: Path,
                 kept_outlets: list[str]) -> Path:
    """Reports built by the papermill pipeline on the small corpus, two outlets selected."""
    out = tmp_path_factory.mktemp("run") / "reports"
    build_report(small_corpus, out, {"outlets": kept_outlets}, progress=lambda line: None)
    return out
