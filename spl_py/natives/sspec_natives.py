"""The SSpec test DSL (``std.sspec`` / ``std.spec``): ``describe``, ``context``, ``it``,
``before_each``, ``after_each``, ``expect(x).to_equal(y)`` and friends.

Running a spec file only *collects*: ``describe`` runs its block at once (registering
groups, hooks and examples), ``it`` stores its block.  ``spl_py.testing`` then runs the
collected examples with their hooks and reports.  The same functions back the
``extern fn`` declarations of ``stdlib/lib/sspec.spl`` and are also put in scope of a spec
file that does not import the module (upstream spec files rarely do).
"""
from __future__ import annotations

import math
from typing import Callable, Optional

from ..runtime.formatting import to_text
from ..runtime.panic import SplPanic
from . import native

__all__ = ["Group", "Example", "ExpectationFailed", "DSL", "reset", "root"]


class ExpectationFailed(SplPanic):
    """A failed ``expect``: carries what was expected and what was found."""

    def __init__(self, matcher: str, actual, expected=None, has_expected: bool = True,
                 detail: Optional[str] = None):
        self.matcher = matcher
        self.actual = actual
        self.expected = expected
        self.has_expected = has_expected
        words = matcher.replace("_", " ")
        if detail is not None:
            message = detail
        elif has_expected:
            message = f"expected {to_text(actual)} {words} {to_text(expected)}"
        else:
            message = f"expected {to_text(actual)} {words}"
        super().__init__(message)


class Example:
    def __init__(self, name: str, body: Optional[Callable], group: "Group", skip: bool = False):
        self.name = name
        self.body = body
        self.group = group
        self.skip = skip or body is None

    def full_name(self) -> str:
        return " ".join(self.group.path() + [self.name])


class Group:
    def __init__(self, name: str, parent: Optional["Group"]):
        self.name = name
        self.parent = parent
        self.children: list = []
        self.before: list[Callable] = []
        self.after: list[Callable] = []
        self.before_all: list[Callable] = []
        self.skip = False

    def path(self) -> list[str]:
        names = []
        g = self
        while g is not None and g.parent is not None:
            names.append(g.name)
            g = g.parent
        return names[::-1]

    def examples(self):
        for child in self.children:
            if isinstance(child, Example):
                yield child
            else:
                yield from child.examples()


# "collect": True while spl-py test loads a spec file (examples are stored and run
# afterwards); under a plain `spl-py run` each `it` runs at once, so a spec file is also
# an ordinary program whose first failing expectation stops it with its .spl line.
_state = {"root": Group("", None), "stack": [], "collect": False}


def reset(collect: bool = True) -> Group:
    _state["root"] = Group("", None)
    _state["stack"] = [_state["root"]]
    _state["collect"] = collect
    return _state["root"]


def run_now(ex: "Example") -> None:
    """Run one example with its hooks (outermost before_each first)."""
    chain = []
    g = ex.group
    while g is not None:
        chain.append(g)
        g = g.parent
    chain.reverse()
    try:
        for grp in chain:
            for hook in grp.before:
                hook()
        ex.body()
    finally:
        for grp in reversed(chain):
            for hook in grp.after:
                hook()


def root() -> Group:
    return _state["root"]


def _current() -> Group:
    if not _state["stack"]:
        _state["stack"].append(_state["root"])
    return _state["stack"][-1]


def describe(name, body=None, skip=False):
    group = Group(to_text(name), _current())
    group.skip = skip or _current().skip
    _current().children.append(group)
    _state["stack"].append(group)
    try:
        if body is not None:
            body()
    finally:
        _state["stack"].pop()


def skip_context(name, body=None):
    describe(name, body, skip=True)


def it(name, body=None):
    group = _current()
    ex = Example(to_text(name), body, group, skip=group.skip)
    group.children.append(ex)
    if not _state["collect"] and not ex.skip:
        run_now(ex)


def skip_it(name, body=None):
    group = _current()
    group.children.append(Example(to_text(name), body, group, skip=True))


def before_each(body):
    _current().before.append(body)


def after_each(body):
    _current().after.append(body)


def before_context(body):
    _current().before_all.append(body)


# ---------------------------------------------------------------------------------------
# expect(...)

def _equal(a, b) -> bool:
    try:
        r = a == b
        return bool(r)
    except (TypeError, ValueError):
        return False


def _num(v, matcher):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ExpectationFailed(matcher, v, detail=f"{matcher} needs numbers, got {to_text(v)}")
    return v


