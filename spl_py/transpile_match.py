"""``match`` for the transpiler: an ``if``/``elif`` chain whose tests are the interpreter's
pattern semantics (Decision 13), captures bound with ``:=`` inside the test so that a
guard sees them, and a final ``else`` raising "no match arm matches ..."."""
from __future__ import annotations

import ast

from . import ast as A
from .errors import SplInternalError, SplSyntaxError
from .scopes import variant_first
from .transpile_expr import attr, call, const, is_identifier, name
from .transpile_scope import UNIT

_WRAPPERS = ("Some", "Ok", "Err")


class MatchCompiler:
    """Mixed into the Transpiler."""

    def compile_match(self, node: A.Match, tail) -> list:
        captured = set()
        for arm in node.arms:
            captured.update(_captures(arm.pattern))
        out = []
        if isinstance(node.subject, A.Name) and node.subject.id not in captured:
            subject = self.expr(node.subject)
        else:
            temp = self.info.new_temp("subject")
            out.append(ast.Assign([name(temp, True)], self.expr(node.subject)))
            subject = name(temp)
        compiled = []  # in source order, so that an error names the first bad arm
        for arm in node.arms:
            test = self.pattern(arm.pattern, subject)
            if arm.guard is not None:
                guard = self.guard(arm.guard)
                test = guard if test is None else ast.BoolOp(ast.And(), [test, guard])
            compiled.append((test, self.block(arm.body.body, tail), arm.span.line))
        result = self.locate([ast.Expr(call(self.helper("spl_no_match"), [subject]))], node.span.line)
        for test, body, line in reversed(compiled):
            if test is None:
                result = body
            else:  # a failing pattern or guard is reported at its arm's line
                result = self.locate([ast.If(test, body, result)], line)
        return out + result

    def guard(self, expr) -> ast.expr:
        """An arm's guard, which runs only once its pattern matched: a ``?`` in it raises
        its failure (expr_Try), as nothing may be hoisted before the arms but the
        definitions of block lambdas."""
        hoisted, guard = self.lazy_operand(expr, start=-1)
        if hoisted:
            raise SplInternalError("the transpiler cannot compile a block if-expression in a match guard")
        return guard

    def pattern(self, pat, value):
        """A test expression for ``pat`` against ``value`` (None means always matches)."""
        return getattr(self, "pattern_" + type(pat).__name__)(pat, value)

    def pattern_WildcardPattern(self, pat, value):
        return None

    def pattern_LiteralPattern(self, pat, value):
        literal = self.expr(pat.value)
        lit = _constant(pat.value)
        if lit is None:
            return ast.Compare(value, [ast.Is()], [const(None)])
        if isinstance(lit, bool):
            return ast.Compare(value, [ast.Is()], [const(lit)])
        if isinstance(lit, str):
            return ast.Compare(value, [ast.Eq()], [literal])
        if _numeric_literal(pat.value):
            # true/false equal 1/0 but never match them; no other number equals a bool
            if lit != 0 and lit != 1:
                return ast.Compare(value, [ast.Eq()], [literal])
            if isinstance(value, ast.Name):
                first = again = value
            elif not self.comp_depth:  # (Python restricts ``:=`` in comprehensions)
                temp = self.info.new_temp("t")
                first, again = ast.NamedExpr(name(temp, True), value), name(temp)
            else:
                return call(self.helper("spl_lit_eq"), [value, literal])
            return ast.BoolOp(ast.And(), [ast.Compare(first, [ast.Eq()], [literal]),
                                          ast.Compare(again, [ast.IsNot()], [const(lit == 1)])])
        return call(self.helper("spl_lit_eq"), [value, literal])

    def pattern_CapturePattern(self, pat, value):
        """``((x := value) or True)``: the capture always matches."""
        target = self.var(pat.name)
        return ast.BoolOp(ast.Or(), [ast.NamedExpr(name(target, True), value), const(True)])

    def path_expr(self, path) -> ast.expr:
        expr = self.expr(A.Name(path[0]))
        for part in path[1:]:
            if is_identifier(part):
                expr = attr(expr, part)
            else:
                expr = call(self.helper("get_attr"), [expr, const(part)])
        return expr

    def known_shape(self, path):
        """The field names of a class or variant of this module named by ``path`` (``UNIT``
        for a unit variant), or None where the name may be something else here (a local,
        a comprehension target) or is not such a type."""
        head = path[0]
        if self.info.depth_of(head) is not None or head in self.comp_names:
            return None
        return self.local_shapes.get(tuple(path))

    def variant_first(self, pat) -> bool:
        return len(pat.path) == 1 and variant_first(pat.path[0], self.pattern_names)

    def variant_shaped(self, pat) -> bool:
        """``Err(code, msg)`` / ``Ok(v: x)`` where an enum of this module has a variant of
        that name: no wrapper takes that shape, so it is the variant's pattern."""
        return (len(pat.args) != 1 or bool(pat.kwargs)) and pat.path[0] in self.pattern_names.variants

    def bound_name(self, pat) -> ast.expr:
        """The value a one-name pattern's name is bound to: the name itself where this module
        binds it (or it is a builtin), else looked up when the arm runs
        (``spl_pattern_name``: an imported enum's variant name binds nothing)."""
        n = pat.path[0]
        if self.info.depth_of(n) is not None or n in self.info.module_names or n in self.comp_names \
                or self.is_builtin(n):
            return self.path_expr(pat.path)
        return call(self.helper("spl_pattern_name"), [const(n), call(self.pybuiltin("globals"))])

    def or_variant(self, pat, value, npos: int, fallback: ast.expr) -> ast.expr:
        """``(t if (t := spl_variant_test(value, 'N')) is not None else fallback)``: the
        variant test of a one-name pattern, the name as bound when it does not apply (no
        match for a variant name of this module bound to nothing else)."""
        variant = call(self.helper("spl_variant_test"), [value, const(pat.path[0])] + ([const(npos)] if npos else []))
        if pat.path[0] in self.pattern_names.free and self.info.depth_of(pat.path[0]) is None:
            return variant  # bound to nothing else: None (not applicable) is false as well
        temp = self.info.new_temp("variant")
        test = ast.Compare(ast.NamedExpr(name(temp, True), variant), [ast.IsNot()], [const(None)])
        return ast.IfExp(test, name(temp), fallback)

    def pattern_ValuePattern(self, pat, value):
        if self.known_shape(pat.path) is UNIT:  # units are equal only to themselves
            return ast.Compare(value, [ast.Is()], [self.path_expr(pat.path)])
        if not self.variant_first(pat):
            return call(self.helper("spl_matches"), [value, self.path_expr(pat.path)])
        return self.or_variant(pat, value, 0, call(self.helper("spl_matches"), [value, self.bound_name(pat)]))

    def pattern_ClassPattern(self, pat, value):
        if len(pat.path) == 1 and pat.path[0] in _WRAPPERS and not self.variant_shaped(pat):
            if len(pat.args) != 1 or pat.kwargs:
                raise SplSyntaxError(f"{pat.path[0]}(...) takes exactly one pattern", pat.span,
                                     self.filename, self.source_text)
            if pat.path[0] == "Some":
                # a Some's payload or a present plain value (runtime.values.some_payload)
                temp = self.info.new_temp("some")
                test = ast.Compare(ast.NamedExpr(name(temp, True), call(self.helper("spl_some_payload"), [value])),
                                   [ast.IsNot()], [self.helper("MISSING")])
                inner = self.pattern(pat.args[0], name(temp))
            else:
                test = self.type_is(value, self.helper(pat.path[0]))
                inner = self.pattern(pat.args[0], attr(value, "value"))
            wrapped = test if inner is None else ast.BoolOp(ast.And(), [test, inner])
            if not self.variant_first(pat):
                return wrapped
            # an enum of this module has a variant of the wrapper's name: a value of it
            # matches as that variant (wrapper values are no enum values)
            variant = [call(self.helper("spl_variant_test"), [value, const(pat.path[0]), const(1)])]
            inner = self.pattern(pat.args[0], call(self.helper("spl_pos_field"),
                                                   [value, self.type_of(value), const(0)]))
            variant_tests = variant if inner is None else variant + [inner]
            return ast.BoolOp(ast.Or(), [wrapped, ast.BoolOp(ast.And(), variant_tests)])
        if self.variant_first(pat):
            return self.variant_or_class(pat, value)
        cls = self.path_expr(pat.path)
        fields = self.known_shape(pat.path)
        if fields and len(pat.args) <= len(fields) and all(is_identifier(f) and not f.startswith("__")
                                                           for f in fields):
            # a class or payload variant of this module: what spl_is_class and
            # spl_pos_field would find, read directly
            tests = [call(self.pybuiltin("isinstance"), [value, cls])]
        else:
            fields = None
            tests = [call(self.helper("spl_is_class"),
                          [value, cls, const(".".join(pat.path)), const(len(pat.args))])]
        for i, sub in enumerate(pat.args):
            if fields is not None:
                part = attr(value, fields[i])
            else:
                part = call(self.helper("spl_pos_field"), [value, self.path_expr(pat.path), const(i)])
            t = self.pattern(sub, part)
            if t is not None:
                tests.append(t)
        tests.extend(self.keyword_tests(pat, value, fields))
        return tests[0] if len(tests) == 1 else ast.BoolOp(ast.And(), tests)

    def keyword_tests(self, pat, value, fields) -> list:
        """The tests of ``Type(f: p)`` parts; ``fields``: the type's known fields, or None."""
        tests = []
        for field, sub in pat.kwargs:
            part = attr(value, field) if is_identifier(field) and not field.startswith("__") \
                else call(self.helper("get_attr"), [value, const(field)])
            t = self.pattern(sub, part)
            if t is None and not (fields is not None and field in fields):
                # ``Type(f: _)``: the field is read all the same (no such field is an error)
                t = ast.BoolOp(ast.Or(), [part, const(True)])
            if t is not None:
                tests.append(t)
        return tests

    def variant_or_class(self, pat, value):
        """``Number(v)`` (one name): the variant test, else the class test of the name as
        bound; the payload is read by the value's own field layout (a class pattern's
        positional fields are the first ones of any subclass too)."""
        npos = len(pat.args)
        class_test = call(self.helper("spl_is_class"),
                          [value, self.bound_name(pat), const(pat.path[0]), const(npos)])
        tests = [self.or_variant(pat, value, npos, class_test)]
        for i, sub in enumerate(pat.args):
            t = self.pattern(sub, call(self.helper("spl_pos_field"), [value, self.type_of(value), const(i)]))
            if t is not None:
                tests.append(t)
        tests.extend(self.keyword_tests(pat, value, None))
        return tests[0] if len(tests) == 1 else ast.BoolOp(ast.And(), tests)

    def type_of(self, value: ast.expr) -> ast.expr:
        return call(self.pybuiltin("type"), [value])

    def pattern_TuplePattern(self, pat, value):
        tests = [call(self.helper("spl_tuple_of"), [value, const(len(pat.elems))])]
        for i, sub in enumerate(pat.elems):
            t = self.pattern(sub, ast.Subscript(value, const(i), ast.Load()))
            if t is not None:
                tests.append(t)
        return tests[0] if len(tests) == 1 else ast.BoolOp(ast.And(), tests)

    def pattern_OrPattern(self, pat, value):
        tests = []
        for option in pat.options:
            t = self.pattern(option, value)
            if t is None:  # always matches, after the options before it (which may fail)
                return ast.BoolOp(ast.Or(), tests + [const(True)]) if tests else None
            tests.append(t)
        return ast.BoolOp(ast.Or(), tests)

    def pattern_RangePattern(self, pat, value):
        return call(self.helper("spl_in_range"),
                    [value, self.expr(pat.start), self.expr(pat.end), const(pat.inclusive)])


def _constant(e):
    if isinstance(e, (A.IntLit, A.FloatLit, A.StrLit, A.BoolLit)):
        return e.value
    if isinstance(e, A.NilLit):
        return None
    if isinstance(e, A.UnaryOp) and e.op == "-":
        return -_constant(e.operand)
    if isinstance(e, A.UnaryOp) and e.op == "+":
        return _constant(e.operand)
    return 0  # not a plain constant: compared with spl_lit_eq


def _numeric_literal(e) -> bool:
    if isinstance(e, A.UnaryOp) and e.op in ("-", "+"):
        return _numeric_literal(e.operand)
    return isinstance(e, (A.IntLit, A.FloatLit))


def _captures(pat) -> set:
    from .scopes import pattern_names
    return set(pattern_names(pat))
