"""Engines: in-process, through the cache and on a dask cluster give the same tables."""

from __future__ import annotations

import re
import shutil
import statistics
import warnings
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from newsprism.cli import main
from newsprism.ingest.corpus import Problems, iter_corpus
from newsprism.options import DataFiles, Options
from newsprism.run import analyse, pipeline
from newsprism.run.analyse import COLUMNS, ArticleResult
from newsprism.run.cache import ResultCache
from newsprism.run.engines import (
    AnalysisFailed,
    DaskEngine,
    batched,
    run,
    stop_when_all_fail,
    stream_tables,
)
from newsprism.run.pipeline import extract, extract_to, write_tables
from newsprism.tables import Tables, read_table, rows_table
from scaled import scale_corpus

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
    """Call with the corpus warnings silenced; keyword arguments become its ``Options``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, Options(**options)) if options else function(*args)


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
        extract(corpus, Options(engine="spark"))


def test_in_process_results_follow_document_order(corpus: Path) -> None:
    documents = list(quiet(lambda: list(iter_corpus(corpus, None, Problems()))))
    results = list(run(documents, DataFiles.load()))
    assert [r.article_id for r in results] == [d.article_id for d in documents]


def test_an_article_whose_analysis_fails_is_reported_and_the_rest_kept(
        corpus: Path, plain: Tables, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error on one article becomes its problem row; it is not cached, so a later run
    (here without the fault) computes it again."""
    failing = plain.articles["article_id"].iloc[1]
    number_rows = analyse.number_rows

    def faulty(sentences, *args, **kwargs):
        if sentences["article_id"][0] == failing:
            raise KeyError("dozenſ of")
        return number_rows(sentences, *args, **kwargs)

    monkeypatch.setattr(analyse, "number_rows", faulty)
    cache = ResultCache(tmp_path / "cache")
    tables = quiet(extract, corpus, cache=cache)
    problem = tables.problems.set_index("file").loc[failing]
    assert problem["problem"] == "analysis_failed"
    # the innermost newsprism line, then the line that raised it (here in this test)
    assert re.fullmatch(r"KeyError: 'dozenſ of' \(at analyse\.py:\d+, raised at "
                        r"test_engines\.py:\d+\)", problem["detail"]), problem["detail"]
    assert failing not in set(tables.articles["article_id"])
    assert len(tables.articles) == len(plain.articles) - 1
    kept = plain["numbers"][plain["numbers"]["article_id"] != failing].reset_index(drop=True)
    pd.testing.assert_frame_equal(tables["numbers"], kept)
    monkeypatch.setattr(analyse, "number_rows", number_rows)
    assert_tables_equal(plain, quiet(extract, corpus, cache=cache))
    assert (cache.stats.misses, cache.stats.written) == (1, 1)


def test_failure_detail_names_where_the_error_was_raised() -> None:
    """Outside newsprism only the raising line is named (inside, see the test above)."""
    try:
        statistics.mean([])
    except statistics.StatisticsError as error:
        detail = analyse.failure_detail(error)
    assert re.fullmatch(r"StatisticsError: mean requires at least one data point "
                        r"\(at statistics\.py:\d+\)", detail), detail
    assert analyse.failure_detail(ValueError("never raised")) == "ValueError: never raised"


