"""Every report opened in headless Chromium: no console errors, nothing fetched off the machine,
every image loaded, every table interactive with all its rows, and a screenshot to look at."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import time
import warnings
from pathlib import Path
from urllib.parse import urlparse

import pyarrow.parquet as pq
import pytest

from newsprism.clean.lines import CONTENT_LABELS
from newsprism.options import Options
from newsprism.report import notebook
from newsprism.report.notebook import Selection
from newsprism.report.runner import build_report
from scaled import invented_outlets, scale_corpus

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("NEWSPRISM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}
# A page of seed reports stays small: the DataTables bundle (~1 MB) once, plus the tables.
MAX_PAGE_BYTES = 3_000_000
INFO_COUNT = re.compile(r"of ([\d,]+) entr")
# The corpus at scale: generated from the seeds, many invented outlets in a few groups (now
# and then a generated file has no prose and is skipped, hence a few files more than 300).
SCALE_FILES, SCALE_OUTLETS, SCALE_SEED = 305, 45, 24
# What a page at scale may weigh (the limit) and where the run's screenshots and
# page measurements are kept for looking at after the test.
MAX_SCALE_PAGE_BYTES = 25 * 2**20
ARTIFACTS = Path(os.environ.get("NEWSPRISM_ARTIFACTS", ROOT / ".pytest-artifacts"))
# Table cells holding only an ellipsis: what a table cut to a sample shows.
TRUNCATED_JS = """() => [...document.querySelectorAll('td, th')]
  .filter(c => ['…', '...', '⋯'].includes(c.textContent.trim())).length"""
# What each interactive table says of itself, once DataTables has drawn it.
TABLES_JS = """els => els.map(e => {
  const drawn = e.querySelector('.dt-container');
  const cells = drawn ? [...drawn.querySelectorAll('tbody td:not(.dt-empty)')] : [];
  return {name: e.dataset.name, rows: Number(e.dataset.rows),
          info: drawn?.querySelector('.dt-info')?.textContent ?? '',
          search: !!drawn?.querySelector('.dt-search input'),
          csv: !!drawn?.querySelector('button.buttons-csv'),
          misaligned: cells.filter(td => getComputedStyle(td).textAlign !==
            (td.matches('.dt-type-numeric, .dt-type-date') ? 'right' : 'left')).length};
})"""

# What a table too large to embed says instead: its rows and the files it links.
LINKED_JS = """els => els.map(e => ({text: e.textContent,
  links: [...e.querySelectorAll('a')].map(a => a.href)}))"""
LINKED_ROWS = re.compile(r"This table has ([\d,]+) rows")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _chromium() -> str:
    """Path of the Chromium binary; skipped with the reason when absent, failed on CI."""
    found = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if found:
        return found
    reason = f"no Chromium at {CHROMIUM} (apt-get install chromium) — browser checks not run"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def _is_local(url: str) -> bool:
    """True for file:, data: and loopback http(s) URLs."""
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "about", "blob"):
        return True
    return parsed.scheme in ("http", "https") and (parsed.hostname or "") in LOCAL_HOSTS


@pytest.fixture(scope="module")
def browser():
    """A headless Debian Chromium driven by playwright (never a downloaded browser build)."""
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()


def _open(browser, url: str, screenshot: Path, full_page: bool = True) -> dict:
    """Load ``url`` with every off-machine request blocked; what the page did, how long it took
    to load and to draw its tables, and how many cells show only an ellipsis."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    seen = {"remote": [], "errors": []}

    def route(handled_route):
        if _is_local(handled_route.request.url):
            handled_route.continue_()
        else:
            seen["remote"].append(handled_route.request.url)
            handled_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    seen["load_seconds"] = time.perf_counter() - started
    page.wait_for_function("() => [...document.querySelectorAll('.np-table')]"
                           ".every(e => e.querySelector('.dt-container'))")
    seen["ready_seconds"] = time.perf_counter() - started
    seen["truncated_cells"] = page.evaluate(TRUNCATED_JS)
    seen["tables"] = page.eval_on_selector_all(".np-table", TABLES_JS)
    seen["linked"] = page.eval_on_selector_all(".np-too-large", LINKED_JS)
    seen["images"] = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.complete, e.naturalWidth])")
    seen["links"] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    seen["title"] = page.title()
    page.screenshot(path=str(screenshot), full_page=full_page)
    page.close()
    return seen


