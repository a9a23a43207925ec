"""The whole book as one PDF (`make pdf` -> _build/pdf/book.pdf; BOOK_PDF=<file> for another):
every chapter and appendix, their figures, exercises with solutions, contents, bibliography,
and no raw TeX (every equation was typeset before printing)."""

import json
import os
import re
import unicodedata

import pytest
from conftest import IN_CI, ROOT

PDF = os.environ.get("BOOK_PDF", str(ROOT / "_build" / "pdf" / "book.pdf"))


def toc_documents():
    """Source files of the book, in _toc.yml order."""
    return [ROOT / (f + (".ipynb" if (ROOT / (f + ".ipynb")).exists() else ".md"))
            for f in re.findall(r"file:\s*(\S+)", (ROOT / "_toc.yml").read_text())]


def markdown_of(path):
    if path.suffix == ".md":
        return path.read_text()
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def title_of(path):
    heading = re.search(r"^# (.+)$", markdown_of(path), re.M)
    assert heading, f"{path.name} has no title"
    return re.sub(r"[`*_]", "", heading.group(1)).strip()


def normal(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def pdf():
    pypdf = pytest.importorskip("pypdf")
    if not os.path.exists(PDF):
        message = f"no PDF at {PDF}: run `make pdf` first (or set BOOK_PDF)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        from conftest import require_browser

        require_browser()  # skips when Chromium is missing, as `make pdf` needs it
        pytest.fail(message, pytrace=False)
    reader = pypdf.PdfReader(PDF)
    text = normal("\n".join(page.extract_text() for page in reader.pages))
    return reader, text


def test_every_chapter_is_in_the_pdf(pdf):
    _, text = pdf
    missing = [title_of(p) for p in toc_documents() if normal(title_of(p)) not in text]
    assert not missing, f"{PDF} lacks {missing}"


def test_contents_and_bookmarks(pdf):
    reader, text = pdf
    assert "Contents" in text
    # Chromium drops the spaces (and repeats a word) where a heading wraps, so compare
    # without whitespace.
    bookmarks = "".join(str(getattr(o, "title", "")) for o in _flat(reader.outline)).split()
    bookmarks = "".join(bookmarks)
    missing = [title_of(p) for p in toc_documents()
               if "".join(normal(title_of(p)).split()) not in bookmarks]
    assert not missing, f"PDF bookmarks lack {missing}"


def _flat(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            yield item


def test_every_figure_is_in_the_pdf(pdf):
    reader, _ = pdf
    figures = sum(
        1 for p in toc_documents() if p.suffix == ".ipynb"
        for cell in json.loads(p.read_text())["cells"]
        if "remove-output" not in cell.get("metadata", {}).get("tags", [])
        and "remove-cell" not in cell.get("metadata", {}).get("tags", [])
        for out in cell.get("outputs", []) if "image/png" in out.get("data", {}))
    images = set()
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image" and obj.get("/Width", 0) > 100:
                images.add(ref.idnum if hasattr(ref, "idnum") else id(obj))
    assert figures > 20 and len(images) >= figures, (
        f"the notebooks hold {figures} figures, the PDF {len(images)} images")


def test_exercises_come_with_their_solutions(pdf):
    _, text = pdf
    solutions = sum(markdown_of(p).count("{solution}") for p in toc_documents())
    printed = text.count("Solution to Exercise")
    assert solutions > 0 and printed == solutions, (
        f"{solutions} solutions in the sources, {printed} in the PDF")


def test_bibliography_is_in_the_pdf(pdf):
    _, text = pdf
    assert "Bibliography" in text
    assert "Rumelhart" in text and "Learning representations by back-propagating errors" in text


def test_no_raw_tex(pdf):
    _, text = pdf
    raw = [tok for tok in (r"\(", r"\)", r"\[", r"\]", r"\frac", "$$", r"\begin{")
           if tok in text]
    assert not raw, f"untypeset TeX in the PDF: {[(t, _around(text, t)) for t in raw]}"


def _around(text, token):
    i = text.index(token)
    return text[max(0, i - 40): i + 40]


def test_each_page_explorer_prints_its_starting_picture(pdf):
    """On paper an explorer is its starting frame (tools/site/page_explorers.py): its note
    and its numbers are in the PDF, once per explorer, and its controls are not."""
    _, text = pdf
    marked = sum(1 for p in toc_documents() if p.suffix == ".ipynb"
                 for cell in json.loads(p.read_text())["cells"]
                 if cell["metadata"].get("page_explorer"))
    assert marked >= 10 and text.count("On the web page you can change") == marked
