"""The per-article result cache: hits, misses, invalidation, corruption, equal results."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from newsprism.datafiles import data_path
from newsprism.ingest.corpus import Document
from newsprism.options import Options
from newsprism.run.analyse import ArticleResult
from newsprism.run.cache import (
    CACHE_ENV,
    LAYOUT,
    MANIFEST,
    RESULTS,
    TEMP_PREFIX,
    ResultCache,
    default_cache_dir,
    document_key,
)
from newsprism.run.pipeline import extract
from newsprism.tables import Tables
from scaled import scale_corpus

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GENERATED = 4
NAV_ONLY = "Share on Facebook\nShare on X\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seed articles, four generated ones and a file with no article prose."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in SEEDS.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    scale_corpus(SEEDS, folder, GENERATED, seed=7, start=100)
    (folder / "zz_navigation.txt").write_text(NAV_ONLY, encoding="utf-8")
    return folder


def documents_in(folder: Path) -> int:
    """Number of input documents in a corpus folder (metadata excluded)."""
    return sum(1 for p in folder.iterdir() if p.suffix == ".txt")


def quiet_extract(corpus: Path, **options) -> Tables:
    """``extract`` with the corpus warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return extract(corpus, Options(**options))


def assert_tables_equal(left: Tables, right: Tables) -> None:
    """Every table of two extractions is identical, values and dtypes."""
    assert left.per_article.keys() == right.per_article.keys()
    for name in ("articles", "problems", *left.per_article):
        pd.testing.assert_frame_equal(left[name], right[name])


def test_first_run_misses_then_every_article_hits(corpus: Path, tmp_path: Path) -> None:
    count = documents_in(corpus)
    cache = ResultCache(tmp_path / "cache")
    quiet_extract(corpus, cache=cache)
    assert (cache.stats.hits, cache.stats.misses, cache.stats.written) == (0, count, count)
    quiet_extract(corpus, cache=cache)
    assert (cache.stats.hits, cache.stats.misses, cache.stats.written) == (count, 0, 0)


def test_cached_tables_equal_uncached(corpus: Path, tmp_path: Path) -> None:
    plain = quiet_extract(corpus)
    cache = ResultCache(tmp_path / "cache", pack_size=3)
    cold = quiet_extract(corpus, cache=cache)
    warm = quiet_extract(corpus, cache=cache)
    assert cache.stats.hits == documents_in(corpus)
    assert_tables_equal(plain, cold)
    assert_tables_equal(plain, warm)


