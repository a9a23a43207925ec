"""Regenerate chapter 9's cached learning curves: lib/backprop/data/ch09_curves.csv.gz.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python -m tools.ch09_budgets      # about five minutes

Chapter 9 compares learning rules after 10 epochs, a budget a notebook can afford. A gap
measured at one budget must be checked at a longer one, and 80 epochs of every rule, step
size and seed take minutes. This script trains them once, exactly as the notebook's
``train_rule`` does (same network, feedback, minibatch order and optimizer), and stores,
per seed set, network, rule, step size and seed, the number of validation and training
images classified correctly after every epoch. Both seed sets are stored, so that the
chapter's claims about the long budget are checked under ``BACKPROP_SEED_SET=2`` too.
The first line of the file holds the settings as JSON; the notebook asserts they are its
own and checks its live 10-epoch runs against the file.
"""

import os
from pathlib import Path

import numpy as np

from backprop import bio, data, losses, nn, optim, seeds, train
from backprop.data import write_table

OUT = Path(__file__).resolve().parents[1] / "lib" / "backprop" / "data" / "ch09_curves.csv.gz"
SETTINGS = {
    "seed_sets": [1, 2],
    "seeds": [0, 1, 2],
    "epochs": 80,
    "batch": 32,
    "momentum": 0.9,
    "kp_decay": 1e-3,
    "networks": {
        "64-64-64-10": {"sizes": [64, 64, 64, 10], "rates": [0.02, 0.05],
                        "rules": ["linear", "last", "bp", "fa", "dfa"]},
        "64-64-4-10": {"sizes": [64, 64, 4, 10], "rates": [0.02, 0.1],
                       "rules": ["last", "bp", "fa", "dfa", "kp", "sign"]},
    },
}


def curve(rule, sizes, seed, lr, X, y, X_va, y_va, epochs):
    """The notebook's train_rule, scored after every epoch: (validation, training) counts."""
    if rule == "linear":
        sizes, rule = [sizes[0], sizes[-1]], "bp"
    net = nn.MLP(sizes, activation="tanh", seed=seed)
    decay = SETTINGS["kp_decay"] if rule == "kp" else 0.0
    learner = bio.FeedbackNet(net, rule, seed=seed + 100, decay=decay)
    opt = optim.Momentum(learner.params, lr=lr, momentum=SETTINGS["momentum"])
    rng = seeds.rng(seed)
    val, tr = [], []
    for _ in range(epochs):
        for batch in train.minibatches(len(y), SETTINGS["batch"], rng):
            logits = learner.forward(X[batch])
            opt.step(learner.backward(losses.softmax_cross_entropy_grad(logits, y[batch])))
        val.append(int(np.sum(np.argmax(net.predict(X_va), axis=1) == y_va)))
        tr.append(int(np.sum(np.argmax(net.predict(X), axis=1) == y)))
    return val, tr


def main():
    rows = []
    for seed_set in SETTINGS["seed_sets"]:
        os.environ[seeds.VARIABLE] = str(seed_set)
        X_all, y_all = data.digits()
        X_tr, y_tr, X_va, y_va, _, _ = data.split(X_all, y_all, seed=0)
        X_tr, X_va = train.standardize(X_tr, X_va)
        for name, net in SETTINGS["networks"].items():
            for rule in net["rules"]:
                for lr in net["rates"]:
                    for seed in SETTINGS["seeds"]:
                        val, tr = curve(rule, net["sizes"], seed, lr, X_tr, y_tr, X_va, y_va,
                                        SETTINGS["epochs"])
                        rows.append([seed_set, name, rule, repr(lr), seed, len(y_va),
                                     len(y_tr), " ".join(map(str, val)),
                                     " ".join(map(str, tr))])
                    print(f"set {seed_set} {name} {rule} {lr}: validation after 10 and "
                          f"{SETTINGS['epochs']} epochs (last seed) {val[9]}, {val[-1]} "
                          f"of {len(y_va)}", flush=True)
    header = ["seed_set", "network", "rule", "lr", "seed", "n_val", "n_train",
              "val_correct", "train_correct"]
    write_table(OUT, SETTINGS, header, rows)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
