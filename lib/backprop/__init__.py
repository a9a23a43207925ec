"""backprop: the library behind the book *How Neural Networks Learn*.

The core (NumPy only) is imported here; drawing (``plots``, ``graph``) and the
interactive layer (``widgets``, ``check``) load on first use.
"""

import importlib

from . import activations, data, gradcheck, losses, nn, optim
from .scalar import Value

__all__ = ["Value", "activations", "data", "gradcheck", "losses", "nn", "optim",
           "scalar_nn", "train", "classic", "bio", "expression",
           "graph", "plots", "widgets", "check"]
__version__ = "0.1.0"

_LAZY = {"scalar_nn", "train", "classic", "bio", "expression", "graph", "plots", "widgets", "check"}


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'backprop' has no attribute {name!r}")
