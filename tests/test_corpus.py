"""Corpus reading: the seeds, every supported format, and every kind of bad input."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from gold_data import SEEDS, gold_table
from newsprism.clean.document import ARTICLE_COLUMNS, read_corpus
from newsprism.clean.words import WORD
from newsprism.ingest.corpus import CorpusWarning, Problems, looks_binary, parse_date

ARTICLE = ("Talks resume in Cairo after weeks of delay\n\n"
           "Negotiators returned to Cairo on Monday for a new round of talks, officials said.\n\n"
           "The talks are expected to last several days, according to mediators.\n")


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, to prove nothing was modified on disk."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _corpus(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    """A corpus folder made of the given files."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def test_seeds_load_with_metadata() -> None:
    articles = read_corpus(SEEDS).articles
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert articles["article_id"].tolist() == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert articles["outlet"].str.len().gt(0).all()
    assert str(articles["published"].dtype).startswith("datetime64")
    for row in articles.itertuples():
        assert row.raw == (SEEDS / row.article_id).read_text(encoding="utf-8")


def test_seed_titles_match_reference_titles() -> None:
    articles = read_corpus(SEEDS).articles.set_index("article_id")
    for row in gold_table("articles").itertuples():
        assert articles.loc[row.file, "title"] == row.title


def test_seed_dates_match_reference_dates() -> None:
    articles = read_corpus(SEEDS).articles.set_index("article_id")
    for row in gold_table("articles").itertuples():
        assert articles.loc[row.file, "published"] == pd.Timestamp(row.published)


def test_text_is_content_only() -> None:
    articles = read_corpus(SEEDS).articles.set_index("article_id")
    text = articles.loc["004_4f99d01e388c12ef.txt", "text"]
    assert "cookies" not in text and "READ:" not in text and "via REUTERS" not in text
    assert "Some 33,207 Palestinians have been killed" in text


def test_word_count_is_the_words_of_the_content_text(tmp_path: Path) -> None:
    """Counted from the lines already read, the count is still that of the content text:
    a title loses its site suffix, and boilerplate lines count for nothing."""
    folder = _corpus(tmp_path, {"a.txt": "Truce talks resume in Cairo after weeks - Reuters\n\n"
                                         + ARTICLE.split("\n\n", 1)[1]
                                         + "\nSubscribe to our newsletter\n"})
    for source in (SEEDS, folder):
        articles = read_corpus(source).articles
        assert articles["words"].tolist() == [len(WORD.findall(t)) for t in articles["text"]]
    title = read_corpus(folder).articles["text"].iloc[0].split("\n")[0]
    assert title == "Truce talks resume in Cairo after weeks"


def test_bad_inputs_are_named_and_the_rest_processed(tmp_path: Path) -> None:
    big = ("Filler sentence about nothing in particular.\n" * 1_200_000).encode()
    folder = _corpus(tmp_path, {
        "good.txt": ARTICLE,
        "empty.txt": b"",
        "blank.txt": b"   \n\n ",
        "binary.txt": bytes(range(256)) * 10,
        "undecodable.txt": b"Talks \x81\x8d resume \x90 here\n",
        "cp1252.txt": ARTICLE.replace("Cairo on", "Caf\xe9 on").encode("cp1252"),
        "big.txt": big,
        "notes.pdf": b"%PDF-1.4 not an article",
        "zz-copy.txt": ARTICLE,
        "metadata.csv": "file,outlet,url,published,date_evidence,wire\n"
                        "good.txt,Outlet A,,2024-05-01,dateline,\n"
                        "cp1252.txt,Outlet B,,not a date,,\n"
                        "gone.txt,Outlet C,,2024-05-02,,\n",
    })
    before = _snapshot(folder)
    with pytest.warns(CorpusWarning):
        corpus = read_corpus(folder)
    problems = dict(zip(corpus.problems["file"], corpus.problems["problem"], strict=False))
    assert problems["empty.txt"] == "empty"
    assert problems["blank.txt"] == "empty"
    assert problems["binary.txt"] == "binary"
    assert problems["undecodable.txt"] == "undecodable"
    assert problems["big.txt"] == "too_large"
    assert problems["notes.pdf"] == "unsupported_file"
    assert problems["zz-copy.txt"] == "duplicate_text"
    assert problems["gone.txt"] == "metadata_for_missing_file"
    assert {"not_utf8", "unparseable_date"} <= set(
        corpus.problems.loc[corpus.problems["file"] == "cp1252.txt", "problem"])
    assert corpus.problems["action"].str.len().gt(0).all()
    assert sorted(corpus.articles["article_id"]) == ["cp1252.txt", "good.txt"]
    cp = corpus.articles.set_index("article_id").loc["cp1252.txt"]
    assert "Café on" in cp["raw"] and pd.isna(cp["published"])
    assert "not_utf8" in cp["problems"]
    assert _snapshot(folder) == before


