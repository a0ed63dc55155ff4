"""Input formats researchers have: Nexis Uni exports, news-please and trafilatura JSON, WARC
archives and Media Cloud story lists, each built here from the seed articles, and bad input
of every format reported by name while the rest is read."""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import tracemalloc
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from gold_data import SEEDS
from newsprism.clean.document import Corpus, read_corpus
from newsprism.ingest.corpus import CorpusWarning, Problems, iter_corpus, iter_documents

# Export chrome that must never reach an article's text.
CHROME = ("Length:", "Byline:", "Load-Date:", "End of Document", "Copyright", "Section:",
          "Classification")
HIGHLIGHT = ("Mediators say a new round of indirect talks could start within days,",
             "as pressure grows for a ceasefire in Gaza.")
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Seed:
    """One seed article as the cleaner reads it, with its metadata."""

    title: str
    paragraphs: tuple[str, ...]
    outlet: str
    published: pd.Timestamp

    @property
    def body(self) -> str:
        """The body paragraphs, a blank line between them."""
        return "\n\n".join(self.paragraphs)

    @property
    def domain(self) -> str:
        """A made-up web domain for the outlet."""
        return re.sub(r"[^a-z]+", "", self.outlet.lower())[:20] + ".example"


@pytest.fixture(scope="module")
def seeds() -> list[Seed]:
    """The five seed articles: title, content paragraphs after it, outlet and date."""
    articles = quiet_read(SEEDS).articles
    return [Seed(row.title, tuple(row.text.split("\n\n")[1:]), row.outlet, row.published)
            for row in articles.itertuples()]


