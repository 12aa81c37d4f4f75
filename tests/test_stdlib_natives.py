"""Python-level tests of the lib.pure natives: FloatArray as a Simple list, the numpy
kernels, parameter files, and the optional plotting dependency."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from spl_py.natives import lookup_native
from spl_py.natives.pure_array import FloatArray
from spl_py.natives import pure_natives as K
from spl_py.natives import pure_kernels as NK
from spl_py.natives import pure_io as IO
from spl_py.runtime import ops
from spl_py.runtime.formatting import to_text
from spl_py.runtime.methods import call_method
from spl_py.runtime.panic import SplPanic
from spl_py.runtime.values import make_class, type_name

PureTensor = make_class("PureTensor", ["data", "shape", "strides"])


def tensor(data, shape):
    return PureTensor(data=FloatArray(data), shape=list(shape), strides=K.strides_of(shape))


# --------------------------------------------------------------------------- FloatArray

def test_floatarray_indexes_like_a_list():
    xs = FloatArray([1.0, 2.0, 3.0, 4.0])
    assert ops.index(xs, 2) == 3.0 and type(ops.index(xs, 2)) is float
    ops.set_index(xs, 0, 7)
    assert xs[0] == 7.0
    for bad in (4, 5, -1):
        with pytest.raises(SplPanic, match=f"index {bad} out of range for list of length 4"):
            ops.index(xs, bad)
        with pytest.raises(SplPanic, match=f"index {bad} out of range for list of length 4"):
            ops.set_index(xs, bad, 1.0)


def test_floatarray_prints_and_compares_like_a_list():
    xs = FloatArray([1, 2.5, 0.1])
    assert to_text(xs) == "[1.0, 2.5, 0.1]"
    assert to_text([xs, 1]) == "[[1.0, 2.5, 0.1], 1]"
    assert xs == [1.0, 2.5, 0.1] and [1.0, 2.5, 0.1] == xs
    assert xs != [1.0, 2.5]
    assert type_name(xs) == "list"


def test_float_arrays_from_lists_take_flat_numbers_only():
    for make_array in (FloatArray, K.pure_to_array):
        assert make_array([1, 2.5, True]) == [1.0, 2.5, 1.0] and type(make_array([1])[0]) is float
        with pytest.raises(SplPanic, match="tensor data must be a flat list of f64"):
            make_array([[1.0], [2.0]])
        with pytest.raises(SplPanic, match="tensor data holds f64 values, not text"):
            make_array([1.0, "a"])


def test_floatarray_grows_and_shrinks():
    xs = FloatArray([])
    for i in range(100):
        call_method(xs, "push", i)
    assert call_method(xs, "len") == 100 and len(xs) == 100
    assert call_method(xs, "pop") == 99.0
    call_method(xs, "insert", 0, -1.0)
    assert xs[0] == -1.0 and xs[1] == 0.0 and len(xs) == 100
    with pytest.raises(SplPanic, match="f64 values, not text"):
        xs.push("a")


def test_floatarray_list_methods_and_iteration():
    xs = FloatArray([3.0, 1.0, 2.0])
    assert list(ops.iterate(xs)) == [3.0, 1.0, 2.0]
    assert call_method(xs, "sum") == 6.0
    assert call_method(xs, "map", lambda x: x * 2) == [6.0, 2.0, 4.0]
    assert call_method(xs, "enumerate") == [(0, 3.0), (1, 1.0), (2, 2.0)]
    assert call_method(xs, "sort") == [1.0, 2.0, 3.0]
    assert call_method(xs, "join", ",") == "3.0,1.0,2.0"
    assert ops.slice_(xs, 1, None) == [1.0, 2.0]
    assert ops.contains(xs, 2.0) and not ops.contains(xs, 5.0)
    assert xs + [4.0] == [3.0, 1.0, 2.0, 4.0]
    assert [0.0] + xs == [0.0, 3.0, 1.0, 2.0]
    with pytest.raises(SplPanic, match="has no method"):
        call_method(xs, "no_such_method")


def test_floatarray_view_is_live_and_copies_are_independent():
    xs = FloatArray([1.0, 2.0])
    xs.view()[0] = 5.0
    assert xs[0] == 5.0
    ys = call_method(xs, "copy")
    ys[0] = 0.0
    assert xs[0] == 5.0


# --------------------------------------------------------------------------- kernels

def test_natives_are_registered_for_every_pure_module():
    for module in ("lib.pure.tensor", "lib.pure.autograd", "lib.pure.nn", "lib.pure.data"):
        assert lookup_native(module, "pure_binary") is K.pure_binary
    assert lookup_native("std.sspec", "describe") is not None


def test_binary_broadcasts_a_trailing_bias():
    x = tensor(range(6), [2, 3])
    b = tensor([10, 20, 30], [3])
    r = K.pure_binary("add", x, b)
    assert r.shape == [2, 3] and r.data == [10.0, 21.0, 32.0, 13.0, 24.0, 35.0]
    assert r.strides == [3, 1]
    with pytest.raises(SplPanic, match=r"add: shapes \[2, 3\] and \[2\] do not broadcast"):
        K.pure_binary("add", x, tensor([1, 2], [2]))


def test_results_do_not_alias_inputs():
    x = tensor([1.0, 2.0, 3.0, 4.0], [2, 2])
    for r in (K.pure_reshape(x, [4]), K.pure_transpose(x), K.pure_sum_to_shape(K.pure_binary("add", x, x), [2, 2])):
        r.data[0] = 99.0
        assert x.data[0] == 1.0


def test_matmul_and_its_backward_match_numpy():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    ta, tb = tensor(a.ravel(), a.shape), tensor(b.ravel(), b.shape)
    assert np.allclose(K.arr(K.pure_matmul(ta, tb)), a @ b)
    g = rng.normal(size=(3, 2))
    da, db = K.pure_matmul_backward(ta, tb, tensor(g.ravel(), g.shape))
    assert np.allclose(K.arr(da), g @ b.T) and np.allclose(K.arr(db), a.T @ g)
    with pytest.raises(SplPanic, match="not aligned"):
        K.pure_matmul(ta, ta)


def test_data_and_shape_must_agree():
    bad = PureTensor(data=[1.0, 2.0, 3.0], shape=[2, 2], strides=[2, 1])
    with pytest.raises(SplPanic, match=r"3 values but shape \[2, 2\] needs 4"):
        K.pure_unary("relu", bad)


def test_plain_list_data_is_accepted():
    t = PureTensor(data=[1.0, -2.0], shape=[2], strides=[1])
    assert K.pure_unary("relu", t).data == [1.0, 0.0]


def test_sigmoid_and_softmax_are_stable():
    t = tensor([-1000.0, 0.0, 1000.0], [3])
    assert K.pure_unary("sigmoid", t).data == [0.0, 0.5, 1.0]
    s = K.pure_softmax(t, -1)
    assert s.data == [0.0, 0.0, 1.0]


def test_cross_entropy_gradient_is_softmax_minus_onehot():
    logits = tensor([1.0, 2.0, 3.0, 1.0, 1.0, 1.0], [2, 3])
    loss, grad = NK.pure_cross_entropy(logits, [2, 0])
    x = K.arr(logits)
    p = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-(np.log(p[0, 2]) + np.log(p[1, 0])) / 2)
    onehot = np.array([[0, 0, 1], [1, 0, 0]], dtype=float)
    assert np.allclose(K.arr(grad), (p - onehot) / 2)


def test_conv2d_matches_a_direct_loop():
    rng = np.random.default_rng(1)
    x, w, b = rng.normal(size=(2, 2, 5, 5)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=3)
    out = K.arr(NK.pure_conv2d(tensor(x.ravel(), x.shape), tensor(w.ravel(), w.shape),
                              tensor(b, [3]), 2, 1))
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    ref = np.zeros((2, 3, 3, 3))
    for n in range(2):
        for o in range(3):
            for i in range(3):
                for j in range(3):
                    ref[n, o, i, j] = (xp[n, :, 2 * i:2 * i + 3, 2 * j:2 * j + 3] * w[o]).sum() + b[o]
    assert np.allclose(out, ref)


def test_topological_order_visits_users_before_inputs():
    Node = make_class("Node", ["name", "inputs"])
    x = Node(name="x", inputs=None)
    a = Node(name="a", inputs=[x])
    b = Node(name="b", inputs=[x, a])
    root = Node(name="root", inputs=[a, b])
    order = [n.name for n in K.pure_topo_order(root)]
    assert order[0] == "root" and order[-1] == "x"
    assert order.index("b") < order.index("a") < order.index("x")
    assert len(order) == 4


def test_topological_order_survives_deep_graphs():
    Node = make_class("Node2", ["inputs"])
    n = Node(inputs=None)
    for _ in range(50_000):
        n = Node(inputs=[n])
    assert len(K.pure_topo_order(n)) == 50_001


# --------------------------------------------------------------------------- files

def test_parameter_files_round_trip_and_are_written_atomically(tmp_path):
    path = tmp_path / "model.json"
    t = tensor([0.1, -2.5, 1e-300], [3])
    IO.pure_save_params(str(path), ["w"], [t])
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]  # no temp file left
    (name, shape, data), = IO.pure_load_params(str(path))
    assert name == "w" and shape == [3] and data == [0.1, -2.5, 1e-300]


def test_corrupt_and_foreign_files_are_reported(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(SplPanic, match="the file is corrupt"):
        IO.pure_load_params(str(bad))
    bad.write_text(json.dumps({"hello": 1}))
    with pytest.raises(SplPanic, match="not a lib.pure model file"):
        IO.pure_load_params(str(bad))
    bad.write_text(json.dumps({"format": "spl-pure-params", "version": 1,
                               "params": [{"shape": [2], "data": [1.0]}]}))
    with pytest.raises(SplPanic, match="bad parameter entry"):
        IO.pure_load_params(str(bad))
    with pytest.raises(SplPanic, match="no such file"):
        IO.pure_load_params(str(tmp_path / "missing.json"))


def test_a_failed_save_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    IO.pure_save_params(str(path), ["w"], [tensor([1.0], [1])])
    before = path.read_text()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", boom)  # the write fails before the rename
    with pytest.raises(SplPanic, match=f"cannot save to {path}: No space left on device"):
        IO.pure_save_params(str(path), ["w"], [tensor([2.0], [1])])
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]


def test_iris_data_ships_with_the_package():
    feats, labels, names = IO.pure_iris_rows()
    assert len(feats) == 600 and len(labels) == 150
    assert names == ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]
    assert [labels.count(i) for i in range(3)] == [50, 50, 50]
    assert np.allclose(np.asarray(feats.tolist()).reshape(150, 4).mean(axis=0),
                       [5.843333, 3.057333, 3.758, 1.199333], atol=1e-5)


def test_plotting_without_matplotlib_says_how_to_install(tmp_path, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(SplPanic, match="plotting needs matplotlib"):
        IO.pure_plot_lines([[1.0, 0.5]], ["loss"], str(tmp_path / "x.png"), "t", "x", "y")


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io
    import sys
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert IO.pure_progress_open(10, "training") is None


def test_progress_bar_on_a_terminal_uses_tqdm(monkeypatch):
    import io
    import sys
    import types

    class FakeTTY(io.StringIO):
        def isatty(self):
            return True

    calls = []

    class FakeBar:
        def __init__(self, **kw):
            calls.append(("open", kw["total"], kw["desc"]))

        def set_postfix(self, **kw):
            calls.append(("loss", kw["loss"]))

        def update(self, n):
            calls.append(("update", n))

        def close(self):
            calls.append(("close",))

    monkeypatch.setattr(sys, "stdout", FakeTTY())
    monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=FakeBar))
    bar = IO.pure_progress_open(3, "training")
    IO.pure_progress_step(bar, 0.123456)
    IO.pure_progress_close(bar)
    assert calls == [("open", 3, "training"), ("loss", "0.1235"), ("update", 1), ("close",)]


def test_plot_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "loss.png"
    IO.pure_plot_lines([[1.0, 0.5, 0.25]], ["loss"], str(path), "Training loss", "epoch", "loss")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_autograd_tensor_stands_for_its_value():
    Tensor = make_class("Tensor", ["value", "grad"])
    t = Tensor(value=tensor([-1.0, 2.0], [2]), grad=None)
    r = K.pure_unary("relu", t)
    assert type(r) is PureTensor and r.data == [0.0, 2.0]
    assert K.pure_binary("add", t, tensor([1.0, 1.0], [2])).data == [0.0, 3.0]
    with pytest.raises(SplPanic, match="expected a tensor, got list"):
        K.arr([1.0, "x"])


@pytest.mark.parametrize("order", ["C", "F"])
def test_a_kernel_result_makes_its_flat_list_only_when_list_code_asks(order):
    numbers = np.arange(6.0).reshape(2, 3)
    t = K.make(PureTensor, np.array(numbers, order=order))
    assert t.shape == [2, 3] and t.strides == [3, 1]
    assert t.data.len() == 6 and t.data == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]  # C order either way
    t.data[1] = 9.0  # a write through the list is what the kernels see next
    assert K.arr(t).tolist() == [[0.0, 9.0, 2.0], [3.0, 4.0, 5.0]]
    u = K.make(PureTensor, np.array(numbers, order=order))
    assert u.data.pop() == 5.0 and u.data.len() == 5
    w = K.make(PureTensor, np.array(numbers, order=order))
    kept = K.arr(w)
    w.data.clear()
    w.data.push(1.0)
    assert w.data == [1.0] and kept[0, 0] == 0.0  # a cleared list gets fresh memory


def test_arr_keeps_a_view_until_the_shape_or_the_numbers_change():
    t = K.make(PureTensor, np.arange(6.0).reshape(2, 3))
    a = K.arr(t)
    assert a.shape == (2, 3) and K.arr(t) is a
    t.shape[0], t.shape[1] = 3, 2  # a shape list changed in place
    assert K.arr(t).shape == (3, 2)
    t.data[0] = 7.0  # writes reach the view
    assert K.arr(t)[0, 0] == 7.0
    t.data.push(6.0)
    t.shape = [7]
    assert K.arr(t).tolist() == [7.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def _adam_reference(values, grads_per_step, decoupled, wd):
    """Per-parameter pure_adam_step over the steps: the numbers the fused update must give."""
    ms = [tensor([0.0] * len(v), [len(v)]) for v in values]
    vs = [tensor([0.0] * len(v), [len(v)]) for v in values]
    cur = [tensor(v, [len(v)]) for v in values]
    for t, grads in enumerate(grads_per_step, 1):
        for i, g in enumerate(grads):
            if g is None:
                continue
            cur[i], ms[i], vs[i] = NK.pure_adam_step(cur[i], tensor(g, [len(g)]), ms[i], vs[i], t,
                                                     0.01, 0.9, 0.999, 1e-8, wd, decoupled)
    return [c.data.tolist() for c in cur]


@pytest.mark.parametrize("decoupled,wd", [(False, 0.0), (False, 0.1), (True, 0.01)])
def test_adam_update_keeps_flat_moments_and_matches_per_parameter_steps(decoupled, wd):
    Tensor = make_class("AdamParam", ["value", "grad"])
    values = [[1.0, -2.0, 0.5], [0.25, 3.0]]
    rng = np.random.default_rng(5)
    steps = [[rng.normal(size=3).tolist(), rng.normal(size=2).tolist()] for _ in range(6)]
    steps[3][1] = None  # a parameter without a gradient: the general path
    params = [Tensor(value=tensor(v, [len(v)]), grad=None) for v in values]
    ms = [tensor([0.0] * len(v), [len(v)]) for v in values]
    vs = [tensor([0.0] * len(v), [len(v)]) for v in values]
    state = None
    for t, grads in enumerate(steps, 1):
        for p, g in zip(params, grads):
            p.grad = None if g is None else tensor(g, [len(g)])
        if t == 5:  # a value replaced between steps (same numbers): gathered again
            params[0].value = tensor(params[0].value.data.tolist(), [3])
        out, ms, vs, state = NK.pure_adam_update(params, ms, vs, state, t, 0.01, 0.9, 0.999, 1e-8,
                                                 wd, decoupled)
        for p, v in zip(params, out):
            if v is not None:
                p.value = v
    assert [p.value.data.tolist() for p in params] == _adam_reference(values, steps, decoupled, wd)
    # the moments are views of the optimizer's flat buffers
    assert state is not None and K.arr(ms[1]).base is not None


def test_cross_entropy_targets_as_indices_tensor_or_one_hot_give_the_same_numbers():
    logits = tensor([0.5, -1.0, 2.0, 0.1, 0.2, -0.3], [2, 3])
    by_list = NK.pure_cross_entropy(logits, [2, 0])
    by_tensor = NK.pure_cross_entropy(logits, tensor([2.0, 0.0], [2]))
    by_one_hot = NK.pure_cross_entropy(logits, tensor([0.0, 0.0, 1.0, 1.0, 0.0, 0.0], [2, 3]))
    for loss, grad in (by_tensor, by_one_hot):
        assert loss == by_list[0] and grad.data.tolist() == by_list[1].data.tolist()
    with pytest.raises(SplPanic, match="class index out of range 0..3"):
        NK.pure_cross_entropy(logits, [0, 3])
    with pytest.raises(SplPanic, match="1 targets for 2 predictions"):
        NK.pure_cross_entropy(logits, [0])
    with pytest.raises(SplPanic, match="index 5 out of range for tensor with 2 rows"):
        K.pure_take_rows(logits, [0, 5])


def test_sigmoid_gives_the_bytes_of_its_two_branch_formula():
    x = np.array([0.0, -0.0, 3.5, -3.5, 800.0, -800.0, np.inf, -np.inf, np.nan, -np.nan, 1e-300])
    ref = np.empty_like(x)
    pos = x >= 0
    ref[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    ref[~pos] = ex / (1.0 + ex)
    assert K._sigmoid(x).tobytes() == ref.tobytes()


@pytest.mark.parametrize("momentum,dampening,wd,nesterov", [
    (0.0, 0.0, 0.0, False), (0.9, 0.0, 0.0, False), (0.5, 0.1, 0.01, False), (0.8, 0.0, 0.0, True)])
def test_sgd_update_keeps_flat_velocities_and_matches_per_parameter_steps(momentum, dampening, wd, nesterov):
    Param = make_class("SGDParam", ["value", "grad"])
    values = [[1.0, -2.0, 0.5], [0.25, 3.0]]
    rng = np.random.default_rng(9)
    steps = [[rng.normal(size=3).tolist(), rng.normal(size=2).tolist()] for _ in range(6)]
    steps[3][0] = None  # a parameter without a gradient: parameter by parameter
    params = [Param(value=tensor(v, [len(v)]), grad=None) for v in values]
    velocity, state = [None, None], None
    ref = [tensor(v, [len(v)]) for v in values]
    ref_vel = [None, None]
    for t, grads in enumerate(steps, 1):
        for i, (p, g) in enumerate(zip(params, grads)):
            p.grad = None if g is None else tensor(g, [len(g)])
            if g is not None:
                ref[i], ref_vel[i] = NK.pure_sgd_step(ref[i], tensor(g, [len(g)]), ref_vel[i], 0.1,
                                                      momentum, dampening, wd, nesterov)
        if t == 5:  # a value replaced between steps (same numbers): gathered again
            params[1].value = tensor(params[1].value.data.tolist(), [2])
        out, velocity, state = NK.pure_sgd_update(params, velocity, state, 0.1, momentum, dampening,
                                                  wd, nesterov)
        for p, v in zip(params, out):
            if v is not None:
                p.value = v
    assert [p.value.data.tolist() for p in params] == [r.data.tolist() for r in ref]
    assert state is not None


def test_sgd_update_steps_a_parameter_listed_twice_from_its_updated_value():
    Param = make_class("SGDTied", ["value", "grad"])
    p = Param(value=tensor([1.0], [1]), grad=tensor([0.5], [1]))
    out, velocity, state = NK.pure_sgd_update([p, p], [None, None], None, 0.1, 0.0, 0.0, 0.0, False)
    assert out[1].data.tolist() == [1.0 - 0.05 - 0.05] and state is None


def test_pick_indexes_like_a_simple_list():
    assert K.pure_pick(["a", "b", "c"], [2, 0, 2]) == ["c", "a", "c"]
    for bad in (3, -1):
        with pytest.raises(SplPanic, match=f"index {bad} out of range for list of length 3"):
            K.pure_pick([1, 2, 3], [0, bad])


def test_bce_gradient_is_zero_exactly_where_the_clamp_acts():
    eps = 1e-7
    p = [0.0, 1e-8, eps, 0.5, 1.0 - eps, 1.0, 2.0, -1.0, float("nan")]
    t = [0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0]
    _, grad = NK.pure_bce(tensor(p, [len(p)]), tensor(t, [len(t)]), eps)
    g = K.arr(grad)
    x = np.array(p)
    inside = (x >= eps) & (x <= 1.0 - eps)
    assert (g[~inside] == 0.0).all() and (g[inside] != 0.0).all()
