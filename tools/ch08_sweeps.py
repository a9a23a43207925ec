"""Regenerate chapter 8's cached seed sweeps: lib/backprop/data/ch08_runs.csv.gz.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python -m tools.ch08_sweeps      # a few minutes

Chapter 8 trains twenty networks per experiment with budgets of up to 200,000 sweeps:
too slow for a notebook that must run in seconds. This script runs them once with
``backprop.classic.train_many`` and stores, per experiment and seed, the sweeps needed
(-1: not within the budget), the largest output error at the end and the final weights.
The first line of the file holds the settings as JSON; the notebook asserts they are its
own and reruns a few seeds live to check that they match the file.
"""

from pathlib import Path

import numpy as np

from backprop import classic
from backprop.data import write_table

OUT = Path(__file__).resolve().parents[1] / "lib" / "backprop" / "data" / "ch08_runs.csv.gz"
SEEDS = list(range(20))
# experiment -> settings (eps on the summed error, momentum alpha, stopping tolerance, budget)
SETTINGS = {
    "xor": dict(sizes=[2, 2, 1], eps=0.5, alpha=0.9, tol=0.5, budget=200_000),
    "xor_no_momentum": dict(sizes=[2, 2, 1], eps=0.5, alpha=0.0, tol=0.5, budget=50_000),
    "symmetry": dict(sizes=[6, 2, 1], eps=0.1, alpha=0.9, tol=0.5, budget=50_000),
    "symmetry_strict": dict(sizes=[6, 2, 1], eps=0.1, alpha=0.9, tol=0.1, budget=50_000),
    # the PDP chapter's XOR net: one hidden unit plus direct input-to-output weights
    "xor_skip": dict(sizes=[2, 1, 1], skip=True, eps=0.5, alpha=0.9, tol=0.5, budget=200_000),
    "xor_skip_no_momentum": dict(sizes=[2, 1, 1], skip=True, eps=0.5, alpha=0.0, tol=0.5,
                                 budget=50_000),
}
XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


def data(name):
    return (XOR_X, XOR_Y) if name.startswith("xor") else classic.symmetry_patterns()


def worst_error(params, X, Y):
    """max |ŷ − y| of the net [W1, b1, W2, b2] (or [W1, b1, W2, b2, D]) over the patterns."""
    W1, b1, W2, b2, *D = params
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    direct = X @ D[0].T if D else 0.0
    return float(np.abs(sigmoid(sigmoid(X @ W1.T + b1) @ W2.T + direct + b2) - Y).max())


def main():
    rows = []
    for name, s in SETTINGS.items():
        X, Y = data(name)
        sweeps, nets = classic.train_many(s["sizes"], X, Y, SEEDS, s["eps"], s["alpha"],
                                          s["budget"], s["tol"], skip=s.get("skip", False))
        for seed, n, params in zip(SEEDS, sweeps, nets):
            flat = np.concatenate([p.ravel() for p in params])
            rows.append([name, seed, int(n), repr(worst_error(params, X, Y)),
                         " ".join(repr(float(v)) for v in flat)])
        print(f"{name}: sweeps {sweeps.tolist()}", flush=True)
    header = ["experiment", "seed", "sweeps", "worst_error", "params"]
    write_table(OUT, {"seeds": SEEDS, "experiments": SETTINGS}, header, rows)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
