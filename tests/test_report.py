"""The report pipeline: tables for notebooks, parameters, papermill runs, HTML, atomic publish."""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from newsprism import cli
from newsprism.report import index, notebook, runner, summaries
from newsprism.report.notebook import Selection
from newsprism.report.runner import ReportError
from newsprism.run.pipeline import extract, reference_series, write_tables
from newsprism.tables import Tables, read_tables

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CDN_SCRIPT = re.compile(r"<script[^>]+src=[\"']?(https?:)?//", re.IGNORECASE)
IMG_SRC = re.compile(r"<img[^>]*\ssrc=\"([^\"]*)\"", re.IGNORECASE)
REMOTE_LINK = re.compile(r"<(?:link|img|iframe)[^>]+(?:href|src)=[\"']?(https?:)?//",
                         re.IGNORECASE)
DATA_JSON = re.compile(r'"data_json": "(.*?)(?<!\\)"')
STDERR_OUTPUT = 'data-mime-type="application/vnd.jupyter.stderr"'
LIBRARY_PATHS = ("site-packages", "/lib/newsprism/")


@pytest.fixture(scope="module")
def seed_tables():
    """The seed corpus's tables, extracted once."""
    return extract(SEEDS)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> tuple[Path, str]:
    """The seed corpus reported by the ``newsprism`` command, and everything it printed."""
    out = tmp_path_factory.mktemp("seeds") / "reports"
    command = [str(Path(sys.executable).with_name("newsprism")), "report", "--corpus",
               str(SEEDS), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr
    return out, done.stdout + done.stderr


def _cli(argv: list[str]) -> argparse.Namespace:
    """Arguments parsed by the report subcommand's parser."""
    return cli._parser().parse_args(["report", *argv])


# --- tables and filters --------------------------------------------------------------------


def test_filter_by_outlet_keeps_only_their_rows(seed_tables):
    outlet = "The New Arab"
    kept = notebook.filter_tables(seed_tables, Selection(outlets=[outlet]))
    assert set(kept.articles["outlet"]) == {outlet}
    ids = set(kept.articles["article_id"])
    assert ids and set(kept["lines"]["article_id"]) == ids
    assert set(kept["sentences"]["article_id"]) == ids


@pytest.mark.parametrize(("date_range", "expected"), [
    (["2025-01-01", None], 3),
    ([None, "2024-12-31"], 2),
    (["2024-06-29", "2024-06-29"], 1),
    ([None, None], 5),
])
def test_filter_by_date_range(seed_tables, date_range, expected):
    chosen = Selection(date_from=date_range[0], date_to=date_range[1])
    assert len(notebook.filter_tables(seed_tables, chosen).articles) == expected


def test_filter_pairs_table_drops_pairs_with_a_removed_article(seed_tables):
    ids = sorted(seed_tables.articles["article_id"])
    pairs = pd.DataFrame({"article_id_a": [ids[0], ids[1]], "article_id_b": [ids[1], ids[2]],
                          "score": [0.9, 0.8]})
    tables = Tables(seed_tables.articles, seed_tables.problems, {"pairs": pairs})
    kept = notebook.filter_tables(tables, Selection(articles=ids[:2]))
    assert kept["pairs"]["score"].tolist() == [0.9]


def test_read_tables_round_trips_written_tables(seed_tables, tmp_path):
    write_tables(seed_tables, tmp_path)
    read = read_tables(tmp_path)
    assert read.articles["article_id"].tolist() == seed_tables.articles["article_id"].tolist()
    assert read.articles["published"].tolist() == seed_tables.articles["published"].tolist()
    assert len(read["sentences"]) == len(seed_tables["sentences"])


def test_load_tables_reads_folder_and_filters(seed_tables, tmp_path):
    write_tables(seed_tables, tmp_path)
    loaded = notebook.load_tables("unused", tmp_path,
                                  selection=Selection(articles=["001_a1218b2a93605d81.txt"]))
    assert loaded.articles["outlet"].tolist() == ["The New Arab"]


def test_article_document_is_the_text_offsets_index(seed_tables):
    article_id = seed_tables.articles.iloc[2]["article_id"]
    text = (SEEDS / article_id).read_text(encoding="utf-8")
    assert notebook.article_document(SEEDS, article_id) == text


def test_dropped_lines_hold_no_content(seed_tables):
    dropped = notebook.dropped_lines(seed_tables)
    assert len(dropped) and not dropped["label"].isin(("title", "body", "subhead")).any()
    summary = notebook.dropped_summary(seed_tables)
    assert summary["lines"].sum() == len(dropped)


def test_corpus_summary_counts_the_selection(seed_tables):
    row = notebook.corpus_summary(seed_tables).iloc[0]
    assert (row["articles"], row["outlets"], row["first date"]) == (5, 5, "2024-04-08")


# --- parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("[The New Arab, Middle East Monitor]", ["The New Arab", "Middle East Monitor"]),
    ("2025-01-01", "2025-01-01"),
    ("null", None),
    ("3", 3),
    ("Al Jazeera: live", "Al Jazeera: live"),
])
def test_parse_value(text, value):
    assert runner.parse_value(text) == value


