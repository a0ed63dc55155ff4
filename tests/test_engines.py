"""Engines: in-process, through the cache and on a dask cluster give the same tables."""

from __future__ import annotations

import re
import shutil
import statistics
import warnings
from pathlib import Path

import pandas as pd
import pytest

from newsprism import pipeline
from newsprism.bench import scale_corpus
from newsprism.cache import ResultCache
from newsprism.cli import main
from newsprism.corpus import Problems, iter_corpus
from newsprism.engines import (
    AnalysisFailed,
    DaskEngine,
    batched,
    run,
    stop_when_all_fail,
    stream_tables,
)
from newsprism.pipeline import Resources, Tables, extract, extract_to, write_tables

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles plus six generated ones."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in SEEDS.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    scale_corpus(SEEDS, folder, 6, seed=3, start=100)
    return folder


@pytest.fixture(scope="module")
def plain(corpus: Path) -> Tables:
    """The corpus extracted in this process without a cache: the reference."""
    return quiet(extract, corpus)


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on this machine."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as local, Client(local) as client:
        yield client


def quiet(function, *args, **options):
    """Call with the corpus warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **options)


def assert_tables_equal(left: Tables, right: Tables) -> None:
    """Every table of two extractions is identical, values and dtypes."""
    assert left.per_article.keys() == right.per_article.keys()
    for name in ("articles", "problems", *left.per_article):
        pd.testing.assert_frame_equal(left[name], right[name])


@pytest.mark.parametrize(("size", "expected"), [
    (2, [[1, 2], [3, 4], [5]]),
    (5, [[1, 2, 3, 4, 5]]),
    (9, [[1, 2, 3, 4, 5]]),
])
def test_batched_keeps_order_and_every_item(size: int, expected: list) -> None:
    assert list(batched(range(1, 6), size)) == expected


def test_unknown_engine_is_refused(corpus: Path) -> None:
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        extract(corpus, engine="spark")


def test_in_process_results_follow_document_order(corpus: Path) -> None:
    documents = list(quiet(lambda: list(iter_corpus(corpus, None, Problems()))))
    results = list(run(documents, Resources.load()))
    assert [r.article_id for r in results] == [d.article_id for d in documents]


def test_an_article_whose_analysis_fails_is_reported_and_the_rest_kept(
        corpus: Path, plain: Tables, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error on one article becomes its problem row; it is not cached, so a later run
    (here without the fault) computes it again."""
    failing = plain.articles["article_id"].iloc[1]
    number_rows = pipeline.number_rows

    def faulty(sentences, *args, **kwargs):
        if sentences["article_id"][0] == failing:
            raise KeyError("dozenſ of")
        return number_rows(sentences, *args, **kwargs)

    monkeypatch.setattr(pipeline, "number_rows", faulty)
    cache = ResultCache(tmp_path / "cache")
    tables = quiet(extract, corpus, cache=cache)
    problem = tables.problems.set_index("file").loc[failing]
    assert problem["problem"] == "analysis_failed"
    # the innermost newsprism line, then the line that raised it (here in this test)
    assert re.fullmatch(r"KeyError: 'dozenſ of' \(at pipeline\.py:\d+, raised at "
                        r"test_engines\.py:\d+\)", problem["detail"]), problem["detail"]
    assert failing not in set(tables.articles["article_id"])
    assert len(tables.articles) == len(plain.articles) - 1
    kept = plain["numbers"][plain["numbers"]["article_id"] != failing].reset_index(drop=True)
    pd.testing.assert_frame_equal(tables["numbers"], kept)
    monkeypatch.setattr(pipeline, "number_rows", number_rows)
    assert_tables_equal(plain, quiet(extract, corpus, cache=cache))
    assert (cache.stats.misses, cache.stats.written) == (1, 1)


def test_failure_detail_names_where_the_error_was_raised() -> None:
    """Outside newsprism only the raising line is named (inside, see the test above)."""
    try:
        statistics.mean([])
    except statistics.StatisticsError as error:
        detail = pipeline.failure_detail(error)
    assert re.fullmatch(r"StatisticsError: mean requires at least one data point "
                        r"\(at statistics\.py:\d+\)", detail), detail
    assert pipeline.failure_detail(ValueError("never raised")) == "ValueError: never raised"


