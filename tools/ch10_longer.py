"""Regenerate chapter 10's cached longer runs: lib/backprop/data/ch10_runs.csv.gz.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python -m tools.ch10_longer      # about two minutes

Chapter 10 trains its five networks for 12 epochs live. To check that its conclusion does
not hang on that budget, this script trains the same networks (same seeds, settings and
code) for 40 epochs, under both seed sets (BACKPROP_SEED_SET=1 and 2), and stores the
validation loss after every epoch. The first line of the file holds the settings as JSON;
the notebook asserts they are its own and that the first 12 epochs match its live runs.
"""

import os
from pathlib import Path

from backprop import data, language, optim, seeds
from backprop.data import write_table

OUT = Path(__file__).resolve().parents[1] / "lib" / "backprop" / "data" / "ch10_runs.csv.gz"
SETTINGS = dict(seeds=list(range(5)), epochs=40, lr=3e-3, batch_size=128, k=3, d=10, hidden=100)


def main():
    s = SETTINGS
    X, y = language.contexts(data.names("train"), s["k"])
    X_val, y_val = language.contexts(data.names("val"), s["k"])
    rows = []
    for seed_set in (1, 2):
        os.environ[seeds.VARIABLE] = str(seed_set)
        for seed in s["seeds"]:
            net = language.NeuralLM(k=s["k"], d=s["d"], hidden=s["hidden"], seed=seed)
            history = language.fit(net, optim.Adam(net.params, lr=s["lr"]), X, y,
                                   epochs=s["epochs"], batch_size=s["batch_size"], seed=seed,
                                   validation=(X_val, y_val))
            rows.append([seed_set, seed, *(repr(v) for v in history["val_loss"])])
            print(f"seed set {seed_set}, seed {seed}: final validation loss "
                  f"{history['val_loss'][-1]:.4f}", flush=True)
    header = ["seed_set", "seed", *(f"epoch_{e}" for e in range(s["epochs"] + 1))]
    write_table(OUT, SETTINGS, header, rows)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
