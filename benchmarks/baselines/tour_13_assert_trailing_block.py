"""Hand-written Python equivalent of examples_spl/tour/13_assert_trailing_block.spl."""


class Sample:
    def __init__(self, value):
        self.value = value

    def __str__(self):
        return f"Sample(value: {self.value})"


def fast_add(a, b):
    return a + b


def slow_add(a, b):
    s = a
    for _ in range(b):
        s = s + 1
    return s


platform_note = "code between #if and #endif is kept (the directives are ignored)"
print(platform_note)
print(f"fast_add(2, 3) = {fast_add(2, 3)}, slow_add(2, 3) = {slow_add(2, 3)}, {Sample(0.5)}")


def not_written_yet(x):
    raise NotImplementedError


class Later:
    def todo(self):
        raise NotImplementedError


print("functions with `...` bodies are fine as long as nobody calls them")

xs = [1, 2, 3]
assert len(xs) == 3
assert xs[0] < xs[2], "list is sorted"
assert fast_add(2, 2) == 4, "addition works"
assert 7 not in xs
print("all asserts passed")


def describe(name, body):
    print(f"describe {name}")
    body()


def context(name, body):
    print(f"  context {name}")
    body()


def it(name, body):
    body()
    print(f"    it {name}: ok")


class Expectation:
    def __init__(self, actual):
        self.actual = actual

    def to_equal(self, expected):
        assert self.actual == expected, f"expected {expected}, got {self.actual}"


def expect(actual):
    return Expectation(actual)


def numel_multiplies():
    n = 1
    for d in [2, 3, 4]:
        n = n * d
    expect(n).to_equal(24)


def numel_scalar():
    n = 1
    for d in []:
        n = n * d
    expect(n).to_equal(1)


def bias_every_row():
    rows = [[1.0, 2.0], [3.0, 4.0]]
    bias = [0.5, -0.5]
    out = [[row[0] + bias[0], row[1] + bias[1]] for row in rows]
    expect(out).to_equal([[1.5, 1.5], [3.5, 3.5]])


def numel_context():
    it("multiplies the dimensions", numel_multiplies)
    it("is 1 for a scalar shape", numel_scalar)


def broadcasting_context():
    it("adds a bias to every row", bias_every_row)


def shapes_spec():
    context("numel", numel_context)
    context("broadcasting", broadcasting_context)


describe("Tensor shapes", shapes_spec)


def repeat(times, body):
    for _ in range(times):
        body()


ticks = []
repeat(3, lambda: ticks.append(len(ticks)))
print(f"repeat 3: ran the block {len(ticks)} times: {ticks}")

items = [10, 20, 30]
for x in items:
    print(f"each: {x}")