def quiet_read(folder: Path) -> Corpus:
    """``read_corpus`` with its problem warnings silenced (the tests read the table)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return read_corpus(folder)


def problem_rows(corpus: Corpus) -> dict[str, tuple[str, str, str]]:
    """Problem, detail and action by file."""
    frame = corpus.problems
    return {row.file: (row.problem, row.detail, row.action) for row in frame.itertuples()}


def assert_reads_as_seeds(corpus: Corpus, seeds: list[Seed], outlets: list[str]) -> None:
    """Five articles in seed order, dated as the seeds, with the given outlets, the seed's
    title and lead paragraph, and no export chrome in any text."""
    articles = corpus.articles
    assert len(articles) == 5
    assert articles["outlet"].tolist() == outlets
    assert articles["published"].tolist() == [seed.published for seed in seeds]
    for seed, row in zip(seeds, articles.itertuples(), strict=True):
        assert row.title == seed.title
        assert seed.paragraphs[0] in row.text
        assert not [chrome for chrome in CHROME if chrome in row.text]


def line_reasons(lines: pd.DataFrame, label: str) -> set[str]:
    """The reasons of the lines of the line audit with ``label``."""
    return set(lines.loc[lines["label"] == label, "reason"])


# --- Nexis Uni exports -------------------------------------------------------------------

def nexis_export(seeds: list[Seed]) -> str:
    """A Nexis Uni plain-text export of the seeds, header and footer fields included."""
    documents = []
    for number, seed in enumerate(seeds, start=1):
        day, loaded = seed.published, seed.published + pd.Timedelta(days=1)
        documents.append("\n".join([
            "", seed.title, "", seed.outlet, f"{day:%B} {day.day}, {day.year} {day:%A}",
            f"Copyright {day.year} {seed.outlet} All Rights Reserved", "",
            "Section: MIDDLE EAST; Version:1", f"Length: {len(seed.body.split())} words",
            f"Byline: Staff Reporter {number}", f"Highlight: {HIGHLIGHT[0]}", HIGHLIGHT[1],
            "", "Body", "", seed.body, "", "", "Classification", "", "Language: ENGLISH", "",
            "Publication-Type: Web Publication", "", "Subject: ARMED CONFLICT (90%)", "",
            f"Load-Date: {loaded:%B} {loaded.day}, {loaded.year}", "", "", "End of Document",
            ""]))
    return "\n".join(documents)


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal Word file: one ``w:p`` per paragraph, in a zip as Word writes it."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r></w:p>'
                   for text in paragraphs)
    document = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD_NS}">'
                f"<w:body>{body}</w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_nexis_text_export_splits_into_dated_articles_without_chrome(
        tmp_path: Path, seeds: list[Seed], newline: str) -> None:
    export = nexis_export(seeds).replace("\n", newline)
    (tmp_path / "export.txt").write_bytes(export.encode())
    corpus = quiet_read(tmp_path)
    assert_reads_as_seeds(corpus, seeds, [seed.outlet for seed in seeds])
    assert corpus.problems.empty
    articles = corpus.articles
    assert articles["article_id"].tolist() == [f"export.txt#{n}" for n in range(1, 6)]
    assert set(articles["format"]) == {"nexis"}
    assert articles["date_evidence"].str.startswith("Nexis date line: ").all()
    for seed, row in zip(seeds, articles.itertuples(), strict=True):
        assert row.doc == f"{seed.title}\n\n{' '.join(HIGHLIGHT)}\n\n{seed.body}"
        assert row.raw in export
        assert row.raw.startswith(seed.title) and row.raw.endswith("End of Document")


def test_nexis_fields_keep_byline_section_and_length(tmp_path: Path,
                                                     seeds: list[Seed]) -> None:
    (tmp_path / "export.txt").write_text(nexis_export(seeds[:1]), encoding="utf-8")
    document = next(iter_corpus(tmp_path, None, Problems()))
    assert document.fields["byline"] == "Staff Reporter 1"
    assert document.fields["section"] == "MIDDLE EAST; Version:1"
    assert document.fields["length"] == f"{len(seeds[0].body.split())} words"


def test_nexis_docx_export_with_cover_page(tmp_path: Path, seeds: list[Seed]) -> None:
    cover = ["Documents (5)", "Client/Matter: -None-", "Search Terms: gaza ceasefire talks"]
    lines = [line for line in nexis_export(seeds).split("\n") if line.strip()]
    (tmp_path / "export.docx").write_bytes(docx_bytes(cover + lines))
    corpus = quiet_read(tmp_path)
    assert_reads_as_seeds(corpus, seeds, [seed.outlet for seed in seeds])
    assert set(corpus.articles["format"]) == {"nexis-docx"}
    assert not corpus.articles["raw"].str.contains("Client/Matter").any()


def test_word_file_that_is_no_export_is_one_article(tmp_path: Path, seeds: list[Seed]) -> None:
    (tmp_path / "article.docx").write_bytes(docx_bytes([seeds[0].title, *seeds[0].paragraphs]))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    corpus = quiet_read(tmp_path)
    row = corpus.articles.iloc[0]
    assert (row["article_id"], row["format"], row["title"]) == ("article.docx", "docx",
                                                                seeds[0].title)
    assert problem_rows(corpus)["broken.docx"][::2] == ("unreadable", "skipped")


def test_nexis_date_falls_back_to_load_date(tmp_path: Path, seeds: list[Seed]) -> None:
    export = nexis_export(seeds[:1])
    day = seeds[0].published
    export = export.replace(f"{day:%B} {day.day}, {day.year} {day:%A}", "Sonntag")
    (tmp_path / "export.txt").write_text(export, encoding="utf-8")
    row = quiet_read(tmp_path).articles.iloc[0]
    assert row["published"] == day + pd.Timedelta(days=1)
    assert row["date_evidence"].startswith("Nexis Load-Date: ")
    assert row["outlet"] == seeds[0].outlet


def test_large_nexis_export_is_not_refused_for_its_size(tmp_path: Path,
                                                        seeds: list[Seed]) -> None:
    (tmp_path / "export.txt").write_text(nexis_export(seeds), encoding="utf-8")
    (tmp_path / "single.txt").write_text(seeds[0].body, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        corpus = read_corpus(tmp_path, max_bytes=len(seeds[0].body) - 1)
    assert len(corpus.articles) == 5
    assert problem_rows(corpus)["single.txt"][0] == "too_large"


def test_nexis_document_without_body_is_reported(tmp_path: Path, seeds: list[Seed]) -> None:
    export = nexis_export(seeds[:2]).replace("\nBody\n", "\nText\n", 1)
    (tmp_path / "export.txt").write_text(export, encoding="utf-8")
    corpus = quiet_read(tmp_path)
    assert corpus.articles["article_id"].tolist() == ["export.txt#2"]
    assert problem_rows(corpus)["export.txt#1"][::2] == ("nexis_without_body", "skipped")


def test_nexis_highlight_is_the_standfirst_and_the_body_pre_extracted(
        tmp_path: Path, seeds: list[Seed]) -> None:
    (tmp_path / "export.txt").write_text(nexis_export(seeds), encoding="utf-8")
    corpus = quiet_read(tmp_path)
    assert corpus.articles["standfirst"].tolist() == [" ".join(HIGHLIGHT)] * 5
    lines = corpus.lines
    assert line_reasons(lines, "title") == {"record_title"}
    assert lines.loc[lines["label"] == "title", "text"].tolist() == [s.title for s in seeds]
    highlights = lines[lines["text"] == " ".join(HIGHLIGHT)]
    assert len(highlights) == 5 and line_reasons(highlights, "standfirst") == {
        "record_standfirst"}
    assert set(highlights["label"]) == {"standfirst"}
    assert line_reasons(lines, "body") == line_reasons(lines, "subhead") == {"pre-extracted"}
    assert set(lines["label"]) == {"title", "standfirst", "subhead", "body"}


def test_nexis_highlight_that_repeats_the_lead_is_left_to_the_body(tmp_path: Path,
                                                                    seeds: list[Seed]) -> None:
    lead = seeds[0].paragraphs[0]
    export = nexis_export(seeds[:1]).replace(f"Highlight: {HIGHLIGHT[0]}\n{HIGHLIGHT[1]}",
                                             f"Highlight: {lead}")
    (tmp_path / "export.txt").write_text(export, encoding="utf-8")
    corpus = quiet_read(tmp_path)
    row = corpus.articles.iloc[0]
    assert row["doc"] == f"{seeds[0].title}\n\n{seeds[0].body}" and row["standfirst"] == ""
    lines = corpus.lines.set_index("text")
    assert lines.loc[lead, ["label", "reason"]].tolist() == ["body", "pre-extracted"]


# --- JSON records: news-please, trafilatura ----------------------------------------------

def news_please_record(seed: Seed, number: int) -> dict:
    """A news-please article record of one seed."""
    return {"title": seed.title, "maintext": seed.body, "description": " ".join(HIGHLIGHT),
            "date_publish": f"{seed.published:%Y-%m-%d} 08:30:00", "authors": ["A. Writer"],
            "url": f"https://{seed.domain}/story/{number}", "source_domain": seed.domain,
            "language": "en", "title_page": None}


def trafilatura_record(seed: Seed, number: int) -> dict:
    """A record as ``trafilatura --json`` writes it, of one seed."""
    return {"title": seed.title, "author": "A. Writer", "hostname": seed.domain,
            "date": f"{seed.published:%Y-%m-%d}", "fingerprint": f"{number:016x}",
            "id": None, "text": seed.body, "source": f"https://{seed.domain}/story/{number}",
            "source-hostname": seed.outlet, "excerpt": seed.paragraphs[0], "comments": ""}


def test_news_please_folder_reads_one_article_per_file(tmp_path: Path,
                                                       seeds: list[Seed]) -> None:
    for number, seed in enumerate(seeds, start=1):
        record = news_please_record(seed, number)
        (tmp_path / f"{number:03d}.json").write_text(json.dumps(record), encoding="utf-8")
    corpus = quiet_read(tmp_path)
    assert_reads_as_seeds(corpus, seeds, [seed.domain for seed in seeds])
    articles = corpus.articles
    assert articles["article_id"].tolist() == [f"{n:03d}.json" for n in range(1, 6)]
    assert set(articles["format"]) == {"news-please"}
    assert set(articles["date_evidence"]) == {"news-please date_publish"}
    assert articles["url"].tolist() == [f"https://{s.domain}/story/{n}"
                                        for n, s in enumerate(seeds, start=1)]
    assert (articles["doc"].str.split("\n\n").str[1] == " ".join(HIGHLIGHT)).all()
    assert corpus.problems.empty


def test_metadata_file_wins_over_news_please_fields(tmp_path: Path, seeds: list[Seed]) -> None:
    for number, seed in enumerate(seeds[:2], start=1):
        record = news_please_record(seed, number)
        (tmp_path / f"{number}.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,outlet,published\n1.json,Curated,2020-01-02\n"
                                           "2.json,,\n", encoding="utf-8")
    articles = quiet_read(tmp_path).articles.set_index("article_id")
    assert articles.loc["1.json", "outlet"] == "Curated"
    assert articles.loc["1.json", "published"] == pd.Timestamp("2020-01-02")
    assert articles.loc["2.json", "outlet"] == seeds[1].domain


def test_trafilatura_json_lines(tmp_path: Path, seeds: list[Seed]) -> None:
    lines = [json.dumps(trafilatura_record(seed, n), ensure_ascii=False)
             for n, seed in enumerate(seeds, start=1)]
    (tmp_path / "extracted.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = quiet_read(tmp_path)
    assert_reads_as_seeds(corpus, seeds, [seed.outlet for seed in seeds])
    articles = corpus.articles
    assert set(articles["format"]) == {"trafilatura-json"}
    assert set(articles["date_evidence"]) == {"trafilatura-json date"}
    # An excerpt that only repeats the lead paragraph is not put in twice.
    assert [doc.count(s.paragraphs[0]) for doc, s in zip(articles["doc"], seeds, strict=True)
            ] == [1] * 5


def test_json_array_and_concatenated_objects(tmp_path: Path, seeds: list[Seed]) -> None:
    records = [trafilatura_record(seed, n) for n, seed in enumerate(seeds, start=1)]
    (tmp_path / "array.json").write_text(json.dumps(records[:2]), encoding="utf-8")
    (tmp_path / "lines.json").write_text("\n".join(json.dumps(r) for r in records[2:]),
                                         encoding="utf-8")
    articles = quiet_read(tmp_path).articles
    assert articles["article_id"].tolist() == ["array.json#1", "array.json#2", "lines.json#1",
                                               "lines.json#2", "lines.json#3"]


def test_malformed_json_line_skips_only_that_line(tmp_path: Path, seeds: list[Seed]) -> None:
    lines = [json.dumps(trafilatura_record(seed, n)) for n, seed in enumerate(seeds, start=1)]
    lines[1] = lines[1][:40]
    lines[3] = json.dumps({"title": "A record without text", "text": "  "})
    (tmp_path / "batch.jsonl").write_text("\n\n".join(lines), encoding="utf-8")
    with pytest.warns(CorpusWarning) as caught:
        corpus = read_corpus(tmp_path)
    assert any("batch.jsonl#2: malformed_json_line" in str(w.message) for w in caught)
    assert corpus.articles["article_id"].tolist() == ["batch.jsonl#1", "batch.jsonl#3",
                                                      "batch.jsonl#5"]
    problems = problem_rows(corpus)
    assert problems["batch.jsonl#2"][0] == "malformed_json_line"
    assert problems["batch.jsonl#2"][1].startswith("line 3: ")
    assert problems["batch.jsonl#2"][2] == "line skipped"
    assert problems["batch.jsonl#4"][::2] == ("no_text_field", "record skipped")


def test_malformed_json_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    corpus = quiet_read(tmp_path)
    assert problem_rows(corpus)["broken.json"][::2] == ("malformed_json", "skipped")


def test_tool_output_is_audited_line_by_line_as_pre_extracted(tmp_path: Path,
                                                             seeds: list[Seed]) -> None:
    """news-please and trafilatura records: the record's title and standfirst are named as
    such, every kept line of the text is ``pre-extracted``; newsprism's own records are text
    as given, with the cleaner's own reasons."""
    for number, seed in enumerate(seeds[:2], start=1):
        record = news_please_record(seed, number)
        (tmp_path / f"{number}.json").write_text(json.dumps(record), encoding="utf-8")
    lines = [json.dumps(trafilatura_record(seed, n)) for n, seed in enumerate(seeds[2:4], 3)]
    (tmp_path / "extracted.jsonl").write_text("\n".join(lines), encoding="utf-8")
    own = {"title": seeds[4].title, "text": seeds[4].body, "outlet": seeds[4].outlet}
    (tmp_path / "own.json").write_text(json.dumps(own), encoding="utf-8")
    corpus = quiet_read(tmp_path)
    audit = corpus.lines.merge(corpus.articles[["article_id", "format"]], on="article_id")
    tools = audit[audit["format"] != "json"]
    assert set(corpus.articles["format"]) == {"news-please", "trafilatura-json", "json"}
    assert line_reasons(tools, "title") == {"record_title"}
    assert line_reasons(tools, "standfirst") == {"record_standfirst"}
    assert line_reasons(tools, "body") == {"pre-extracted"}
    plain = audit[audit["format"] == "json"]
    assert line_reasons(plain, "title") == {"record_title"}
    assert "pre-extracted" not in set(plain["reason"]) and "prose" in set(plain["reason"])


