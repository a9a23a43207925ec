"""Open the built book in headless Chromium, with every request outside the site blocked.

Run after the book is built: `make test` does, or
    .venv/bin/python -m pytest tests/browser      # BOOK_HTML=<dir> to test another build
These tests are not collected by the plain `pytest tests` run (see tests/conftest.py).
"""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html")).resolve()
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pages():
    """Every HTML page of the built book, relative to the site root."""
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if not p.relative_to(SITE).parts[0].startswith("_")
    )


def require_browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
        if IN_CI:
            pytest.fail(message + "; CI must run the browser tests", pytrace=False)
        pytest.skip(message + "; browser tests skipped")
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built book in {SITE}: run `make book` first (or set BOOK_HTML)",
                    pytrace=False)


@pytest.fixture(scope="session")
def site_url():
    """Serve the built site on 127.0.0.1 (a real origin, as a reader's web server)."""
    require_browser()
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
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
