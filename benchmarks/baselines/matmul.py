"""Hand-written Python equivalent of benchmarks/programs/matmul.spl."""


def make_matrix(n, seed):
    m = []
    for i in range(n):
        row = []
        for j in range(n):
            row.append(((i * 31 + j * 17 + seed) % 100) / 100.0)
        m.append(row)
    return m


def matmul(a, b, n):
    c = []
    for i in range(n):
        row = []
        for j in range(n):
            s = 0.0
            for k in range(n):
                s = s + a[i][k] * b[k][j]
            row.append(s)
        c.append(row)
    return c


def main():
    n = 64
    a = make_matrix(n, 1)
    b = make_matrix(n, 2)
    c = matmul(a, b, n)
    trace = 0.0
    for i in range(n):
        trace = trace + c[i][i]
    print(f"trace = {trace:.6f}")
    print(f"c[3][5] = {c[3][5]:.6f}")


if __name__ == "__main__":
    main()