def test_missing_metadata_row_and_column_warn(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, {"a.txt": ARTICLE, "metadata.csv": "file,outlet\nother.txt,X\n"})
    with pytest.warns(CorpusWarning, match="a.txt"):
        corpus = read_corpus(folder)
    problems = set(corpus.problems["problem"])
    assert {"no_metadata_row", "metadata_column_missing", "metadata_for_missing_file"} <= problems
    assert len(corpus.articles) == 1


def test_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, {"bom.txt": b"\xef\xbb\xbf" + ARTICLE.encode()})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles = read_corpus(folder).articles
    assert articles.loc[0, "raw"] == ARTICLE


def test_non_article_text_is_reported(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, {"a.txt": ARTICLE, "list.txt": "apples\npears\nplums\n"})
    with pytest.warns(CorpusWarning, match="list.txt"):
        corpus = read_corpus(folder)
    assert corpus.problems.set_index("file").loc["list.txt", "problem"] == "no_article_text"


def test_jsonl_and_csv_records(tmp_path: Path) -> None:
    records = [{"text": ARTICLE, "outlet": "Wire One", "published": "2024-01-02"},
               {"title": "Second story about the truce", "text": ARTICLE.replace("Cairo", "Doha")},
               {"body": "no text field"}]
    folder = _corpus(tmp_path, {
        "batch.jsonl": "\n".join(json.dumps(r) for r in records),
        "sheet.csv": pd.DataFrame({"text": [ARTICLE.replace("Cairo", "Rafah")],
                                   "outlet": ["Sheet Outlet"]}).to_csv(index=False),
    })
    with pytest.warns(CorpusWarning, match="batch.jsonl#3"):
        articles = read_corpus(folder).articles.set_index("article_id")
    assert list(articles.index) == ["batch.jsonl#1", "batch.jsonl#2", "sheet.csv#1"]
    assert articles.loc["batch.jsonl#1", "outlet"] == "Wire One"
    assert articles.loc["batch.jsonl#2", "title"] == "Second story about the truce"
    assert articles.loc["sheet.csv#1", "outlet"] == "Sheet Outlet"


def test_html_goes_through_trafilatura(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()[2:] if line) * 3
    html = (f"<html><head><title>Talks resume in Cairo</title></head><body><nav>Home | World"
            f"</nav><article><h1>Talks resume in Cairo after weeks of delay</h1>{paragraphs}"
            "</article><footer>Copyright 2024</footer></body></html>")
    folder = _corpus(tmp_path, {"page.html": html})
    articles = read_corpus(folder).articles
    row = articles.iloc[0]
    assert row["format"] == "html" and row["raw"] == html
    assert "Negotiators returned to Cairo" in row["text"] and "Copyright" not in row["text"]


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        read_corpus(tmp_path / "nowhere")


def test_seeds_folder_is_copied_byte_for_byte(tmp_path: Path) -> None:
    shared = SEEDS.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    for path in shared.glob("*.txt"):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()
    shutil.rmtree(tmp_path)


@pytest.mark.parametrize("value", ["2024-05-01", "2024-02-30", "2024-13-01", "0000-00-00",
                                   "2024-05-01T10:00:00+02:00", "May 1, 2024", "01/05/2024",
                                   "yesterday"])
def test_dates_parse_as_pandas_reads_them(value: str) -> None:
    problems = Problems()
    expected = pd.to_datetime(value, errors="coerce")
    if pd.notna(expected) and expected.tzinfo:
        expected = expected.tz_localize(None)
    parsed = parse_date(value, "a.txt", problems)
    assert (pd.isna(parsed) and pd.isna(expected)) or parsed == expected.normalize()
    assert bool(problems.rows) == pd.isna(expected)


@pytest.mark.parametrize(("data", "binary"), [
    (b"", False), (b"plain text\twith tabs\r\n", False), (b"a\x00b", True),
    (b"\x01\x02" + b"x" * 30, True), (b"\x01" + b"x" * 40, False), (b"\x0c" * 10, False),
])
def test_binary_files_are_told_by_nul_and_control_bytes(data: bytes, binary: bool) -> None:
    assert looks_binary(data) is binary
