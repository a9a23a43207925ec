"""Print the one-page HTML book to a PDF with headless Chromium (what `make pdf` runs).

    jupyter-book build . --builder singlehtml      # -> _build/singlehtml/index.html
    python -m tools.make_pdf                       # -> _build/pdf/book.pdf

The page is served from 127.0.0.1 with every other request blocked; printing waits
until MathJax has typeset every equation and the saved widgets are drawn (tools/browser.py,
shared with the browser tests). Exercise solutions are opened, a table of contents is
added after the title, and the PDF gets bookmarks (its outline) from the headings.

Jupyter Book 1 has a PDF builder of its own (`--builder pdfhtml`, Playwright too); this
script stays because the book needs what that builder does not do: Debian's Chromium (no
browser download), no request outside the site, waiting for MathJax and the saved widgets,
solutions opened and a table of contents.
"""

import argparse
import re
import shutil
import sys
from pathlib import Path

from tools import browser as helper

ROOT = Path(__file__).resolve().parent.parent

# Runs in the settled page (helper.settle): prepares it for print and counts what matters.
PREPARE = """() => {
  // Solutions and other dropdowns open; "show code" cells stay folded (set-up code).
  window.dispatchEvent(new Event('beforeprint'));
  document.querySelectorAll('.toggle-hidden').forEach((e) => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('details.sd-dropdown, .solution details, details.dropdown')
    .forEach((d) => { d.open = true; });
  document.querySelectorAll('.anim-controls, .theme-switch-button, .headerlink')
    .forEach((e) => e.remove());

  // Contents after the title page: every document of the book (the one-page build marks
  // each with <span id="document-...">) and its sections, linked.
  const toc = document.createElement('nav');
  toc.id = 'pdf-contents';
  toc.innerHTML = '<h2>Contents</h2>';
  const list = document.createElement('ol');
  document.querySelectorAll('span[id^="document-"] + section').forEach((doc) => {
    const title = doc.querySelector('h1, h2');
    const item = document.createElement('li');
    item.innerHTML = `<a href="#${doc.id}"></a><ol></ol>`;
    item.firstChild.textContent = title.textContent.replace(/#$/, '').trim();
    doc.querySelectorAll(':scope > section[id]').forEach((sub) => {
      const h = sub.querySelector('h2, h3, h4');
      if (!h) return;
      const li = document.createElement('li');
      li.innerHTML = `<a href="#${sub.id}"></a>`;
      li.firstChild.textContent = h.textContent.replace(/#$/, '').trim();
      item.lastChild.appendChild(li);
    });
    list.appendChild(item);
  });
  toc.appendChild(list);
  const h1 = document.querySelector('article h1');
  h1.parentElement.insertBefore(toc, h1.nextSibling);
  const typeset = [...document.querySelectorAll('.math')]
    .filter((m) => m.querySelector('mjx-container')).length;
  // A solution whose body takes no room would print as a bare title.
  const folded = [...document.querySelectorAll('div.solution')]
    .filter((sol) => [...sol.children].slice(1).every((c) => c.offsetHeight === 0)).length;
  return {equations: document.querySelectorAll('.math').length, typeset, folded,
          solutions: document.querySelectorAll('div.solution').length,
          documents: list.children.length};
}"""

PRINT_CSS = """
#pdf-contents { break-before: page; break-after: page; font-size: 90%; }
#pdf-contents ol { list-style: none; padding-left: 1.2em; }
#pdf-contents > ol > li { margin-top: .4em; font-weight: 600; }
#pdf-contents li li { font-weight: normal; }
span[id^="document-"] + section { break-before: page; }
pre, .cell_output img, figure, div.cell_input { break-inside: avoid; }
details.hide:not([open]) { display: none; }  /* folded set-up code: nothing to click on paper */
pre { white-space: pre-wrap; }
"""


def start_page(html_dir: Path) -> str:
    """The one page. Jupyter Book's index.html only redirects to it, and Sphinx writes it
    at the root document's path (book/intro.html) with links relative to the site root,
    so a copy at the root is what gets printed."""
    index = (html_dir / "index.html").read_text()
    target = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', index)
    if not target:
        return "index.html"
    shutil.copyfile(html_dir / target.group(1), html_dir / "book-print.html")
    return "book-print.html"


def print_pdf(html_dir: Path, out: Path, wait_ms: int = 60000) -> dict:
    from playwright.sync_api import sync_playwright

    if not (html_dir / "index.html").exists():
        sys.exit(f"make_pdf: no {html_dir}/index.html; build the one-page book first:\n"
                 "  jupyter-book build . --builder singlehtml")
    try:
        helper.find_chromium()
    except helper.BrowserMissing as missing:
        sys.exit(f"make_pdf: {missing}")
    with helper.serve(html_dir) as origin, sync_playwright() as p:
        browser = helper.launch(p)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        blocked = helper.block_outside(page, origin)
        page.set_default_timeout(wait_ms * 5)  # one long page: a slow machine needs time
        page.goto(origin + start_page(html_dir), wait_until="load")
        helper.settle(page, wait_ms, typeset=True)
        counts = page.evaluate(PREPARE)
        page.add_style_tag(content=PRINT_CSS)
        page.emulate_media(media="print")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(
            path=str(out), format="A4", print_background=True, outline=True,
            tagged=True, display_header_footer=True,
            header_template="<span></span>",
            footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                            '<span class="pageNumber"></span></div>',
            margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
        )
        browser.close()
    if blocked:
        sys.exit(f"make_pdf: the page asked for files outside the site: {blocked[:5]}")
    if counts["typeset"] < counts["equations"]:
        sys.exit(f"make_pdf: only {counts['typeset']} of {counts['equations']} equations "
                 "typeset")
    if counts["folded"]:
        sys.exit(f"make_pdf: {counts['folded']} of {counts['solutions']} solutions still folded")
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "singlehtml")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / "book.pdf")
    args = parser.parse_args()
    counts = print_pdf(args.html, args.out)
    print(f"make_pdf: {args.out} ({counts['documents']} chapters and appendices, "
          f"{counts['typeset']} of {counts['equations']} equations typeset)")


if __name__ == "__main__":
    main()
