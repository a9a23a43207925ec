"""Every page of the built book, as a reader's browser shows it with no network.

Each page is opened once in headless Chromium (requests outside the site are blocked and
recorded); the checks below read what that visit saw. A failure names the page and the
element; "[page content]" marks a problem in the chapter's own text or code (fix the
notebook), "[site]" one in the theme, the widget renderer or tools/site/.
"""

import io
import re

import pytest
from conftest import SITE, pages, require_browser
from PIL import Image, ImageStat

from tools import browser as helper

# index.html only redirects to the introduction; the pages behind it are tested.
REDIRECTS = [p for p in pages() if 'http-equiv="Refresh"' in (SITE / p).read_text()[:2000]]
PAGES = [p for p in pages() if p not in REDIRECTS]
SERIOUS = ("serious", "critical")
TEXT_WIDTH = 1280  # a laptop window; the theme's text column is then ~ 88 code characters
WAIT_MS = 15000

# Where an element sits: page content (fix the notebook) or site (theme, renderer, shims).
WHERE = """(el) => {
  if (el.closest('.widget-subarea, .animation')) return 'site';
  return el.closest('article') ? 'page content' : 'site';
}"""

INSPECT = """() => {
  const describe = (el) => {
    const cls = (el.className && el.className.baseVal === undefined) ? el.className : '';
    const id = el.id ? '#' + el.id : '';
    const section = el.closest('section[id]');
    return `${el.tagName.toLowerCase()}${id}${cls ? '.' + cls.trim().split(/\\s+/).join('.') : ''}`
      + (section ? ` in section #${section.id}` : '');
  };
  const math = [...document.querySelectorAll('.math')];
  const untypeset = math.filter((m) => !m.querySelector('mjx-container'))
    .map((m) => m.textContent.trim().slice(0, 60));
  const views = [...document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]')];
  const widgets = views.map((s) => {
    const el = s.previousElementSibling;
    const ok = el && el.classList.contains('widget-subarea') && el.children.length > 0
      && !el.querySelector('.jupyter-widgets-error-widget, .widget-error');
    return {model: JSON.parse(s.textContent).model_id, ok: !!ok};
  });
  const generic = /^(image|figure|plot|png|output|img|picture|graph|chart)?$/i;
  const images = [...document.querySelectorAll('img')].map((img) => ({
    where: describe(img),
    alt: (img.getAttribute('alt') || '').trim(),
    hidden: img.getAttribute('aria-hidden') === 'true'
      || img.getAttribute('role') === 'presentation',
    src: (img.getAttribute('src') || '').slice(0, 60),
  })).filter((i) => !i.hidden && (generic.test(i.alt) || /\\.(png|jpe?g|svg|gif)$/i.test(i.alt)
    || i.alt.length < 8));
  const wide = [...document.querySelectorAll('pre')]
    .filter((p) => p.clientWidth > 0 && p.scrollWidth > p.clientWidth + 1)
    .map((p) => ({
      where: describe(p),
      kind: p.closest('.cell_output') ? 'output'
        : (p.closest('.cell_input') ? 'code cell' : 'block'),
      overflow: p.scrollWidth - p.clientWidth,
      line: p.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), '')
        .slice(0, 100),
    }));
  return {math: math.length, untypeset, widgets, images, wide,
          animations: document.querySelectorAll('.animation').length};
}"""


WHERE_SELECTOR = ("(sel) => { const el = document.querySelector(sel);"
                  " return el ? (" + WHERE + ")(el) : 'site'; }")

# The theme's mode and the luminance of the page background.
DARK = """() => {
  const lum = (c) => {
    const m = c.match(/[\\d.]+/g); if (!m) return null;
    const [r, g, b, a] = m.map(Number);
    if (a === 0) return null;
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  return {theme: document.documentElement.dataset.theme,
          page: lum(getComputedStyle(document.body).backgroundColor)};
}"""


