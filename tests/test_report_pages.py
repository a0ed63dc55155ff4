"""The run's index and article pages written from a tables folder, reading only what they
show: the same pages as from the whole tables in memory."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from newsprism.report import index
from newsprism.report.articles import article_batches, write_article_pages
from newsprism.run.pipeline import extract_to
from newsprism.tables import PER_ARTICLE, Tables, read_tables

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


def test_index_findings_by_group_and_at_most_six_named() -> None:
    outlets = [f"Outlet {n:02d}" for n in range(10)]
    rates = pd.DataFrame({
        "measure": "agentless_share", "group_by": ["outlet"] * 10 + ["outlet_group"] * 2,
        "group": [*outlets, "wire", "regional"], "rate": [n / 20 for n in range(12)],
        "low": float("nan"), "high": float("nan")})
    distinct = pd.DataFrame({"group_by": "outlet", "group": outlets, "term": "truce",
                             "z": [float(n) for n in range(10)]})
    articles = pd.DataFrame({"outlet": outlets, "outlet_group": ["wire", "regional"] * 5,
                             "published": pd.NaT})
    checks = pd.DataFrame({"outlet": outlets, "days_old": [float(n) for n in range(10)]})
    found = index.headline_findings(Tables(articles, pd.DataFrame(), {}, {
        "rate_intervals": rates, "distinctive_terms": distinct, "reference_checks": checks}))
    assert [f.text for f in found] == [
        "Casualty clauses without an agent, by outlet group: regional 55 %; wire 50 %.",
        "Most distinctive words: Outlet 09: “truce”; Outlet 08: “truce”; Outlet 07: “truce”; "
        "4 more outlets in the report; Outlet 02: “truce”; Outlet 01: “truce”; "
        "Outlet 00: “truce”.",
        "Figures against the official series, median days old, by outlet group: regional 5; "
        "wire 4."]


def test_a_notebook_reads_only_the_tables_it_names(seed_folder: Path) -> None:
    from newsprism.report.notebook import load_tables

    read = load_tables(SEEDS, seed_folder, names=["lines", "comparison"])
    assert list(read.per_article) == ["lines"] and list(read.cross_article) == ["comparison"]
    assert len(read.articles) == 5
    with pytest.raises(KeyError, match="names="):
        read["numbers"]


def test_a_selection_reads_what_its_comparisons_are_recomputed_from(seed_folder: Path) -> None:
    from newsprism.report.notebook import Selection, load_tables

    whole = load_tables(SEEDS, seed_folder)
    outlet = whole.articles["outlet"].iloc[0]
    read = load_tables(SEEDS, seed_folder, selection=Selection(outlets=[outlet]),
                       names=["comparison"])
    assert set(read.articles["outlet"]) == {outlet}
    assert set(read["comparison"]["article_id"]) <= set(read.articles["article_id"])


def test_every_file_is_read_once_for_all_its_articles(tmp_path: Path, monkeypatch) -> None:
    import json

    from newsprism.report import notebook

    records = [{"title": f"Talks day {n}", "text": f"Negotiators met for the {n}th day.\n"
                f"Mediators said {n} issues remained open between the two sides."}
               for n in range(1, 4)]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    ids = [d.article_id for d in notebook.read_file(tmp_path / "feed.jsonl", "feed.jsonl",
                                                    notebook.Problems())]
    calls = []
    reader = notebook.read_file
    monkeypatch.setattr(notebook, "read_file", lambda *a: calls.append(a) or reader(*a))
    docs = notebook.article_documents(tmp_path, ids)
    assert len(calls) == 1 and list(docs) == ids
    assert [notebook.article_document(tmp_path, i) for i in ids] == list(docs.values())
    with pytest.raises(KeyError, match="not found"):
        notebook.article_documents(tmp_path, ["feed.jsonl#99"])
