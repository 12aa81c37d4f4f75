"""Hand-written Python equivalent of examples_spl/tour/04_classes.spl."""
import math


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __str__(self):
        return f"Point(x: {self.x}, y: {self.y})"

    def norm(self):
        return math.sqrt(self.x * self.x + self.y * self.y)

    def shift(self, dx, dy):
        self.x = self.x + dx
        self.y = self.y + dy

    @staticmethod
    def origin():
        return Point(0.0, 0.0)

    # trait Printable
    def stringify(self):
        return f"({self.x}, {self.y})"

    def print_self(self):
        print(self.stringify())


class Config:
    def __init__(self, name, lr=0.01, epochs=10):
        self.name = name
        self.lr = lr
        self.epochs = epochs

    def __str__(self):
        return f"Config(name: {self.name}, lr: {self.lr}, epochs: {self.epochs})"


p = Point(x=3.0, y=4.0)
q = Point(y=2.0, x=1.0)
r = Point(5.0, 6.0)
s = Point(x=7.0, y=8.0)
print(p)
print(q)
print(r)
print(s)
print(f"|p| = {p.norm()}")
print(Config("default"))
print(Config("long run", epochs=100))
print(Config("positional", 0.5))

m = Point.origin()
m.shift(1.5, -2.0)
print(f"after shift: {m}")
m.x = 10.0
print(f"after m.x = 10.0: {m}")

a = Point(1.0, 1.0)
b = a
b.shift(1.0, 0.0)
print(f"a after shifting b: {a}")


def move_right(pt, steps):
    return Point(pt.x + steps, pt.y)


print(f"move_right(a, 3) = {move_right(a, 3)}, a unchanged: {a}")


class Counter:
    def __init__(self, count=0):
        self.count = count

    def tick(self):
        self.count = self.count + 1


class Holder:
    def __init__(self, counter):
        self.counter = counter


shared_counter = Counter()
h1 = Holder(shared_counter)
h2 = Holder(shared_counter)
shared_counter.tick()
shared_counter.tick()
print(f"both holders see the shared counter: {h1.counter.count} {h2.counter.count}")


class Vec2:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __str__(self):
        return f"Vec2(x: {self.x}, y: {self.y})"

    def add(self, other):
        return Vec2(self.x + other.x, self.y + other.y)

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def scale(self, k):
        self.x = self.x * k
        self.y = self.y * k


v = Vec2(1.0, 2.0)
w = Vec2(0.5, -1.0)
print(f"v + w = {v.add(w)}, v . w = {v.dot(w)}")
v.scale(3.0)
print(f"v scaled by 3: {v}")

p.print_self()
Point.origin().print_self()


class Shape:
    def describe(self):
        return f"{self.name()} with area {self.area()}"


class Rect(Shape):
    def __init__(self, w, h):
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    def name(self):
        return f"Rect {self.w}x{self.h}"


class Circle(Shape):
    def __init__(self, radius):
        self.radius = radius

    def area(self):
        return 3.0 * self.radius * self.radius

    def name(self):
        return f"Circle r={self.radius}"


shapes = [Rect(2.0, 3.0), Circle(1.5), Rect(0.5, 0.5)]
for shape in shapes:
    print(shape.describe())
total_area = 0.0
for shape in shapes:
    total_area = total_area + shape.area()
print(f"total area = {total_area}")
