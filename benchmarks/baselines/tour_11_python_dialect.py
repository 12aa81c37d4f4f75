"""Hand-written Python equivalent of examples_spl/tour/11_python_dialect.spl."""


def show_dict(d):
    return "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"


print("=" * 70)
print("Python-style print() calls")
print()
print("loss:", 0.25, "acc:", 0.9)

lr = 0.001
epochs = 3
print(f"lr = {lr}, epochs = {epochs}")
print(f"lr in scientific notation: {lr:.1e}")
print(f"""f-triple-quoted: lr = {lr}""")
print("""plain triple quotes do not interpolate: {lr}""")


def describe(name, count, scale):
    return f"{name}: {count} x {scale} = {count * scale}"


print(describe("batch", 4, 0.5))
small = 200
wide = -300
print(f"u8 value {small}, i16 value {wide}, sum {small + wide}")

config = {"lr": 0.1, "momentum": 0.9}
config["weight_decay"] = 0.0001
print(show_dict(config))
print(f"keys: [{', '.join(config.keys())}], len {len(config)}")
if "momentum" in config:
    print(f"momentum = {config['momentum']}")
print(f"dropout = nil, with default {config.get('dropout', 0.5)}")
for key, value in config.items():
    print(f"  {key:<14}{value}")


def train(model, epochs=1, lr=0.01):
    return f"train {model} for {epochs} epochs at lr {lr}"


print(train("mlp", epochs=5, lr=0.05))
print(train("cnn", lr=0.2))
print(train(model="rnn"))

x = 10
x += 5
print(f"x += 5 -> {x}")
x -= 3
print(f"x -= 3 -> {x}")
x *= 4
print(f"x *= 4 -> {x}")
x //= 5          # Simple's int /= int truncates (x is positive here)
print(f"x /= 5 -> {x}")
x %= 4
print(f"x %= 4 -> {x}")
y = 1.5
y *= 3
y += 0.25
print(f"y = {y}")
names = "a"
names += "b"
print(f"names = {names}")


class Trainer:
    def __init__(self, name, lr=0.1):
        self.name = name
        self.lr = lr
        self.steps = 0
        self.history = []

    def step(self, loss):
        self.steps += 1
        self.history.append(loss * self.lr)

    def summary(self):
        return f"{self.name}: {self.steps} steps, history {self.history}"


trainer = Trainer("sgd", lr=0.5)
trainer.step(1.0)
trainer.step(0.5)
print(trainer.summary())
positional = Trainer("adam", 0.01)
print(f"{positional.name} lr = {positional.lr}, steps = {positional.steps}")

nothing = None
print(f"None prints as nil; None == nil: {'true' if nothing is None else 'false'}")
chosen = nothing if nothing is not None else "fallback"
print(f"None ?? 'fallback' -> {chosen}")
print("=" * 70)
