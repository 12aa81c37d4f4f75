"""Hand-written Python equivalent of examples_spl/tour/14_generics_extern.spl."""


def show(v):
    if v is None:
        return "nil"
    if isinstance(v, list):
        return "[" + ", ".join(show(x) for x in v) + "]"
    return str(v)


class Box:
    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value

    @staticmethod
    def of(v):
        return Box(v)

    def __str__(self):
        return f"Box(value: {show(self.value)})"


class Pair:
    def __init__(self, first, second):
        self.first = first
        self.second = second

    def __str__(self):
        return f"Pair(first: {self.first}, second: {self.second})"


def swap(p):
    return Pair(p.second, p.first)


class Dog:
    def __init__(self, sound="woof"):
        self.sound = sound

    def name(self):
        return "dog"

    def __str__(self):
        return "Dog()"


def identity(x):
    return x


def first_of(xs):
    return xs[0]


def largest(xs):
    best = xs[0]
    for x in xs:
        if x > best:
            best = x
    return best


def greet(x):
    return f"hello, {x.name()}"


def maybe_first(xs):
    return f"Some({xs[0]})" if xs else None


class PureTensor:
    def __init__(self, data, shape):
        self.data = data
        self.shape = shape

    @staticmethod
    def zeros(shape):
        n = 1
        for d in shape:
            n = n * d
        data = []
        for i in range(n):
            data.append(0.0)
        return PureTensor(data, shape)

    @staticmethod
    def from_data(data, shape):
        return PureTensor(data, shape)

    def numel(self):
        return len(self.data)

    def map(self, f):
        return PureTensor([f(x) for x in self.data], self.shape)

    def __str__(self):
        return f"PureTensor(data: {self.data}, shape: {self.shape})"


b1 = Box(5)
b2 = Box.of("five")
b3 = Box.of(5.5)
print(f"{b1} {b2} {b3}")
print(f"b1.get() + 1 = {b1.get() + 1}")

pair = Pair(1, "one")
print(f"{pair} swapped: {swap(pair)}")

print(f"identity<T>: {identity(42)} {identity('text')} {show(identity([1.5]))}")
print(f"first_of[T]: {first_of([7, 8, 9])}")
print(f"largest: {largest([3, 9, 2])} {largest([0.5, -1.0])}")
print(greet(Dog()))
empty = maybe_first([])
print(f"maybe_first: {maybe_first([4, 5])} {empty if empty is not None else 'empty'}")

t = PureTensor.zeros([2, 3])
u = PureTensor.zeros([4])
print(f"PureTensor<f64>.zeros([2, 3]) -> {t} with {t.numel()} elements")
print(f"PureTensor.zeros([4]) -> {u}")
v = PureTensor.from_data([1.0, -2.0, 3.0], [3])
doubled = v.map(lambda x: x * 2.0)
print(f"from_data + map: {doubled}")

annotated = []
annotated.append(t)
annotated.append(u)
print(f"a [PureTensor<f64>] list holding {len(annotated)} tensors")

print("extern functions declared (not called)")