class Visit:
    """What one page load saw."""

    def __init__(self, browser, url):
        self.errors, self.missing = [], []
        context = browser.new_context(viewport={"width": TEXT_WIDTH, "height": 900})
        self.external = helper.block_outside(context, "/".join(url.split("/", 3)[:3]) + "/")
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.on("console", lambda m: m.type == "error" and isinstance(self.errors, list)
                and self.errors.append(m.text))
        page.on("pageerror", lambda e: isinstance(self.errors, list)
                and self.errors.append(f"uncaught: {e}"))
        page.on("response", lambda r: r.status >= 400 and isinstance(self.missing, list)
                and self.missing.append(f"{r.status} {r.url}"))
        self.context, self.page = context, page
        page.goto(url, wait_until="load")
        helper.settle(page, WAIT_MS)
        self.info = page.evaluate(INSPECT)
        self.animations = [self._play(i) for i in range(self.info["animations"])]
        # axe-core re-fetches @import-ed stylesheets against the wrong base URL
        # (a 404 a reader never sees), so missing files are counted before it runs.
        self.missing, self.errors = tuple(self.missing), tuple(self.errors)
        from axe_playwright_python.sync_playwright import Axe

        self.axe = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [(page.evaluate(WHERE_SELECTOR, n["target"][0]), n["target"][0])
                       for n in v["nodes"]]}
            for v in Axe().run(page).response["violations"] if v["impact"] in SERIOUS
        ]
        self.dark = self._dark_mode()

    def _play(self, i):
        """Step one frame, then play for a moment: the frame shown must change both times."""
        animation = self.page.locator(".animation").nth(i)
        frame = animation.locator("img").first
        slider = animation.locator("input.anim-slider")
        animation.scroll_into_view_if_needed()
        start = frame.get_attribute("src"), slider.input_value()
        animation.locator('button[title="Next frame"]').click()
        stepped = frame.get_attribute("src"), slider.input_value()
        animation.locator('button[title="First frame"]').click()
        animation.locator('button[title="Play"]').click()
        try:  # frames come every `interval` ms (up to a second or two in the chapters)
            slider.evaluate("(s) => new Promise((ok, no) => { const t0 = Date.now();"
                            " const f = () => s.value !== '0' ? ok() : Date.now() - t0 > 5000"
                            " ? no() : setTimeout(f, 50); f(); })")
        except Exception:
            pass  # reported below: the frame did not change
        played = frame.get_attribute("src"), slider.input_value()
        animation.locator('button[title="Pause"]').click()
        # the theme's own Font Awesome (no CDN) turns each <i class="fa ..."> into an icon
        blank = animation.locator(".anim-buttons button:not(:has(svg))").count()
        return {"stepped": stepped != start and stepped[1] == "1", "blank buttons": blank,
                "played": played[0] != start[0] and int(played[1]) > 0,
                "frames": int(slider.get_attribute("max") or 0) + 1}

    def _dark_mode(self):
        """Switch the theme to dark with its own button; measure what sits behind figures."""
        button = self.page.locator(".theme-switch-button").first
        for _ in range(3):
            if self.page.evaluate("document.documentElement.dataset.theme") == "dark":
                break
            button.click()
        dark = self.page.evaluate(DARK)
        dark["figures"] = []
        for img in self.page.locator("article img").all():
            box = img.bounding_box()
            if box and box["width"] > 80 and box["height"] > 40:
                shot = Image.open(io.BytesIO(img.screenshot(animations="disabled")))
                dark["figures"].append({
                    "alt": (img.get_attribute("alt") or "")[:50],
                    "mean": ImageStat.Stat(shot.convert("L")).mean[0] / 255})
        return dark

    def close(self):
        self.context.close()


@pytest.fixture(scope="module", params=PAGES)
def visit(request, browser, site_url):
    """One visit per page; pytest runs every check of a page before opening the next."""
    opened = Visit(browser, site_url + request.param)
    opened.name = request.param
    yield opened
    opened.close()


def test_every_page_is_tested():
    require_browser()  # a clear skip (no Chromium) or failure (no built book) first
    chapters = [p for p in PAGES if re.match(r"book/\d\d_", p)]
    assert len(chapters) >= 9 and "book/intro.html" in PAGES, PAGES
    assert REDIRECTS == ["index.html"], REDIRECTS


def test_no_request_leaves_the_site(visit):
    name = visit.name
    assert not visit.external, f"{name} asked for {visit.external}"
    assert not visit.missing, f"{name}: missing files {visit.missing}"


def test_no_console_error(visit):
    name = visit.name
    assert not visit.errors, f"{name}: {visit.errors}"


def test_every_equation_is_typeset(visit):
    name = visit.name
    info = visit.info
    assert not info["untypeset"], (
        f"{name}: {len(info['untypeset'])} of {info['math']} equations not typeset, "
        f"e.g. {info['untypeset'][:3]}")


def test_every_saved_widget_renders(visit):
    name = visit.name
    broken = [w["model"] for w in visit.info["widgets"] if not w["ok"]]
    assert not broken, f"{name}: widget views not rendered: {broken}"


def test_every_image_has_alt_text(visit):
    name = visit.name
    bad = visit.info["images"]
    assert not bad, f"{name}: images without meaningful alt text: {bad}"


def test_code_blocks_do_not_scroll_sideways(visit):
    name = visit.name
    wide = visit.info["wide"]
    assert not wide, (
        f"{name} [page content]: {len(wide)} code blocks wider than the text column "
        f"at a {TEXT_WIDTH}px window: "
        + "; ".join(f"{w['kind']} {w['where']} (+{w['overflow']}px): {w['line']!r}"
                    for w in wide))


def test_every_animation_plays(visit):
    name = visit.name
    for i, played in enumerate(visit.animations):
        assert played["frames"] > 1, f"{name}: animation {i} has one frame"
        assert not played["blank buttons"], f"{name}: animation {i} has buttons without icons"
        assert played["stepped"], f"{name}: animation {i} did not step to the next frame"
        assert played["played"], f"{name}: animation {i} did not advance when played"


def test_no_serious_accessibility_violation(visit):
    name = visit.name
    found = visit.axe
    assert not found, f"{name}: " + "; ".join(
        f"{v['impact']} {v['id']} ({v['help']}) at "
        + ", ".join(f"[{where}] {target}" for where, target in v["nodes"][:6])
        for v in found)


def test_figures_readable_in_dark_mode(visit):
    name = visit.name
    dark = visit.dark
    assert dark["theme"] == "dark" and dark["page"] < 0.1, f"{name}: not in dark mode: {dark}"
    # Figures are drawn for a white page: in dark mode the theme puts them on a light card
    # (dimmed a little). A figure left transparent on the dark page would average near 0.1.
    dim = [f for f in dark["figures"] if f["mean"] < 0.45]
    assert not dim, f"{name}: figures too dark to read in dark mode: {dim}"
