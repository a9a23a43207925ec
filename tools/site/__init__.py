"""The Sphinx extension that makes the built book read offline (offline_site.py)."""
