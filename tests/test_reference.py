"""Tests for newsprism.compare.reference: loading series, checking figures, suggesting dates."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from compare_rows import numbers_frame, row, seed_articles, seed_numbers
from newsprism.compare.derived import derived_checks
from newsprism.compare.reference import (
    CHECK_COLUMNS,
    DERIVED_CHECK_COLUMNS,
    REFERENCE_COLUMNS,
    SUGGESTION_COLUMNS,
    derived_reference_checks,
    load_reference,
    reference_checks,
    suggest_dates,
)

SERIES = Path(__file__).parent.parent / "seeds" / "reference" / "casualties_daily.json"
SHA256 = "d17cab2c0f0b7e08c7cd77c8035847050a52ed2442e80f311530281d988b3759"


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return load_reference(SERIES)


@pytest.fixture(scope="module")
def seeds() -> tuple[pd.DataFrame, pd.DataFrame]:
    return seed_numbers(), seed_articles()


def test_shipped_series_is_the_upstream_file():
    assert hashlib.sha256(SERIES.read_bytes()).hexdigest() == SHA256


def test_load_json_reported_and_gap_filled(reference):
    assert list(reference.columns) == REFERENCE_COLUMNS
    toll = reference[reference["key"].eq("gaza_death_toll")]
    reported = toll[toll["series"].eq("reported")].set_index("date")["value"]
    filled = toll[toll["series"].eq("gap_filled")]
    assert len(filled) == 1051  # one a day, 2023-10-07 to 2026-08-22
    assert len(reported) < len(filled)  # days without an official report are left out
    assert reported[pd.Timestamp("2023-10-07")] == 232
    assert reported.is_monotonic_increasing
    sources = toll.groupby("series")["source"].first()
    assert sources["reported"] == "casualties_daily.json: killed_cum (mohtel)"
    assert sources["gap_filled"].startswith("casualties_daily.json: ext_killed_cum")


@pytest.mark.parametrize(("date", "value"), [
    ("2024-04-08", 33207), ("2024-06-29", 37834), ("2025-06-01", 54418), ("2025-03-18", 49013),
])
def test_spot_values(reference, date, value):
    toll = reference[reference["key"].eq("gaza_death_toll") & reference["series"].eq("reported")]
    assert toll.set_index("date").loc[pd.Timestamp(date), "value"] == value


def test_reference_checks_spot_checks(seeds, reference):
    checks = reference_checks(*seeds, reference)
    assert list(checks.columns) == CHECK_COLUMNS
    by_value = checks.set_index("value")
    some = by_value.loc[33207]
    assert some["reference_value"] == 33207 and some["difference"] == 0
    assert some["reference_date"] == pd.Timestamp("2024-04-08") and some["days_old"] == 0
    nearly = by_value.loc[38000]
    assert nearly["reference_value"] == 37834 and nearly["within_interval"]
    assert nearly["matched_date"] == pd.Timestamp("2024-06-29") and nearly["days_old"] == 0
    total = by_value.loc[54418]
    assert total["reference_value"] == 54418 and total["days_old"] == 0


def test_derived_toll_against_series(seeds, reference):
    numbers, table = seeds
    checks = derived_reference_checks(derived_checks(numbers, articles=table), reference)
    assert list(checks.columns) == DERIVED_CHECK_COLUMNS
    toll = checks[checks["rule"].eq("toll_at_period_start")].iloc[0]
    assert toll["value"] == 50269 and toll["as_of"] == pd.Timestamp("2025-03-18")
    assert toll["reference_value"] == 49013 and toll["difference"] == 1256
    assert toll["within_interval"]  # "at least 4,149" since: at most 50,269


def test_days_old_counts_a_lagging_figure(reference):
    numbers = numbers_frame([row("a", "33,207 killed", 33207, "person", "gaza_death_toll"),
                             row("b", "some 40,000", 40000, "person", "gaza_death_toll",
                                 qualifier="nearly")])
    table = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "title": ["", ""],
                          "published": pd.to_datetime(["2024-04-12", "2024-03-01"])})
    checks = reference_checks(numbers, table, reference).set_index("article_id")
    assert checks.loc["a", "days_old"] == 4  # last equal on 2024-04-08
    assert checks.loc["a", "difference"] < 0
    assert checks.loc["b", "days_old"] < 0  # the series reached 38,000+ only later


def test_undated_article_keeps_rows_without_reference(seeds, reference):
    numbers, table = seeds
    undated = table.assign(published=table["published"].where(
        ~table["article_id"].str.startswith("004")))
    checks = reference_checks(numbers, undated, reference).set_index("value")
    assert pd.isna(checks.loc[33207, "reference_value"])
    assert pd.isna(checks.loc[33207, "days_old"])
    assert checks.loc[54418, "reference_value"] == 54418


def test_suggest_dates_for_blanked_articles(seeds, reference):
    numbers, table = seeds
    blanked = table.assign(published=table["published"].where(
        ~table["article_id"].str[:3].isin(["000", "004"])))
    suggested = suggest_dates(numbers, blanked, reference).set_index("article_id")
    assert list(suggested.reset_index().columns) == SUGGESTION_COLUMNS
    assert sorted(suggested.index) == ["000_d60c0d61afcbb3f2.txt", "004_4f99d01e388c12ef.txt"]
    april = suggested.loc["004_4f99d01e388c12ef.txt"]
    assert april["suggested_date"] == pd.Timestamp("2024-04-08")
    assert april["candidate_days"] == 1 and april["confidence"] == "high"
    assert april["evidence"] == ("'Some 33,207 Palestinians have been killed' equals the "
                                 "series on 2024-04-08 only")
    assert suggested.loc["000_d60c0d61afcbb3f2.txt", "suggested_date"] == pd.Timestamp(
        "2025-06-01")


def test_suggest_dates_window_for_qualified_figure(seeds, reference):
    suggested = suggest_dates(*seeds, reference, all_articles=True).set_index("article_id")
    june = suggested.loc["002_772ced6d7ff3b961.txt"]
    assert june["window_start"] <= pd.Timestamp("2024-06-29") <= june["window_end"]
    assert june["candidate_days"] > 14 and june["confidence"] == "low"
    assert suggested.loc["001_a1218b2a93605d81.txt", "confidence"] == "none"


def test_suggest_dates_combines_figures(reference):
    numbers = numbers_frame([
        row("a", "nearly 38,000", 38000, "person", "gaza_death_toll", qualifier="nearly"),
        row("a", "some 86,900 injured", 86900, "person", "gaza_injured_toll",
            qualifier="around"),
    ])
    table = pd.DataFrame({"article_id": ["a"], "published": [pd.NaT], "outlet": ["X"],
                          "title": ["t"]})
    alone = suggest_dates(numbers.iloc[:1], table, reference).iloc[0]
    both = suggest_dates(numbers, table, reference).iloc[0]
    assert both["figures_used"] == 2 and both["figures_agreeing"] == 2
    assert both["candidate_days"] <= alone["candidate_days"]


@pytest.mark.parametrize("function", [reference_checks, suggest_dates])
def test_empty_inputs_keep_columns(reference, function):
    columns = {reference_checks: CHECK_COLUMNS, suggest_dates: SUGGESTION_COLUMNS}
    table = pd.DataFrame({"article_id": pd.Series(dtype="str"),
                          "published": pd.Series(dtype="datetime64[us]")})
    out = function(numbers_frame([]), table, reference)
    assert out.empty and list(out.columns) == columns[function]


def test_user_csv_series(tmp_path, reference):
    path = tmp_path / "hostages.csv"
    path.write_text("date,key,value,source\n2024-04-01,hostages_remaining,134,Israeli PMO\n"
                    "2024-04-06,hostages_remaining,133,Israeli PMO\n")
    series = load_reference(path)
    assert list(series.columns) == REFERENCE_COLUMNS
    assert series["series"].eq("reported").all()
    numbers = numbers_frame([row("a", "133 hostages remain", 133, "hostage",
                                 "hostages_remaining")])
    table = pd.DataFrame({"article_id": ["a"], "published": pd.to_datetime(["2024-04-08"])})
    check = reference_checks(numbers, table, series).iloc[0]
    assert check["reference_value"] == 133 and check["days_old"] == 2
    assert check["reference_source"] == "Israeli PMO"


@pytest.mark.parametrize(("text", "message"), [
    ("date,key,source\n2024-01-01,x,y\n", "missing column.*value"),
    ("day,key,value,source\n2024-01-01,x,1,y\n", "missing column.*date"),
    ("date,key,value,source\n2024-01-01,x,many,y\n", "value is not a number on data row"),
    ("date,key,value,source\n1 Jan,x,1,y\n", "date is not a YYYY-MM-DD date"),
    ("", "not a readable CSV"),
])
def test_bad_csv_errors_name_file_and_column(tmp_path, text, message):
    path = tmp_path / "series.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=message) as error:
        load_reference(path)
    assert "series.csv" in str(error.value)


def test_bad_json_and_suffix(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"date": "2024-01-01", "killed_cum": 3}]')
    with pytest.raises(ValueError, match="broken.json.*report_date"):
        load_reference(broken)
    other = tmp_path / "series.xlsx"
    shutil.copy(SERIES, other)
    with pytest.raises(ValueError, match="series.xlsx"):
        load_reference(other)
    with pytest.raises(FileNotFoundError):
        load_reference(tmp_path / "absent.json")


def test_a_figure_is_checked_on_the_day_its_sentence_gives(reference):
    numbers = numbers_frame([
        row("a", "33,207", 33207, "person", "gaza_death_toll", as_of="2024-04-08"),
        row("b", "33,207", 33207, "person", "gaza_death_toll"),
    ])
    table = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "title": ["", ""],
                          "published": pd.to_datetime(["2024-04-20", "2024-04-20"]).astype(
                              "datetime64[us]")})
    checks = reference_checks(numbers, table, reference).set_index("article_id")
    assert checks.loc["a", "reference_date"] == pd.Timestamp("2024-04-08")
    assert checks.loc["a", "as_of"] == pd.Timestamp("2024-04-08")
    assert checks.loc["a", "days_old"] == 0 and checks.loc["a", "difference"] == 0
    assert checks.loc["b", "reference_date"] > pd.Timestamp("2024-04-08")  # publication day
    assert checks.loc["b", "days_old"] > 0 and pd.isna(checks.loc["b", "as_of"])
