"""Access to the hand-made reference annotations copied from ../shared/gold (tests only)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

GOLD = Path(__file__).parent / "gold"
SEEDS = Path(__file__).parent.parent / "seeds"


def gold_table(name: str) -> pd.DataFrame:
    """One of the gold CSV files: lines, numbers or articles."""
    return pd.read_csv(GOLD / f"{name}.csv", keep_default_na=False)