def test_running_out_of_memory_still_ends_the_run(corpus: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(pipeline, "topic_rows", exhausted)
    with pytest.raises(MemoryError):
        quiet(extract, corpus)


def _failed(article_id: str) -> pipeline.ArticleResult:
    return pipeline.ArticleResult(article_id, None, skipped="KeyError: 'x'",
                                  problem=pipeline.ANALYSIS_FAILED)


def test_a_run_stops_when_every_document_it_starts_with_fails() -> None:
    done = pipeline.ArticleResult("ok", {}, {})
    assert list(stop_when_all_fail([done, *map(_failed, "abc")], limit=2))[0] is done
    with pytest.raises(AnalysisFailed, match="first 2 documents; a: KeyError: 'x'"):
        list(stop_when_all_fail(map(_failed, "abc"), limit=2))
    with pytest.raises(AnalysisFailed, match="first 3 documents"):  # fewer than the limit
        list(stop_when_all_fail(map(_failed, "abc"), limit=5))


def test_extract_refuses_a_corpus_on_which_every_analysis_fails(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args, **kwargs):
        raise KeyError("a broken data file")

    monkeypatch.setattr(pipeline, "topic_rows", broken)
    with pytest.raises(AnalysisFailed, match="KeyError: 'a broken data file'"):
        quiet(extract, corpus)
    assert quiet(main, ["extract", str(corpus), "--out", str(tmp_path / "out")]) == 1
    assert "error: the analysis failed on each of the first" in capsys.readouterr().err


@pytest.mark.slow
def test_dask_tables_equal_in_process(corpus: Path, plain: Tables, cluster) -> None:
    assert_tables_equal(plain, quiet(extract, corpus, engine="dask", scheduler=cluster))


@pytest.mark.slow
def test_dask_keeps_order_when_batches_finish_out_of_order(corpus: Path, cluster) -> None:
    documents = list(quiet(lambda: list(iter_corpus(corpus, None, Problems()))))
    with DaskEngine(cluster, batch_size=1) as engine:
        results = list(engine(documents, Resources.load()))
    assert [r.article_id for r in results] == [d.article_id for d in documents]


@pytest.mark.slow
def test_dask_by_scheduler_address_through_cache(corpus: Path, plain: Tables, cluster,
                                                 tmp_path: Path) -> None:
    address = cluster.scheduler.address
    cache = ResultCache(tmp_path / "cache")
    cold = quiet(extract, corpus, engine="dask", scheduler=address, cache=cache)
    assert cache.stats.misses == len(plain.articles)
    warm = quiet(extract, corpus, engine="dask", scheduler=address, cache=cache)
    assert cache.stats.hits == len(plain.articles)
    assert_tables_equal(plain, cold)
    assert_tables_equal(plain, warm)


@pytest.mark.parametrize("chunk_size", [1, 4, 1000])
def test_streamed_files_equal_written_tables(corpus: Path, plain: Tables, tmp_path: Path,
                                             chunk_size: int) -> None:
    expected = write_tables(plain, tmp_path / "whole")
    streamed = quiet(stream_tables, corpus, tmp_path / "stream", chunk_size=chunk_size)
    assert set(streamed) == {"articles", "problems", *plain.per_article}
    for name, path in streamed.items():
        assert path.read_bytes() == expected[name].read_bytes(), name


def test_streaming_an_empty_corpus_writes_headers(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    paths = quiet(stream_tables, tmp_path / "empty", tmp_path / "out")
    assert paths["articles"].read_text().startswith("article_id,")
    assert len(paths["sentences"].read_text().splitlines()) == 1


REFERENCE = SEEDS / "reference" / "casualties_daily.json"


@pytest.fixture(scope="module")
def written(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every table of the corpus (with the seeds' reference series) extracted in memory and
    written: what the streamed run must reproduce byte for byte."""
    tables = quiet(extract, corpus, reference=REFERENCE)
    return write_tables(tables, tmp_path_factory.mktemp("whole"))


def assert_same_files(streamed: dict[str, Path], expected: dict[str, Path]) -> None:
    """The same tables, in the same order, with identical bytes."""
    assert list(streamed) == list(expected)
    for name, path in streamed.items():
        assert path.read_bytes() == expected[name].read_bytes(), name


@pytest.mark.parametrize(("chunk_size", "read_rows"), [(1, 3), (1000, pipeline.READ_ROWS)])
def test_extract_to_writes_the_same_files_as_extract(corpus: Path, written: dict[str, Path],
                                                     tmp_path: Path, chunk_size: int,
                                                     read_rows: int, monkeypatch) -> None:
    """Streamed in chunks of articles, read back in chunks of rows: the same bytes."""
    monkeypatch.setattr(pipeline, "READ_ROWS", read_rows)
    streamed = quiet(extract_to, corpus, tmp_path, reference=REFERENCE, chunk_size=chunk_size)
    assert {"article_overlaps", "reference_checks", "distinctive_terms"} <= set(streamed)
    assert_same_files(streamed, written)


@pytest.mark.slow
def test_extract_to_on_dask_through_cache(corpus: Path, written: dict[str, Path], cluster,
                                          tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    options = {"engine": "dask", "scheduler": cluster, "cache": cache, "reference": REFERENCE}
    cold = quiet(extract_to, corpus, tmp_path / "cold", **options)
    assert (cache.stats.hits, cache.stats.misses) == (0, len(pd.read_csv(written["articles"])))
    warm = quiet(extract_to, corpus, tmp_path / "warm", **options)
    assert cache.stats.misses == 0
    assert_same_files(cold, written)
    assert_same_files(warm, written)


def test_extract_to_an_empty_corpus_writes_every_table(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    paths = quiet(extract_to, tmp_path / "empty", tmp_path / "out")
    assert {"comparison", "overlaps", "article_overlaps"} <= set(paths)
    assert paths["article_overlaps"].read_text().startswith("article_id_a,article_id_b,")


def test_read_table_in_row_chunks_types_columns_as_one_read(tmp_path: Path,
                                                            monkeypatch) -> None:
    """A column empty in the first chunk of rows is still typed as a single read types it."""
    path = tmp_path / "numbers.csv"
    path.write_text("article_id,unit,value\n001,,1\n002,,2\n003,days,3\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "READ_ROWS", 2)
    chunked = pipeline.read_table(path)
    monkeypatch.setattr(pipeline, "READ_ROWS", 100)
    pd.testing.assert_frame_equal(chunked, pipeline.read_table(path))
    assert chunked["article_id"].tolist() == ["001", "002", "003"]


def test_read_table_categories_hold_each_text_once_in_sorted_order(tmp_path: Path,
                                                                   monkeypatch) -> None:
    """Columns read as categories chunk by chunk equal the column read whole and converted,
    empty chunks included, and keep the table's column order."""
    path = tmp_path / "numbers.csv"
    path.write_text("article_id,sentence,source,value\n001,b,,1\n002,a,,2\n003,b,x,3\n004,c,,4\n",
                    encoding="utf-8")
    monkeypatch.setattr(pipeline, "READ_ROWS", 2)
    chunked = pipeline.read_table(path, categories=("sentence", "source"))
    whole = pipeline.read_table(path).astype({"sentence": "category", "source": "category"})
    pd.testing.assert_frame_equal(chunked, whole)
    assert chunked["sentence"].cat.categories.tolist() == ["a", "b", "c"]


def test_per_article_pass_equals_the_one_article_functions(corpus: Path, plain: Tables) -> None:
    """The pass keeps rows and builds frames per chunk; each table is what the public
    one-article functions give on that article's sentences frame."""
    from newsprism.agency import classify_agency
    from newsprism.labels import find_labels
    from newsprism.numbers import extract_numbers
    from newsprism.quotes import find_quotes
    from newsprism.readability import readability
    from newsprism.terms import find_terms
    from newsprism.topics import topic_shares

    resources = Resources.load()
    for document in quiet(lambda: list(iter_corpus(corpus, None, Problems()))):
        sentences = plain["sentences"][plain["sentences"]["article_id"] == document.article_id]
        if sentences.empty:
            continue
        sentences = sentences.reset_index(drop=True)
        doc = document.doc
        expected = {
            "numbers": extract_numbers(sentences, doc, resources.taxonomy),
            "labels": find_labels(sentences, doc, resources.actors),
            "terms": find_terms(sentences, doc, resources.lexicon),
            "quotes": find_quotes(sentences, doc, resources.actors),
            "agency": classify_agency(sentences, doc, resources.casualty_terms),
            "topics": topic_shares(sentences, resources.topics),
            "readability": readability(sentences),
        }
        result = pipeline.analyse(document, resources)
        for name, frame in expected.items():
            built = pipeline.per_article_frame(name, result.tables[name])
            pd.testing.assert_frame_equal(built, frame, check_dtype=False,
                                          check_index_type=False, obj=name)
