"""Hand-written Python equivalent of examples_spl/data_utils_runtime.spl."""
import math


def round_half_away(x):
    return math.copysign(math.floor(abs(x) + 0.5), x)


class Rng:
    def __init__(self, state):
        self.state = state

    def next(self):
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return self.state

    def below(self, n):
        return (self.next() // 65536) % n

    def uniform(self):
        return self.next() / 2147483648.0

    def shuffle(self, xs):
        out = list(xs)
        for i in range(len(out) - 1, 0, -1):
            j = self.below(i + 1)
            out[i], out[j] = out[j], out[i]
        return out


def make_batches(xs, batch_size):
    return [xs[start:start + batch_size] for start in range(0, len(xs), batch_size)]


def train_test_split(xs, test_fraction):
    n_test = int(round_half_away(len(xs) * test_fraction))
    n_train = len(xs) - n_test
    return xs[:n_train], xs[n_train:]


def column(rows, c):
    return [row[c] for row in rows]


def min_max_normalise(values):
    lo = min(values)
    hi = max(values)
    span = hi - lo
    return [(v - lo) / span if span > 0.0 else 0.0 for v in values]


def round4(x):
    return round_half_away(x * 10000.0) / 10000.0


def text_list(xs):
    return "[" + ", ".join(str(x) for x in xs) + "]"


def main():
    print("=== Seeded generator ===")
    rng = Rng(42)
    first = [rng.next() for _ in range(5)]
    print(f"first five states from seed 42: {first}")
    again = Rng(42)
    print(f"same seed, same first value: {'true' if again.next() == first[0] else 'false'}")
    total = 0.0
    for _ in range(1000):
        total = total + rng.uniform()
    print(f"mean of 1000 uniforms: {total / 1000.0:.4f}")
    counts = [0] * 6
    for _ in range(600):
        counts[rng.below(6)] += 1
    print(f"600 dice rolls, counts per face: {counts} (sum {sum(counts)})")
    print("")

    print("=== Fisher-Yates shuffle ===")
    shuffler = Rng(2024)
    indices = list(range(10))
    shuffled = shuffler.shuffle(indices)
    print(f"original: {indices}")
    print(f"shuffled: {shuffled}")
    print(f"same elements: {'true' if sorted(shuffled) == indices else 'false'}")
    names = ["ant", "bee", "cat", "dog", "eel"]
    print(f"names shuffled: {text_list(shuffler.shuffle(names))}")
    print("")

    print("=== Mini-batches (batch size 4) ===")
    batches = make_batches(shuffled, 4)
    for b, batch in enumerate(batches):
        print(f"batch {b}: {batch} ({len(batch)} items)")
    print(f"{len(batches)} batches")
    print("")

    print("=== Train/test split (20% test) ===")
    train_idx, test_idx = train_test_split(shuffled, 0.2)
    print(f"train ({len(train_idx)}): {train_idx}")
    print(f"test  ({len(test_idx)}): {test_idx}")
    print("")

    print("=== Min-max normalisation ===")
    data = []
    for i in range(6):
        height = 150.0 + 5.0 * i + (i % 3) * 1.5
        weight = 50.0 + 4.5 * ((i * 5) % 6)
        data.append([height, weight])
    print(f"raw rows: {data}")
    heights = min_max_normalise(column(data, 0))
    weights = min_max_normalise(column(data, 1))
    for i in range(len(data)):
        print(f"  row {i}: height {round4(heights[i])}, weight {round4(weights[i])}")
    print(f"normalised heights span [{min(heights)}, {max(heights)}]")


main()
