"""Hand-written Python+numpy equivalent of examples_spl/pure/iris_classification.spl.

The 150 Iris flowers (stdlib/lib/pure/data_files/iris.csv), standardised, split 80/20;
a 4-16-3 ReLU network with softmax cross-entropy and Adam (lr 0.01), shuffled
mini-batches of 16, 40 epochs.
"""
from pathlib import Path

import numpy as np

CSV = Path(__file__).resolve().parents[3] / "stdlib" / "lib" / "pure" / "data_files" / "iris.csv"


def load_iris():
    names, feats, labels = [], [], []
    for line in CSV.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip():
            continue
        *xs, name = line.split(",")
        if name not in names:
            names.append(name)
        feats.append([float(v) for v in xs])
        labels.append(names.index(name))
    return np.array(feats), np.array(labels), names


def adam_step(params, grads, m, v, t, lr, b1=0.9, b2=0.999, eps=1e-8):
    for p, g, mi, vi in zip(params, grads, m, v):
        mi *= b1
        mi += (1 - b1) * g
        vi *= b2
        vi += (1 - b2) * g * g
        p -= lr * (mi / (1 - b1 ** t)) / (np.sqrt(vi / (1 - b2 ** t)) + eps)


def main():
    rng = np.random.default_rng(0)
    x, y, names = load_iris()
    x = (x - x.mean(0)) / x.std(0)
    n = len(y)
    order = np.random.default_rng(42).permutation(n)
    n_train = int(n * 0.8 + 0.5)
    xtr, ytr = x[order[:n_train]], y[order[:n_train]]
    xte, yte = x[order[n_train:]], y[order[n_train:]]
    print("=== Iris classification ===")
    print(f"samples: {n} ({len(ytr)} train, {len(yte)} test), classes: [{', '.join(names)}]")
    b = 1 / np.sqrt(4)
    w1, b1 = rng.uniform(-b, b, (16, 4)), rng.uniform(-b, b, 16)
    b = 1 / np.sqrt(16)
    w2, b2 = rng.uniform(-b, b, (3, 16)), rng.uniform(-b, b, 3)
    params = [w1, b1, w2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]

    def forward(x):
        h = np.maximum(x @ w1.T + b1, 0.0)
        return h, h @ w2.T + b2

    t = 0
    losses = []
    for epoch in range(40):
        perm = np.random.default_rng(7 * 1000003 + epoch).permutation(n_train)
        total, count = 0.0, 0
        for start in range(0, n_train, 16):
            rows = perm[start:start + 16]
            xb, yb = xtr[rows], ytr[rows]
            h, logits = forward(xb)
            z = logits - logits.max(1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(1, keepdims=True)
            k = len(yb)
            total += float(-np.mean(np.log(p[np.arange(k), yb])))
            count += 1
            dz2 = p
            dz2[np.arange(k), yb] -= 1.0
            dz2 /= k
            dh = (dz2 @ w2) * (h > 0)
            t += 1
            adam_step(params, [dh.T @ xb, dh.sum(0), dz2.T @ h, dz2.sum(0)], m, v, t, 0.01)
        losses.append(total / count)
    for epoch in [1, 10, 20, 30, 40]:
        print(f"epoch {epoch:>2}: loss = {losses[epoch - 1]:.3f}")
    train_acc = np.mean(forward(xtr)[1].argmax(1) == ytr)
    pred = forward(xte)[1].argmax(1)
    test_acc = np.mean(pred == yte)
    print(f"train accuracy: {train_acc * 100.0:.1f}%")
    print(f"test accuracy:  {test_acc * 100.0:.1f}%")
    print("confusion matrix (rows = true class):")
    cm = np.zeros((3, 3), dtype=int)
    np.add.at(cm, (yte, pred), 1)
    for row in cm:
        print(f"  [{', '.join(str(c) for c in row)}]")
    print(f"test accuracy >= 90%: {str(test_acc >= 0.9).lower()}")


main()
