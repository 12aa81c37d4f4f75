"""Hand-written Python equivalent of examples_spl/tour/10_operators.spl."""


def b(v):
    return "true" if v else "false"


def square(x):
    return x * x


def add(x, y):
    return x + y


print(f"2 + 3 * 4 = {2 + 3 * 4}")
print(f"(2 + 3) * 4 = {(2 + 3) * 4}")
print(f"10 - 4 - 3 = {10 - 4 - 3}")
print(f"100 / 10 / 5 = {100 // 10 // 5}")
print(f"7 % 3 * 2 = {7 % 3 * 2}")
print(f"2 * 3 ** 2 = {2 * 3 ** 2}")
print(f"2 ** 3 ** 2 = {2 ** 3 ** 2}   (** is right-associative)")
print(f"-2 ** 2 = {(-2) ** 2}   (unary minus binds tighter than **)")
print(f"-(2 ** 2) = {-(2 ** 2)}")
print(f"-3 * -3 = {-3 * -3}, +5 = {+5}")
print(f"1 + 2.0 * 3 = {1 + 2.0 * 3}")

a, bb, c = 1, 5, 9
print(f"a < b and b < c: {b(a < bb and bb < c)}")
print(f"1 + 2 == 3: {b(1 + 2 == 3)}")
print(f"not 1 == 2: {b(not 1 == 2)}   (not is looser than ==)")
print(f"not false and false: {b(not False and False)}")
print(f"not (false and false): {b(not (False and False))}")
print(f"true or false and false: {b(True or False and False)}")
print(f"false and true or true: {b(False and True or True)}")
print(f"'apple' < 'banana': {b('apple' < 'banana')}, 2.5 >= 2: {b(2.5 >= 2)}, 3 != 3.0: {b(3 != 3.0)}")

print(f"5 & 3 = {5 & 3}, 5 | 3 = {5 | 3}, 5 ^ 3 = {5 ^ 3}, (5 xor 3) == 6: {b((5 ^ 3) == 6)}")
print(f"1 << 4 = {1 << 4}, 256 >> 2 = {256 >> 2}, ~5 = {~5}")
print(f"1 | 2 ^ 3 & 4 = {1 | 2 ^ 3 & 4}   (& before ^ before |)")
print(f"3 + 4 ^ 1 = {(3 + 4) ^ 1}, 1 << 2 + 1 = {1 << (2 + 1)}")
print(f"6 & 3 == 2: {b((6 & 3) == 2)}, 2 | 1 == 3: {b((2 | 1) == 3)}")

missing = None
print(f"missing ?? 1 + 1 = {missing if missing is not None else 1 + 1}")
print(f"missing ?? 2 == 2: {b((missing if missing is not None else 2) == 2)}")
print(f"missing ?? 1 | 2 = {missing if missing is not None else 1 | 2}")

xs = [1, 2, 3]
print(f"3 in xs: {b(3 in xs)}, not 4 in xs: {b(4 not in xs)}")

n = 2
collected = list(range(n + 1))
print(f"0..n + 1 -> {collected}")

p1 = square(3)
p2 = add(3, 4)
p3 = square(square(2))
p4 = square(1 + 2)
print(f"3 |> square = {p1}, 3 |> add(4) = {p2}, 2 |> square |> square = {p3}, 1 + 2 |> square = {p4}")


def noisy(label, value):
    print(f"  evaluated {label}")
    return value


print("false and noisy(...):")
r1 = False and noisy("rhs of and", True)
print(f"  -> {b(r1)}")
print("true or noisy(...):")
r2 = True or noisy("rhs of or", False)
print(f"  -> {b(r2)}")
print("true and noisy(...):")
r3 = True and noisy("rhs of and", False)
print(f"  -> {b(r3)}")