def test_running_out_of_memory_still_ends_the_run(corpus: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(analyse, "topic_rows", exhausted)
    with pytest.raises(MemoryError):
        quiet(extract, corpus)


def _failed(article_id: str) -> ArticleResult:
    return ArticleResult(article_id, None, skipped="KeyError: 'x'",
                                  problem=analyse.ANALYSIS_FAILED)


def test_a_run_stops_when_every_document_it_starts_with_fails() -> None:
    done = ArticleResult("ok", {}, {})
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

    monkeypatch.setattr(analyse, "topic_rows", broken)
    monkeypatch.setattr(pipeline, "stream_apart", stream_tables)  # the patch lives here only
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
        results = list(engine(documents, DataFiles.load()))
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


def assert_same_tables(streamed: dict[str, Path], expected: dict[str, Path]) -> None:
    """The same tables in the same order: equal Parquet content (row groups may differ) and
    byte-identical CSV exports."""
    assert list(streamed) == list(expected)
    for name, path in streamed.items():
        pd.testing.assert_frame_equal(pd.read_parquet(path), pd.read_parquet(expected[name]),
                                      obj=name)
        csv = path.with_suffix(".csv")
        if csv.exists():
            assert csv.read_bytes() == expected[name].with_suffix(".csv").read_bytes(), name


@pytest.mark.parametrize("chunk_size", [1, 4, 1000])
def test_streamed_files_equal_written_tables(corpus: Path, plain: Tables, tmp_path: Path,
                                             chunk_size: int) -> None:
    expected = write_tables(plain, tmp_path / "whole")
    streamed = quiet(stream_tables, corpus, tmp_path / "stream", chunk_size=chunk_size)
    assert set(streamed) == {"articles", "problems", *plain.per_article}
    assert_same_tables(streamed, {name: expected[name] for name in streamed})


def test_streaming_an_empty_corpus_writes_typed_empty_tables(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    paths = quiet(stream_tables, tmp_path / "empty", tmp_path / "out")
    articles = pq.read_table(paths["articles"])
    assert articles.num_rows == 0 and articles.schema.names[0] == "article_id"
    sentences = pq.read_table(paths["sentences"])
    assert sentences.num_rows == 0 and sentences.schema.field("start").type == "int64"


REFERENCE = SEEDS / "reference" / "casualties_daily.json"


@pytest.fixture(scope="module")
def written(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every table of the corpus (with the seeds' reference series) extracted in memory and
    written: what the streamed run must reproduce."""
    tables = quiet(extract, corpus, reference=REFERENCE)
    return write_tables(tables, tmp_path_factory.mktemp("whole"))


@pytest.mark.parametrize("chunk_size", [1, 1000])
def test_extract_to_writes_the_same_tables_as_extract(corpus: Path, written: dict[str, Path],
                                                      tmp_path: Path, chunk_size: int) -> None:
    """Streamed in chunks of articles, read back column-selected: the same tables."""
    streamed = quiet(extract_to, corpus, tmp_path, reference=REFERENCE, chunk_size=chunk_size)
    assert {"article_overlaps", "reference_checks", "distinctive_terms"} <= set(streamed)
    assert_same_tables(streamed, written)


@pytest.mark.slow
def test_extract_to_on_dask_through_cache(corpus: Path, written: dict[str, Path], cluster,
                                          tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    options = {"engine": "dask", "scheduler": cluster, "cache": cache, "reference": REFERENCE}
    cold = quiet(extract_to, corpus, tmp_path / "cold", **options)
    assert (cache.stats.hits, cache.stats.misses) == (0, len(pd.read_parquet(written["articles"])))
    warm = quiet(extract_to, corpus, tmp_path / "warm", **options)
    assert cache.stats.misses == 0
    assert_same_tables(cold, written)
    assert_same_tables(warm, written)


def test_extract_to_an_empty_corpus_writes_every_table(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    paths = quiet(extract_to, tmp_path / "empty", tmp_path / "out")
    assert {"comparison", "overlaps", "article_overlaps"} <= set(paths)
    header = (tmp_path / "out" / "article_overlaps.csv").read_text().splitlines()[0]
    assert header.replace('"', "").startswith("article_id_a,article_id_b,")


def test_read_table_categories_equal_the_column_converted(corpus: Path, written: dict[str, Path]
                                                          ) -> None:
    """Columns read as categories hold each text once and equal the plain column."""
    folder = written["numbers"].parent
    chosen = read_table(folder, "numbers", ["article_id", "sentence", "value"],
                        categories=("sentence", "source"))
    assert list(chosen.columns) == ["article_id", "sentence", "value"]
    assert isinstance(chosen["sentence"].dtype, pd.CategoricalDtype)
    whole = read_table(folder, "numbers")
    assert chosen["sentence"].astype(str).tolist() == whole["sentence"].tolist()


def test_per_article_pass_equals_the_one_article_functions(corpus: Path, plain: Tables) -> None:
    """The pass keeps rows and builds frames per chunk; each table is what the public
    one-article functions give on that article's sentences frame."""
    from one_article import (
        classify_agency,
        extract_numbers,
        find_labels,
        find_quotes,
        find_terms,
        readability,
        topic_shares,
    )

    data = DataFiles.load()
    for document in quiet(lambda: list(iter_corpus(corpus, None, Problems()))):
        sentences = plain["sentences"][plain["sentences"]["article_id"] == document.article_id]
        if sentences.empty:
            continue
        sentences = sentences.reset_index(drop=True)
        doc = document.doc
        numbers = extract_numbers(sentences, doc, data.quantities, None, None,
                                  data.casualty_terms, document.fields.get("published"))
        expected = {
            "numbers": numbers,
            "labels": find_labels(sentences, doc, data.actors),
            "terms": find_terms(sentences, doc, data.loaded_terms),
            "quotes": find_quotes(sentences, doc, data.actors),
            "agency": classify_agency(sentences, doc, data.casualty_terms,
                                      list(zip(numbers["start"], numbers["end"], strict=True))),
            "topics": topic_shares(sentences, data.topics),
            "readability": readability(sentences),
        }
        result = analyse.analyse(document, data)
        for name, frame in expected.items():
            built = rows_table(result.tables[name], name, COLUMNS[name]).to_pandas()
            pd.testing.assert_frame_equal(built, frame, check_dtype=False,
                                          check_index_type=False, obj=name)


def test_the_pass_apart_writes_the_same_tables_and_reports_what_it_found(
        corpus: Path, tmp_path: Path) -> None:
    """The per-article pass in a child process: the same files as in this process, its
    problems warned here in order, its errors raised here."""
    from newsprism.ingest.corpus import CorpusWarning
    from newsprism.run.apart import stream_apart

    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    with warnings.catch_warnings(record=True) as here:
        warnings.simplefilter("always")
        near = stream_tables(folder, tmp_path / "here")
    with pytest.warns(CorpusWarning) as apart:
        far = stream_apart(folder, tmp_path / "apart")
    assert [str(w.message) for w in apart] == [str(w.message) for w in here]
    assert len(here) >= 2
    assert list(far) == list(near)
    for name, path in near.items():
        pd.testing.assert_frame_equal(pd.read_parquet(far[name]), pd.read_parquet(path))
    with pytest.raises(FileNotFoundError):
        stream_tables(tmp_path / "nowhere", tmp_path / "x")
    with pytest.raises(FileNotFoundError):
        stream_apart(tmp_path / "nowhere", tmp_path / "y")
