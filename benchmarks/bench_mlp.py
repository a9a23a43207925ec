"""Matrix-form MLP speed: a training step against the matmuls it cannot avoid, and PyTorch.

A training step is forward, softmax cross-entropy (the loss and its gradient, each by its
own function), backward and an SGD update, with ReLU hidden layers and a linear output:
the plain library code, as chapter 7's training loop calls it. Two references, timed in
the same run, taking turns with ours so that a busy machine slows all alike:

- matmul-only: the step's matrix products alone (a Wᵀ forward, δᵀ a_prev and δ W
  backward) into preallocated outputs. "matmul share" is the fraction of our step's time
  that these products would take; GFLOP/s counts their 2·m·n·k flops for both.
  Target: a share >= 70 % on 784-256-256-10, where the products dominate.
- PyTorch CPU (where `import torch` works): nn.Linear + ReLU, F.cross_entropy,
  backward, torch.optim.SGD, same dtype. Target: ours no slower, at every size.

The sizes are the book's: 64-32-10 with minibatches of 32, chapter 7's 64-128-10 with its
minibatches of 64 and with the full digits set (1797 rows) in one batch, and an
MNIST-sized 784-256-256-10 with minibatches of 128.

Inputs are random with the digits data's shapes (values do not change the timing).
On a machine shared with other jobs, multi-threaded BLAS and torch can wait whole
scheduler time slices for their second thread; `OPENBLAS_NUM_THREADS=1
OMP_NUM_THREADS=1` gives steadier figures there (the table prints the thread counts).
Run: python benchmarks/bench_mlp.py [--dtype float32] [--rounds 7] [--seconds 0.1]
"""

import argparse
import statistics
import sys
import time

import numpy as np

from backprop import losses, nn, optim

WORKLOADS = [  # (sizes, batch, what)
    ([64, 32, 10], 32, "digits, batch 32"),
    ([64, 128, 10], 64, "chapter 7's net, batch 64"),
    ([64, 128, 10], 1797, "chapter 7's net, all 1797 digits"),
    ([784, 256, 256, 10], 128, "MNIST-sized, batch 128"),
]
MATMUL_TARGET = 0.70  # matmul-only time / ours, on the 784-256-256-10 workload
TORCH_TARGET = 1.0  # torch time / ours, on every workload
LR = 0.01


def _problem(sizes, batch, dtype, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 1, (batch, sizes[0])).astype(dtype)
    y = rng.integers(0, sizes[-1], batch)
    return X, y


