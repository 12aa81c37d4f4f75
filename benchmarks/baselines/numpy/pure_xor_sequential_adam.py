"""Hand-written Python+numpy equivalent of examples_spl/pure/xor_sequential_adam.spl.

A 2-8-1 network (tanh, sigmoid) trained full-batch on the four XOR points with binary
cross-entropy and Adam (lr 0.05) for 300 epochs; gradients written out by hand.
"""
import numpy as np


def adam_step(params, grads, m, v, t, lr, b1=0.9, b2=0.999, eps=1e-8):
    for p, g, mi, vi in zip(params, grads, m, v):
        mi *= b1
        mi += (1 - b1) * g
        vi *= b2
        vi += (1 - b2) * g * g
        m_hat = mi / (1 - b1 ** t)
        v_hat = vi / (1 - b2 ** t)
        p -= lr * m_hat / (np.sqrt(v_hat) + eps)


def main():
    rng = np.random.default_rng(42)
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    b = 1 / np.sqrt(2)
    w1, b1 = rng.uniform(-b, b, (8, 2)), rng.uniform(-b, b, 8)
    b = 1 / np.sqrt(8)
    w2, b2 = rng.uniform(-b, b, (1, 8)), rng.uniform(-b, b, 1)
    params = [w1, b1, w2, b2]
    print("=== XOR: Sequential + Adam ===")
    print("Sequential(\n  (0): Linear(in_features=2, out_features=8, bias=true)\n  (1): Tanh()\n"
          "  (2): Linear(in_features=8, out_features=1, bias=true)\n  (3): Sigmoid()\n)")
    print(f"parameters: {sum(p.size for p in params)}")
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    n = len(x)

    def forward(x):
        h = np.tanh(x @ w1.T + b1)
        return h, 1 / (1 + np.exp(-(h @ w2.T + b2)))

    first_loss = last_loss = 0.0
    for epoch in range(300):
        h, p = forward(x)
        pc = np.clip(p, 1e-7, 1 - 1e-7)
        loss = -np.mean(y * np.log(pc) + (1 - y) * np.log(1 - pc))
        dp = (pc - y) / (pc * (1 - pc)) / n
        dz2 = dp * p * (1 - p)
        gw2, gb2 = dz2.T @ h, dz2.sum(0)
        dz1 = (dz2 @ w2) * (1 - h * h)
        gw1, gb1 = dz1.T @ x, dz1.sum(0)
        adam_step(params, [gw1, gb1, gw2, gb2], m, v, epoch + 1, 0.05)
        last_loss = float(loss)
        if epoch == 0:
            first_loss = last_loss
        if epoch % 50 == 0 or epoch == 299:
            print(f"epoch {epoch + 1:>3}: loss = {last_loss:.4f}")
    _, pred = forward(x)
    print()
    print("predictions:")
    for i in range(4):
        print(f"  {x[i, 0]} xor {x[i, 1]} -> {pred[i, 0]:.3f} (target {y[i, 0]})")
    acc = np.mean((pred > 0.5) == (y > 0.5))
    print(f"accuracy: {acc * 100.0:.1f}%")
    print(f"loss fell from {first_loss:.4f} to {last_loss:.4f}: {str(last_loss < first_loss / 10.0).lower()}")


main()
