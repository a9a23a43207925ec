"""Regenerate chapter 7's cached runs over ten random splits: lib/backprop/data/ch07_splits.csv.gz.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python -m tools.ch07_splits      # a few minutes

Chapter 7 chooses its settings on one split (seed 0) of the 1,797 digits and scores the
test set of that split once. How much of its number is luck of the split? This script
repeats the same recipe on ten random splits (seeds 0-9), too slow for a notebook that
must run in seconds:

- stage "val": fit on the training part, score on the validation part: 1-nearest
  neighbour on raw pixels, the linear softmax baseline, the three candidate networks of
  the chapter, and a control (256 units without copies, trained for as many steps as
  with copies), and the RBF support-vector machine (backprop.svm, raw pixels, gamma
  "scale") for each C of its grid;
- stage "test": refit on training + validation, score on the test part: 1-nearest
  neighbour, the linear softmax, the chosen network, and the SVM with the C that scored
  best on this split's validation part (the smallest C on a tie).

Each network runs with seeds 0-4 (the seed fixes the initial weights and the minibatch
order); the SVM and nearest neighbour run once (seed -1 in the table). The first line of
the file holds SETTINGS as JSON; the notebook asserts that they are its own settings and
that the split-0 rows equal what it computes live.
"""

from pathlib import Path

import numpy as np

from backprop import data, nn, optim, svm, train

OUT = Path(__file__).resolve().parents[1] / "lib" / "backprop" / "data" / "ch07_splits.csv.gz"
SETTINGS = {
    "fractions": [0.6, 0.2, 0.2],
    "split_seeds": list(range(10)),
    "train_seeds": list(range(5)),
    "batch_size": 64,
    # method -> (layer sizes, shifted copies, Adam's learning rate, epochs)
    "methods": {
        "linear": dict(sizes=[64, 10], shifted=False, lr=0.03, epochs=20),
        "mlp128": dict(sizes=[64, 128, 10], shifted=False, lr=0.003, epochs=20),
        "mlp256": dict(sizes=[64, 256, 10], shifted=False, lr=0.003, epochs=20),
        "mlp256_shifted": dict(sizes=[64, 256, 10], shifted=True, lr=0.003, epochs=20),
        "mlp256_long": dict(sizes=[64, 256, 10], shifted=False, lr=0.003, epochs=100),
    },
    "svm": dict(C=[1, 3, 10, 30], gamma="scale", tol=0.1, max_epochs=100, seed=0),
    "val": ["nearest", "linear", "mlp128", "mlp256", "mlp256_shifted", "mlp256_long", "svm"],
    "test": ["nearest", "linear", "mlp256_shifted", "svm"],
}


def nearest_neighbour(X_fit, y_fit, X_score):
    """Label of the closest fitting image (squared Euclidean distance on raw pixels)."""
    distances = ((X_score ** 2).sum(1)[:, None] - 2 * X_score @ X_fit.T
                 + (X_fit ** 2).sum(1)[None, :])
    return y_fit[np.argmin(distances, axis=1)]


def svm_accuracy(X_fit, y_fit, X_score, y_score, C):
    """Test accuracy of the RBF SVM with this C, fitted on X_fit (raw pixels)."""
    s = SETTINGS["svm"]
    model = svm.fit(X_fit, y_fit, C=C, gamma=s["gamma"], tol=s["tol"],
                    max_epochs=s["max_epochs"], seed=s["seed"])
    return train.accuracy(y_score, svm.predict(model, X_score))


def train_and_score(method, X_fit, y_fit, X_score, y_score):
    """[(loss, accuracy)] on X_score for each training seed: the chapter's recipe."""
    m = SETTINGS["methods"][method]
    if m["shifted"]:                              # augment first, then standardise
        X_fit, y_fit = train.with_shifted_copies(X_fit, y_fit)
    X_fit_s, X_score_s = train.standardize(X_fit, X_score)
    scores = []
    for seed in SETTINGS["train_seeds"]:
        net = nn.MLP(m["sizes"], seed=seed)
        train.fit(net, optim.Adam(net.params, lr=m["lr"]), X_fit_s, y_fit,
                  epochs=m["epochs"], batch_size=SETTINGS["batch_size"], seed=seed,
                  measure_training=False)
        scores.append(train.evaluate(net, X_score_s, y_score))
    return scores


def main():
    X, y = data.digits()
    rows = []
    for split in SETTINGS["split_seeds"]:
        X_tr, y_tr, X_va, y_va, X_te, y_te = data.split(X, y, SETTINGS["fractions"], seed=split)
        X_full, y_full = np.vstack([X_tr, X_va]), np.concatenate([y_tr, y_va])
        stages = {"val": (X_tr, y_tr, X_va, y_va), "test": (X_full, y_full, X_te, y_te)}
        for stage, (X_fit, y_fit, X_score, y_score) in stages.items():
            for method in SETTINGS[stage]:
                if method == "nearest":
                    acc = train.accuracy(y_score, nearest_neighbour(X_fit, y_fit, X_score))
                    rows.append([split, stage, method, -1, "nan", repr(acc)])
                    continue
                if method == "svm" and stage == "val":    # one row per C: svm_C1, svm_C3 …
                    for C in SETTINGS["svm"]["C"]:
                        acc = svm_accuracy(X_fit, y_fit, X_score, y_score, C)
                        rows.append([split, stage, f"svm_C{C}", -1, "nan", repr(acc)])
                    continue
                if method == "svm":                       # the C chosen on validation
                    val = {C: float(next(r[5] for r in rows if r[:3] == [split, "val",
                                                                          f"svm_C{C}"]))
                           for C in SETTINGS["svm"]["C"]}
                    C = max(SETTINGS["svm"]["C"], key=lambda C: (val[C], -C))
                    acc = svm_accuracy(X_fit, y_fit, X_score, y_score, C)
                    rows.append([split, stage, "svm", -1, "nan", repr(acc)])
                    continue
                scores = train_and_score(method, X_fit, y_fit, X_score, y_score)
                for seed, (loss, acc) in zip(SETTINGS["train_seeds"], scores, strict=True):
                    rows.append([split, stage, method, seed, repr(loss), repr(acc)])
        done = [r for r in rows if r[0] == split]
        print(f"split {split}: " + ", ".join(f"{r[1]} {r[2]} {float(r[5]):.3f}"
                                            for r in done if r[3] in (-1, 0)), flush=True)
    data.write_table(OUT, SETTINGS, ["split", "stage", "method", "seed", "loss", "accuracy"], rows)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