class Expectation:
    """What ``expect(actual)`` returns; each matcher raises ExpectationFailed or
    returns nil.  ``expect(x).not_to_equal(y)`` negates ``to_equal``."""

    def __init__(self, actual):
        self.actual = actual

    def to_equal(self, expected):
        if not _equal(self.actual, expected):
            raise ExpectationFailed("to_equal", self.actual, expected)

    to_eq = to_equal

    def not_to_equal(self, expected):
        if _equal(self.actual, expected):
            raise ExpectationFailed("not_to_equal", self.actual, expected)

    to_not_equal = not_to_equal

    def to_be(self, expected):
        """Identity for objects, equality for plain values (numbers, text, nil)."""
        a = self.actual
        same = a is expected or (not hasattr(a, "__dict__") and not hasattr(type(a), "_spl_fields")
                                 and _equal(a, expected))
        if not same:
            raise ExpectationFailed("to_be", a, expected)

    def to_be_true(self):
        if self.actual is not True:
            raise ExpectationFailed("to_be_true", self.actual, has_expected=False)

    def to_be_false(self):
        if self.actual is not False:
            raise ExpectationFailed("to_be_false", self.actual, has_expected=False)

    def to_be_nil(self):
        if self.actual is not None:
            raise ExpectationFailed("to_be_nil", self.actual, has_expected=False)

    def not_to_be_nil(self):
        if self.actual is None:
            raise ExpectationFailed("not_to_be_nil", self.actual, has_expected=False)

    to_be_some = not_to_be_nil

    def to_be_greater_than(self, other):
        if not _num(self.actual, "to_be_greater_than") > _num(other, "to_be_greater_than"):
            raise ExpectationFailed("to_be_greater_than", self.actual, other)

    def to_be_less_than(self, other):
        if not _num(self.actual, "to_be_less_than") < _num(other, "to_be_less_than"):
            raise ExpectationFailed("to_be_less_than", self.actual, other)

    def to_be_close_to(self, expected, tol=1e-6):
        a = _num(self.actual, "to_be_close_to")
        e = _num(expected, "to_be_close_to")
        if not (math.isfinite(a) and abs(a - e) <= tol):
            raise ExpectationFailed(
                "to_be_close_to", a, e,
                detail=f"expected {to_text(a)} to be close to {to_text(e)} (tolerance {to_text(tol)}, "
                       f"difference {to_text(abs(a - e))})")

    def to_contain(self, item):
        try:
            ok = item in self.actual
        except TypeError:
            c = getattr(self.actual, "contains", None)
            ok = bool(c(item)) if c is not None else False
        if not ok:
            raise ExpectationFailed("to_contain", self.actual, item)

    def to_have_length(self, n):
        if len(self.actual) != n:
            raise ExpectationFailed("to_have_length", self.actual, n,
                                    detail=f"expected length {n}, got {len(self.actual)}: {to_text(self.actual)}")

    def to_be_empty(self):
        if len(self.actual) != 0:
            raise ExpectationFailed("to_be_empty", self.actual, has_expected=False)

    def to_raise(self, message=None):
        """``expect(\\: f()).to_raise()`` / ``.to_raise("part of the message")``."""
        if not callable(self.actual):
            raise ExpectationFailed("to_raise", self.actual,
                                    detail="to_raise needs a function: expect(\\: code).to_raise()")
        try:
            self.actual()
        except Exception as exc:  # noqa: BLE001 - any failure of the code counts
            text = getattr(exc, "message", None) or str(exc)
            if message is not None and to_text(message) not in text:
                raise ExpectationFailed(
                    "to_raise", text, message,
                    detail=f"expected an error containing {to_text(message)!r}, got {text!r}") from None
            return None
        raise ExpectationFailed("to_raise", "no error", message,
                                detail="expected an error, but none was raised"
                                + (f" (wanted one containing {to_text(message)!r})" if message is not None else ""))

    def to_string(self) -> str:
        return f"expect({to_text(self.actual)})"


def expect(actual):
    return Expectation(actual)


# ---------------------------------------------------------------------------------------
# assert-style helpers (upstream names)

def check(cond):
    if cond is not True:
        raise ExpectationFailed("check", cond, detail=f"check failed: got {to_text(cond)}")


def check_msg(cond, message):
    if cond is not True:
        raise ExpectationFailed("check", cond, detail=to_text(message))


def assert_eq(actual, expected):
    Expectation(actual).to_equal(expected)


def assert_ne(actual, expected):
    Expectation(actual).not_to_equal(expected)


def assert_true(v):
    Expectation(v).to_be_true()


def assert_false(v):
    Expectation(v).to_be_false()


def assert_nil(v):
    Expectation(v).to_be_nil()


def assert_not_nil(v):
    Expectation(v).not_to_be_nil()


def expect_not(cond):
    if cond is not False:
        raise ExpectationFailed("expect_not", cond, detail=f"expect_not failed: got {to_text(cond)}")


def step(name, body=None):
    """A named step of an example (upstream's BDD helper): runs ``body`` when given."""
    if body is not None:
        body()


def fail_test(message="failed"):
    raise ExpectationFailed("fail", None, detail=to_text(message))


def pending(name, body=None):
    skip_it(name, body)


DSL: dict = {
    "describe": describe, "context": describe, "feature": describe, "skip_context": skip_context,
    "it": it, "test": it, "example": it, "specify": it, "scenario": it,
    "skip_it": skip_it, "slow_it": it, "pending": pending, "skip": skip_it,
    "before_each": before_each, "after_each": after_each, "before_context": before_context,
    "before_all": before_context, "expect": expect, "check": check, "check_msg": check_msg,
    "assert_eq": assert_eq, "assert_ne": assert_ne, "assert_true": assert_true,
    "assert_false": assert_false, "assert_nil": assert_nil, "assert_not_nil": assert_not_nil,
    "fail_test": fail_test, "fail_assertion": fail_test,
    "assert_equal": assert_eq, "expect_not": expect_not, "step": step,
}
for _name, _fn in DSL.items():
    native("lib.sspec." + _name)(_fn)
    native("lib.spec." + _name)(_fn)