def test_every_report_renders_offline(browser, built_report, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    pages = sorted(built_report.glob("*.html"))
    assert len(pages) >= 5  # the index and one page per notebook
    with_figures = 0
    for path in pages:
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")
        assert path.stat().st_size < MAX_PAGE_BYTES, path.name
        seen = _open(browser, path.as_uri(), shots / f"{path.stem}.png")
        assert seen["remote"] == [], f"{path.name} fetched {seen['remote']}"
        assert seen["errors"] == [], f"{path.name} console errors: {seen['errors']}"
        assert all(done and width > 0 for done, width in seen["images"]), path.name
        assert (shots / f"{path.stem}.png").stat().st_size > 10_000
        with_figures += bool(seen["images"])
    assert with_figures >= 3  # overview, framing and numbers reports draw figures


def test_index_links_open_every_report(browser, built_report, tmp_path):
    seen = _open(browser, (built_report / "index.html").as_uri(), tmp_path / "index.png")
    targets = {Path(urlparse(link).path).relative_to(built_report).as_posix()
               for link in seen["links"]}
    expected = {p.name for p in built_report.glob("*.html")} - {"index.html"}
    assert targets == expected | {"articles/index.html"}
    assert all(Path(urlparse(link).path).is_file() for link in seen["links"])


def test_every_article_page_opens_offline(browser, built_report, tmp_path):
    """The list of articles and each article's page: no request off the machine, no error,
    every link to an existing page."""
    listing = _open(browser, (built_report / "articles" / "index.html").as_uri(),
                    tmp_path / "articles.png")
    assert listing["remote"] == [] and listing["errors"] == []
    pages = [Path(urlparse(link).path) for link in listing["links"]]
    assert pages and all(page.is_file() for page in pages)
    for page in pages:
        seen = _open(browser, page.as_uri(), tmp_path / f"{page.stem}.png")
        assert seen["remote"] == [] and seen["errors"] == [], page.name


def test_a_remote_request_would_be_caught(browser, tmp_path):
    page = tmp_path / "remote.html"
    page.write_text('<html><body><img src="http://example.invalid/x.png"></body></html>')
    seen = _open(browser, page.as_uri(), tmp_path / "remote.png")
    assert seen["remote"] == ["http://example.invalid/x.png"]
    assert seen["images"] == [[True, 0]]


@pytest.fixture(scope="module")
def expected_rows(built_report, small_corpus, kept_outlets) -> dict[str, int]:
    """Rows of the reports' largest tables, computed again from the run's tables folder."""
    data = notebook.load_tables(small_corpus, built_report / "tables", Options(),
                                Selection(outlets=kept_outlets))
    return {"articles": len(data.articles),
            "dropped_lines": len(notebook.dropped_lines(data)),
            "quotes": len(data["quotes"]),
            "casualty_clauses": len(data["agency"]),
            "figures": len(data["comparison"])}


def test_every_table_is_interactive_and_complete(browser, built_report, expected_rows,
                                                 tmp_path):
    named = {}
    for path in sorted(built_report.glob("[0-9][0-9]-*.html")):
        seen = _open(browser, path.as_uri(), tmp_path / f"{path.stem}.png")
        assert seen["tables"], f"{path.name} shows no interactive table"
        for table in seen["tables"]:
            where = f"{path.name} table {table['name'] or '(unnamed)'}"
            shown = INFO_COUNT.search(table["info"])
            assert shown, f"{where}: no row count in {table['info']!r}"
            assert int(shown.group(1).replace(",", "")) == table["rows"], where
            assert table["search"] and table["csv"], where
            assert table["misaligned"] == 0, where
            named[table["name"]] = table["rows"]
        assert seen["remote"] == [] and seen["errors"] == [], path.name
    assert {name: named.get(name) for name in expected_rows} == expected_rows


def test_csv_button_downloads_every_row(browser, built_report, expected_rows):
    assert expected_rows["quotes"] > 10  # more rows than the first page shows
    page = browser.new_page(accept_downloads=True)
    page.goto((built_report / "02-framing-report.html").as_uri(), wait_until="load")
    button = page.locator('.np-table[data-name="quotes"] button.buttons-csv')
    with page.expect_download() as download:
        button.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    page.close()
    assert download.value.suggested_filename == "quotes.csv"
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    assert len(rows) == expected_rows["quotes"] + 1


@pytest.fixture(scope="module")
def scale_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """Reports on a generated corpus of many outlets in a few groups, and the run's seconds."""
    corpus = scale_corpus(ROOT / "seeds", tmp_path_factory.mktemp("scale") / "corpus",
                          SCALE_FILES, seed=SCALE_SEED,
                          outlets=invented_outlets(SCALE_OUTLETS))
    out = tmp_path_factory.mktemp("scale-run") / "reports"
    started = time.perf_counter()
    with warnings.catch_warnings():  # the generated file without prose, named and skipped
        warnings.simplefilter("ignore")
        build_report(corpus, out, {}, progress=lambda line: None)
    return out, time.perf_counter() - started


def parquet_rows(tables: Path) -> dict[str, tuple[str, int]]:
    """Each named report table's source table and the rows it must hold, counted from the
    run's Parquet files."""
    def rows(name: str) -> int:
        return pq.ParquetFile(tables / f"{name}.parquet").metadata.num_rows

    labels = pq.read_table(tables / "lines.parquet", columns=["label"]).to_pandas()["label"]
    return {"articles": ("articles", rows("articles")), "problems": ("problems", rows("problems")),
            "dropped_lines": ("lines", int((~labels.isin(CONTENT_LABELS)).sum())),
            "quotes": ("quotes", rows("quotes")), "casualty_clauses": ("agency", rows("agency")),
            "figures": ("comparison", rows("comparison")),
            "discrepancies": ("discrepancies", rows("discrepancies")),
            "shared_sentences": ("overlaps", rows("overlaps"))}


def _linked_rows(linked: list[dict], source: str) -> int | None:
    """Rows a too-large table computed from ``source`` says it has, when its sentence links
    that table's CSV and the file is there; else None."""
    for said in linked:
        files = [Path(urlparse(link).path) for link in said["links"]]
        if any(f.name == f"{source}.csv" and f.is_file() for f in files):
            return int(LINKED_ROWS.search(said["text"]).group(1).replace(",", ""))
    return None


def _figure_view(browser, path: Path, screenshot: Path) -> None:
    """A window-sized screenshot of a report scrolled to its first figure (for the README)."""
    page = browser.new_page(viewport={"width": 1100, "height": 760})
    page.route("**/*", lambda handled: handled.continue_() if _is_local(handled.request.url)
               else handled.abort())
    page.goto(path.as_uri(), wait_until="load")
    page.locator("img").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot))
    page.close()
    assert screenshot.stat().st_size > 10_000


