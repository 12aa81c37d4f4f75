"""Hand-written Python equivalent of examples_spl/tour/05_enums_match.spl."""

OPS = ["OpType.Add", "OpType.Sub", "OpType.Mul", "OpType.MatMul"]


def apply(op, a, b):
    if op == "OpType.Add":
        return a + b
    if op == "OpType.Sub":
        return a - b
    if op == "OpType.Mul":
        return a * b
    return -1


print("OpType.Add")
print("Token.Number(5)")
print("Token.Plus")
print("Shape.Circle(radius: 1.0)")
print("Shape.Rect(width: 2.0, height: 0.5)")
print("[" + ", ".join(OPS) + "]")
print("OpType.Add == OpType.Add: true, Add == Sub: false")

for op in OPS:
    print(f"{op}(6, 3) = {apply(op, 6, 3)}")


def classify(n):
    if n == 0:
        return "zero"
    if n in (1, 2, 3):
        return "small"
    if n < 0:
        return f"negative ({n})"
    if 4 <= n < 10:
        return "medium"
    if 10 <= n <= 99:
        return "two digits"
    return "large"


for n in [0, 2, -7, 5, 10, 99, 100]:
    print(f"classify({n}) = {classify(n)}")

# Tokens as (variant, payload) pairs.
tokens = [("Number", 42), ("Plus", None), ("Word", "hi"), ("Word", "hello"), ("End", None)]


def token_str(tok):
    kind, payload = tok
    return f"Token.{kind}" if payload is None else f"Token.{kind}({payload})"


def token_text(tok):
    kind, payload = tok
    if kind == "Number":
        return f"number {payload}"
    if kind == "Word":
        return f"long word {payload}" if len(payload) > 3 else f"word {payload}"
    if kind == "Plus":
        return "plus"
    return "end"


for tok in tokens:
    print(f"{token_str(tok)} -> {token_text(tok)}")


def circle_area(r):
    return 3.0 * r * r


def rect_area(w, h):
    return w * h


print(f"areas: {circle_area(2.0)} {rect_area(3.0, 1.5)}")


def parity(n):
    return "even" if n % 2 == 0 else "odd"


def weekday(d):
    return {0: "Mon", 1: "Tue", 5: "weekend", 6: "weekend"}.get(d, "midweek")


print(f"parity: {parity(4)} {parity(7)}")
print(f"days: {weekday(0)} {weekday(1)} {weekday(3)} {weekday(6)}")


def quadrant(pt):
    x, y = pt
    if pt == (0, 0):
        return "origin"
    if x == 0:
        return "on the y axis"
    if y == 0:
        return "on the x axis"
    if x > 0 and y > 0:
        return "first quadrant"
    return "elsewhere"


for pt in [(0, 0), (0, 5), (3, 0), (2, 2), (-1, 4)]:
    print(f"({pt[0]}, {pt[1]}): {quadrant(pt)}")


def where_is(x, y):
    if x == 0:
        return f"on the y axis at y = {y}"
    if y == 0:
        return f"on the x axis at x = {x}"
    return f"at ({x}, {y})"


print(where_is(0, 7))
print(where_is(3, 0))
print(where_is(1, 2))

for color in ["red", "green", "blue"]:
    if color == "red":
        print("stop")
    elif color == "green":
        print("go")
    else:
        print(f"unknown colour {color}")
