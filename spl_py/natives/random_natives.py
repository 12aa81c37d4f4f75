"""Natives for ``stdlib/lib/random.spl``: one module-level generator seeded with 0, so a
program's random numbers are the same on every run until it calls ``seed``."""
from __future__ import annotations

import random as _random

from ..runtime.panic import SplPanic
from . import native

_M = "lib.random."
_rng = _random.Random(0)


@native(_M + "seed")
def seed(n):
    _rng.seed(n)


@native(_M + "random")
def random():
    return _rng.random()


@native(_M + "uniform")
def uniform(a, b):
    return _rng.uniform(a, b)


@native(_M + "gauss")
def gauss(mean, std):
    return _rng.gauss(mean, std)


@native(_M + "randint")
def randint(a, b):
    if a > b:
        raise SplPanic(f"randint: empty range {a}..={b}")
    return _rng.randint(a, b)


@native(_M + "shuffle")
def shuffle(xs):
    """In place, Fisher-Yates (Python's algorithm)."""
    _rng.shuffle(xs)


@native(_M + "choice")
def choice(xs):
    if not xs:
        raise SplPanic("choice from an empty list")
    return _rng.choice(xs)
