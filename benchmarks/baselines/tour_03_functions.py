"""Hand-written Python equivalent of examples_spl/tour/03_functions.spl."""


def add(a, b):
    return a + b


def square(x):
    return x * x


def greet(name, greeting="Hello"):
    return f"{greeting}, {name}!"


def area(width, height):
    return width * height


def sign(x):
    if x < 0:
        return "negative"
    if x == 0:
        return "zero"
    return "positive"


def clamp(v, lo=0.0, hi=1.0):
    if v < lo:
        return lo
    elif v > hi:
        return hi
    return v


def log_line(msg):
    print(f"[log] {msg}")


def factorial(n):
    return 1 if n <= 1 else n * factorial(n - 1)


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


print(f"add(2, 3) = {add(2, 3)}, square(7) = {square(7)}")
print(greet("Ada"))
print(greet("Bob", greeting="Hi"))
print(greet(greeting="Hey", name="Cy"))
print(f"area = {area(height=2.0, width=3.5)}")
print(f"{sign(-5)} {sign(0)} {sign(9)}")
print(f"clamp: {clamp(1.7)} {clamp(-0.2)} {clamp(0.25)} {clamp(5.0, hi=10.0)}")
log_line("functions without a return type return nothing")
print(f"10! = {factorial(10)}, fib(30) = {fib(30)}")

op = add
print(f"op(4, 5) = {op(4, 5)}")


def apply_twice(f, x):
    return f(f(x))


print(f"apply_twice(square, 3) = {apply_twice(square, 3)}")

double = lambda x: x * 2
plus = lambda a, b: a + b
answer = lambda: 42
inc = lambda x: x + 1
print(f"double(21) = {double(21)}, plus(2, 3) = {plus(2, 3)}, answer() = {answer()}, inc(9) = {inc(9)}")
times10 = apply_twice(lambda x: x * 10, 7)
print(f"apply_twice with a lambda: {times10}")


def describe(n):
    kind = "even" if n % 2 == 0 else "odd"
    return f"{n} is {kind}"


print(describe(7))
print(describe(10))

base = 10
add_base = lambda x: x + base
print(f"add_base(1) with base 10 = {add_base(1)}")
base = 20
print(f"add_base(1) with base 20 = {add_base(1)}")


def make_adder(n):
    return lambda x: x + n


add5 = make_adder(5)
add100 = make_adder(100)
print(f"add5(1) = {add5(1)}, add100(1) = {add100(1)}")


def compose(f, g):
    return lambda x: g(f(x))


square_then_inc = compose(square, inc)
print(f"square_then_inc(4) = {square_then_inc(4)}")


def word_stats(sentence):
    n_words = len(sentence.split(" "))
    return f"{n_words} words"


print(word_stats("the quick brown fox"))
say = print
say("print is an ordinary value: this line was printed through `say`")
