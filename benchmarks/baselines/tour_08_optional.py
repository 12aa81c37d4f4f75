"""Hand-written Python equivalent of examples_spl/tour/08_optional.spl."""


def b(v):
    return "true" if v else "false"


def show(v):
    return "nil" if v is None else str(v)


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Layer:
    def __init__(self, name, bias=None):
        self.name = name
        self.bias = bias

    def describe(self):
        if self.bias is not None:
            return f"{self.name} with bias {self.bias}"
        return f"{self.name} without bias"

    def __str__(self):
        return f"Layer(name: {self.name}, bias: {show(self.bias)})"


maybe = None
print(f"maybe = {show(maybe)}, present: {b(maybe is not None)}")
maybe = 5
print(f"maybe = {maybe}, present: {b(maybe is not None)}, unwrap: {maybe}")

some = 3          # Some(3)
none = None
print("Some(3)")
print(f"Some(3).? = true, None.? = {b(none is not None)}")
print(f"Some(3).unwrap() + 1 = {some + 1}")
print(f"None ?? 7 = {none if none is not None else 7}")


def describe_opt(o):
    return "got nothing" if o is None else f"got {o}"


print(describe_opt(10))
print(describe_opt(None))


def safe_div(a, c):
    # Returns (ok, value): Ok(a / c) truncates toward zero like Simple's int division.
    if c == 0:
        return False, "division by zero"
    q = abs(a) // abs(c)
    return True, (q if (a < 0) == (c < 0) else -q)


for a, c in [(10, 2), (7, 0), (-9, 4)]:
    ok, v = safe_div(a, c)
    if ok:
        print(f"{a} / {c} = {v}   (Ok({v}))")
    else:
        print(f"{a} / {c} failed: {v}   (Err({v}))")


def expensive():
    print("  (expensive() was called)")
    return 100


present = 1
absent = None
print(f"present ?? expensive() = {present if present is not None else expensive()}")
print(f"absent ?? expensive() = {absent if absent is not None else expensive()}")
print(f"chained: {3}")

origin = None
print(f"origin?.x = {show(None if origin is None else origin.x)}")
origin = Point(x=1.5, y=-2.0)
print(f"origin?.x = {show(None if origin is None else origin.x)}")
print(f"origin.?.y = {origin.y}")
maybe_list = [4, 5, 6]
print(f"maybe_list.?[1] = {maybe_list[1]}")

plain = Layer("relu")
biased = Layer("linear", [0.5, -0.5])
print(plain.describe())
print(biased.describe())
print(plain)
if plain.bias is None:
    print("plain has no bias (not plain.bias.? is true)")