def test_a_record_title_or_url_slug_names_the_title(tmp_path: Path, seeds: list[Seed]) -> None:
    """Text opening with a kicker above the headline: the cleaner alone takes the kicker for
    the title; the record's title, or its URL's slug, gives the headline."""
    seed = seeds[0]
    text = f"Middle East latest coverage\n\n{seed.title}\n\n{seed.body}"
    slug = "-".join(re.findall(r"[a-z]+", seed.title.lower()))
    records = [{"text": text, "outlet": "A"},
               {"text": text.replace("Cairo", "Doha"), "outlet": "B",
                "url": f"https://{seed.domain}/2025/06/01/{slug}/"},
               {"text": seed.body.replace("Cairo", "Rafah"), "title": seed.title, "outlet": "C"}]
    (tmp_path / "records.jsonl").write_text("\n".join(map(json.dumps, records)),
                                            encoding="utf-8")
    corpus = quiet_read(tmp_path)
    assert corpus.articles["title"].tolist() == ["Middle East latest coverage", seed.title,
                                                 seed.title]
    titles = corpus.lines[corpus.lines["label"] == "title"]
    assert titles["reason"].tolist()[1:] == ["url_slug_title", "record_title"]


# --- Media Cloud story lists ---------------------------------------------------------------

def test_media_cloud_story_list_gives_outlet_and_date_by_url(tmp_path: Path,
                                                             seeds: list[Seed]) -> None:
    lines = []
    for number, seed in enumerate(seeds, start=1):
        record = {"title": seed.title, "text": seed.body,
                  "url": f"https://www.{seed.domain}/story/{number}/"}
        lines.append(json.dumps(record))
    (tmp_path / "pages.jsonl").write_text("\n".join(lines), encoding="utf-8")
    stories = pd.DataFrame({
        "id": range(6), "media_name": [s.outlet for s in seeds] + ["Elsewhere"],
        "publish_date": [f"{s.published:%Y-%m-%d} 10:00:00" for s in seeds] + ["2025-01-01"],
        "title": [s.title for s in seeds] + ["Another story"],
        "url": [f"http://{s.domain}/story/{n}" for n, s in enumerate(seeds, start=1)]
        + ["https://elsewhere.example/1"]})
    stories.to_csv(tmp_path / "stories.csv", index=False)
    corpus = quiet_read(tmp_path)
    assert_reads_as_seeds(corpus, seeds, [seed.outlet for seed in seeds])
    assert set(corpus.articles["date_evidence"]) == {"Media Cloud publish_date"}
    problems = corpus.problems.set_index("problem")
    assert problems.loc["metadata_only_csv", ["file", "action"]].tolist() == [
        "stories.csv", "read as metadata by url"]
    assert problems.loc["metadata_rows_unmatched", "detail"].startswith("1 of 6 ")


