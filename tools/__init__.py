"""Maintenance tools of the book, run from the repository root as modules:

    .venv/bin/python -m tools.run_notebooks book/03_gradient_descent.ipynb

The Makefile runs each one (see CONTRIBUTING.md for which target uses which tool); the
tests import them as ``tools.<name>`` (pytest puts the repository root on the path,
pyproject.toml ``pythonpath``). ``tools/site/`` is the Sphinx extension of the offline site.
"""