def matmul_flops(sizes, batch):
    """Flops of a step's products: a Wᵀ and δᵀ a_prev in every layer, δ W above the first."""
    per_layer = [2 * batch * n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    return 2 * sum(per_layer) + sum(per_layer[1:])


def ours(sizes, batch, dtype):
    """The library's training step."""
    X, y = _problem(sizes, batch, dtype)
    net = nn.MLP(sizes, activation="relu", output="identity", seed=0, dtype=dtype)
    sgd = optim.SGD(net.params, lr=LR)

    def step():
        logits = net.forward(X)
        loss = losses.softmax_cross_entropy(logits, y)
        net.backward(losses.softmax_cross_entropy_grad(logits, y))
        sgd.step(net.grads)
        return loss
    return step


def matmul_only(sizes, batch, dtype):
    """Only the step's matrix products, with preallocated inputs and outputs."""
    rng = np.random.default_rng(0)
    pairs = list(zip(sizes[:-1], sizes[1:]))
    A = [rng.standard_normal((batch, n_in)).astype(dtype) for n_in, _ in pairs]  # a^(l-1)
    W = [rng.standard_normal((n_out, n_in)).astype(dtype) for n_in, n_out in pairs]
    delta = [rng.standard_normal((batch, n_out)).astype(dtype) for _, n_out in pairs]
    Z = [np.empty((batch, n_out), dtype) for _, n_out in pairs]
    dW = [np.empty_like(w) for w in W]
    dA = [np.empty_like(a) for a in A]

    def step():
        for a, w, z in zip(A, W, Z):
            np.matmul(a, w.T, out=z)
        for layer in reversed(range(len(W))):
            np.matmul(delta[layer].T, A[layer], out=dW[layer])
            if layer > 0:
                np.matmul(delta[layer], W[layer], out=dA[layer])
    return step


def pytorch(sizes, batch, dtype):
    """The same step in PyTorch; None where torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch_dtype = {"float64": torch.float64, "float32": torch.float32}[np.dtype(dtype).name]
    torch.manual_seed(0)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(n_in, n_out, dtype=torch_dtype), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])  # linear output
    sgd = torch.optim.SGD(model.parameters(), lr=LR)
    X, y = _problem(sizes, batch, dtype)
    X, y = torch.from_numpy(X), torch.from_numpy(y)

    def step():
        sgd.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(X), y)
        loss.backward()
        sgd.step()
        return loss.item()
    return step


def _run_for(step, seconds):
    """Call step() again and again for about `seconds`, untimed."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        step()


def _median_step_times(steps, rounds, seconds, settle=0.05):
    """Median seconds per step of each callable, over `rounds` turns each.

    A turn first runs the step untimed for `settle` seconds, so the previous
    contender's worker threads have gone back to sleep and the caches hold this
    one's arrays; then it times single steps for `seconds`. Taking turns spreads a
    busy machine's slow moments over all contenders; the median ignores preemptions.
    """
    samples = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            _run_for(step, settle)
            end = time.perf_counter() + seconds
            while True:
                start = time.perf_counter()
                step()
                stop = time.perf_counter()
                samples[name].append(stop - start)
                if stop > end:
                    break
    return {name: statistics.median(times) for name, times in samples.items()}


def run(rounds=7, seconds=0.1, dtype=np.float64, workloads=WORKLOADS):
    """Time every workload; one dict per workload (times in ms, GFLOP/s, ratios)."""
    rows = []
    for sizes, batch, what in workloads:
        steps = {"ours": ours(sizes, batch, dtype), "matmul": matmul_only(sizes, batch, dtype)}
        torch_step = pytorch(sizes, batch, dtype)
        if torch_step is not None:
            steps["torch"] = torch_step
        t = _median_step_times(steps, rounds, seconds)
        flops = matmul_flops(sizes, batch)
        row = {
            "workload": f"{'-'.join(map(str, sizes))} x{batch}",
            "what": what,
            "dtype": np.dtype(dtype).name,
            "ours_ms": 1e3 * t["ours"],
            "matmul_ms": 1e3 * t["matmul"],
            "ours_gflops": flops / t["ours"] / 1e9,
            "matmul_gflops": flops / t["matmul"] / 1e9,
            "matmul_ratio": t["matmul"] / t["ours"],
            "torch_ms": 1e3 * t["torch"] if "torch" in t else None,
            "torch_ratio": t["torch"] / t["ours"] if "torch" in t else None,
        }
        rows.append(row)
    return rows


def _threads():
    """Thread counts of the BLAS NumPy calls and of torch, where they can be read."""
    parts = []
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        parts.append("BLAS threads: unknown (no threadpoolctl)")
    else:
        parts += [f"{p['internal_api']} threads: {p['num_threads']}"
                  for p in threadpool_info() if p["user_api"] == "blas"]
    try:
        import torch
    except ImportError:
        pass
    else:
        parts.append(f"torch {torch.__version__} threads: {torch.get_num_threads()}")
    return "; ".join(parts)


def _verdict(ok):
    return "met" if ok else "NOT met"


def main(argv=()):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    parser.add_argument("--rounds", type=int, default=7, help="turns per contender")
    parser.add_argument("--seconds", type=float, default=0.1, help="timed seconds per turn")
    args = parser.parse_args(argv)
    rows = run(rounds=args.rounds, seconds=args.seconds, dtype=np.dtype(args.dtype))
    print(f"\nMatrix-form MLP: one SGD training step (ReLU, softmax cross-entropy), {args.dtype}; "
          f"median step over {args.rounds} turns each; {_threads()}")
    print(f"  {'workload':<22}{'ours ms':>9}{'matmul ms':>11}{'ours GF/s':>11}{'matmul GF/s':>13}"
          f"{'matmul share':>14}{'torch ms':>10}{'torch/ours':>12}  targets")
    for r in rows:
        has_torch = r["torch_ms"] is not None
        torch_ms = f"{r['torch_ms']:>10.3f}" if has_torch else f"{'-':>10}"
        torch_ratio = f"{r['torch_ratio']:>11.2f}x" if has_torch else f"{'-':>12}"
        targets = []
        if r["workload"].startswith("784-"):
            met = _verdict(r["matmul_ratio"] >= MATMUL_TARGET)
            targets.append(f"share >= {MATMUL_TARGET:.0%}: {met}")
        if has_torch:
            met = _verdict(r["torch_ratio"] >= TORCH_TARGET)
            targets.append(f"torch/ours >= {TORCH_TARGET:.1f}: {met}")
        else:
            targets.append("torch/ours: unavailable (torch not installed)")
        print(f"  {r['workload']:<22}{r['ours_ms']:>9.3f}{r['matmul_ms']:>11.3f}"
              f"{r['ours_gflops']:>11.2f}{r['matmul_gflops']:>13.2f}{r['matmul_ratio']:>14.0%}"
              f"{torch_ms}{torch_ratio}  {'; '.join(targets)}")
    if any(r["matmul_ratio"] > 1 for r in rows):
        print("  a share above 100 % means the matmuls alone ran slower than the whole step: "
              "the machine was busy, so read that row as noise and run again")
    return rows

if __name__ == "__main__":
    main(sys.argv[1:])
