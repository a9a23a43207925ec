"""The built book in headless Chromium, as a reader with no network sees it: the one helper
behind `make pdf` (tools/make_pdf.py) and the browser tests (tests/browser/).

- ``serve(directory)``: the site on 127.0.0.1 (a real origin, as a reader's web server);
- ``launch(playwright)``: Debian's Chromium (``$CHROMIUM``, else ``chromium`` on PATH);
  Playwright downloads no browser of its own;
- ``block_outside(page_or_context, origin)``: every request outside the site is aborted and
  recorded in the list it returns;
- ``settle(page, wait_ms)``: wait until MathJax has typeset and the saved widgets are drawn.

``make test`` and ``make pdf`` install Chromium where it is missing
(tools/system_packages.sh); ``find_chromium()`` says how to get it otherwise.
"""

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# Runs in the page: resolves once MathJax is done and every saved widget is drawn, or the
# wait ran out (the callers then report what is missing). With `typeset`, equations that
# arrived late (inside widgets) are typeset too: the PDF wants them; the tests do not, as
# they check that the page typesets every equation by itself.
SETTLE = """async ({waitMs, typeset}) => {
  const until = Date.now() + waitMs;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  if (document.querySelector('.math')) {
    while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
      if (Date.now() > until) break; await sleep(50);
    }
    if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
  }
  const views = [...document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]')];
  const drawn = (s) => {
    const el = s.previousElementSibling;
    return el && el.classList.contains('widget-subarea') && el.children.length > 0;
  };
  while (views.some((s) => !drawn(s)) && Date.now() < until) await sleep(100);
  if (typeset && window.MathJax && MathJax.typesetPromise) await MathJax.typesetPromise();
  await sleep(300);  // MutationObserver shims, late typesetting
}"""


class BrowserMissing(RuntimeError):
    """No Chromium where the helper looks for it."""


def find_chromium():
    """The Chromium executable: $CHROMIUM, else `chromium` on PATH."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise BrowserMissing(f"Chromium not found at {path} (`make test` and `make pdf` "
                             "install it as root; otherwise: sudo apt-get install chromium)")
    return path


@contextlib.contextmanager
def serve(directory):
    """Serve `directory` on 127.0.0.1; yields the origin, "http://127.0.0.1:PORT/"."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def launch(playwright):
    """Headless Chromium (Debian's), with the arguments a container needs."""
    return playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)


def block_outside(target, origin):
    """Abort every request of `target` (a page or a browser context) outside `origin`;
    returns the list the blocked URLs are appended to."""
    blocked = []

    def route(r):
        if r.request.url.startswith((origin, "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    target.route(re.compile(".*"), route)
    return blocked


def settle(page, wait_ms, typeset=False):
    """Wait (at most `wait_ms`) for MathJax and the saved widgets; see SETTLE."""
    page.evaluate(SETTLE, {"waitMs": wait_ms, "typeset": typeset})