def test_skipped_document_stays_skipped_from_cache(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    quiet_extract(corpus, cache=cache)
    warm = quiet_extract(corpus, cache=cache)
    skipped = warm.problems[warm.problems["problem"] == "no_article_text"]
    assert skipped["file"].tolist() == ["zz_navigation.txt"]


def test_adding_one_article_computes_only_that_article(corpus: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    quiet_extract(corpus, cache=cache)
    scale_corpus(SEEDS, corpus, 1, seed=99, start=500)
    tables = quiet_extract(corpus, cache=cache)
    assert (cache.stats.misses, cache.stats.written) == (1, 1)
    assert cache.stats.hits == documents_in(corpus) - 1
    assert tables.articles["article_id"].str.startswith("0000500_").sum() == 1


def test_edited_article_is_recomputed(corpus: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    quiet_extract(corpus, cache=cache)
    target = next(corpus.glob("0000100_*.txt"))
    target.write_text(target.read_text(encoding="utf-8") + "\nA new closing paragraph.\n",
                      encoding="utf-8")
    quiet_extract(corpus, cache=cache)
    assert cache.stats.misses == 1


def test_changed_data_file_invalidates_every_result(corpus: Path, tmp_path: Path) -> None:
    patterns = tmp_path / "line_patterns.yaml"
    shutil.copy(data_path("line_patterns.yaml"), patterns)
    cache = ResultCache(tmp_path / "cache")
    quiet_extract(corpus, line_patterns=patterns, cache=cache)
    patterns.write_text(patterns.read_text(encoding="utf-8") + "\n# a researcher's note\n",
                        encoding="utf-8")
    quiet_extract(corpus, line_patterns=patterns, cache=cache)
    assert (cache.stats.hits, cache.stats.misses) == (0, documents_in(corpus))


def _truncate(path: Path) -> None:
    """Cut a file in half."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    """Overwrite a file with bytes that are not Parquet."""
    path.write_bytes(b"not a parquet file" * 10)


def _flip_byte(path: Path) -> None:
    """Change one byte in the middle: still the same length, no longer the same content."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _garbage, _flip_byte, Path.unlink])
@pytest.mark.parametrize("target", [RESULTS, "numbers.parquet", MANIFEST])
def test_corrupt_pack_is_rebuilt_not_trusted(corpus: Path, tmp_path: Path, damage,
                                             target: str) -> None:
    plain = quiet_extract(corpus)
    cache = ResultCache(tmp_path / "cache")
    quiet_extract(corpus, cache=cache)
    (pack,) = [p for p in (tmp_path / "cache" / LAYOUT).glob("*/*") if p.is_dir()]
    damage(pack / target)
    rebuilt = quiet_extract(corpus, cache=cache)
    assert cache.stats.corrupt == 1
    assert (cache.stats.hits, cache.stats.misses) == (0, documents_in(corpus))
    assert not pack.exists()
    assert_tables_equal(plain, rebuilt)
    quiet_extract(corpus, cache=cache)
    assert (cache.stats.hits, cache.stats.corrupt) == (documents_in(corpus), 0)


def test_packs_are_renamed_into_place(corpus: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache", pack_size=4)
    quiet_extract(corpus, cache=cache)
    packs = [p for p in cache.folder.iterdir()]
    assert packs and not [p for p in packs if p.name.startswith(TEMP_PREFIX)]
    assert all((p / MANIFEST).is_file() for p in packs)
    assert len(packs) == -(-documents_in(corpus) // 4)


def test_cache_folder_comes_from_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "elsewhere"))
    assert default_cache_dir() == tmp_path / "elsewhere"
    assert ResultCache().root == tmp_path / "elsewhere"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "newsprism"


def test_true_means_the_default_folder(corpus: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "env-cache"))
    quiet_extract(corpus, cache=True)
    assert list((tmp_path / "env-cache" / LAYOUT).glob("*/*/" + MANIFEST))


@pytest.mark.parametrize("change", [
    {"article_id": "other.txt"},
    {"doc": "Another text."},
    {"raw": "<p>Another text.</p>"},
    {"format": "html"},
    {"fields": {"outlet": "Another outlet"}},
])
def test_document_key_covers_everything_analyse_reads(change: dict) -> None:
    base = {"article_id": "a.txt", "raw": "Text.", "doc": "Text.", "format": "txt",
            "fields": {"outlet": "An outlet"}}
    assert document_key(Document(**base)) == document_key(Document(**base))
    assert document_key(Document(**base)) != document_key(Document(**{**base, **change}))


def test_writing_before_bind_is_an_error(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, pack_size=1)
    document = Document("a.txt", "Text.", "Text.", "txt")
    with pytest.raises(RuntimeError, match="bind"):
        cache.add(document, ArticleResult("a.txt", None, skipped="no prose"))


def test_packs_are_plain_parquet_tables(corpus: Path, tmp_path: Path) -> None:
    """Any Parquet reader sees a pack's results, articles and per-article tables."""
    cache = ResultCache(tmp_path / "cache")
    plain = quiet_extract(corpus, cache=cache)
    pack = next(p for p in cache.folder.iterdir() if p.is_dir())
    results = pd.read_parquet(pack / "results.parquet")
    assert list(results.columns) == ["entry", "article_id", "skipped", "problem"]
    numbers = pd.read_parquet(pack / "numbers.parquet")
    assert numbers.columns[0] == "entry"
    assert len(numbers) == len(plain["numbers"])
    assert set(pd.read_parquet(pack / "articles.parquet")["article_id"]) == set(
        plain.articles["article_id"])