def test_every_notebook_declares_corpus_and_tables_and_no_outputs():
    for path in runner.notebook_paths(NOTEBOOKS):
        declared = runner.notebook_parameters(path)
        assert {"corpus", "tables"} <= set(declared), path.name
        assert declared["corpus"] == '"../seeds"'
        cells = nbformat.read(path, as_version=4).cells
        code = [c for c in cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), path.name
        tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and cells[0].cell_type == "markdown", path.name
        assert not any(re.search(r"^\s*(def|class|for|while) ", c.source, re.M) for c in code)


def test_unknown_parameter_is_an_error_before_running(tmp_path):
    out = tmp_path / "reports"
    with pytest.raises(ReportError, match="unknown parameter.*colour"):
        runner.build_report(SEEDS, out, {"colour": "red"}, progress=lambda line: None)
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_the_kernel_of_a_run_logs_nothing_below_critical(seed_tables, tmp_path):
    """jupyter_client interrupts a kernel before shutting it down; an interrupt landing while
    the kernel handles a message is logged as an error on the terminal of a good run."""
    from newsprism.run.pipeline import write_tables

    write_tables(seed_tables, tmp_path / "tables")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    book = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Kernel log"),
        nbformat.v4.new_code_cell("corpus = None\ntables = None",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("from ipykernel.kernelapp import IPKernelApp\n"
                                  "assert IPKernelApp.instance().log_level == 50")],
        metadata={"kernelspec": {"name": runner.KERNEL, "display_name": runner.KERNEL,
                                 "language": "python"}})
    nbformat.write(book, folder / "01-kernel-log.ipynb")
    runs = runner.build_report(SEEDS, tmp_path / "out", {"tables": str(tmp_path / "tables")},
                               notebooks=folder, progress=lambda line: None)
    assert [run.name for run in runs] == ["01-kernel-log.ipynb"]


def test_cli_reports_unknown_parameter(tmp_path, capsys):
    code = cli.run_report(_cli(["--out", str(tmp_path / "r"), "-p", "outletz", "[x]"]))
    assert code == 1
    assert "unknown parameter(s) outletz" in capsys.readouterr().err


# --- publishing ----------------------------------------------------------------------------


def test_corpus_fingerprint_follows_file_bytes(tmp_path):
    (tmp_path / "a.txt").write_text("one")
    first = runner.corpus_fingerprint(tmp_path)
    assert runner.corpus_fingerprint(tmp_path) == first
    (tmp_path / "a.txt").write_text("two")
    assert runner.corpus_fingerprint(tmp_path) != first


