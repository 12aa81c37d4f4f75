"""Hand-written Python equivalent of examples_spl/simple_regression_runtime.spl."""
import math


def round3(x):
    # Simple's f64.round(): half away from zero, result stays a float.
    r = math.floor(abs(x * 1000.0) + 0.5)
    return math.copysign(r, x) / 1000.0


def make_dataset(n):
    xs = [i / n for i in range(n)]
    ys = [2.0 * x + 1.0 for x in xs]
    return xs, ys


class LinearModel:
    def __init__(self, w, b):
        self.w = w
        self.b = b

    def predict(self, x):
        return self.w * x + self.b

    def mse(self, xs, ys):
        total = 0.0
        for x, y in zip(xs, ys):
            err = self.predict(x) - y
            total = total + err * err
        return total / len(xs)

    def step(self, xs, ys, lr):
        n = len(xs)
        grad_w = 0.0
        grad_b = 0.0
        for x, y in zip(xs, ys):
            err = self.predict(x) - y
            grad_w = grad_w + 2.0 * err * x
            grad_b = grad_b + 2.0 * err
        grad_w = grad_w / n
        grad_b = grad_b / n
        self.w = self.w - lr * grad_w
        self.b = self.b - lr * grad_b


def main():
    xs, ys = make_dataset(20)
    model = LinearModel(0.0, 0.0)
    lr = 0.1
    epochs = 100
    print(f"Fitting y = 2x + 1 on {len(xs)} points, lr = {lr}, {epochs} epochs")
    for epoch in range(epochs):
        loss = model.mse(xs, ys)
        model.step(xs, ys, lr)
        print(f"epoch {epoch}: loss {round3(loss)}, w {round3(model.w)}, b {round3(model.b)}")
    print(f"final: y = {round3(model.w)} * x + {round3(model.b)} (target y = 2.0 * x + 1.0)")
    print(f"prediction at x = 0.5: {round3(model.predict(0.5))} (target 2.0)")


main()
