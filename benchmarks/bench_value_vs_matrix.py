"""One gradient two ways: chapter 5's Value graph against chapter 6's matrix form.

Chapter 6 quotes this benchmark's speed-up. Workloads: the chapter's own 3-4-2 tanh
network on a batch of 8 (squared error, identity output), and a larger 10-32-32-1 network
on a batch of 32, to show how the ratio grows with the network. Both engines get the same
weights, and the benchmark first checks that their gradients agree.

Method: in each of `rounds` rounds, each engine computes the gradient `number` times and its
mean time per gradient is recorded; the two take turns within a round, so a busy moment on a
shared machine slows both alike. The speed-up of a round is the ratio of the two; we report
the median over rounds and the range (min, max). Times are processor time
(time.process_time), which other programs on a shared machine do not inflate. Python's garbage
collector stays on.
"""

import statistics
import time

import numpy as np

from backprop import Value, losses, nn
from backprop.scalar_nn import ScalarMLP

WORKLOADS = {"3-4-2 tanh, batch 8 (chapter 6)": ([3, 4, 2], 8),
             "10-32-32-1 tanh, batch 32": ([10, 32, 32, 1], 32)}


def _problem(sizes, batch, seed=0):
    rng = np.random.default_rng(seed)
    net = nn.MLP(sizes, activation="tanh", output="identity", seed=seed)
    for b in net.params[1::2]:
        b[...] = rng.uniform(-0.5, 0.5, b.shape)
    X = rng.normal(size=(batch, sizes[0]))
    Y = rng.normal(size=(batch, sizes[-1]))
    scalar = ScalarMLP.from_arrays(net.params[0::2], net.params[1::2],
                                   activation="tanh", output="identity")
    return net, scalar, X, Y


def engines(sizes, batch, seed=0):
    """(value_gradient, matrix_gradient): each computes one gradient and returns it."""
    net, scalar, X, Y = _problem(sizes, batch, seed)
    X_rows, Y_rows = X.tolist(), Y.tolist()

    def value_gradient():
        outs = [scalar(x) for x in X_rows]
        sq = [(o - t) ** 2 for out, row in zip(outs, Y_rows) for o, t in zip(out, row)]
        (Value.sum(sq) * (1 / (2 * len(X_rows)))).backward()
        return scalar.grads_as_arrays()

    def matrix_gradient():
        return net.backward(losses.mse_grad(net.forward(X), Y))

    return value_gradient, matrix_gradient


def _mean_time(fn, number):
    start = time.process_time()
    for _ in range(number):
        fn()
    return (time.process_time() - start) / number


def run(rounds=15, seconds_per_call=0.02):
    rows = []
    for name, (sizes, batch) in WORKLOADS.items():
        value_gradient, matrix_gradient = engines(sizes, batch)
        for g_value, g_matrix in zip(value_gradient(), matrix_gradient()):
            assert np.allclose(g_value, g_matrix, rtol=1e-10, atol=1e-12), name
        # calls per measurement: about seconds_per_call each
        numbers = [max(1, round(seconds_per_call / _mean_time(fn, 3)))
                   for fn in (value_gradient, matrix_gradient)]
        t_value, t_matrix = [], []
        for _ in range(rounds):
            t_value.append(_mean_time(value_gradient, numbers[0]))
            t_matrix.append(_mean_time(matrix_gradient, numbers[1]))
        ratios = [v / m for v, m in zip(t_value, t_matrix)]
        rows.append({"workload": name, "value_ms": 1e3 * statistics.median(t_value),
                     "matrix_us": 1e6 * statistics.median(t_matrix),
                     "speedup": statistics.median(ratios),
                     "low": min(ratios), "high": max(ratios), "rounds": rounds})
    return rows


def main():
    rows = run()
    print("\nOne gradient, Value graph (chapter 5) vs matrix form (chapter 6), gc on")
    print(f"  {'workload':<34}{'Value ms':>10}{'matrix µs':>11}"
          f"{'speed-up: median [min, max] over rounds':>42}")
    for r in rows:
        spread = f"{r['speedup']:.0f}x [{r['low']:.0f}, {r['high']:.0f}] ({r['rounds']} rounds)"
        print(f"  {r['workload']:<34}{r['value_ms']:>10.2f}{r['matrix_us']:>11.0f}"
              f"{spread:>42}")


if __name__ == "__main__":
    main()
