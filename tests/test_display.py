"""Report tables and problem notes: numbers formatted for reading, every row embedded offline,
a link instead of a table too large to embed, warnings turned into plain sentences."""

from __future__ import annotations

import json
import re
import warnings

import nbformat
import numpy as np
import pandas as pd
import pytest

from newsprism.report import display, runner

DATA_JSON = re.compile(r'"data_json": "(.*?)(?<!\\)"')


def _embedded_rows(page: str) -> list[list[str]]:
    """The rows DataTables is given in a table's HTML."""
    return json.loads(json.loads(f'"{DATA_JSON.search(page).group(1)}"'))


@pytest.mark.parametrize(("values", "shown"), [
    ([33207.0, 1200.0], ["33,207", "1,200"]),
    ([33207, -5, None], ["33,207", "-5", ""]),
    ([1.5, 2.25, np.nan], ["1.50", "2.25", ""]),
    ([0.1234, 12.0], ["0.12", "12.00"]),
    ([2.5, 10.0], ["2.5", "10.0"]),
    ([-0.001, 1.0], ["0", "1"]),
    ([np.nan, np.nan], ["", ""]),
])
def test_numbers_have_separators_and_only_needed_decimals(values, shown):
    assert display.format_numbers(pd.Series(values)).tolist() == shown


def test_frame_is_text_for_reading():
    frame = pd.DataFrame({
        "count": [1200, 3],
        "share": np.array([12.5, ""], dtype=object),
        "outlet": ["The New Arab", None],
        "anonymous": [True, False],
        "published": pd.to_datetime(["2024-04-08", None]),
    }, index=pd.Index(["israel", "hamas"], name="actor"))
    shown = display.format_frame(frame)
    assert shown.columns.tolist() == ["actor", "count", "share", "outlet", "anonymous",
                                      "published"]
    assert shown.to_numpy().tolist() == [
        ["israel", "1,200", "12.5", "The New Arab", "True", "2024-04-08"],
        ["hamas", "3", "", "", "False", ""]]


def test_unnamed_index_is_not_shown():
    frame = pd.DataFrame({"words": [10, 20]}, index=[7, 3])
    assert display.format_frame(frame).columns.tolist() == ["words"]


def test_show_embeds_every_row_offline_with_csv_button():
    frame = pd.DataFrame({"n": range(2500), "text": [f"line {i}" for i in range(2500)]})
    page = display.show(frame, "lines").html
    rows = _embedded_rows(page)
    assert len(rows) == 2500 and rows[1234] == ["1,234", "line 1234"]
    assert 'data-rows="2500"' in page and 'data-name="lines"' in page
    assert "csvHtml5" in page and '"title": "lines"' in page
    assert not re.search(r"<script[^>]+src=|import .* from ['\"]https?:", page)


def test_page_text_can_never_inject_markup():
    attack = "<script>alert(1)</script>"
    frame = pd.DataFrame({"text": [attack, "a & b"], attack: ["x", "y"],
                          "article_id": ['<img src=x onerror="1">.txt', "b.txt"], "start": [5, 9]})
    page = display.show(frame, "quotes").html
    assert "<script>alert" not in page and "<img src=x" not in page
    rows = _embedded_rows(page)
    assert rows[0][0] == "&lt;script&gt;alert(1)&lt;/script&gt;" and rows[1][0] == "a &amp; b"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</th>" in page  # the header escaped too
    assert rows[0][2] == ('<a href="articles/_img_src_x_onerror_1_.txt.html#at-5">'
                          "&lt;img src=x onerror=&quot;1&quot;&gt;.txt</a>")


@pytest.mark.parametrize(("columns", "links"), [
    (["article_id", "start", "text"], {"article_id": "start"}),
    (["a_article_id", "a_start", "b_article_id", "b_start"],
     {"a_article_id": "a_start", "b_article_id": "b_start"}),
    (["article_id_a", "start_a", "article_id_b"], {"article_id_a": "start_a",
                                                   "article_id_b": None}),
    (["article_ids", "start"], {}),
])
def test_article_id_columns_link_to_their_start(columns, links):
    assert display.evidence_columns(columns) == links


