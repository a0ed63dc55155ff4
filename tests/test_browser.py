"""Every report opened in headless Chromium: no console errors, nothing fetched off the machine,
every image loaded, every table interactive with all its rows, and a screenshot to look at."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from newsprism.options import Options
from newsprism.report import notebook
from newsprism.report.notebook import Selection

CHROMIUM = os.environ.get("NEWSPRISM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}
# A page of seed reports stays small: the DataTables bundle (~1 MB) once, plus the tables.
MAX_PAGE_BYTES = 3_000_000
INFO_COUNT = re.compile(r"of ([\d,]+) entr")
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


def _open(browser, url: str, screenshot: Path) -> dict:
    """Load ``url`` with every off-machine request blocked; what the page did."""
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
    page.goto(url, wait_until="load")
    page.wait_for_function("() => [...document.querySelectorAll('.np-table')]"
                           ".every(e => e.querySelector('.dt-container'))")
    seen["tables"] = page.eval_on_selector_all(".np-table", TABLES_JS)
    seen["images"] = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.complete, e.naturalWidth])")
    seen["links"] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    seen["title"] = page.title()
    page.screenshot(path=str(screenshot), full_page=True)
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
            "quotes": int((data["quotes"]["kind"] == "quote").sum()),
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
