"""Hand-written Python equivalent of examples_spl/pure/char_attention.spl.

Uses pure_py (benchmarks/baselines/pure_py), the hand-written Python port of lib.pure,
as the Simple program uses lib.pure.
"""
from pure_py.autograd import Tensor, backward, tensor_add
from pure_py.nn import (
    Embedding,
    LayerNorm,
    Linear,
    MultiHeadAttention,
    count_parameters,
)
from pure_py.optim import Adam
from pure_py.tensor import PureTensor, manual_seed
from pure_py.tensor_ops import argmax
from pure_py.training import cross_entropy_loss


class CharModel:
    """A character-level attention model: token + position embeddings, one causal
    self-attention layer, LayerNorm and a linear read-out."""

    def __init__(self, tok: Embedding, pos: Embedding, attn: MultiHeadAttention, norm: LayerNorm, head: Linear):
        self.tok = tok
        self.pos = pos
        self.attn = attn
        self.norm = norm
        self.head = head

    def forward(self, ids: list) -> Tensor:
        positions = []
        for i in range(len(ids)):
            positions.append(i)  # noqa: PERF402 - as the Simple program builds it
        x = tensor_add(self.tok.forward(ids), self.pos.forward(positions))
        h = tensor_add(x, self.attn.forward(self.norm.forward(x)))
        return self.head.forward(h)

    def parameters(self) -> list:
        return (self.tok.parameters() + self.pos.parameters() + self.attn.parameters()
                + self.norm.parameters() + self.head.parameters())


def encode(s: str, vocab: list) -> list:
    ids = []
    for ch in s:
        ids.append(vocab.index(ch))
    return ids


def main():
    manual_seed(3)
    corpus = "the cat sat on the mat. the cat ate the rat. "
    vocab = []
    for ch in corpus:
        if ch not in vocab:
            vocab.append(ch)
    vocab = sorted(vocab)
    ids = encode(corpus, vocab)
    block = 16
    dim = 16
    model = CharModel(tok=Embedding.create(len(vocab), dim), pos=Embedding.create(block, dim),
                      attn=MultiHeadAttention.create(dim, num_heads=2, causal=True),
                      norm=LayerNorm.create(dim), head=Linear.create(dim, len(vocab)))
    print("=== Character-level attention ===")
    print(f"text: {len(corpus)} characters, vocabulary: {len(vocab)} symbols, "
          f"parameters: {count_parameters(model)}")
    optimizer = Adam.create(model.parameters(), lr=0.02)
    losses = []
    for step in range(150):
        start = (step * 7) % (len(ids) - block - 1)
        x = ids[start:start + block]
        y = ids[start + 1:start + block + 1]
        optimizer.zero_grad()
        loss = cross_entropy_loss(model.forward(x), y)
        backward(loss)
        optimizer.step()
        losses.append(loss.item())
        if step % 30 == 0 or step == 149:
            print(f"step {step + 1:>3}: loss = {loss.item():.3f}")
    early = (losses[0] + losses[1] + losses[2]) / 3.0
    late = (losses[147] + losses[148] + losses[149]) / 3.0
    print(f"loss fell by more than half: {str(late < early / 2.0).lower()}")
    context = encode("the c", vocab)
    out = "the c"
    for i in range(12):
        window = context[len(context) - block:len(context)] if len(context) > block else context
        logits = model.forward(window).value
        last = PureTensor.from_data(logits.data.reshape(-1)[(len(window) - 1) * len(vocab):len(window) * len(vocab)],
                                    [len(vocab)])
        next_id = argmax(last)
        context.append(next_id)
        out = out + vocab[next_id]
    print(f'greedy continuation: "{out}"')


main()