# --- WARC archives -------------------------------------------------------------------------

def seed_page(seed: Seed) -> bytes:
    """A simple news page of one seed: title, site name, date and the article's paragraphs."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in seed.paragraphs)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(seed.title)}'
            f'</title><meta property="og:site_name" content="{html.escape(seed.outlet)}">'
            f'<meta name="date" content="{seed.published:%Y-%m-%d}"></head><body><nav>Home | '
            f"World | Sport</nav><article><h1>{html.escape(seed.title)}</h1>{paragraphs}"
            "</article><footer>Copyright 2025, all rights reserved</footer></body></html>"
            ).encode()


def write_warc(path: Path, responses: list[tuple[str, str, bytes]], requests: bool = True,
               statuses: dict[str, str] | None = None) -> list[int]:
    """A WARC (gzipped for ``.gz``) of ``(uri, content type, body)`` responses, each after
    its request record and a warcinfo record first, with HTTP status ``200 OK`` unless
    ``statuses`` names another; returns the offset at which each response ends."""
    ends = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for uri, content_type, body in responses:
            if requests:
                request = StatusAndHeaders(f"GET /{uri.rsplit('/', 1)[-1]} HTTP/1.1",
                                           [("Host", "example.org")], is_http_request=True)
                writer.write_record(writer.create_warc_record(uri, "request",
                                                              http_headers=request))
            status = (statuses or {}).get(uri, "200 OK")
            headers = StatusAndHeaders(status, [("Content-Type", content_type)],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers))
            ends.append(stream.tell())
    return ends


def test_warc_gz_reads_each_html_response(tmp_path: Path, seeds: list[Seed]) -> None:
    responses = [(f"https://{s.domain}/story/{n}", "text/html; charset=utf-8", seed_page(s))
                 for n, s in enumerate(seeds, start=1)]
    write_warc(tmp_path / "crawl.warc.gz", responses)
    corpus = quiet_read(tmp_path)
    assert_reads_as_seeds(corpus, seeds, [seed.outlet for seed in seeds])
    articles = corpus.articles
    assert articles["article_id"].tolist() == [f"crawl.warc.gz#{n}" for n in range(1, 6)]
    assert set(articles["format"]) == {"warc"}
    assert articles["url"].tolist() == [uri for uri, _, _ in responses]
    assert corpus.problems.empty


def test_warc_pages_are_audited_as_pre_extracted(tmp_path: Path, seeds: list[Seed]) -> None:
    """The page's title (from its metadata) is the title; trafilatura's text repeats the
    headline, which the cleaner drops with its own reason; the rest is ``pre-extracted``."""
    responses = [(f"https://{s.domain}/story/{n}", "text/html", seed_page(s))
                 for n, s in enumerate(seeds[:2], start=1)]
    write_warc(tmp_path / "crawl.warc.gz", responses)
    lines = quiet_read(tmp_path).lines
    assert line_reasons(lines, "title") == {"record_title"}
    assert line_reasons(lines, "body") == {"pre-extracted"}
    dropped = lines[lines["label"] == "boilerplate"]
    assert dropped[["reason", "text"]].values.tolist() == [["repeated_line", s.title]
                                                           for s in seeds[:2]]


def test_plain_warc_and_its_bad_responses(tmp_path: Path, seeds: list[Seed]) -> None:
    cp1252 = seed_page(seeds[0]).decode().replace("Hamas on Sunday", "Café talk: Hamas on "
                                                  "Sunday").encode("cp1252")
    write_warc(tmp_path / "crawl.warc", [
        ("https://a.example/1", "text/html; charset=utf-8", cp1252),
        ("https://a.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("https://a.example/gone", "text/html", b"<html><body>Page not found</body></html>"),
        ("https://a.example/2", "text/html", seed_page(seeds[1]))],
        statuses={"https://a.example/gone": "404 Not Found"})
    corpus = quiet_read(tmp_path)
    assert corpus.articles["article_id"].tolist() == ["crawl.warc#1", "crawl.warc#3"]
    assert "Café talk" in corpus.articles["raw"].iloc[0]
    problems = problem_rows(corpus)
    assert problems["crawl.warc#https://a.example/logo.png"][::2] == ("not_html", "skipped")
    assert problems["crawl.warc#1"][0] == "charset_mismatch"
    assert "'utf-8'" in problems["crawl.warc#1"][1]
    assert problems["crawl.warc#2"][::2] == ("http_status", "skipped")


def test_truncated_warc_gz_keeps_the_records_before_the_cut(tmp_path: Path,
                                                            seeds: list[Seed]) -> None:
    path = tmp_path / "crawl.warc.gz"
    responses = [(f"https://{s.domain}/{n}", "text/html", seed_page(s))
                 for n, s in enumerate(seeds, start=1)]
    ends = write_warc(path, responses, requests=False)
    data = path.read_bytes()
    path.write_bytes(data[:(ends[2] + ends[3]) // 2])
    corpus = quiet_read(tmp_path)
    assert corpus.articles["article_id"].tolist() == [f"crawl.warc.gz#{n}" for n in (1, 2, 3)]
    problem, detail, action = problem_rows(corpus)["crawl.warc.gz"]
    assert problem == "truncated" and "record 5" in detail
    assert action.startswith("4 records read and 3 HTML pages kept")


def test_not_a_warc_archive_is_reported(tmp_path: Path) -> None:
    (tmp_path / "page.warc.gz").write_bytes(gzip.compress(b"<html>not an archive</html>"))
    corpus = quiet_read(tmp_path)
    assert problem_rows(corpus)["page.warc.gz"][::2] == ("unreadable", "skipped")


def test_large_warc_is_streamed(tmp_path: Path) -> None:
    """2,000 records (1,000 pages, each after a 16 KB metadata record): reading holds one
    record at a time, never the archive."""
    path = tmp_path / "big.warc.gz"
    paragraphs = "".join(f"<p>Paragraph {n}: negotiators met in Cairo on Monday, officials "
                         "said, and the talks will resume next week, mediators said.</p>"
                         for n in range(6))
    outlinks = io.BytesIO(b"outlink: https://big.example/section/world\n" * 400)
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for n in range(1000):
            outlinks.seek(0)
            writer.write_record(writer.create_warc_record(
                f"https://big.example/{n}", "metadata", payload=outlinks,
                warc_content_type="application/warc-fields"))
            page = (f'<html><head><title>Story {n}</title><meta name="date" content="2025-06-0'
                    f'{n % 9 + 1}"></head><body><article>{paragraphs}</article></body></html>')
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://big.example/{n}", "response", payload=io.BytesIO(page.encode()),
                http_headers=headers))
    uncompressed = len(gzip.decompress(path.read_bytes()))
    documents = iter_documents(path, Problems())
    first = next(documents)  # loads trafilatura and its data outside the measure
    tracemalloc.start()
    try:
        count = 1 + sum(1 for _ in documents)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert first.article_id == "big.warc.gz#1" and count == 1000
    assert uncompressed > 15_000_000
    assert peak < uncompressed / 10


# --- Links out of the corpus -----------------------------------------------------------------

def test_link_outside_corpus_is_not_followed(tmp_path: Path, seeds: list[Seed]) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "notes.txt").write_text(seeds[0].body, encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{seeds[1].title}\n\n{seeds[1].body}", encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "a.txt")
    (folder / "notes.txt").symlink_to(outside / "notes.txt")
    corpus = quiet_read(folder)
    assert corpus.articles["article_id"].tolist() == ["a.txt"]
    problems = problem_rows(corpus)
    assert problems["notes.txt"][0] == "link_outside_corpus"
    assert problems["notes.txt"][2] == "skipped"
    assert problems["inside.txt"][0] == "duplicate_text"
