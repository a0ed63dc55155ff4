"""Every report opened in headless Chromium: no console errors, nothing fetched off the machine,
every image loaded, and a screenshot to look at."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("NEWSPRISM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}

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
        seen = _open(browser, path.as_uri(), shots / f"{path.stem}.png")
        assert seen["remote"] == [], f"{path.name} fetched {seen['remote']}"
        assert seen["errors"] == [], f"{path.name} console errors: {seen['errors']}"
        assert all(done and width > 0 for done, width in seen["images"]), path.name
        assert (shots / f"{path.stem}.png").stat().st_size > 10_000
        with_figures += bool(seen["images"])
    assert with_figures >= 3  # overview, framing and numbers reports draw figures


def test_index_links_open_every_report(browser, built_report, tmp_path):
    seen = _open(browser, (built_report / "index.html").as_uri(), tmp_path / "index.png")
    targets = {Path(urlparse(link).path).name for link in seen["links"]}
    expected = {p.name for p in built_report.glob("*.html")} - {"index.html"}
    assert targets == expected
    assert all(Path(urlparse(link).path).is_file() for link in seen["links"])


def test_a_remote_request_would_be_caught(browser, tmp_path):
    page = tmp_path / "remote.html"
    page.write_text('<html><body><img src="http://example.invalid/x.png"></body></html>')
    seen = _open(browser, page.as_uri(), tmp_path / "remote.png")
    assert seen["remote"] == ["http://example.invalid/x.png"]
    assert seen["images"] == [[True, 0]]
