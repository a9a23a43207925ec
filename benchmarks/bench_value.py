"""Scalar engine speed: backprop.Value against micrograd's Value on the same MLP.

Model: 2-16-16-1, ReLU hidden units, linear output, squared error summed over 100
points; one forward + backward pass, same weights in both engines, Python's garbage
collector left on (as users run it).  Target: at least 10x faster than micrograd.
"""

import statistics
import time

import numpy as np

from backprop import Value
from backprop.scalar_nn import ScalarMLP

SIZES = [2, 16, 16, 1]
TARGET = 10.0
LABELS = {"ours_fused": "ScalarMLP (Value.dot)", "ours_op_by_op": "Value, + and * only"}


def _problem(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (100, 2))
    y = np.sign(X[:, 0] * X[:, 1])
    weights = [rng.uniform(-1, 1, (n_out, n_in)) / np.sqrt(n_in)
               for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]
    biases = [np.zeros(n) for n in SIZES[1:]]
    return X.tolist(), y.tolist(), weights, biases


def ours_fused(X, y, weights, biases):
    """The library's ScalarMLP: each neuron is one n-ary Value.dot node."""
    net = ScalarMLP.from_arrays(weights, biases, activation="relu")

    def step():
        loss = Value.sum([(net(x)[0] - t) ** 2 for x, t in zip(X, y)])
        loss.backward()
        return loss.data
    return step


def ours_op_by_op(X, y, weights, biases):
    """The same model with Value's binary + and * only, neuron by neuron as micrograd does."""
    W = [[[Value(w) for w in row] for row in Wl] for Wl in weights]
    B = [[Value(b) for b in bl] for bl in biases]

    def forward(x):
        a = list(x)
        for layer, (Wl, bl) in enumerate(zip(W, B)):
            z = [sum((w * ai for w, ai in zip(row, a)), b) for row, b in zip(Wl, bl)]
            a = z if layer == len(W) - 1 else [zi.relu() for zi in z]
        return a[0]

    def step():
        loss = sum(((forward(x) - t) ** 2 for x, t in zip(X, y)), Value(0.0))
        loss.backward()
        return loss.data
    return step


def micrograd_reference(X, y, weights, biases):
    from micrograd.engine import Value as MGValue
    from micrograd.nn import MLP

    net = MLP(SIZES[0], SIZES[1:])
    for layer, Wl, bl in zip(net.layers, weights, biases):
        for neuron, row, b in zip(layer.neurons, Wl, bl):
            for p, w in zip(neuron.w, row):
                p.data = float(w)
            neuron.b.data = float(b)

    def step():
        net.zero_grad()
        loss = sum(((net(x) - t) ** 2 for x, t in zip(X, y)), MGValue(0.0))
        loss.backward()
        return loss.data
    return step


def _median_time(step, repeats):
    step()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(repeats=7):
    problem = _problem()
    try:
        reference = micrograd_reference(*problem)
    except ImportError:
        return None
    losses = {f.__name__: f(*problem)() for f in (ours_fused, ours_op_by_op)}
    losses["micrograd"] = reference()
    spread = max(losses.values()) - min(losses.values())
    assert spread < 1e-9 * max(losses.values()), f"engines disagree on the loss: {losses}"
    t_ref = _median_time(reference, repeats)
    rows = []
    for build in (ours_fused, ours_op_by_op):
        t = _median_time(build(*problem), repeats)
        rows.append({"workload": LABELS[build.__name__],
                     "ours_ms": 1e3 * t, "reference_ms": 1e3 * t_ref, "speedup": t_ref / t})
    return rows


def main():
    rows = run()
    print("\nScalar engine: forward+backward, MLP 2-16-16-1 (ReLU), 100 points, gc on")
    if rows is None:
        print("  micrograd is not installed (make bench installs it); skipped")
        return
    print(f"  {'workload':<24}{'ours ms':>10}{'micrograd ms':>14}{'speed-up':>10}  target")
    for r in rows:
        verdict = "met" if r["speedup"] >= TARGET else "NOT met"
        target = f">= {TARGET:.0f}x: {verdict}" if "dot" in r["workload"] else "(for reference)"
        print(f"  {r['workload']:<24}{r['ours_ms']:>10.1f}{r['reference_ms']:>14.1f}"
              f"{r['speedup']:>9.1f}x  {target}")


if __name__ == "__main__":
    main()
