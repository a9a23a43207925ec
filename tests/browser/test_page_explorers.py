"""The explorers on the built web page, driven from the keyboard as a reader would.

Each explorer's page form (tools/site/page_explorers.py) is moved to a few positions; the
picture, its alt text and the numbers must change and equal what the explorer's own update
draws for those values (backprop.widgets.page), with no console error.
"""

import importlib
import io
import json

import numpy as np
import pytest
from conftest import ROOT, SITE, require_browser
from PIL import Image

from backprop import widgets
from backprop.widgets import page
from tools import browser as helper

BUDGET_MB = 15  # the page explorers' frames, all together


def _marked():
    """{explorer: the built page whose cell it replaces}, from the notebooks' metadata."""
    found = {}
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["metadata"].get("page_explorer"):
                found[cell["metadata"]["page_explorer"]] = f"book/{path.stem}.html"
    return found


MARKED = _marked()


@pytest.fixture(scope="module")
def opened(browser, site_url):
    """Open a page once per explorer; yields a function name -> (page, explorer locator)."""
    contexts = []

    def open_page(name):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        helper.block_outside(context, site_url + "/")
        tab = context.new_page()
        tab.errors = []
        tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
        tab.on("pageerror", lambda e: tab.errors.append(f"uncaught: {e}"))
        tab.goto(site_url + "/" + MARKED[name], wait_until="load")
        helper.settle(tab, 15000)
        contexts.append(context)
        return tab, tab.locator(f"#page-explorer-{name}")

    yield open_page
    for context in contexts:
        context.close()


def _pixels(data):
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def _shown(tab, explorer):
    picture = explorer.locator("img.page-explorer-picture")
    picture.evaluate("(img) => img.complete || new Promise((ok) => img.onload = ok)")
    assert picture.evaluate("(img) => img.naturalWidth") > 0
    return {"frame": int(explorer.get_attribute("data-frame")),
            "src": picture.get_attribute("src"), "alt": picture.get_attribute("alt"),
            "numbers": explorer.locator(".page-explorer-numbers").text_content()}


def _move(tab, control, key):
    """Move one control from the keyboard: a key for a slider, arrow keys for a menu."""
    control.focus()
    if control.evaluate("(c) => c.tagName") == "SELECT":
        count = control.locator("option").count()
        target = {"End": count - 1, "Home": 0}.get(key)
        if target is None:
            control.press(key)
        else:
            control.select_option(index=target)
    else:
        tab.keyboard.press(key)


@pytest.mark.parametrize("name", sorted(MARKED))
def test_explorer_moves_on_the_page_and_shows_its_updates_frames(name, opened):
    require_browser()
    view = importlib.import_module(f"backprop.widgets.{name}").page_view()
    tab, explorer = opened(name)
    assert explorer.count() == 1, f"{MARKED[name]}: no page form of {name}"
    explorer.scroll_into_view_if_needed()
    seen = [_shown(tab, explorer)]
    assert seen[0]["frame"] == page.start_index(view)
    controls = explorer.locator("[data-control]")
    assert controls.count() == len(view.controls)
    for i in range(controls.count()):
        for key in ("End", "Home", "ArrowRight"):
            _move(tab, controls.nth(i), key)
            seen.append(_shown(tab, explorer))
    frames = {s["frame"] for s in seen}
    assert len(frames) >= 3, f"{name}: the picture did not change: {seen}"
    for state in seen[1:4]:
        index = tuple(int(i) for i in np.unravel_index(state["frame"], view.shape))
        expected = page.frame(view, index, widgets.Canvases())
        assert state["numbers"] == expected.numbers and state["alt"] == expected.alt
        served = (SITE / MARKED[name]).parent.joinpath(state["src"]).resolve().read_bytes()
        assert np.array_equal(_pixels(served), _pixels(expected.png)), (name, index)
    for i, control in enumerate(view.controls):           # the value is announced
        field = controls.nth(i)
        if field.evaluate("(c) => c.type") == "range":
            position = int(field.input_value())
            assert field.get_attribute("aria-valuetext") == (
                f"{control.label} = {control.shown[position]}")
    assert not tab.errors, f"{MARKED[name]}: {tab.errors}"


def test_every_explorer_has_a_page_form_within_the_size_budget():
    require_browser()
    folder = SITE / "_images" / "page_explorers"
    sizes = {}
    for file in folder.glob("*.webp"):
        name = file.name.rsplit("-", 1)[0]
        sizes[name] = sizes.get(name, 0) + file.stat().st_size
    assert sorted(sizes) == sorted(MARKED)
    total = sum(sizes.values()) / 1e6
    assert total < BUDGET_MB, f"page explorers take {total:.1f} MB: {sizes}"
