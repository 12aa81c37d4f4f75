"""Hand-written Python equivalent of examples_spl/complete_demo_runtime.spl."""
import math


class SimpleTensor:
    def __init__(self, data, shape):
        self.data = data
        self.shape = shape

    def rows(self):
        return self.shape[0]

    def cols(self):
        return self.shape[1]

    def get(self, r, c):
        return self.data[r * self.shape[1] + c]

    def __str__(self):
        parts = []
        for r in range(self.rows()):
            row = [f"{self.get(r, c):.4f}" for c in range(self.cols())]
            parts.append("[" + ", ".join(row) + "]")
        return f"SimpleTensor{self.shape} [" + ", ".join(parts) + "]"


def matmul(a, b):
    m, k, n = a.rows(), a.cols(), b.cols()
    out = []
    for i in range(m):
        for j in range(n):
            s = 0.0
            for p in range(k):
                s = s + a.data[i * k + p] * b.data[p * n + j]
            out.append(s)
    return SimpleTensor(out, [m, n])


def add_bias(t, bias):
    n = t.cols()
    return SimpleTensor([v + bias.data[i % n] for i, v in enumerate(t.data)], t.shape)


def relu(t):
    return SimpleTensor([v if v > 0.0 else 0.0 for v in t.data], t.shape)


def sigmoid(t):
    return SimpleTensor([1.0 / (1.0 + math.exp(-v)) for v in t.data], t.shape)


def mse_loss(pred, target):
    total = 0.0
    for p, t in zip(pred.data, target.data):
        d = p - t
        total = total + d * d
    return total / len(pred.data)


class Network:
    def __init__(self):
        self.w1 = SimpleTensor([1.0, 1.0, 1.0, -1.0, 1.0, 1.0, -1.0, 1.0], [2, 4])
        self.b1 = SimpleTensor([0.0, -1.0, 0.0, 0.0], [4])
        self.w2 = SimpleTensor([2.0, -4.0, 1.0, 1.0], [4, 1])
        self.b2 = SimpleTensor([-1.5], [1])

    def param_count(self):
        return len(self.w1.data) + len(self.b1.data) + len(self.w2.data) + len(self.b2.data)

    def forward(self, x):
        z1 = add_bias(matmul(x, self.w1), self.b1)
        print("hidden pre-activation z1 = x @ w1 + b1:")
        print(f"  {z1}")
        h = relu(z1)
        print("hidden activation relu(z1):")
        print(f"  {h}")
        z2 = add_bias(matmul(h, self.w2), self.b2)
        print("output pre-activation z2 = h @ w2 + b2:")
        print(f"  {z2}")
        return sigmoid(z2)


def main():
    print("=== Complete demo: 2 -> 4 -> 1 network on XOR ===")
    net = Network()
    print(f"parameters: {net.param_count()}")
    x = SimpleTensor([0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0], [4, 2])
    y = SimpleTensor([0.0, 1.0, 1.0, 0.0], [4, 1])
    print(f"inputs  {x}")
    print(f"targets {y}")
    print("")
    pred = net.forward(x)
    print("")
    print(f"predictions {pred}")
    loss = mse_loss(pred, y)
    print(f"MSE loss = {loss:.6f}")
    print("")
    print("  x1   x2 | target | prediction | class | correct")
    print("  " + "-" * 46)
    correct = 0
    for i in range(4):
        p = pred.data[i]
        cls = 1 if p >= 0.5 else 0
        ok = cls == int(y.data[i])
        if ok:
            correct += 1
        print(f"  {x.get(i, 0):.0f}    {x.get(i, 1):.0f}  |   {y.data[i]:.0f}    |"
              f"   {p:.4f}   |   {cls}   | {'yes' if ok else 'no'}")
    print(f"accuracy: {correct}/4 = {correct / 4.0:.0%}")


main()
