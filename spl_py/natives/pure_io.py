"""File, plotting and progress natives of ``lib.pure`` (data, serialization, plot,
training).  Registered under bare ``pure_*`` names like ``pure_natives``."""
from __future__ import annotations

import math
import sys
from pathlib import Path

from ..files import write_atomically
from ..runtime.loader import stdlib_dir
from ..runtime.panic import SplPanic
from . import native
from .pure_array import FloatArray, as_array



def _module(name: str):
    """``json``, imported when a model is first saved or loaded (most programs never do;
    it is ~2 ms of start-up)."""
    module = globals().get(name)
    if module is None:
        import importlib
        module = globals()[name] = importlib.import_module(name)
    return module


def __getattr__(name: str):
    if name == "json":
        return _module(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_FORMAT = "spl-pure-params"
_VERSION = 1


def _data_dir() -> Path:
    return stdlib_dir() / "lib" / "pure" / "data_files"


@native("pure_iris_rows")
def pure_iris_rows():
    """The 150 Iris samples shipped with the package: ``(features, labels, names)``
    with features a flat list of 150*4 f64 and labels class indices 0..2."""
    path = _data_dir() / "iris.csv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise SplPanic(f"cannot read the bundled Iris data {path}: {e.strerror}") from None
    names: list = []
    feats: list = []
    labels: list = []
    for line in lines[1:]:
        if not line.strip():
            continue
        *xs, name = line.split(",")
        if name not in names:
            names.append(name)
        feats.extend(float(x) for x in xs)
        labels.append(names.index(name))
    return FloatArray(feats), labels, names


@native("pure_data_file")
def pure_data_file(name):
    """The path of a data file shipped in ``lib/pure/data_files``."""
    return str(_data_dir() / str(name))


# ---------------------------------------------------------------------------------------
# Parameter files: JSON with a header; written to a temp file then renamed (atomic).

@native("pure_save_params")
def pure_save_params(path, names, tensors):
    params = []
    for name, t in zip(names, tensors):
        params.append({"name": str(name), "shape": [int(s) for s in t.shape],
                       "data": as_array(t.data).tolist()})
    doc = {"format": _FORMAT, "version": _VERSION, "params": params}
    try:
        write_atomically(Path(str(path)), _module("json").dumps(doc).encode("utf-8"), durable=True)
    except OSError as e:
        raise SplPanic(f"cannot save to {path}: {e.strerror or e}") from None


@native("pure_load_params")
def pure_load_params(path):
    """``[(name, shape, data)]`` from a file written by ``pure_save_params``."""
    try:
        text = Path(str(path)).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SplPanic(f"cannot load {path}: no such file") from None
    except OSError as e:
        raise SplPanic(f"cannot load {path}: {e.strerror}") from None
    json = _module("json")
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SplPanic(f"cannot load {path}: the file is corrupt (not a saved model)") from None
    if not isinstance(doc, dict) or doc.get("format") != _FORMAT:
        raise SplPanic(f"cannot load {path}: not a lib.pure model file")
    if doc.get("version") != _VERSION:
        raise SplPanic(f"cannot load {path}: format version {doc.get('version')} "
                       f"(this spl-py reads version {_VERSION})")
    out = []
    try:
        for p in doc["params"]:
            shape = [int(s) for s in p["shape"]]
            data = [float(x) for x in p["data"]]
            n = math.prod(shape)
            if len(data) != n:
                raise ValueError
            out.append((str(p.get("name", "")), shape, FloatArray(data)))
    except (KeyError, TypeError, ValueError):
        raise SplPanic(f"cannot load {path}: the file is corrupt (bad parameter entry)") from None
    return out


# ---------------------------------------------------------------------------------------
# Plotting (matplotlib is optional)

@native("pure_plot_lines")
def pure_plot_lines(series, labels, path, title, xlabel, ylabel):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SplPanic("plotting needs matplotlib, which is not installed "
                       "(pip install 'spl-py[plot]' or pip install matplotlib)") from None
    from matplotlib.ticker import MaxNLocator
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ys, label in zip(series, labels):
        ys = list(ys)
        ax.plot(range(1, len(ys) + 1), ys, label=str(label))
    ax.set_title(str(title))
    ax.set_xlabel(str(xlabel))
    ax.set_ylabel(str(ylabel))
    if len(series) > 1:
        ax.legend()
    fig.tight_layout()
    fig.savefig(str(path))
    plt.close(fig)


# ---------------------------------------------------------------------------------------
# Progress display for Trainer.fit

class _Plain:
    """No terminal: the caller prints plain epoch lines itself."""

    def update(self, loss):
        pass

    def close(self):
        pass


@native("pure_progress_open")
def pure_progress_open(total, desc):
    """A tqdm bar when stdout is a terminal and tqdm is installed, else nil (the Simple
    side then prints plain lines)."""
    if not sys.stdout.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    import shutil
    width = shutil.get_terminal_size((80, 20)).columns or 80  # a pty may report 0 columns
    return tqdm(total=int(total), desc=str(desc), file=sys.stdout, leave=True, ncols=min(width, 100))


@native("pure_progress_step")
def pure_progress_step(bar, loss):
    bar.set_postfix(loss=f"{loss:.4f}")
    bar.update(1)


@native("pure_progress_close")
def pure_progress_close(bar):
    bar.close()


@native("pure_torch_available")
def pure_torch_available():
    import importlib.util
    return importlib.util.find_spec("torch") is not None