def test_finding_links_to_its_anchor_and_an_article_without_start_to_its_page():
    frame = pd.DataFrame({"article_id": ["a.txt", "a.txt"], "start": [1818, None]})
    rows = _embedded_rows(display.show(frame).html)
    assert rows[0][0] == '<a href="articles/a.txt.html#at-1818">a.txt</a>'
    assert rows[1][0] == '<a href="articles/a.txt.html">a.txt</a>'


def test_show_of_an_empty_frame_says_so():
    assert "no rows" in display.show(pd.DataFrame()).html
    empty = display.show(pd.DataFrame({"article_id": [], "start": []}).astype(object)).html
    assert 'data-rows="0"' in empty and _embedded_rows(empty) == []


def test_table_too_large_is_a_link_never_a_sample(tmp_path, monkeypatch):
    frame = pd.DataFrame({"text": ["x" * 100] * 50})
    staged = tmp_path / f".reports{runner.STAGING_MARK}1234" / runner.TABLES_FOLDER
    monkeypatch.setattr(display, "_tables_folder", staged)
    page = display.show(frame, "quotes", source="quotes", max_bytes=1000).html
    assert "<table" not in page and "50 rows" in page
    assert 'href="tables/quotes.csv"' in page and 'href="tables/quotes.parquet"' in page


def test_too_large_links_a_folder_given_by_the_user(tmp_path):
    page = display.too_large(pd.DataFrame({"a": ["1"]}), 6 * 2**20, "lines", tmp_path)
    assert "about 6.0 MB of text), more than the 5 MB" in page
    assert f'href="{(tmp_path / "lines.csv").as_uri()}"' in page
    assert "every table" in display.too_large(pd.DataFrame(), 6 * 2**20, None, None)


def test_warning_is_a_plain_sentence_without_paths():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("Columns (3) have mixed types.", pd.errors.DtypeWarning, stacklevel=1)
    said = display.plain_warning(caught[0].message, caught[0].category)
    assert said == "Columns (3) have mixed types. (reported by pandas)"
    note = display.problems_html([said, "<b>bad</b> input"])
    assert note.count("<li>") == 2 and "&lt;b&gt;" in note and "Warning" not in note


@pytest.mark.slow
def test_notebook_warnings_become_a_note_and_frames_tables(tmp_path):
    source = tmp_path / "in.ipynb"
    cells = ["from newsprism.report import display\n"
             "display.interactive_tables()\ndisplay.warnings_as_notes()",
             "import logging, warnings\nimport pandas as pd\n"
             "warnings.warn('Columns (3) have mixed types.', pd.errors.DtypeWarning)\n"
             "logging.getLogger('trafilatura.core').warning('empty page')\n"
             "pd.DataFrame({'n': range(30)})"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(notebook, source)
    import papermill

    papermill.execute_notebook(str(source), str(tmp_path / "out.ipynb"), progress_bar=False,
                               kernel_name=runner.kernel_name(), config=runner.kernel_config())
    outputs = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[1].outputs
    assert not [o for o in outputs if o.output_type == "stream"]
    pages = [o.data["text/html"] for o in outputs]
    assert 'data-rows="30"' in pages[0]
    assert "Columns (3) have mixed types. (reported by pandas)" in pages[1]
    assert "empty page (reported by trafilatura)" in pages[1]


def test_a_long_table_far_over_the_limit_is_linked_from_a_sample_of_its_rows(monkeypatch):
    formatted = []
    linked = display.linked_frame
    monkeypatch.setattr(display, "linked_frame",
                        lambda frame, base: formatted.append(len(frame)) or linked(frame, base))
    frame = pd.DataFrame({"text": [f"row {n} " + "x" * 100 for n in range(20_000)]})
    page = display.show(frame, "quotes", source="quotes", max_bytes=100_000).html
    assert "<table" not in page and "20,000 rows" in page and "about 2." in page
    assert formatted == [display.SAMPLE_ROWS]
    formatted.clear()
    near = display.show(frame.iloc[:5_000], "quotes", max_bytes=500_000).html
    assert "<table" not in near and formatted == [display.SAMPLE_ROWS, 5_000]
