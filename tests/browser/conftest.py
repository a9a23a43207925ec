"""Open the built book in headless Chromium, with every request outside the site blocked.

Run after the book is built: `make test` does, or
    .venv/bin/python -m pytest tests/browser      # BOOK_HTML=<dir> to test another build
These tests are not collected by the plain `pytest tests` run (see pytest_ignore_collect
below). Serving, launching and waiting for the page: tools/browser.py, shared with make_pdf.
"""

import os
from pathlib import Path

import pytest

from tools import browser as helper

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html")).resolve()
IN_CI = helper.IN_CI


def pages():
    """Every HTML page of the built book, relative to the site root."""
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if not p.relative_to(SITE).parts[0].startswith("_")
    )


def require_browser():
    try:
        helper.find_chromium()
    except helper.BrowserMissing as missing:
        if IN_CI:
            pytest.fail(f"{missing}; CI must run the browser tests", pytrace=False)
        pytest.skip(f"{missing}; browser tests skipped")
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built book in {SITE}: run `make book` first (or set BOOK_HTML)",
                    pytrace=False)


@pytest.fixture(scope="session")
def site_url():
    """The built site on 127.0.0.1 (a real origin, as a reader's web server)."""
    require_browser()
    with helper.serve(SITE) as origin:
        yield origin


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = helper.launch(p)
        yield browser
        browser.close()


HERE = Path(__file__).resolve().parent


def pytest_ignore_collect(collection_path, config):
    """Collect these tests only when asked for by path (`pytest tests/browser`):
    they need the built book, which the first `pytest tests` run of `make test` precedes."""
    asked = [Path(str(a).split("::")[0]).resolve() for a in config.args]
    if any(a == HERE or HERE in a.parents for a in asked):
        return None
    return True
