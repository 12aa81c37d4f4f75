"""Hand-written Python+numpy equivalent of examples_spl/pure/linear_regression_trainer.spl.

y = 2x + 1 from 32 noisy points; a 1-1 linear model trained with SGD (lr 0.3, momentum
0.5) on shuffled mini-batches of 8 for 60 epochs, mean squared error.
"""
import numpy as np


def main():
    rng = np.random.default_rng(1)
    n = 32
    eps = rng.normal(0.0, 0.05, n)
    x = (np.arange(n) / n).reshape(n, 1)
    y = 2.0 * x + 1.0 + eps.reshape(n, 1)
    print("=== Linear regression with Trainer ===")
    w = rng.uniform(-1.0, 1.0, (1, 1))
    b = rng.uniform(-1.0, 1.0, 1)
    params = [w, b]
    velocity = [None, None]

    def mse(x, y):
        return float(np.mean((x @ w.T + b - y) ** 2))

    before = mse(x, y)
    print(f"loss before training: {before:.4f}")
    epochs, batch, lr, momentum = 60, 8, 0.3, 0.5
    losses = []
    for epoch in range(epochs):
        order = np.random.default_rng(3 * 1000003 + epoch).permutation(n)
        total, count = 0.0, 0
        for start in range(0, n, batch):
            rows = order[start:start + batch]
            xb, yb = x[rows], y[rows]
            d = xb @ w.T + b - yb
            total += float(np.mean(d * d))
            count += 1
            g = 2.0 * d / d.size
            grads = [g.T @ xb, g.sum(0)]
            for i, (p, gr) in enumerate(zip(params, grads)):
                velocity[i] = gr if velocity[i] is None else momentum * velocity[i] + gr
                p -= lr * velocity[i]
        loss = total / count
        losses.append(loss)
        if (epoch + 1) % 10 == 0 or epoch == 0 or epoch + 1 == epochs:
            print(f"Epoch {epoch + 1}/{epochs}: loss = {loss:.6f}")
    final = losses[-1]
    print(f"learned: y = {w[0, 0]:.2f} x + {b[0]:.2f} (true: y = 2.00 x + 1.00)")
    print(f"final loss: {final:.4f}, fell below 1% of the start: {str(final < before / 100.0).lower()}")
    print(f"prediction at x = 0.5: {float(0.5 * w[0, 0] + b[0]):.2f}")


main()
