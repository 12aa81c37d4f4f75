"""Hand-written Python equivalent of examples_spl/xor_training_runtime.spl."""
import math

HIDDEN = 4


def init_weight(i):
    return (((i * 2654435761) % 1000) / 1000.0 - 0.5) * 2.0


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


class XorNet:
    def __init__(self):
        self.w1 = [init_weight(i + 1) for i in range(2 * HIDDEN)]
        self.b1 = [0.0] * HIDDEN
        self.w2 = [init_weight(j + 101) for j in range(HIDDEN)]
        self.b2 = 0.0

    def hidden(self, x):
        w1, b1 = self.w1, self.b1
        return [math.tanh(x[0] * w1[j] + x[1] * w1[HIDDEN + j] + b1[j]) for j in range(HIDDEN)]

    def output(self, h):
        z = self.b2
        for j in range(HIDDEN):
            z = z + h[j] * self.w2[j]
        return sigmoid(z)

    def predict(self, x):
        return self.output(self.hidden(x))

    def train_epoch(self, xs, ys, lr):
        n = len(xs)
        gw1 = [0.0] * (2 * HIDDEN)
        gb1 = [0.0] * HIDDEN
        gw2 = [0.0] * HIDDEN
        gb2 = 0.0
        loss = 0.0
        for x, y in zip(xs, ys):
            h = self.hidden(x)
            p = self.output(h)
            diff = p - y
            loss = loss + diff * diff
            dz = 2.0 * diff * p * (1.0 - p)
            gb2 = gb2 + dz
            for j in range(HIDDEN):
                gw2[j] = gw2[j] + dz * h[j]
                dh = dz * self.w2[j] * (1.0 - h[j] * h[j])
                gb1[j] = gb1[j] + dh
                gw1[j] = gw1[j] + dh * x[0]
                gw1[HIDDEN + j] = gw1[HIDDEN + j] + dh * x[1]
        for i in range(2 * HIDDEN):
            self.w1[i] = self.w1[i] - lr * gw1[i] / n
        for j in range(HIDDEN):
            self.b1[j] = self.b1[j] - lr * gb1[j] / n
            self.w2[j] = self.w2[j] - lr * gw2[j] / n
        self.b2 = self.b2 - lr * gb2 / n
        return loss / n


def main():
    xs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    ys = [0.0, 1.0, 1.0, 0.0]
    net = XorNet()
    epochs = 1000
    lr = 1.0
    report_every = 100
    print(f"Training 2-{HIDDEN}-1 net on XOR: {epochs} epochs, lr = {lr}")
    first_loss = last_loss = 0.0
    for epoch in range(epochs):
        loss = net.train_epoch(xs, ys, lr)
        if epoch == 0:
            first_loss = loss
        last_loss = loss
        if epoch % report_every == 0 or epoch == epochs - 1:
            print(f"  epoch {epoch:>4}: loss = {loss:.6f}")
    print(f"loss fell from {first_loss:.6f} to {last_loss:.6f}: {'true' if last_loss < first_loss else 'false'}")
    print("")
    print("Final predictions:")
    correct = 0
    for i, x in enumerate(xs):
        p = net.predict(x)
        label = 1 if p > 0.5 else 0
        if label == int(ys[i]):
            correct += 1
        print(f"  {int(x[0])} xor {int(x[1])} -> {p:.4f} (class {label}, target {int(ys[i])})")
    print(f"accuracy: {correct}/{len(xs)}")


main()
