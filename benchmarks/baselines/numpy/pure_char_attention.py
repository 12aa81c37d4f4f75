"""Hand-written Python+numpy equivalent of examples_spl/pure/char_attention.spl.

A character-level model: token + position embeddings (dim 16, block 16), one pre-norm
causal self-attention layer with 2 heads and a residual connection, a linear read-out,
softmax cross-entropy, Adam (lr 0.02) for 150 steps; then a greedy continuation of
"the c".  Forward and backward passes written out by hand.
"""
import numpy as np


def linear_init(rng, fan_in, fan_out):
    b = 1 / np.sqrt(fan_in)
    return rng.uniform(-b, b, (fan_out, fan_in)), rng.uniform(-b, b, fan_out)


class CharModel:
    def __init__(self, rng, vocab, block, dim, heads):
        self.heads, self.hd = heads, dim // heads
        self.tok = rng.normal(0.0, 1.0, (vocab, dim))
        self.pos = rng.normal(0.0, 1.0, (block, dim))
        self.wq, self.bq = linear_init(rng, dim, dim)
        self.wk, self.bk = linear_init(rng, dim, dim)
        self.wv, self.bv = linear_init(rng, dim, dim)
        self.wo, self.bo = linear_init(rng, dim, dim)
        self.g, self.beta = np.ones(dim), np.zeros(dim)
        self.wh, self.bh = linear_init(rng, dim, vocab)

    def params(self):
        return [self.tok, self.pos, self.wq, self.bq, self.wk, self.bk, self.wv, self.bv,
                self.wo, self.bo, self.g, self.beta, self.wh, self.bh]

    def split(self, a):  # [T, D] -> [H, T, d]
        return a.reshape(len(a), self.heads, self.hd).transpose(1, 0, 2)

    def forward(self, ids):
        T = len(ids)
        x = self.tok[ids] + self.pos[:T]
        mu = x.mean(-1, keepdims=True)
        xc = x - mu
        inv = 1 / np.sqrt((xc * xc).mean(-1, keepdims=True) + 1e-5)
        xhat = xc * inv
        n = xhat * self.g + self.beta
        q, k, v = (self.split(n @ w.T + b) for w, b in
                   ((self.wq, self.bq), (self.wk, self.bk), (self.wv, self.bv)))
        s = q @ k.transpose(0, 2, 1) / np.sqrt(self.hd) + np.triu(np.full((T, T), -1e9), 1)
        p = np.exp(s - s.max(-1, keepdims=True))
        p /= p.sum(-1, keepdims=True)
        o = (p @ v).transpose(1, 0, 2).reshape(T, -1)
        h = x + o @ self.wo.T + self.bo
        logits = h @ self.wh.T + self.bh
        self.cache = (ids, xhat, inv, n, q, k, v, p, o, h)
        return logits

    def backward(self, dlogits):
        ids, xhat, inv, n, q, k, v, p, o, h = self.cache
        T = len(ids)
        dwh, dbh = dlogits.T @ h, dlogits.sum(0)
        dh = dlogits @ self.wh
        dwo, dbo = dh.T @ o, dh.sum(0)
        do = self.split(dh @ self.wo)
        dv = p.transpose(0, 2, 1) @ do
        dp = do @ v.transpose(0, 2, 1)
        ds = p * (dp - (dp * p).sum(-1, keepdims=True)) / np.sqrt(self.hd)
        dq, dk = ds @ k, ds.transpose(0, 2, 1) @ q
        dq, dk, dv = (a.transpose(1, 0, 2).reshape(T, -1) for a in (dq, dk, dv))
        dn = dq @ self.wq + dk @ self.wk + dv @ self.wv
        dg, dbeta = (dn * xhat).sum(0), dn.sum(0)
        dxhat = dn * self.g
        dx = dh + inv * (dxhat - dxhat.mean(-1, keepdims=True) - xhat * (dxhat * xhat).mean(-1, keepdims=True))
        dtok = np.zeros_like(self.tok)
        np.add.at(dtok, ids, dx)
        dpos = np.zeros_like(self.pos)
        dpos[:T] = dx
        return [dtok, dpos, dq.T @ n, dq.sum(0), dk.T @ n, dk.sum(0), dv.T @ n, dv.sum(0),
                dwo, dbo, dg, dbeta, dwh, dbh]


class Adam:
    def __init__(self, params, lr, b1=0.9, b2=0.999, eps=1e-8):
        self.params, self.lr, self.b1, self.b2, self.eps, self.t = params, lr, b1, b2, eps, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads):
        self.t += 1
        b1, b2 = self.b1, self.b2
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= self.lr * (m / (1 - b1 ** self.t)) / (np.sqrt(v / (1 - b2 ** self.t)) + self.eps)


def main():
    rng = np.random.default_rng(3)
    corpus = "the cat sat on the mat. the cat ate the rat. "
    vocab = sorted(set(corpus))
    index = {ch: i for i, ch in enumerate(vocab)}
    ids = np.array([index[ch] for ch in corpus])
    block = dim = 16
    model = CharModel(rng, len(vocab), block, dim, heads=2)
    print("=== Character-level attention ===")
    print(f"text: {len(corpus)} characters, vocabulary: {len(vocab)} symbols, "
          f"parameters: {sum(p.size for p in model.params())}")
    opt = Adam(model.params(), lr=0.02)
    losses = []
    for step in range(150):
        start = (step * 7) % (len(ids) - block - 1)
        x, y = ids[start:start + block], ids[start + 1:start + block + 1]
        logits = model.forward(x)
        z = logits - logits.max(1, keepdims=True)
        prob = np.exp(z)
        prob /= prob.sum(1, keepdims=True)
        loss = float(-np.mean(np.log(prob[np.arange(block), y])))
        prob[np.arange(block), y] -= 1.0
        opt.step(model.backward(prob / block))
        losses.append(loss)
        if step % 30 == 0 or step == 149:
            print(f"step {step + 1:>3}: loss = {loss:.3f}")
    early, late = sum(losses[:3]) / 3.0, sum(losses[147:150]) / 3.0
    print(f"loss fell by more than half: {str(late < early / 2.0).lower()}")
    context = [index[ch] for ch in "the c"]
    out = "the c"
    for _ in range(12):
        window = context[-block:]
        nxt = int(model.forward(np.array(window))[-1].argmax())
        context.append(nxt)
        out += vocab[nxt]
    print(f'greedy continuation: "{out}"')


main()
