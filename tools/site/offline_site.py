"""Sphinx extension: the built book reads offline, with no request outside the site.

- fetches the pinned MathJax 3, require.js and widget renderer into `_vendor/`
  (tools/vendor_assets.py) and serves them from `_static/` with its own shims (`static/`);
  `_config.yml` points MathJax and the widget renderer at them;
- removes the FontAwesome CDN link matplotlib's JS animations carry (the theme's own
  icons and `book-site.css` draw their buttons);
- sets the theme's default colour mode (an empty one is logged as a console error);
- drops scripts registered twice (sphinx-thebe declares `const THEBE_JS_URL` twice);
- adds `mathjax2-shim.js` (the widget renderer calls MathJax 2's `Hub.Queue`) and
  `book-site.js` / `book-site.css` (accessible slider names, readable figures in dark mode);
- sets up `page_explorers`: the explorers that move on the page with no kernel.
"""

import re
from pathlib import Path

from tools.vendor_assets import vendor

HERE = Path(__file__).resolve().parent
FONT_AWESOME_CDN = re.compile(
    r'<link rel="stylesheet"\s+href="https://maxcdn\.bootstrapcdn\.com/font-awesome/[^"]*"\s*/?>\s*'
)


def fetch_assets(app, config):
    # Absolute paths, so a copy of the book elsewhere (make student) is served the same.
    config.html_static_path.extend([str(vendor()), str(HERE / "static")])
    # The theme reads its colour mode from this template variable; left empty, every page
    # logs "Got invalid theme mode" as a console error. "auto" follows the reader's system.
    config.html_context.setdefault("default_mode", "auto")


def page_context(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = FONT_AWESOME_CDN.sub("", context["body"])
    scripts, seen = [], set()
    for script in context.get("script_files", []):
        body = getattr(script, "attributes", {}).get("body")
        key = body if body else getattr(script, "filename", str(script))
        if key not in seen:
            seen.add(key)
            scripts.append(script)
    context["script_files"] = scripts


def single_page(app):
    """The one-page build (`make pdf` prints it): node renderers registered for "html"
    only are also used for "singlehtml" (an extension that names "singlehtml" itself,
    as sphinx-exercise does, would otherwise hide myst-nb's "show code" cells)."""
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    for node, visitors in handlers.get("html", {}).items():
        handlers.setdefault("singlehtml", {}).setdefault(node, visitors)


def single_page_widgets(app, pagename, templatename, context, doctree):
    """On the one page, load the saved widget state of every chapter, not just the first."""
    if app.builder.name != "singlehtml" or pagename != app.config.root_doc:
        return
    from myst_nb.sphinx_ import NbMetadataCollector

    libraries = {}
    for docname in app.env.found_docs:
        for path, kwargs in NbMetadataCollector.get_js_files(app.env, docname).values():
            if path is None:
                app.add_js_file(None, **kwargs)
            else:
                libraries[path] = kwargs
    for path, kwargs in libraries.items():
        app.add_js_file(path, priority=600, **kwargs)


def setup(app):
    app.setup_extension("tools.site.page_explorers")
    app.connect("config-inited", fetch_assets)
    app.connect("builder-inited", single_page)
    app.connect("html-page-context", single_page_widgets, priority=400)
    app.connect("html-page-context", page_context, priority=900)
    app.add_js_file("mathjax2-shim.js", priority=100)
    app.add_js_file("book-site.js", loading_method="defer")
    app.add_css_file("book-site.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
