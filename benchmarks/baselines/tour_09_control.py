"""Hand-written Python equivalent of examples_spl/tour/09_control.spl."""


def grade(score):
    if score >= 90:
        return "A"
    elif score >= 80:
        return "B"
    elif score >= 70:
        return "C"
    return "F"


for score in [95, 85, 72, 10]:
    print(f"{score} -> {grade(score)}")

t = 7
if t > 5:
    print("t is big")
print("t is even" if t % 2 == 0 else "t is odd")

parity = "even" if t % 2 == 0 else "odd"
size = "small" if t < 3 else ("medium" if t < 10 else "large")
v = 9.5
clamped = 6.0 if v > 6.0 else (-6.0 if v < -6.0 else v)
print(f"parity {parity}, size {size}, clamped {clamped}")

sign_word = "positive" if t > 0 else "non-positive"
print(f"multi-line if-expression: {sign_word}")

if t > 3:
    doubled = t * 2
    bias_list = [doubled, doubled + 1]
else:
    bias_list = [0]
print(f"block branches yield their last expression: {bias_list}")

results = [x if x > 0.0 else 0.0 for x in [-1.5, 0.0, 2.5]]
print(f"relu via if-expression: {results}")

i = 0
total = 0
while i < 5:
    total = total + i
    i = i + 1
print(f"while: sum of 0..5 = {total}")

evens = []
for k in range(10):
    if k % 2 == 1:
        continue
    evens.append(k)
print(f"evens in 0..10: {evens}")
inclusive_sum = sum(range(11))
print(f"sum of 0..=10 = {inclusive_sum}")
n = 3
for k in range(n + 1):
    print(f"  k = {k} (0..n+1 is 0..(n+1))")
labels = ["cat", "dog", "bird"]
for idx, label in enumerate(labels):
    print(f"  {idx}: {label}")
for label, count in zip(labels, [3, 1, 2]):
    print(f"  {label} x{count}")
for idx, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(f"  pair {idx}: {a} + {b} = {a + b}")


def first_factor_pair(target):
    for a in range(1, 10):
        for b in range(1, 10):
            if a * b == target:
                return a, b
    return 0, 0


found = first_factor_pair(42)
print(f"first factor pair of 42: ({found[0]}, {found[1]})")

steps = 0
value = 27
while value != 1:
    value = value // 2 if value % 2 == 0 else 3 * value + 1
    steps += 1
print(f"Collatz steps from 27: {steps}")

p = 1
q = 2
print(f"p + q = {p + q}")


def not_yet():
    pass


not_yet()
for k in range(3):
    pass


class Marker:
    pass


print("() is the unit value: a do-nothing expression")


def first_negative(xs):
    for x in xs:
        if x < 0:
            return x
    return 0


print(f"first_negative: {first_negative([3, 1, -4, -1])} {first_negative([1, 2])}")
