"""Hand-written Python equivalent of examples_spl/pure/digits_cnn.spl.

Uses pure_py (benchmarks/baselines/pure_py), the hand-written Python port of lib.pure,
as the Simple program uses lib.pure.
"""
from pure_py.data import DataLoader, Dataset, create_digits_dataset
from pure_py.metrics import accuracy
from pure_py.nn import (
    Conv2d,
    Flatten,
    Linear,
    MaxPool2d,
    ReLU,
    Sequential,
    count_parameters,
)
from pure_py.optim import Adam
from pure_py.tensor import manual_seed
from pure_py.training import Trainer, cross_entropy_loss


def main():
    manual_seed(0)
    train = create_digits_dataset(n=400, noise=0.1, seed=1)
    test = create_digits_dataset(n=100, noise=0.1, seed=2)
    print("=== Digits with Conv2d ===")
    print(f"train images: {train[0].shape}, test images: {test[0].shape}")
    model = Sequential.create([Conv2d.create(1, 8, 3, padding=1), ReLU.create(), MaxPool2d.create(2),
                               Flatten.create(), Linear.create(128, 10)])
    print(model)
    print(f"parameters: {count_parameters(model)}")
    loader = DataLoader.create(Dataset.create(train[0], train[1]), batch_size=32, shuffle=True, seed=5)
    trainer = Trainer.create(model, Adam.create(model.parameters(), lr=0.02), cross_entropy_loss)
    before = accuracy(model.forward(test[0]), test[1])
    history = trainer.fit(loader, epochs=15, verbose=False)
    for epoch in [0, 2, 4, 6, 8, 10, 12, 14]:
        print(f"epoch {epoch + 1}: loss = {history.losses[epoch]:.3f}")
    model.eval()
    after = accuracy(model.forward(test[0]), test[1])
    print(f"test accuracy: {before * 100.0:.0f}% before training, {after * 100.0:.0f}% after")
    print(f"loss fell by more than half: {str(history.losses[14] < history.losses[0] / 2.0).lower()}")


main()
