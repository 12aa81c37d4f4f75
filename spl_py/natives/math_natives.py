"""Natives for ``stdlib/lib/math.spl``.  IEEE results (nan, inf) instead of Python's
ValueError/OverflowError, as C's libm and numpy give."""
from __future__ import annotations

import math

from . import native

_M = "lib.math."


def _ieee(f):
    """Wrap a math function: domain errors give nan, overflow gives inf."""
    def g(*args):
        try:
            return f(*args)
        except ValueError:
            return math.nan
        except OverflowError:
            return math.inf
    g.__name__ = f.__name__
    return g


for _name in ("sqrt", "exp", "tanh", "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
              "sinh", "cosh", "hypot", "log10", "log2"):
    native(_M + _name)(_ieee(getattr(math, _name)))


@native(_M + "log")
def log(x):
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


@native(_M + "pow")
def pow_(x, y):
    try:
        return math.pow(x, y)
    except ValueError:
        return math.nan
    except OverflowError:
        return math.inf if x > 0 or float(y) % 2 == 0 else -math.inf


@native(_M + "floor")
def floor(x):
    """f64 -> f64 (like C's floor); use ``int(floor(x))`` for an i64."""
    return float(math.floor(x)) if math.isfinite(x) else float(x)


@native(_M + "ceil")
def ceil(x):
    return float(math.ceil(x)) if math.isfinite(x) else float(x)


@native(_M + "is_nan")
def is_nan(x):
    return x != x


@native(_M + "is_inf")
def is_inf(x):
    return x in (math.inf, -math.inf)
