"""tools/ as a package, and the browser helper's parts that need no browser."""

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tools import browser

ROOT = Path(__file__).resolve().parent.parent
TOOLS = sorted(p for p in (ROOT / "tools").rglob("*.py"))


@pytest.mark.parametrize("path", TOOLS, ids=[p.relative_to(ROOT).as_posix() for p in TOOLS])
def test_no_tool_edits_sys_path(path):
    assert "sys.path" not in path.read_text(), f"{path.name}: import tools.<name> instead"


def test_every_tool_imports_as_a_module_from_the_repository_root():
    names = [p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".") for p in TOOLS]
    code = "import importlib, sys\nfor n in sys.argv[1:]: importlib.import_module(n)"
    done = subprocess.run([sys.executable, "-c", code, *names], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_serve_serves_the_folder_on_loopback_and_stops(tmp_path):
    (tmp_path / "index.html").write_text("<p>book</p>")
    with browser.serve(tmp_path) as origin:
        assert origin.startswith("http://127.0.0.1:") and origin.endswith("/")
        with urllib.request.urlopen(origin + "index.html", timeout=10) as response:
            assert response.read() == b"<p>book</p>"
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(origin + "index.html", timeout=2)


def test_a_missing_chromium_is_named_with_the_command_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(browser.BrowserMissing, match="apt-get install chromium"):
        browser.find_chromium()


def test_blocking_records_and_aborts_requests_outside_the_site():
    class Route:
        def __init__(self, url):
            self.request = type("Request", (), {"url": url})
            self.done = None

        def continue_(self):
            self.done = "continued"

        def abort(self):
            self.done = "aborted"

    class Page:
        def route(self, pattern, handler):
            self.handler = handler

    page = Page()
    blocked = browser.block_outside(page, "http://127.0.0.1:8000/")
    routes = [Route(u) for u in ("http://127.0.0.1:8000/a.js", "data:image/png;base64,x",
                                 "https://cdn.example.org/mathjax.js")]
    for route in routes:
        page.handler(route)
    assert [r.done for r in routes] == ["continued", "continued", "aborted"]
    assert blocked == ["https://cdn.example.org/mathjax.js"]


def system_packages(tmp_path, uid, have=(), needs=("npm", "chromium")):
    """Run tools/system_packages.sh with only fake `id` (and the commands in `have`) on PATH."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for name, body in {"id": f"echo {uid}", **{n: "true" for n in have}}.items():
        (bin_ / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_ / name).chmod(0o755)
    env = {"PATH": str(bin_), "HOME": str(tmp_path)}
    return subprocess.run(["/bin/bash", str(ROOT / "tools" / "system_packages.sh"), *needs],
                          env=env, capture_output=True, text=True)


def test_system_packages_tells_a_non_root_user_the_exact_command(tmp_path):
    done = system_packages(tmp_path, uid=1000, have=["npm"])
    assert done.returncode == 1
    assert ("sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends "
            "chromium'") in done.stderr


def test_system_packages_is_silent_when_nothing_is_missing(tmp_path):
    done = system_packages(tmp_path, uid=1000, have=["npm", "chromium"])
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_system_packages_as_root_without_apt_says_so(tmp_path):
    done = system_packages(tmp_path, uid=0)
    assert done.returncode == 1 and "no apt-get" in done.stderr and "npm chromium" in done.stderr
