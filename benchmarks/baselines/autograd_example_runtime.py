"""Hand-written Python equivalent of examples_spl/autograd_example_runtime.spl."""
import math

H = 0.00001
TOLERANCE = 0.000001


class GradCheck:
    def __init__(self, name, analytic, numeric):
        self.name = name
        self.analytic = analytic
        self.numeric = numeric

    def error(self):
        return abs(self.analytic - self.numeric)

    def ok(self):
        return self.error() < TOLERANCE

    def __str__(self):
        status = "ok" if self.ok() else "MISMATCH"
        return (f"{self.name:<14} analytic {self.analytic:>11.6f}  "
                f"numeric {self.numeric:>11.6f}  [{status}]")


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def f_sum(x, y):
    return x + y


def f_prod(x, y):
    return x * y


def f_poly(x, y):
    u = x * y + x
    return u * u


def f_neuron(w, b):
    return sigmoid(w * 3.0 + b)


def f_tanh(x, y):
    return math.tanh(x * y) + x


def numeric_dx(f, x, y):
    return (f(x + H, y) - f(x - H, y)) / (2.0 * H)


def numeric_dy(f, x, y):
    return (f(x, y + H) - f(x, y - H)) / (2.0 * H)


def check_pair(label, f, x, y, dx, dy, xname="x", yname="y"):
    print(f"{label} at {xname} = {x}, {yname} = {y}: value = {f(x, y)}")
    cx = GradCheck(f"  d/d{xname}", dx, numeric_dx(f, x, y))
    cy = GradCheck(f"  d/d{yname}", dy, numeric_dy(f, x, y))
    print(cx)
    print(cy)
    return [cx, cy]


def main():
    print(f"=== Gradients by hand vs finite differences (h = {H}) ===")
    checks = []

    x = 2.0
    y = -3.0
    checks += check_pair("sum    x + y", f_sum, x, y, 1.0, 1.0)
    checks += check_pair("product x * y", f_prod, x, y, y, x)

    u = x * y + x
    checks += check_pair("chain  (x*y + x)^2", f_poly, x, y, 2.0 * u * (y + 1.0), 2.0 * u * x)

    w = 0.5
    b = -0.25
    s = sigmoid(w * 3.0 + b)
    ds = s * (1.0 - s)
    checks += check_pair("neuron sigmoid(3w + b)", f_neuron, w, b, ds * 3.0, ds,
                         xname="w", yname="b")

    tx = 0.7
    ty = 1.3
    t = math.tanh(tx * ty)
    dt = 1.0 - t * t
    checks += check_pair("tanh   tanh(x*y) + x", f_tanh, tx, ty, dt * ty + 1.0, dt * tx)

    print("")
    print("chain rule step by step for L = (a * b + c)^2 with a = 1.5, b = 4.0, c = -2.0:")
    a = 1.5
    bb = 4.0
    c = -2.0
    q = a * bb + c
    loss = q * q
    dl_dq = 2.0 * q
    print(f"  q = a * b + c = {q}, L = q^2 = {loss}")
    print(f"  dL/dq = 2q = {dl_dq}")
    print(f"  dL/da = dL/dq * b = {dl_dq * bb}")
    print(f"  dL/db = dL/dq * a = {dl_dq * a}")
    print(f"  dL/dc = dL/dq * 1 = {dl_dq}")

    passed = sum(1 for chk in checks if chk.ok())
    worst = max([0.0] + [chk.error() for chk in checks])
    print("")
    print(f"{passed}/{len(checks)} gradient checks passed (largest error {worst:.2e})")


main()
