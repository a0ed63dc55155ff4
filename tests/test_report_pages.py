"""The run's index and article pages written from a tables folder, reading only what they
show: the same pages as from the whole tables in memory."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from newsprism.report import index
from newsprism.report.articles import article_batches, write_article_pages
from newsprism.run.pipeline import extract_to
from newsprism.tables import PER_ARTICLE, read_tables

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus extracted into a tables folder."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = extract_to(SEEDS, tmp_path_factory.mktemp("tables"))
    return paths["articles"].parent


def test_index_reads_only_its_columns_and_finds_the_same(seed_folder: Path) -> None:
    whole, read = read_tables(seed_folder), index.index_tables(seed_folder)
    assert index.corpus_line(read) == index.corpus_line(whole)
    assert index.headline_findings(read) == index.headline_findings(whole)
    for name, frame in read.frames().items():
        assert list(frame.columns) == index.INDEX_COLUMNS.get(name, []), name


def test_batches_hold_each_article_once_with_its_own_rows(seed_folder: Path) -> None:
    whole = read_tables(seed_folder)
    batches = list(article_batches(seed_folder, size=2))
    assert [len(b.articles) for b in batches] == [2, 2, 1]
    for batch in batches:
        ids = set(batch.articles["article_id"])
        for name, frame in batch.per_article.items():
            assert set(frame["article_id"]) <= ids, name
            expected = whole[name][whole[name]["article_id"].isin(ids)]
            assert list(frame["start"]) == list(expected["start"]), name  # order kept
    assert "readability" in PER_ARTICLE and "readability" not in batches[0].per_article


def test_pages_from_a_folder_in_batches_equal_pages_from_memory(seed_folder: Path,
                                                                  tmp_path: Path) -> None:
    write_article_pages(read_tables(seed_folder), SEEDS, tmp_path / "memory")
    write_article_pages(seed_folder, SEEDS, tmp_path / "folder", batch=2)
    written = sorted(p.name for p in (tmp_path / "memory" / "articles").iterdir())
    assert len(written) == 6  # five articles and the list
    assert written == sorted(p.name for p in (tmp_path / "folder" / "articles").iterdir())
    for name in written:
        assert (tmp_path / "folder" / "articles" / name).read_bytes() == \
            (tmp_path / "memory" / "articles" / name).read_bytes(), name
