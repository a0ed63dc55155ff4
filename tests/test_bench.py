"""Scaled corpora from the seeds, figures varied; the stage profile of the per-article pass."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.clean.document import read_corpus
from newsprism.ingest.corpus import Problems, iter_corpus
from newsprism.options import DataFiles
from newsprism.run.pipeline import extract_to
from newsprism.tables import CROSS_ARTICLE
from scaled import (
    NUMBER,
    OUTLET_GROUPS,
    MixedCode,
    invented_outlets,
    merge_runs,
    scale_corpus,
    seed_text,
    stage_of,
    stage_profile,
    vary_number,
    vary_numbers,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve generated articles."""
    return scale_corpus(SEEDS, tmp_path_factory.mktemp("scaled"), 12, seed=5)


@pytest.mark.parametrize(("surface", "pattern"), [
    ("38,000", r"\d{1,3}(,\d{3})*"),
    ("1,234.5", r"\d{1,3}(,\d{3})*\.\d"),
    ("3.5", r"\d+\.\d"),
    ("60", r"[1-9]\d*"),
    ("7", r"[1-9]\d*"),
])
def test_varied_figure_keeps_its_form(surface: str, pattern: str) -> None:
    for seed in range(20):
        assert re.fullmatch(pattern, vary_number(surface, random.Random(seed)))


@pytest.mark.parametrize("year", ["1948", "2023", "2025"])
def test_years_are_kept(year: str) -> None:
    assert vary_number(year, random.Random(0)) == year


@pytest.mark.parametrize(("text", "figures"), [
    ("The ministry said 38,000 people were killed.", ["38,000"]),
    ("A 60-day truce and 1.5 million displaced.", ["60", "1.5"]),
    ("COVID-19 and the A320 are not figures.", []),
    ("Talks resumed on October 7, 2024.", ["7", "2024"]),
])
def test_figures_found_in_news_text(text: str, figures: list[str]) -> None:
    assert NUMBER.findall(text) == figures


@given(st.text(alphabet="0123456789,. -abX", max_size=40), st.integers(0, 1000))
def test_only_figures_change(text: str, seed: int) -> None:
    varied = vary_numbers(text, random.Random(seed))
    assert NUMBER.split(varied) == NUMBER.split(text)


