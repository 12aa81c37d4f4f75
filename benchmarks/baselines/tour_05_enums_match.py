"""Hand-written Python equivalent of examples_spl/tour/05_enums_match.spl.

The Simple program declares three enums and a class and matches on them, so this
equivalent declares the same types as plain Python classes (``__slots__``, ``__init__``,
``__repr__``, ``__match_args__``: no dataclass or Enum machinery) and uses Python's
``match`` statement for Simple's ``match``.
"""


class OpType:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"OpType.{self.name}"


OpType.Add, OpType.Sub, OpType.Mul, OpType.MatMul = (OpType(n) for n in ("Add", "Sub", "Mul", "MatMul"))


class Token:
    __slots__ = ()


class Number(Token):
    __slots__ = ("value",)
    __match_args__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"Token.Number({self.value})"


class Word(Token):
    __slots__ = ("value",)
    __match_args__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"Token.Word({self.value})"


class _UnitToken(Token):
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Token.{self.name}"


PLUS, END = _UnitToken("Plus"), _UnitToken("End")


class Shape:
    __slots__ = ()


class Circle(Shape):
    __slots__ = ("radius",)
    __match_args__ = ("radius",)

    def __init__(self, radius):
        self.radius = radius

    def __repr__(self):
        return f"Shape.Circle(radius: {self.radius})"


class Rect(Shape):
    __slots__ = ("width", "height")
    __match_args__ = ("width", "height")

    def __init__(self, width, height):
        self.width = width
        self.height = height

    def __repr__(self):
        return f"Shape.Rect(width: {self.width}, height: {self.height})"


class Point:
    __slots__ = ("x", "y")
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


def text(v):
    return "true" if v is True else "false" if v is False else str(v)


print(OpType.Add)
print(Number(5))
print(PLUS)
print(Circle(radius=1.0))
print(Rect(width=2.0, height=0.5))
ops = [OpType.Add, OpType.Sub, OpType.Mul, OpType.MatMul]
print(ops)
print(f"OpType.Add == OpType.Add: {text(OpType.Add == OpType.Add)}, Add == Sub: {text(OpType.Add == OpType.Sub)}")


def apply(op, a, b):
    if op is OpType.Add:
        return a + b
    if op is OpType.Sub:
        return a - b
    if op is OpType.Mul:
        return a * b
    return -1


for op in ops:
    print(f"{op}(6, 3) = {apply(op, 6, 3)}")


def classify(n):
    match n:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case x if x < 0:
            return f"negative ({x})"
        case _ if 4 <= n < 10:
            return "medium"
        case _ if 10 <= n <= 99:
            return "two digits"
        case _:
            return "large"


for n in [0, 2, -7, 5, 10, 99, 100]:
    print(f"classify({n}) = {classify(n)}")


def token_text(tok):
    match tok:
        case Number(v):
            return f"number {v}"
        case Word(w) if len(w) > 3:
            return f"long word {w}"
        case Word(w):
            return f"word {w}"
        case _ if tok is PLUS:
            return "plus"
        case _:
            return "end"


tokens = [Number(42), PLUS, Word("hi"), Word("hello"), END]
for tok in tokens:
    print(f"{tok} -> {token_text(tok)}")


def area(s):
    match s:
        case Circle(r):
            return 3.0 * r * r
        case Rect(w, h):
            return w * h


print(f"areas: {area(Circle(radius=2.0))} {area(Rect(width=3.0, height=1.5))}")


def parity(n):
    match n % 2:
        case 0:
            return "even"
        case _:
            return "odd"


def weekday(d):
    match d:
        case 0:
            return "Mon"
        case 1:
            return "Tue"
        case 5 | 6:
            return "weekend"
        case _:
            return "midweek"


print(f"parity: {parity(4)} {parity(7)}")
print(f"days: {weekday(0)} {weekday(1)} {weekday(3)} {weekday(6)}")


def quadrant(pt):
    match pt:
        case (0, 0):
            return "origin"
        case (0, _):
            return "on the y axis"
        case (_, 0):
            return "on the x axis"
        case (x, y) if x > 0 and y > 0:
            return "first quadrant"
        case _:
            return "elsewhere"


for pt in [(0, 0), (0, 5), (3, 0), (2, 2), (-1, 4)]:
    print(f"({pt[0]}, {pt[1]}): {quadrant(pt)}")


def where_is(p):
    match p:
        case Point(x=0, y=py):
            return f"on the y axis at y = {py}"
        case Point(x=px, y=0):
            return f"on the x axis at x = {px}"
        case _:
            return f"at ({p.x}, {p.y})"


print(where_is(Point(x=0, y=7)))
print(where_is(Point(x=3, y=0)))
print(where_is(Point(x=1, y=2)))

for color in ["red", "green", "blue"]:
    match color:
        case "red":
            print("stop")
        case "green":
            print("go")
        case other:
            print(f"unknown colour {other}")
