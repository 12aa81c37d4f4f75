"""Hand-written Python equivalent of examples_spl/tour/06_collections.spl."""


def show(v):
    """Simple's printing rules for lists, tuples, dicts and scalars."""
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(show(x) for x in v) + "]"
    if isinstance(v, tuple):
        return "(" + ", ".join(show(x) for x in v) + ")"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{show(k)}: {show(x)}" for k, x in v.items()) + "}"
    return str(v)


xs = [3, 1, 4, 1, 5]
xs.append(9)
print(f"xs = {xs}, len {len(xs)} / {len(xs)}")
print(f"first {xs[0]}, last {xs[len(xs) - 1]}")
xs[1] = 10
print(f"after xs[1] = 10: {xs}")
popped = xs.pop()
print(f"pop() -> {popped}, xs = {xs}")
xs.insert(0, 7)
print(f"insert(0, 7): {xs}")
print(f"contains(4): {show(4 in xs)}, 4 in xs: {show(4 in xs)}, 8 in xs: {show(8 in xs)}")
print(f"index_of(4): {xs.index(4)}")

alias = xs
alias.append(2)
print(f"after alias.push(2): xs = {xs}")

print(f"sum {sum(xs)}, max {max(xs)}, min {min(xs)}")
print(f"sort() -> {sorted(xs)}, reverse() -> {xs[::-1]}")
print(f"xs itself is unchanged: {xs}")
print(f"slice(1, 3) -> {xs[1:3]}")
doubled = [x * 2 for x in xs]
odds = [x for x in xs if x % 2 == 1]
all_positive = all(x > 0 for x in xs)
any_big = any(x > 8 for x in xs)
print(f"map doubled -> {doubled}")
print(f"filter odd -> {odds}")
print(f"all positive: {show(all_positive)}, any > 8: {show(any_big)}")
for i, x in enumerate(xs):
    if i < 3:
        print(f"  xs[{i}] = {x}")
names = ["a", "b", "c"]
scores = [0.5, 0.25, 0.125]
for name, score in zip(names, scores):
    print(f"  {name}: {score}")
print(f"concat: {[1, 2] + [3]}")
print(f"join: {'-'.join(names)}")
print(f"equal lists: {show([1, 2, 3] == [1, 2, 3])}, {show([1, 2] == [2, 1])}")
tmp = [1, 2, 3]
tmp.clear()
print(f"after clear: {tmp} (len {len(tmp)})")

ys = [0, 10, 20, 30, 40, 50]
print(f"ys[1..] = {ys[1:]}")
print(f"ys[:2] = {ys[:2]}")
print(f"ys[1:3] = {ys[1:3]}")
print(f"ys[2:] = {ys[2:]}")
print(f"ys[1..4] = {ys[1:4]}")

grid = [[1, 2, 3], [4, 5, 6]]
grid[1][2] = 60
print(f"grid = {grid}, grid[1][2] = {grid[1][2]}")

squares = [x * x for x in range(6)]
even_squares = [x * x for x in range(10) if x % 2 == 0]
odd_cubes = [x * x * x for x in range(10) if x % 2 == 1]
print(f"squares {squares}")
print(f"even squares {even_squares}")
print(f"odd cubes {odd_cubes}")
inclusive = list(range(1, 6))
print(f"1..=5 -> {inclusive}")

ages = {"ada": 36, "alan": 41}
ages["grace"] = 85
ages["ada"] = 37
print(show(ages))
print(f"ages['alan'] = {ages['alan']}, len {len(ages)}")
print(f"'grace' in ages: {show('grace' in ages)}, 'bob' in ages: {show('bob' in ages)}")
print(f"get('bob') = {show(ages.get('bob'))}, get('bob', 0) = {ages.get('bob', 0)}")
print(f"keys {show(list(ages.keys()))}")
print(f"values {show(list(ages.values()))}")
for k, v in ages.items():
    print(f"  {k} -> {v}")

counts = {}
for w in "the cat saw the dog and the bird".split(" "):
    counts[w] = counts.get(w, 0) + 1
print(show(counts))

word_lengths = {w: len(w) for w in ["tensor", "grad", "loss"]}
squares_by_n = {n: n * n for n in range(1, 4)}
print(show(word_lengths))
print(show(squares_by_n))

t = (1, "two", 3.0)
print(f"t = {show(t)}, t.0 = {t[0]}, t.2 = {t[2]}")
a, b = 10, 20
c, d = b, a
print(f"swapped: c = {c}, d = {d}")


def min_max(values):
    return min(values), max(values)


lo, hi = min_max([4, 8, 1, 9])
print(f"min_max -> ({lo}, {hi})")
pairs = [(1, "one"), (2, "two")]
for num, word in pairs:
    print(f"  {num} is {word}")
