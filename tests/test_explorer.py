"""The article explorer: findings marked in place, every piece of article text escaped."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.report import explorer, notebook

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TAG = re.compile(r"<[^>]+>")


def _marks(*rows: tuple[int, int, str, str, str]) -> pd.DataFrame:
    """A marks table from ``(start, end, kind, group, note)`` rows."""
    return pd.DataFrame(rows, columns=explorer.MARK_COLUMNS)


def _text(rendered: str) -> str:
    """The visible text of rendered HTML (style block dropped, entities decoded)."""
    body = rendered.split("</style>", 1)[1]
    return html.unescape(TAG.sub("", body))


class _Tags(HTMLParser):
    """Collects start tags, to check markup is only ours."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


@pytest.fixture(scope="module")
def seed_tables():
    """The seed corpus's tables, extracted once."""
    return notebook.load_tables(SEEDS)


@pytest.mark.parametrize("doc", [
    'Hamas said <script>alert("x")</script> & "left".',
    "<img src=x onerror=alert(1)> killed 35 people",
    "Tom & Jerry <b>bold</b> — 54,418 ‘quoted’",
])
def test_markup_in_article_text_is_escaped(doc):
    marks = _marks((0, 5, "label", "hamas", 'actor: <b>"hamas"</b>'), (6, 14, "quote", "x", ""))
    rendered = explorer.render(doc, marks)
    parser = _Tags()
    parser.feed(rendered)
    assert set(parser.tags) <= {"style", "div", "span"}
    assert _text(rendered) == doc


@given(st.text(max_size=80), st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)),
                                      max_size=6))
def test_rendered_text_is_the_document_whatever_the_marks(doc, spans):
    rows = [(min(a, b), max(a, b), kind, "g", "n")
            for (a, b), kind in zip(spans, explorer.KINDS * 2, strict=False)]
    rendered = explorer.render(doc, _marks(*rows))
    assert _text(rendered) == doc
    assert "<script" not in rendered.lower()


def test_overlapping_marks_combine_classes():
    doc = "He said “35 people died” today."
    marks = _marks((9, 23, "quote", "hamas", ""), (9, 18, "number", "gaza_killed", "value: 35"))
    rendered = explorer.render(doc, marks)
    assert re.search(r'class="np-quote np-number"[^>]*>35 people</span>', rendered)
    assert re.search(r'class="np-quote"[^>]*> died</span>', rendered)


def test_dropped_lines_are_greyed_with_their_reason():
    doc = "Title here\nREAD MORE: other story\nBody text."
    lines = pd.DataFrame({"start": [0, 11, 34], "end": [10, 33, 44],
                          "label": ["title", "related", "body"],
                          "reason": ["headline", "read_more", "prose"]})
    rendered = explorer.render(doc, explorer.empty_marks(), lines)
    assert 'title="left out: related (read_more)">READ MORE: other story</span>' in rendered


def test_quote_colour_depends_on_speaker_group():
    doc = "“a” and “b”"
    marks = _marks((1, 2, "quote", "hamas", ""), (9, 10, "quote", "israel", ""))
    styles = re.findall(r'style="background: (rgba\([^)]*\))"', explorer.render(doc, marks))
    assert len(styles) == 2 and styles[0] != styles[1]


def test_marks_from_tables_cover_the_findings_of_one_article(seed_tables):
    article = "000_d60c0d61afcbb3f2.txt"
    marks = explorer.table_marks(seed_tables, article)
    assert set(marks["kind"]) == set(explorer.KINDS)
    doc = notebook.article_document(SEEDS, article)
    numbers = marks[marks["kind"] == "number"]
    assert "54,418" in [doc[s:e] for s, e in zip(numbers["start"], numbers["end"], strict=True)]
    quotes = seed_tables["quotes"]
    direct = quotes[(quotes["article_id"] == article) & (quotes["kind"] == "quote")]
    assert (marks["kind"] == "quote").sum() == len(direct)


def test_article_view_from_written_tables_rereads_the_text(seed_tables, tmp_path):
    from newsprism.run.pipeline import write_tables

    write_tables(seed_tables, tmp_path)
    tables = notebook.load_tables(SEEDS, tmp_path)
    view = explorer.article_view(tables, SEEDS, "004_4f99d01e388c12ef.txt")
    findings = view.findings()
    assert (findings["text"] == [view.doc[s:e] for s, e in
                                 zip(findings["start"], findings["end"], strict=True)]).all()
    assert "Some 33,207 Palestinians" in findings["text"].tolist()
    assert "<h3>" in view._repr_html_()


def test_default_article_is_the_earliest(seed_tables):
    assert explorer.pick_article(seed_tables) == "004_4f99d01e388c12ef.txt"


def test_unknown_article_is_a_clear_error(seed_tables):
    with pytest.raises(KeyError, match="not in the selection"):
        explorer.pick_article(seed_tables, "nope.txt")


def test_every_article_has_a_page_with_each_finding_anchored(seed_tables, tmp_path):
    from newsprism.report.articles import page_name, write_article_pages

    index = write_article_pages(seed_tables, SEEDS, tmp_path)
    listing = index.read_text(encoding="utf-8")
    for article_id in seed_tables.articles["article_id"]:
        page = (tmp_path / "articles" / page_name(article_id)).read_text(encoding="utf-8")
        assert page_name(article_id) in listing
        for name in ("numbers", "quotes", "agency", "terms", "labels", "sentences"):
            table = seed_tables[name]
            for start in table.loc[table["article_id"] == article_id, "start"]:
                assert f'id="at-{int(start)}"' in page, (name, start)
        assert "<script" not in page  # article text is data, never markup
