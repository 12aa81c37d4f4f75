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
        rows, cols = self.shape
        parts = [str(self.data[r * cols:(r + 1) * cols]) for r in range(rows)]
        return f"SimpleTensor(shape={self.shape}, data=[{', '.join(parts)}])"


def matmul(a, b):
    m, k = a.shape
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
    return SimpleTensor([v if v > 0.0 else 0.0 for v in t.data], t.shape)


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
    x = SimpleTensor([0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0], [4, 2])
    print("X (XOR inputs):")
    print(x)
    print(f"X has shape {x.shape} and {x.numel()} elements")
    print("")

    w = SimpleTensor([1.0, -1.0, -1.0, 1.0], [2, 2])
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

    w2 = SimpleTensor([0.5, 0.3, -0.2, 0.7], [2, 2])
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