def test_scaled_corpus_reads_as_articles(scaled: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = read_corpus(scaled)
    assert len(corpus.articles) == 12
    outlets = {row["outlet"] for row in seed_text(SEEDS).metadata}
    assert set(corpus.articles["outlet"]) <= outlets
    assert corpus.articles["published"].notna().all()
    assert (corpus.lines["label"] != "body").any()


def test_scaled_corpus_is_deterministic(scaled: Path, tmp_path: Path) -> None:
    again = scale_corpus(SEEDS, tmp_path, 12, seed=5)
    names = sorted(p.name for p in scaled.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    assert all((scaled / n).read_bytes() == (again / n).read_bytes() for n in names)


def test_scaled_text_comes_from_the_seeds(scaled: Path) -> None:
    seed = seed_text(SEEDS)
    skeletons = {NUMBER.sub("#", p) for p in seed.paragraphs}
    text = next(scaled.glob("0000000_*.txt")).read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n")[1:] if b.strip() not in seed.noise]
    assert blocks and all(NUMBER.sub("#", b.strip()) in skeletons for b in blocks)


def test_many_outlets_in_groups(tmp_path: Path) -> None:
    outlets = invented_outlets(45)
    assert len({row["outlet"] for row in outlets}) == 45
    assert {row["outlet_group"] for row in outlets} == set(OUTLET_GROUPS)
    folder = scale_corpus(SEEDS, tmp_path, 60, seed=2, outlets=outlets)
    articles = read_corpus(folder).articles
    assert articles["outlet"].nunique() > 30
    by_outlet = dict(zip(articles["outlet"], articles["outlet_group"], strict=True))
    assert by_outlet == {row["outlet"]: row["outlet_group"] for row in outlets
                         if row["outlet"] in by_outlet}
    with pytest.raises(ValueError, match="at most 120"):
        invented_outlets(121)


def test_more_articles_continue_the_numbering(scaled: Path, tmp_path: Path) -> None:
    folder = scale_corpus(SEEDS, tmp_path, 2, seed=1)
    scale_corpus(SEEDS, folder, 1, seed=2, start=2)
    names = sorted(p.name[:7] for p in folder.glob("*.txt"))
    assert names == ["0000000", "0000001", "0000002"]
    assert len((folder / "metadata.csv").read_text().splitlines()) == 4


@pytest.mark.parametrize(("filename", "stage"), [
    ("/x/newsprism/clean/lines.py", "load+clean"),
    ("/x/newsprism/clean/segment.py", "load+clean"),
    ("/x/newsprism/ingest/corpus.py", "load+clean"),
    ("/x/newsprism/datafiles.py", "load+clean"),
    ("/x/newsprism/measures/numbers.py", "numbers"),
    ("/x/newsprism/measures/quantities.py", "numbers"),
    ("/x/newsprism/measures/numerals.py", "numbers"),
    ("/x/newsprism/measures/topics.py", "framing"),
    ("/x/newsprism/run/pipeline.py", "pipeline"),
    ("/x/newsprism/run/analyse.py", "pipeline"),
    ("/x/pandas/core/frame.py", None),
])
def test_stage_of_a_module(filename: str, stage: str | None) -> None:
    assert stage_of(filename) == stage


def test_stage_profile_accounts_for_the_pass(scaled: Path) -> None:
    documents = list(iter_corpus(scaled, None, Problems()))
    seconds = stage_profile(documents[:4], DataFiles.load())
    assert seconds["load+clean"] > 0
    assert all(value >= 0 for value in seconds.values())
    assert set(seconds) <= {"load+clean", "numbers", "framing", "other"}


def test_bench_cross_mode_times_every_step_and_writes_the_same_tables(scaled: Path,
                                                                      tmp_path: Path) -> None:
    """``run_bench.py cross`` re-runs the cross-article steps on extracted tables alone."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = extract_to(scaled, tmp_path / "tables")
    out = tmp_path / "cross"
    subprocess.run([sys.executable, str(SEEDS.parent / "benchmarks" / "run_bench.py"), "cross",
                    str(tables["articles"].parent), str(out)], check=True, capture_output=True)
    result = json.loads((out / "cross.json").read_text(encoding="utf-8"))
    steps = [step["step"] for step in result["steps"][1:]]
    assert sorted(steps) == sorted(name for name in CROSS_ARTICLE if name in tables)
    assert all(step["peak_rss_mb"] > 0 for step in result["steps"])
    own = [step["step_peak_rss_mb"] for step in result["steps"][1:]]
    if Path("/proc/self/clear_refs").exists():  # Linux: each step's own peak, under the run's
        assert all(0 < peak <= result["peak_rss_mb"] for peak in own)
        largest = max(result["steps"][0]["peak_rss_mb"], *own)
        assert result["peak_rss_mb"] <= largest * 1.05  # the run's peak is its largest step's
    assert "| **whole phase** |" in (out / "cross.md").read_text(encoding="utf-8")
    for name in steps:
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"),
                                      pd.read_parquet(tables[name]), obj=name)


def test_merged_runs_replace_their_sizes_and_keep_the_rest() -> None:
    previous = {"code": "abc", "runs": [{"articles": 1000, "seconds": 1.0},
                                        {"articles": 10000, "seconds": 9.0}]}
    merged = merge_runs(previous, [{"articles": 10000, "seconds": 8.0}], "abc")
    assert merged == [{"articles": 1000, "seconds": 1.0}, {"articles": 10000, "seconds": 8.0}]


@pytest.mark.parametrize("earlier", [{"code": "old"}, {}])
def test_runs_of_other_code_are_not_merged(earlier: dict) -> None:
    with pytest.raises(MixedCode, match="run the whole benchmark"):
        merge_runs({**earlier, "runs": [{"articles": 1000}]}, [{"articles": 100000}], "new")


def _run_bench_module():
    """benchmarks/run_bench.py as a module (it is a script, not part of the package)."""
    path = SEEDS.parent / "benchmarks" / "run_bench.py"
    spec = importlib.util.spec_from_file_location("run_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cached_rate_is_the_one_added_rerun_and_reported() -> None:
    """The report gives the whole extract's rate with cached results, from the same run."""
    bench = _run_bench_module()
    measured = json.loads(next((SEEDS.parent / "benchmarks" / "results").glob(
        "bench-*-607e783.json")).read_text(encoding="utf-8"))
    again = {**measured["incremental"], "mb_one_added": 39.25, "seconds_one_added": 35.0}
    result = bench.headline({**measured, "incremental": again})
    assert result["cached_extract_mb_per_s_per_core"] == pytest.approx(39.25 / 35.0)
    report = bench.markdown(result)
    assert "| full extract re-run with all but one article's results from the cache" in report
    assert "| 1.12 | about the most faster measures give |" in report
    assert "the whole extract runs at 1.12 MB/s per core" in report
    older = bench.headline(measured)  # measured before the figure existed: not invented
    assert older["cached_extract_mb_per_s_per_core"] is None
    assert "runs at n/a MB/s per core" in bench.markdown(older)


def test_warc_stream_reads_every_page_of_the_archive_built_from_the_scaled_corpus(
        scaled: Path, tmp_path: Path) -> None:
    """The WARC step's archive holds one HTML page per scaled article, and its child process
    reads them all through the corpus reader, with outlet and date from each page."""
    bench = _run_bench_module()
    work = tmp_path / "work"  # the 12 scaled articles stand in for the built 10k corpus
    work.mkdir()
    (work / f"corpus-{bench.WARC_CORPUS_SIZE}").symlink_to(scaled)
    (work / f"corpus-{bench.WARC_CORPUS_SIZE}.done").write_text("12")
    archive = bench.build_warc(work, 12)
    assert archive.name == "warc-12.warc.gz" and bench.build_warc(work, 12) == archive
    done = subprocess.run([sys.executable, str(SEEDS.parent / "benchmarks" / "run_bench.py"),
                           "warc-child", str(archive)], check=True, capture_output=True,
                          text=True)
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["pages_read"] == 12 and measured["problems"] == 0
    assert 0 < measured["rss_after_first_page_mb"] <= measured["peak_rss_mb"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = read_corpus(archive).articles
    expected = pd.read_csv(scaled / "metadata.csv").sort_values("file")
    assert articles["outlet"].tolist() == expected["outlet"].tolist()
    assert articles["published"].dt.strftime("%Y-%m-%d").tolist() == expected[
        "published"].tolist()
    with pytest.raises(ValueError, match="has 12 articles, not 13"):
        bench.build_warc(work, 13)


def test_report_gives_the_warc_stream_line_with_the_smaller_archive_beside_it() -> None:
    bench = _run_bench_module()
    measured = json.loads(next((SEEDS.parent / "benchmarks" / "results").glob(
        "bench-*-607e783.json")).read_text(encoding="utf-8"))
    runs = [{"pages": 1000, "seconds": 14.04, "pages_read": 1000, "peak_rss_mb": 181.2,
             "rss_after_first_page_mb": 176.0},
            {"pages": 10000, "seconds": 139.61, "pages_read": 10000, "peak_rss_mb": 183.7,
             "rss_after_first_page_mb": 176.4}]
    report = bench.markdown(bench.headline({**measured, "warc_stream": {"runs": runs}}))
    assert ("- WARC stream, 10k pages: 139.6 s, peak 184 MB (10,000 pages read through the "
            "corpus reader, trafilatura on each, one record at a time; 1k pages: 14.0 s, "
            "peak 181 MB; 176 MB after the first page).") in report
    assert "WARC stream" not in bench.markdown(bench.headline(measured))


def test_report_pages_measure_each_page_and_what_it_links(tmp_path: Path) -> None:
    bench = _run_bench_module()
    (tmp_path / "articles").mkdir()
    (tmp_path / "tables").mkdir()
    (tmp_path / "02-framing-report.html").write_text(
        '<div class="np-table" data-rows="3"></div><p class="np-too-large">This table has '
        'rows. It is computed from <a href="tables/quotes.csv">quotes.csv</a>.</p>'
        '<p class="np-too-large">Every table is in its <a href="tables/">tables folder</a>'
        '</p><a href="tables/overlaps.csv">overlaps.csv</a>', encoding="utf-8")
    (tmp_path / "articles" / "a.html").write_bytes(b"x" * 2_000_000)
    (tmp_path / "articles" / "b.html").write_bytes(b"x" * 1_000_000)
    (tmp_path / "tables" / "lines.parquet").write_bytes(b"x" * 9_000_000)
    measured = bench.report_pages(tmp_path)
    assert measured["pages"] == [{"page": "02-framing-report.html", "mb": pytest.approx(
        (tmp_path / "02-framing-report.html").stat().st_size / 1e6), "tables": 1,
        "linked": ["quotes", "the tables folder"]}]
    assert measured["article_pages"] == 2
    assert measured["largest_article_page_mb"] == pytest.approx(2.0)
    assert measured["folder_mb_without_tables"] == pytest.approx(3.0, abs=0.01)


def test_report_gives_the_report_run_with_its_targets() -> None:
    bench = _run_bench_module()
    measured = json.loads(next((SEEDS.parent / "benchmarks" / "results").glob(
        "bench-*-607e783.json")).read_text(encoding="utf-8"))
    pages = [{"page": "01-corpus-overview.html", "mb": 9.5, "tables": 3, "linked": ["lines"]},
             {"page": "index.html", "mb": 0.01, "tables": 0, "linked": []}]
    run = {"articles": 10000, "extract_seconds": 120.0, "report_seconds": 210.0,
           "notebook_seconds": {"01-corpus-overview.ipynb": 61.25}, "command": "newsprism …",
           "pages": pages, "article_pages": 10000, "article_pages_mb": 380.4,
           "largest_article_page_mb": 0.12, "folder_mb_without_tables": 402.7}
    report = bench.markdown(bench.headline({**measured, "reports": run}))
    assert "## Reports at 10,000 articles" in report
    assert ("the reports in 3.5 minutes (target < 5), after an extract of 2.0 minutes; largest "
            "page 9.5 MB (target < 25); the reports folder without tables/ 403 MB (target < "
            "500), of which 10,000 article pages 380 MB (largest 0.12 MB).") in report
    assert "| 01-corpus-overview.html | 9.50 | 3 | lines | 61.2 |" in report
    assert "| index.html | 0.01 | 0 | none | n/a |" in report
    assert "Linked rather than embedded (over the 5 MB a page embeds, all rows in the tables " \
        "folder): 01-corpus-overview.html links lines." in report
    assert "## Reports at" not in bench.markdown(bench.headline(measured))