def test_swap_replaces_folder_and_keeps_dotfiles(tmp_path):
    out, staging = tmp_path / "reports", tmp_path / "staging"
    out.mkdir()
    (out / ".gitkeep").write_text("")
    (out / "old.html").write_text("old")
    staging.mkdir()
    (staging / "new.html").write_text("new")
    runner.swap(staging, out)
    assert sorted(p.name for p in out.iterdir()) == [".gitkeep", "new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_index_page_escapes_parameters():
    runs = [index.NotebookRun("01-x.ipynb", "X <b>", "01-x.html", 1.0, {"a": "<script>"})]
    page = index.index_page(runs, {"corpus": "<img>"})
    assert "<script>" not in page and "<img>" not in page and 'href="01-x.html"' in page


# --- the papermill pipeline ----------------------------------------------------------------


@pytest.mark.slow
def test_report_run_writes_every_notebook_as_offline_html(built_report, kept_outlets):
    names = [p.stem for p in runner.notebook_paths(NOTEBOOKS)]
    index = (built_report / "index.html").read_text()
    for name in names:
        page = (built_report / f"{name}.html").read_text()
        assert f'href="{name}.html"' in index
        assert not CDN_SCRIPT.search(page) and not REMOTE_LINK.search(page), name
        assert "load_tables" not in page and "class=\"highlight hl-" not in page, name
        sources = IMG_SRC.findall(page)
        assert all(src.startswith("data:image/png;base64,") for src in sources), name
    assert IMG_SRC.findall((built_report / f"{names[0]}.html").read_text())
    assert (built_report / "tables" / "articles.csv").is_file()
    assert "corpus fingerprint" in index and "newsprism version" in index
    assert all(outlet in index for outlet in kept_outlets)


@pytest.mark.slow
def test_seed_report_run_prints_no_warning(seed_run):
    out, printed = seed_run
    assert not re.search("warn", printed, re.IGNORECASE), printed
    assert printed.splitlines()[-1] == f"reports written to {out / 'index.html'}"


@pytest.mark.slow
def test_seed_report_pages_show_no_warning_traceback_or_library_path(seed_run):
    out, _ = seed_run
    for path in sorted(out.glob("*.html")):
        page = path.read_text(encoding="utf-8")
        assert "Warning:" not in page and STDERR_OUTPUT not in page, path.name
        assert "Traceback" not in page and not any(p in page for p in LIBRARY_PATHS), path.name


@pytest.mark.slow
def test_report_run_shows_only_the_selected_outlets(built_report, kept_outlets, small_corpus):
    executed = nbformat.read(built_report / "01-corpus-overview.ipynb", as_version=4)
    shown = "".join(str(o.get("data", {}).get("text/plain", "")) for c in executed.cells
                    if c.cell_type == "code" for o in c.outputs)
    metadata = pd.read_csv(small_corpus / "metadata.csv", dtype="str")
    dropped = set(metadata["outlet"]) - set(kept_outlets)
    assert all(outlet in shown for outlet in kept_outlets)
    assert not any(outlet in shown for outlet in dropped)


@pytest.mark.slow
def test_failed_run_keeps_previous_report(built_report, small_corpus, tmp_path, capsys):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous good report")
    argv = ["--corpus", str(small_corpus), "--out", str(out), "-p", "date_from", "not a date"]
    assert cli.run_report(_cli(argv)) == 1
    err = capsys.readouterr().err
    assert re.search(r"01-corpus-overview\.ipynb failed at cell \d+ .*Error", err), err
    assert (out / "index.html").read_text() == "previous good report"
    assert (out / "failed" / "01-corpus-overview.ipynb").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_selection_recomputes_cross_article_tables(seed_tables):
    chosen = notebook.load_tables(SEEDS, selection=Selection(outlets=["The New Arab",
                                                                     "Middle East Monitor"]))
    assert set(chosen["distinctive_terms"]["group"]) == {"The New Arab", "Middle East Monitor"}
    assert set(chosen["comparison"]["article_id"]) <= set(chosen.articles["article_id"])
    shared = chosen["article_overlaps"]
    assert set(shared["article_id_a"]) | set(shared["article_id_b"]) <= set(
        chosen.articles["article_id"])
    assert "reference_checks" in chosen.cross_article


def test_tables_read_back_keep_dates_and_cross_tables(seed_tables, tmp_path):
    write_tables(seed_tables, tmp_path)
    read = read_tables(tmp_path)
    assert set(read.cross_article) == set(seed_tables.cross_article)
    assert set(read.per_article) == set(seed_tables.per_article)
    assert pd.api.types.is_datetime64_any_dtype(read["comparison"]["published"])
    assert pd.api.types.is_datetime64_any_dtype(read["reference_checks"]["reference_date"])


def test_reference_series_is_found_beside_the_corpus(tmp_path):
    series = reference_series(SEEDS)
    assert {"date", "key", "value"} <= set(series.columns) and len(series)
    assert reference_series(tmp_path) is None


def test_interval_and_difference_tables_keep_one_measure(seed_tables):
    intervals = seed_tables["rate_intervals"]
    table = summaries.interval_table(intervals, "agentless_share")
    assert len(table) == intervals["measure"].eq("agentless_share").sum() > 0
    assert list(table.columns[:4]) == ["group_by", "group", "category", "rate"]
    differences = summaries.difference_table(seed_tables["group_differences"], "topic_share")
    assert differences.empty  # one article per outlet: no interval, no difference
    assert "no coded sample" in summaries.validation_table(seed_tables).iloc[0, 0]


def test_index_answers_first(seed_tables):
    line = index.corpus_line(seed_tables)
    assert line.startswith("5 articles from 5 outlets, 2024-04-08 to ")
    findings = index.headline_findings(seed_tables)
    pages = {f.page for f in findings}
    assert {index.NUMBERS_REPORT, index.FRAMING_REPORT} <= pages
    keys = [f.text.split(":")[0] for f in findings if f.page == index.NUMBERS_REPORT
            and " apart)" in f.text]
    assert len(keys) == len(set(keys))  # one discrepancy per quantity
    page = index.index_page([], {"corpus": "x"}, seed_tables)
    assert page.index("Findings") < page.index("Reports") < page.index("This run")


def test_every_finding_row_links_to_an_anchor_in_its_article_page(seed_tables, tmp_path):
    from newsprism.report import display
    from newsprism.report.articles import write_article_pages

    write_article_pages(seed_tables, SEEDS, tmp_path)
    data, articles = seed_tables, seed_tables.articles
    shown = {
        "figures": summaries.figure_table(data["comparison"]),
        "discrepancies": summaries.discrepancy_table(data["discrepancies"]),
        "reference_checks": summaries.reference_table(data.cross_article["reference_checks"]),
        "derived_checks": summaries.derived_table(data["derived_checks"], articles),
        "quotes": summaries.quote_list(data["quotes"], articles),
        "terms": summaries.term_list(data["terms"], articles),
        "casualty_clauses": summaries.agency_examples(data["agency"], articles),
        "shared_sentences": summaries.overlap_pairs(data["overlaps"], articles),
    }
    for name, table in shown.items():
        page = display.show(table, name).html
        rows = json.loads(json.loads(f'"{DATA_JSON.search(page).group(1)}"'))
        links = re.findall(r'href="articles/([^"#]+)#at-(\d+)"', "".join(sum(rows, [])))
        sides = len(display.evidence_columns(list(table.columns)))
        assert len(table) and len(links) == sides * len(table), name
        for file, start in links:
            assert f'id="at-{start}"' in (tmp_path / "articles" / file).read_text(), (name, start)


def test_figure_tables_show_the_date_each_figure_is_given_for(seed_tables):
    figures = summaries.figure_table(seed_tables["comparison"])
    dated = figures[figures["as_of"] != ""]
    assert len(dated) and {"scope", "as_of"} <= set(figures.columns)
    assert all(isinstance(day, datetime.date) for day in dated["as_of"])
    sides = summaries.discrepancy_table(seed_tables["discrepancies"])
    assert {"a_as_of", "b_as_of"} <= set(sides.columns)


def test_reports_compare_outlet_groups_first_when_the_metadata_names_them():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"],
                             "outlet_group": ["wire", "wire", None], "words": [100, 300, 50]})
    assert summaries.groupings(articles, "outlet_group") == ["outlet_group", "outlet"]
    assert summaries.groupings(articles, "outlet") == ["outlet"]
    assert summaries.groupings(articles.assign(outlet_group=""), "outlet_group") == ["outlet"]
    with pytest.raises(ValueError, match="group_by must be one of outlet, outlet_group"):
        summaries.grouping(articles, "country")
    terms = pd.DataFrame({"article_id": ["a", "b", "c"], "category": "legal", "voice": "own"})
    tables = summaries.by_groupings(summaries.term_rate_table, ["outlet_group", "outlet"], terms,
                                    articles)
    assert tables["outlet_group"]["legal"].to_dict() == {"(no group)": 20.0, "wire": 5.0}
    assert tables["outlet"]["legal"].to_dict() == {"X": 10.0, "Y": 3.33, "Z": 20.0}