def test_reports_at_scale_show_every_row_offline(browser, scale_report):
    """300 articles, 45 outlets, 6 groups: every page opens offline without error, no cell cut
    to an ellipsis, every table holds every row its Parquet table has; each page's weight and
    load time are printed and kept with the screenshots."""
    out, seconds = scale_report
    articles = pq.read_table(out / "tables" / "articles.parquet",
                             columns=["outlet", "outlet_group"]).to_pandas()
    assert len(articles) >= 300 and articles["outlet"].nunique() >= 40
    assert articles["outlet_group"].nunique() >= 5
    shots = ARTIFACTS / "browser-at-scale"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    pages = [out / "index.html", *sorted(out.glob("[0-9][0-9]-*.html")),
             out / "articles" / "index.html", *sorted((out / "articles").glob("*.html"))[:3]]
    measured, named, linked = [], {}, []
    for path in pages:
        name = path.relative_to(out).as_posix()
        seen = _open(browser, path.as_uri(), shots / f"{name.replace('/', '--')}.png",
                     full_page=False)
        measured.append({"page": name, "bytes": path.stat().st_size,
                         "load_seconds": round(seen["load_seconds"], 2),
                         "ready_seconds": round(seen["ready_seconds"], 2),
                         "tables": len(seen["tables"]), "linked": len(seen["linked"])})
        linked += seen["linked"]
        assert seen["remote"] == [], f"{name} fetched {seen['remote']}"
        assert seen["errors"] == [], f"{name} console errors: {seen['errors']}"
        assert seen["truncated_cells"] == 0, f"{name} shows a table cut to a sample"
        assert path.stat().st_size < MAX_SCALE_PAGE_BYTES, name
        for table in seen["tables"]:
            shown = INFO_COUNT.search(table["info"])
            assert shown and int(shown.group(1).replace(",", "")) == table["rows"], \
                f"{name} table {table['name']}: {table['info']!r}"
            named[table["name"]] = table["rows"]
    expected = parquet_rows(out / "tables")
    shown = {name: named[name] if name in named else _linked_rows(linked, source)
             for name, (source, _) in expected.items()}
    assert shown == {name: rows for name, (_, rows) in expected.items()}
    record = {"articles": len(articles), "outlets": int(articles["outlet"].nunique()),
              "groups": int(articles["outlet_group"].nunique()),
              "report_seconds": round(seconds, 1), "pages": measured}
    _figure_view(browser, out / "02-framing-report.html", shots / "framing-figure.png")
    (shots / "pages.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"\nreports at scale, screenshots and pages.json in {shots}:")
    for row in measured:
        print(f"  {row['page']}: {row['bytes'] / 1e6:.2f} MB, loaded in "
              f"{row['load_seconds']:.2f} s, tables drawn in {row['ready_seconds']:.2f} s")
