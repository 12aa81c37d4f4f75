"""Hand-written Python equivalent of examples_spl/xor_example.spl."""


class SimpleTensor:
    def __init__(self, data, shape):
        self.data = data
        self.shape = shape

    def numel(self):
        return len(self.data)

    def get(self, r, c):
        return self.data[r * self.shape[1] + c]

    def __str__(self):
        rows = self.shape[0]
        cols = self.shape[1]
        parts = []
        for r in range(rows):
            row = []
            for c in range(cols):
                row.append(self.data[r * cols + c])
            parts.append(f"{row}")
        return f"SimpleTensor(shape={self.shape}, data=[{', '.join(parts)}])"


def from_data(data, shape):
    return SimpleTensor(data, shape)


def matmul(a, b):
    m = a.shape[0]
    k = a.shape[1]
    n = b.shape[1]
    out = []
    for i in range(m):
        for j in range(n):
            s = 0.0
            for p in range(k):
                s = s + a.data[i * k + p] * b.data[p * n + j]
            out.append(s)
    return SimpleTensor(out, [m, n])


def relu(t):
    out = []
    for v in t.data:
        out.append(v if v > 0.0 else 0.0)
    return SimpleTensor(out, t.shape)


def row_sums(t):
    sums = []
    for r in range(t.shape[0]):
        s = 0.0
        for c in range(t.shape[1]):
            s = s + t.get(r, c)
        sums.append(s)
    return sums


def main():
    print("=== Tensor basics: XOR ===")
    x = from_data([0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0], [4, 2])
    print("X (XOR inputs):")
    print(x)
    print(f"X has shape {x.shape} and {x.numel()} elements")
    print("")

    w = from_data([1.0, -1.0, -1.0, 1.0], [2, 2])
    print("W:")
    print(w)
    h = matmul(x, w)
    print("X @ W:")
    print(h)
    a = relu(h)
    print("relu(X @ W):")
    print(a)
    print(f"row sums of relu(X @ W) = XOR targets: {row_sums(a)}")
    print("")

    w2 = from_data([0.5, 0.3, -0.2, 0.7], [2, 2])
    print("W2:")
    print(w2)
    h2 = matmul(x, w2)
    print("X @ W2:")
    print(h2)
    a2 = relu(h2)
    print("relu(X @ W2):")
    print(a2)
    print(f"relu(X @ W2)[1, 0] = {a2.get(1, 0)}, [3, 1] = {a2.get(3, 1)}")


main()
