"""Hand-written Python equivalent of examples_spl/pure/xor_sequential_adam.spl.

Uses pure_py (benchmarks/baselines/pure_py), the hand-written Python port of lib.pure,
as the Simple program uses lib.pure.
"""
from pure_py.autograd import Tensor, backward
from pure_py.data import Dataset, create_xor_dataset
from pure_py.nn import Linear, Sequential, Sigmoid, Tanh, count_parameters
from pure_py.optim import Adam
from pure_py.tensor import manual_seed
from pure_py.training import accuracy, binary_cross_entropy_loss


def main():
    manual_seed(42)
    data = Dataset.from_pairs(create_xor_dataset())
    x = Tensor(data.x)
    y = Tensor(data.y)
    model = Sequential.create([Linear.create(2, 8), Tanh.create(), Linear.create(8, 1), Sigmoid.create()])
    print("=== XOR: Sequential + Adam ===")
    print(model)
    print(f"parameters: {count_parameters(model)}")
    optimizer = Adam.create(model.parameters(), lr=0.05)
    first_loss = 0.0
    last_loss = 0.0
    for epoch in range(300):
        optimizer.zero_grad()
        loss = binary_cross_entropy_loss(model.forward(x), y)
        backward(loss)
        optimizer.step()
        last_loss = loss.item()
        if epoch == 0:
            first_loss = last_loss
        if epoch % 50 == 0 or epoch == 299:
            print(f"epoch {epoch + 1:>3}: loss = {last_loss:.4f}")
    model.eval()
    pred = model.forward(x)
    print()
    print("predictions:")
    for i in range(4):
        a = data.x.get([i, 0])
        b = data.x.get([i, 1])
        print(f"  {a} xor {b} -> {pred.value.data.flat[i]:.3f} (target {data.y.data.flat[i]})")
    print(f"accuracy: {accuracy(pred, y) * 100.0:.1f}%")
    print(f"loss fell from {first_loss:.4f} to {last_loss:.4f}: {str(last_loss < first_loss / 10.0).lower()}")


main()
