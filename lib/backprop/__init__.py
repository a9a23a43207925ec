"""backprop: the library behind the book *How Neural Networks Learn*.

The core (NumPy only) is imported here; drawing (``plots``, ``graph``) and the
interactive layer (``widgets``, ``check``) load on first use.
"""

import importlib

from . import activations, data, gradcheck, losses, nn, optim, seeds
from .scalar import Value
from .seeds import rng

__all__ = ["Value", "rng", "versions", "show_source", "seeds", "activations", "data", "gradcheck",
           "losses", "nn", "optim", "scalar_nn", "train", "svm", "classic", "bio", "language",
           "graph", "plots", "widgets", "check"]
__version__ = "0.1.0"


def versions():
    """One line with the versions that matter, to quote when reporting a problem."""
    import platform
    from importlib import metadata

    def version(package):
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    parts = [f"Python {platform.python_version()}"]
    parts += [f"{name} {version(name.lower())}" for name in ("NumPy", "Matplotlib", "ipywidgets")]
    parts.append(f"backprop {__version__}")
    if seeds.seed_set() != 1:
        parts.append(f"seed set {seeds.seed_set()}")
    return " | ".join(parts)


def show_source(*objects):
    """Show the library's own source of functions or classes, highlighted, in a notebook.

    The chapters list library code this way, so the page shows the code that runs.
    """
    import inspect

    from IPython.display import Markdown, display

    code = "\n\n".join(inspect.cleandoc("\n" + inspect.getsource(obj)) for obj in objects)
    display(Markdown(f"```python\n{code}\n```"))


_LAZY = {"scalar_nn", "train", "svm", "language", "classic", "bio", "graph", "plots", "widgets",
         "check"}


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'backprop' has no attribute {name!r}")
