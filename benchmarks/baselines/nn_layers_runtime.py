"""Hand-written Python equivalent of examples_spl/nn_layers_runtime.spl."""
import math


def fmt_row(row):
    return "[" + ", ".join(f"{v:.4f}" for v in row) + "]"


def argmax(row):
    best = 0
    for i in range(1, len(row)):
        if row[i] > row[best]:
            best = i
    return best


class Linear:
    def __init__(self, in_features, out_features, seed):
        self.in_features = in_features
        self.out_features = out_features
        scale = 2.0 / math.sqrt(in_features)
        self.weight = []
        for k in range(in_features * out_features):
            h = ((seed * 7919 + k) * 2654435761) % 4294967296
            self.weight.append((h / 4294967296.0 - 0.5) * scale)
        self.bias = [0.01 * (o + 1) for o in range(out_features)]

    def name(self):
        return f"Linear({self.in_features} -> {self.out_features})"

    def param_count(self):
        return len(self.weight) + len(self.bias)

    def forward(self, x):
        n_in = self.in_features
        out = []
        for row in x:
            y = []
            for o in range(self.out_features):
                s = self.bias[o]
                for i in range(n_in):
                    s = s + row[i] * self.weight[o * n_in + i]
                y.append(s)
            out.append(y)
        return out

    def scale_weights(self, k):
        self.weight = [w * k for w in self.weight]


class ReLU:
    def name(self):
        return "ReLU"

    def param_count(self):
        return 0

    def forward(self, x):
        return [[v if v > 0.0 else 0.0 for v in row] for row in x]


class Sigmoid:
    def name(self):
        return "Sigmoid"

    def param_count(self):
        return 0

    def forward(self, x):
        return [[1.0 / (1.0 + math.exp(-v)) for v in row] for row in x]


class Softmax:
    def name(self):
        return "Softmax"

    def param_count(self):
        return 0

    def forward(self, x):
        out = []
        for row in x:
            m = max(row)
            exps = [math.exp(v - m) for v in row]
            total = 0.0
            for e in exps:
                total = total + e
            out.append([e / total for e in exps])
        return out


class Sequential:
    def __init__(self, name, layers):
        self.name = name
        self.layers = layers
        self.training = True

    def add(self, layer):
        self.layers.append(layer)

    def eval(self):
        self.training = False

    def param_count(self):
        return sum(layer.param_count() for layer in self.layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def summary(self):
        print(f"{self.name} ({'train' if self.training else 'eval'} mode)")
        for i, layer in enumerate(self.layers):
            print(f"  ({i}) {layer.name():<18} params: {layer.param_count()}")
        print(f"  total parameters: {self.param_count()}")


def main():
    print("=== Network 1: 2 -> 4 -> 1 ===")
    net1 = Sequential("xor-net", [])
    net1.add(Linear(2, 4, 1))
    net1.add(ReLU())
    net1.add(Linear(4, 1, 2))
    net1.add(Sigmoid())
    net1.summary()
    xor_inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    out1 = net1.forward(xor_inputs)
    for row, out in zip(xor_inputs, out1):
        print(f"  {fmt_row(row)} -> {fmt_row(out)}")
    print("")

    print("=== Network 2: 10 -> 8 -> 3 ===")
    net2 = Sequential("classifier", [Linear(10, 8, 3), ReLU()])
    net2.add(Linear(8, 3, 4))
    net2.add(Softmax())
    net2.eval()
    net2.summary()
    batch = [[((b * 10 + f) % 7) / 7.0 - 0.3 for f in range(10)] for b in range(3)]
    probs = net2.forward(batch)
    for b, p in enumerate(probs):
        print(f"  sample {b}: probs {fmt_row(p)} sum {sum(p):.6f} -> class {argmax(p)}")
    print("")

    print("=== Layer by layer (sample 0 of network 2) ===")
    act = [batch[0]]
    for layer in net2.layers:
        act = layer.forward(act)
        print(f"  after {layer.name():<18} {fmt_row(act[0])}")
    print("")

    print("=== Mutating a layer through a `me` method ===")
    lin = Linear(2, 2, 5)
    print(f"  weight before: {fmt_row(lin.weight)}")
    lin.scale_weights(0.5)
    print(f"  weight after scale_weights(0.5): {fmt_row(lin.weight)}")
    print(f"  forward [[1.0, 2.0]] -> {fmt_row(lin.forward([[1.0, 2.0]])[0])}")


main()
