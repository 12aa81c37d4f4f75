"""Hand-written Python+numpy equivalent of examples_spl/pure/digits_cnn.spl.

8x8 noisy digit glyphs (the same seeded synthetic set as lib.pure.data's
create_digits_dataset), conv 3x3 (1 -> 8, padding 1) -> ReLU -> 2x2 max-pool -> linear
128 -> 10, softmax cross-entropy, Adam (lr 0.02), shuffled mini-batches of 32, 15 epochs.
Convolution by im2col; gradients written out by hand.
"""
import numpy as np

GLYPHS = ["111101101101111", "010110010010111", "111001111100111", "111001111001111",
          "101101111001001", "111100111001111", "111100111101111", "111001001001001",
          "111101111101111", "111101111001111"]
INK = np.array([[float(c) for c in g] for g in GLYPHS]).reshape(10, 5, 3)


def digits(rng, n, noise, seed):
    order = np.random.default_rng(seed).permutation(n * 10)
    jitter = rng.normal(0.0, noise, (n, 8, 8))
    x = np.zeros((n, 1, 8, 8))
    labels = np.arange(n) % 10
    for s in range(n):
        dy, dx = order[s] % 3, order[s + n] % 4
        x[s, 0, dy + 1:dy + 6, dx + 1:dx + 4] = INK[labels[s]]
    x[:, 0] += jitter
    return x, labels


def im2col(x):
    """[B, 1, 8, 8] padded by 1 -> [B, 64, 9] patches of 3x3."""
    xp = np.pad(x[:, 0], ((0, 0), (1, 1), (1, 1)))
    cols = np.lib.stride_tricks.sliding_window_view(xp, (3, 3), axis=(1, 2))  # [B, 8, 8, 3, 3]
    return cols.reshape(len(x), 64, 9)


def adam_step(params, grads, m, v, t, lr, b1=0.9, b2=0.999, eps=1e-8):
    for p, g, mi, vi in zip(params, grads, m, v):
        mi *= b1
        mi += (1 - b1) * g
        vi *= b2
        vi += (1 - b2) * g * g
        p -= lr * (mi / (1 - b1 ** t)) / (np.sqrt(vi / (1 - b2 ** t)) + eps)


def main():
    rng = np.random.default_rng(0)
    xtr, ytr = digits(rng, 400, 0.1, 1)
    xte, yte = digits(rng, 100, 0.1, 2)
    print("=== Digits with Conv2d ===")
    print(f"train images: {list(xtr.shape)}, test images: {list(xte.shape)}")
    b = 1 / np.sqrt(9)
    wc, bc = rng.uniform(-b, b, (8, 1, 3, 3)), rng.uniform(-b, b, 8)
    b = 1 / np.sqrt(128)
    wl, bl = rng.uniform(-b, b, (10, 128)), rng.uniform(-b, b, 10)
    params = [wc, bc, wl, bl]
    print("Sequential(\n  (0): Conv2d(in_channels=1, out_channels=8, kernel_size=3, stride=1, padding=1)\n"
          "  (1): ReLU()\n  (2): MaxPool2d(kernel_size=2, stride=2)\n  (3): Flatten()\n"
          "  (4): Linear(in_features=128, out_features=10, bias=true)\n)")
    print(f"parameters: {sum(p.size for p in params)}")

    def forward(x):
        cols = im2col(x)                                            # [B, 64, 9]
        conv = cols @ wc.reshape(8, 9).T + bc                       # [B, 64, 8]
        a = np.maximum(conv, 0.0).transpose(0, 2, 1).reshape(len(x), 8, 4, 2, 4, 2)
        pooled = a.max(axis=(3, 5))                                 # [B, 8, 4, 4]
        flat = pooled.reshape(len(x), 128)
        return cols, conv, a, pooled, flat, flat @ wl.T + bl

    def accuracy(x, y):
        return float(np.mean(forward(x)[-1].argmax(1) == y))

    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    before = accuracy(xte, yte)
    n, t, losses = len(ytr), 0, []
    for epoch in range(15):
        perm = np.random.default_rng(5 * 1000003 + epoch).permutation(n)
        total, count = 0.0, 0
        for start in range(0, n, 32):
            rows = perm[start:start + 32]
            xb, yb = xtr[rows], ytr[rows]
            k = len(yb)
            cols, conv, a, pooled, flat, logits = forward(xb)
            z = logits - logits.max(1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(1, keepdims=True)
            total += float(-np.mean(np.log(p[np.arange(k), yb])))
            count += 1
            dl = p
            dl[np.arange(k), yb] -= 1.0
            dl /= k
            gwl, gbl = dl.T @ flat, dl.sum(0)
            dpool = (dl @ wl).reshape(k, 8, 4, 1, 4, 1)
            mask = a == pooled.reshape(k, 8, 4, 1, 4, 1)
            da = (mask * dpool).reshape(k, 8, 64).transpose(0, 2, 1)  # [B, 64, 8]
            dconv = da * (conv > 0)
            gwc = np.einsum("bpc,bpk->ck", dconv, cols).reshape(8, 1, 3, 3)
            gbc = dconv.sum((0, 1))
            t += 1
            adam_step(params, [gwc, gbc, gwl, gbl], m, v, t, 0.02)
        losses.append(total / count)
    for epoch in [0, 2, 4, 6, 8, 10, 12, 14]:
        print(f"epoch {epoch + 1}: loss = {losses[epoch]:.3f}")
    after = accuracy(xte, yte)
    print(f"test accuracy: {before * 100.0:.0f}% before training, {after * 100.0:.0f}% after")
    print(f"loss fell by more than half: {str(losses[14] < losses[0] / 2.0).lower()}")


main()
