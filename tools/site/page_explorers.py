"""Sphinx extension: every explorer moves on the web page, with no kernel.

A notebook code cell whose metadata holds ``"page_explorer": "<module>"`` (a module of
``backprop.widgets`` with a ``page_view()``) shows on the HTML page, in place of its saved
widget, the explorer's picture, the numbers under it and a slider (or a menu) for each
control of the page view. The pictures are the explorer's own update drawn at build time
(``backprop.widgets.page``); ``static/page-explorer.js`` swaps them as the reader drags.

Frames are cached in ``_build/.page_explorers/<module>/<key>/``, where the key hashes the
library's source and data: a change to the library draws them again, nothing else does.
They are drawn in parallel, one explorer per core, and stored as lossless WebP.
"""

import hashlib
import html
import io
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

LOG = logging.getLogger(__name__)
KEY = "page_explorer"          # the cell-metadata key
FOLDER = "_images/page_explorers"
# the repository's _build: shared by the book, its one-page form and the student edition
CACHE = Path(__file__).resolve().parents[2] / "_build" / ".page_explorers"


def library_key():
    """A hash of every file of the backprop package: its code and its data."""
    import backprop

    root = Path(backprop.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def explorers():
    """The modules of backprop.widgets that have a page form."""
    import importlib
    import pkgutil

    from backprop import widgets

    return [m.name for m in pkgutil.iter_modules(widgets.__path__)
            if hasattr(importlib.import_module(f"backprop.widgets.{m.name}"), "page_view")]


def draw(name, folder):
    """Draw every frame of explorer ``name`` into ``folder`` (WebP files and frames.json)."""
    import importlib

    from PIL import Image

    from backprop.widgets import page

    view = importlib.import_module(f"backprop.widgets.{name}").page_view()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files, alts, numbers = [], [], []
    for i, frame in enumerate(page.frames(view)):
        picture = Image.open(io.BytesIO(frame.png))
        file = f"{name}-{i:03d}.webp"
        picture.save(folder / file, "WEBP", lossless=True, method=2)
        files.append(file)
        alts.append(frame.alt)
        numbers.append(frame.numbers)
    controls = [{"name": c.name, "label": c.label, "shown": list(c.shown),
                 "numeric": all(isinstance(v, int | float) and not isinstance(v, bool)
                                for v in c.values),
                 "start": c.values.index(c.start)} for c in view.controls]
    record = {"files": files, "alt": alts, "numbers": numbers, "controls": controls,
              "shape": list(view.shape), "start": page.start_index(view),
              "size": list(picture.size), "notebook_only": list(view.notebook_only)}
    (folder / "frames.json").write_text(json.dumps(record, ensure_ascii=False, indent=1))
    return name


def prepare(app):
    """Draw the frames that are not cached yet, then copy every explorer's into the site."""
    if app.builder.format != "html":
        return
    key = app.page_explorer_key = library_key()
    root = CACHE
    wanted = {name: root / name / key for name in explorers()}
    missing = [name for name, folder in wanted.items() if not (folder / "frames.json").exists()]
    if missing:
        LOG.info(f"page explorers: drawing {', '.join(missing)}")
        workers = min(len(missing), os.cpu_count() or 1)
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            list(pool.map(draw, missing, [str(wanted[n]) for n in missing]))
    app.page_explorers = {}
    for name, folder in wanted.items():
        for old in (root / name).iterdir():            # earlier libraries' frames
            if old != folder:
                shutil.rmtree(old)
        target = Path(app.outdir) / FOLDER
        target.mkdir(parents=True, exist_ok=True)
        record = json.loads((folder / "frames.json").read_text())
        size = 0
        for file in record["files"]:
            shutil.copyfile(folder / file, target / file)
            size += (folder / file).stat().st_size
        app.page_explorers[name] = record
        LOG.info(f"page explorer {name}: {len(record['files'])} frames, {size / 1e6:.2f} MB")


def _control(name, i, control):
    """The HTML of one control: a range slider for numbers, a menu for names."""
    ident = f"page-explorer-{name}-{i}"
    label = f'<label for="{ident}">{html.escape(control["label"])}</label>'
    start, shown = control["start"], control["shown"]
    if control["numeric"]:
        text = html.escape(f'{control["label"]} = {shown[start]}', quote=True)
        field = (f'<input type="range" id="{ident}" data-control="{i}" min="0" '
                 f'max="{len(shown) - 1}" step="1" value="{start}" aria-valuetext="{text}">'
                 f'<output for="{ident}" aria-hidden="true">{html.escape(shown[start])}</output>')
    else:
        options = "".join(f'<option value="{k}"{" selected" if k == start else ""}>'
                          f"{html.escape(s)}</option>" for k, s in enumerate(shown))
        field = f'<select id="{ident}" data-control="{i}">{options}</select>'
    return f'<span class="page-explorer-control">{label} {field}</span>'


def _list(words):
    words = [html.escape(w) for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def explorer_html(name, record, prefix):
    """The page form of explorer ``name``: controls, picture, numbers, and its frame data."""
    start = record["start"]
    width, height = record["size"]
    labels = [c["label"] for c in record["controls"]]
    count = len(record["files"])
    note = (f"On the web page you can change {_list(labels)}: {count} pictures, each drawn "
            "by the explorer's own code when the book was built.")
    if record["notebook_only"]:
        note += f" In a running notebook you can also change {_list(record['notebook_only'])}."
    data = {"src": [f"{prefix}{FOLDER}/{f}" for f in record["files"]], "alt": record["alt"],
            "numbers": record["numbers"], "shape": record["shape"],
            "labels": labels, "shown": [c["shown"] for c in record["controls"]]}
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    controls = "".join(_control(name, i, c) for i, c in enumerate(record["controls"]))
    return (
        f'<div class="page-explorer" id="page-explorer-{name}" data-frame="{start}">'
        f'<p class="page-explorer-note">{note}</p>'
        f'<div class="page-explorer-controls">{controls}</div>'
        f'<img class="page-explorer-picture" src="{data["src"][start]}" width="{width}" '
        f'height="{height}" alt="{html.escape(record["alt"][start], quote=True)}">'
        f'<p class="page-explorer-numbers" aria-live="polite">'
        f'{html.escape(record["numbers"][start])}</p>'
        f'<script type="application/json" class="page-explorer-data">{payload}</script></div>')


def replace_widgets(app, doctree, docname):
    """Put each marked cell's page explorer where its saved widget would show."""
    if app.builder.format != "html":
        return
    prefix = "" if app.builder.name == "singlehtml" else "../" * docname.count("/")
    for cell in list(doctree.findall(nodes.container)):
        name = cell.get("nb_element") == "cell_code" and cell.get("cell_metadata", {}).get(KEY)
        if not name:
            continue
        record = app.page_explorers.get(name)
        if record is None:
            raise ValueError(f"{docname}: no page explorer {name!r} in backprop.widgets")
        raw = nodes.raw("", explorer_html(name, record, prefix), format="html")
        outputs = [c for c in cell.children if c.get("nb_element") == "cell_code_output"]
        if outputs:
            outputs[0].children = [raw]
        else:
            cell += nodes.container("", raw, nb_element="cell_code_output",
                                    classes=["cell_output"])


def outdated(app, env, added, changed, removed):
    """Pages with an explorer whose frames were drawn by another library: write them again."""
    key = getattr(app, "page_explorer_key", None)
    if getattr(env, "page_explorer_key", None) == key:
        return []
    env.page_explorer_key = key
    return sorted(name for name in env.found_docs - set(removed)
                  if f'"{KEY}"' in Path(env.doc2path(name)).read_text(errors="replace"))


def setup(app):
    app.connect("builder-inited", prepare)
    app.connect("env-get-outdated", outdated)
    app.connect("doctree-resolved", replace_widgets)
    app.add_js_file("page-explorer.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
