"""Hand-written Python equivalent of examples_spl/tour/02_printing.spl."""
import sys


def show(v):
    """Simple's printing rules."""
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(show(x) for x in v) + "]"
    return str(v)


class Person:
    def __init__(self, name, age):
        self.name = name
        self.age = age

    def __str__(self):
        return f"Person(name: {self.name}, age: {self.age})"


class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius

    def __str__(self):
        return f"{self.celsius} °C"


print(1.0)
print(0.1)
print(0.1 + 0.2)
print(1e-07)
print(0.0000001)
print(100.0 / 3.0)
print(2.0 * 3)
print(-0.5)

print(42)
print("true")
print("false")
print("nil")
print("text prints as itself")

print(show([1, 2.5, "a"]))
print(show([[1, 2], [3, 4]]))
print(show([True, None, 0.1 + 0.2]))
print(show([]))

ada = Person("Ada", 36)
t = Temperature(21.5)
print(ada)
print(t)
print(f"interpolated: {ada} / {t}")
print(show([t, Temperature(-4.0)]))
print(show([ada]))

print("paren-less call")
print("parenthesised call")
print("several", "values:", 1, 2.5, "true")
print("println is print")
print("eprint goes to stderr (not part of stdout)", file=sys.stderr)
print("")
print("after an empty line")

xs = [10, 20, 30]
print(f"n + 1 = {len(xs) + 1}, first = {xs[0]}, name = {ada.name}, sum = {xs[0] + xs[2]}")

pi = 3.14159265
ratio = 0.8567
word = "abc"
big = 1234567
print(f"pi:.4f   -> {pi:.4f}")
print(f"pi:.2f   -> {pi:.2f}")
print(f"ratio:.2% -> {ratio:.2%}")
print(f"ratio:.0% -> {ratio:.0%}")
print(f"word:>8  -> [{word:>8}]")
print(f"word:<8  -> [{word:<8}]")
print(f"word:^9  -> [{word:^9}]")
print(f"big:,    -> {big:,}")
print(f"big:e    -> {big:e}")
print(f"pi:10.3f -> [{pi:10.3f}]")
print(f"7:03d    -> {7:03d}")
print(f"255:x    -> {255:x}")
print(f"xs[1] * pi:.1f -> {xs[1] * pi:.1f}")

print("{braces} are doubled")
print("{escaped} braces")
print("single quotes keep {braces} literal")

ok = True
cfg = {"name": "demo", "lr": "0.01"}
print(f"status: {'yes' if ok else 'no'}")
print(f"status: {'yes' if not ok else 'no'}")
print(f"config name: {cfg.get('name')}")
print("escapes: tab[\t] quote[\"] backslash[\\]")
print("two\nlines")
