"""Hand-written Python equivalent of examples_spl/tour/01_basics.spl."""
import math


def b(v):
    return "true" if v else "false"


def idiv(a, c):
    # Simple's int / int truncates toward zero.
    q = abs(a) // abs(c)
    return q if (a < 0) == (c < 0) else -q


def imod(a, c):
    # Simple's % takes the sign of the dividend.
    return a - c * idiv(a, c)


def round_half_away(x):
    return math.copysign(math.floor(abs(x) + 0.5), x)


n = 4
total = 0.0
total = total + 1.5
total += 2.0
print(f"n = {n}, total = {total}")
names = ["héllo, 世界"]
print(f"{names[0]} has {len(names[0])} characters")
qx, qy = 3, 4
print(f"qx = {qx}, qy = {qy}")

print(1_000_000)
print(0x1F, 0xFF_FF, 0b1010_0101, 0o755)
print(3.14, 1.5e-10, 1e3, 2.5E-3, 1_234.5_6)

print(f"7 / 2 = {idiv(7, 2)}")
print(f"-7 / 2 = {idiv(-7, 2)}")
print(f"7 / -2 = {idiv(7, -2)}")
print(f"-7 % 2 = {imod(-7, 2)}")
print(f"7 % -2 = {imod(7, -2)}")
print(f"-7.5 % 2.0 = {math.fmod(-7.5, 2.0)}")
print(f"7.5 % 2.0 = {math.fmod(7.5, 2.0)}")
print(f"7.fdiv(2) = {7 // 2}")
print(f"(-7).fdiv(2) = {-7 // 2}")
print(f"10 / 2 == 5: {b(idiv(10, 2) == 5)}")
print(f"2 + 3 * 4 ** 2 / 8 = {2 + idiv(3 * 4 ** 2, 8)}")

print(f"1 + 2.5 = {1 + 2.5}")
print(f"7 / 2.0 = {7 / 2.0}")
print(f"3 * 0.5 = {3 * 0.5}")
print(f"10 - 0.25 = {10 - 0.25}")
print(f"2 < 2.5: {b(2 < 2.5)}")
print(f"1 == 1.0: {b(1 == 1.0)}")
print(f"2 ** 10 = {2 ** 10}, 2.0 ** 3 = {2.0 ** 3}, 9.0 ** 0.5 = {9.0 ** 0.5}")
count = 3
mean = 10.0 / count
print(f"mean = {mean}")

print(f"2.0.sqrt() = {math.sqrt(2.0)}")
print(f"(-3.5).abs() = {abs(-3.5)}")
print(f"2.5.round() = {round_half_away(2.5)}, (-2.5).round() = {round_half_away(-2.5)}, "
      f"2.4.round() = {round_half_away(2.4)}")
print(f"3.7.to_int() = {int(3.7)}, (-3.7).to_int() = {int(-3.7)}")
print(f"int(9.99) = {int(9.99)}")
print(f"1.0.exp() = {math.exp(1.0)}")
print(f"0.5.tanh() = {math.tanh(0.5)}")


def tab_indented():
    return "body indented with a tab"


print(tab_indented())
