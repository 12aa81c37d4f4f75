"""Hand-written Python equivalent of examples_spl/pure/linear_regression_trainer.spl.

Uses pure_py (benchmarks/baselines/pure_py), the hand-written Python port of lib.pure,
as the Simple program uses lib.pure.
"""
from pure_py.data import DataLoader, Dataset, create_linear_dataset
from pure_py.nn import Linear
from pure_py.optim import SGD
from pure_py.tensor import PureTensor, manual_seed
from pure_py.training import Trainer, mse_loss


def main():
    manual_seed(1)
    data = Dataset.from_pairs(create_linear_dataset(num_samples=32, slope=2.0, intercept=1.0, noise=0.05))
    print("=== Linear regression with Trainer ===")
    model = Linear.create(1, 1)
    loader = DataLoader.create(data, batch_size=8, shuffle=True, seed=3)
    trainer = Trainer.create(model, SGD.create(model.parameters(), lr=0.3, momentum=0.5), mse_loss)
    before = trainer.evaluate_loss(data)
    print(f"loss before training: {before:.4f}")
    trainer.fit(loader, epochs=60, verbose=True, log_every=10)
    w = model.weight.value.data.flat[0]
    b = model.bias.value.data.flat[0]
    print(f"learned: y = {w:.2f} x + {b:.2f} (true: y = 2.00 x + 1.00)")
    print(f"final loss: {trainer.get_final_loss():.4f}, fell below 1% of the start: "
          f"{str(trainer.get_final_loss() < before / 100.0).lower()}")
    probe = model.forward(PureTensor.from_data([0.5], [1, 1]))
    print(f"prediction at x = 0.5: {probe.item():.2f}")


main()
