"""Hand-written Python equivalent of examples_spl/pure/iris_classification.spl.

Uses pure_py (benchmarks/baselines/pure_py), the hand-written Python port of lib.pure,
as the Simple program uses lib.pure.
"""
from pure_py.data import DataLoader, IrisDataset
from pure_py.metrics import accuracy, confusion_matrix
from pure_py.nn import Linear, ReLU, Sequential
from pure_py.optim import Adam
from pure_py.tensor import manual_seed
from pure_py.training import Trainer, cross_entropy_loss


def main():
    manual_seed(0)
    iris = IrisDataset.load_builtin().standardized()
    parts = iris.split_sets(0.8, seed=42)
    train = parts[0]
    test = parts[1]
    print("=== Iris classification ===")
    print(f"samples: {len(iris)} ({len(train)} train, {len(test)} test), "
          f"classes: [{', '.join(iris.class_names)}]")
    model = Sequential.create([Linear.create(4, 16), ReLU.create(), Linear.create(16, 3)])
    loader = DataLoader.create(train.to_dataset(), batch_size=16, shuffle=True, seed=7)
    trainer = Trainer.create(model, Adam.create(model.parameters(), lr=0.01), cross_entropy_loss)
    history = trainer.fit(loader, epochs=40, verbose=False)
    for epoch in [1, 10, 20, 30, 40]:
        print(f"epoch {epoch:>2}: loss = {history.losses[epoch - 1]:.3f}")
    model.eval()
    train_acc = accuracy(model.forward(train.features), train.labels)
    test_out = model.forward(test.features)
    test_acc = accuracy(test_out, test.labels)
    print(f"train accuracy: {train_acc * 100.0:.1f}%")
    print(f"test accuracy:  {test_acc * 100.0:.1f}%")
    print("confusion matrix (rows = true class):")
    for row in confusion_matrix(test_out, test.labels, 3):
        print(f"  {row}")
    print(f"test accuracy >= 90%: {str(test_acc >= 0.9).lower()}")


main()
