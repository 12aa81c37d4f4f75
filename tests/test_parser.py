"""Parser tests, one group per construct of the language notes (shared/simple-language.md).

Trees are compared whole with ``==`` (spans are excluded from node equality); spans are
checked separately for a sample of nodes, including expressions inside interpolated strings.
"""
from __future__ import annotations

import pytest

from spl_py import ast as A
from spl_py.errors import SplSyntaxError
from spl_py.parser import parse, parse_expression

# ----------------------------------------------------------------------------- helpers

N = A.Name
I = A.IntLit  # noqa: E741
F = A.FloatLit
S = A.StrLit
T = A.NamedType


def body(src: str) -> tuple:
    return parse(src, "t.spl").body


def stmt(src: str) -> A.Stmt:
    stmts = body(src)
    assert len(stmts) == 1, stmts
    return stmts[0]


def ex(src: str) -> A.Expr:
    """The value of ``val _v = SRC``."""
    node = stmt(f"val v = {src}")
    assert isinstance(node, A.VarDecl)
    return node.value


def call(func, *args, **named) -> A.Call:
    arg_nodes = [A.Arg(a) for a in args] + [A.Arg(v, k) for k, v in named.items()]
    return A.Call(func, tuple(arg_nodes))


def es(value) -> A.ExprStmt:
    return A.ExprStmt(value)


def blk(*stmts) -> A.Block:
    return A.Block(tuple(stmts))


def val(name, value, type_=None, mutable=False) -> A.VarDecl:
    return A.VarDecl(A.NameTarget(name), type_, value, mutable)


def binop(op, a, b):
    return A.BinOp(op, a, b)


def param(name, type_=None, default=None):
    return A.Param(name, type_, default)


def sp(node) -> tuple:
    s = node.span
    return (s.line, s.col, s.end_line, s.end_col)


# ----------------------------------------------------------------------------- literals

class TestNumbers:
    @pytest.mark.parametrize("text, value", [
        ("0", 0), ("42", 42), ("1_000_000", 1000000), ("0x1F", 31), ("0xFF_FF", 0xFFFF),
        ("0b1010_0101", 0b10100101), ("0o755", 0o755), ("42i32", 42), ("100u64", 100),
        ("9223372036854775807", 2**63 - 1),
    ])
    def test_int(self, text, value):
        assert ex(text) == I(value)

    @pytest.mark.parametrize("text, value", [
        ("3.14", 3.14), ("1.5e-10", 1.5e-10), ("6.022E23", 6.022e23), ("1_234.5_6", 1234.56),
        ("1e3", 1000.0), ("3.14f32", 3.14), ("2.718f64", 2.718), ("0.0", 0.0),
    ])
    def test_float(self, text, value):
        node = ex(text)
        assert node == F(value) and isinstance(node.value, float)

    def test_negative_literal_is_folded(self):
        assert ex("-5") == I(-5)
        assert ex("-2.5") == F(-2.5)
        assert ex("+3") == I(3)

    def test_range_is_not_a_float(self):
        assert ex("0..n") == A.Range(I(0), N("n"), False)

    def test_tuple_field_after_name(self):
        assert ex("t.0.1") == A.Attribute(A.Attribute(N("t"), "0"), "1")

    def test_number_span(self):
        assert sp(ex("1_000")) == (1, 9, 1, 14)
        assert sp(ex("-5")) == (1, 9, 1, 11)


class TestLiterals:
    def test_bools_nil_none(self):
        assert ex("true") == A.BoolLit(True)
        assert ex("false") == A.BoolLit(False)
        assert ex("nil") == A.NilLit()
        assert ex("None") == A.NilLit()

    def test_some_ok_err_are_calls(self):
        assert ex("Some(1)") == call(N("Some"), I(1))
        assert ex("Ok(x)") == call(N("Ok"), N("x"))
        assert ex("Err(e)") == call(N("Err"), N("e"))

    def test_list_tuple_dict_unit(self):
        assert ex("[1, 2,]") == A.ListLit((I(1), I(2)))
        assert ex("[]") == A.ListLit(())
        assert ex("(1, 2)") == A.TupleLit((I(1), I(2)))
        assert ex("(1,)") == A.TupleLit((I(1),))
        assert ex("()") == A.TupleLit(())
        assert ex("( )") == A.TupleLit(())
        assert ex("(1)") == I(1)
        assert ex('{"a": 1, "b": x}') == A.DictLit(((S("a"), I(1)), (S("b"), N("x"))))
        assert ex("{}") == A.DictLit(())

    def test_multiline_list(self):
        assert ex("[\n    1,\n    2\n]") == A.ListLit((I(1), I(2)))

    def test_ellipsis(self):
        assert stmt("...") == es(A.Ellipsis_())


# ----------------------------------------------------------------------------- strings

class TestStrings:
    def test_plain_and_escapes(self):
        assert ex('"a\\nb\\t\\"q\\""') == S('a\nb\t"q"')
        assert ex("'it\\'s'") == S("it's")
        assert ex('"\\x41\\u{1F600}\\101"') == S("A\U0001F600A")
        assert ex('"\\q"') == S("\\q")  # unknown escapes stay as written

    def test_single_quotes_do_not_interpolate(self):
        assert ex("'{x}'") == S("{x}")

    def test_interpolation_parts(self):
        node = ex('"a {x + 1} b {y}"')
        assert node == A.InterpStr((
            "a ", A.FormattedValue(binop("+", N("x"), I(1)), None, "x + 1"),
            " b ", A.FormattedValue(N("y"), None, "y")))

    def test_format_spec(self):
        node = ex('"{loss:.4f} {acc:.2%} {n:>8} {big:,}"')
        specs = [p.spec for p in node.parts if isinstance(p, A.FormattedValue)]
        assert specs == [".4f", ".2%", ">8", ","]
        assert node.parts[0].value == N("loss")
        assert node.parts[0].source == "loss"

    def test_spec_after_expression(self):
        node = ex('"{test_acc * 100:.1f}"')
        assert node.parts == (A.FormattedValue(binop("*", N("test_acc"), I(100)), ".1f", "test_acc * 100"),)

    def test_literal_braces(self):
        assert ex('"{{x}} \\{y\\}"') == S("{x} {y}")

    def test_nested_other_quote_string(self):
        node = ex('"{cfg.get(\'name\')}"')
        assert node.parts == (A.FormattedValue(
            call(A.Attribute(N("cfg"), "get"), S("name")), None, "cfg.get('name')"),)

    def test_if_expression_inside(self):
        node = ex('"{if ok: \'yes\' else: \'no\'}"')
        assert node.parts == (A.FormattedValue(A.IfExpr(N("ok"), S("yes"), S("no")), None,
                                               "if ok: 'yes' else: 'no'"),)

    def test_dict_index_inside(self):
        node = ex('"{d[\'k\']}"')
        assert node.parts[0].value == A.Index(N("d"), S("k"))

    def test_f_strings(self):
        assert ex('f"v={v}"') == A.InterpStr(("v=", A.FormattedValue(N("v"), None, "v")))
        assert ex('f"""t {x}"""') == A.InterpStr(("t ", A.FormattedValue(N("x"), None, "x")))
        assert ex("f'{x}'") == A.InterpStr((A.FormattedValue(N("x"), None, "x"),))

    def test_raw_strings(self):
        assert ex('r"a\\n{x}"') == S("a\\n{x}")
        assert ex("r'\\d+'") == S("\\d+")

    def test_triple_quoted_is_verbatim(self):
        assert ex('"""line {x}\n  \\n more"""') == S("line {x}\n  \\n more")
        assert ex("'''a'b'''") == S("a'b")

    def test_no_parts_collapses_to_strlit(self):
        assert ex('"plain"') == S("plain")
        assert ex('""') == S("")

    def test_interpolated_spans_are_file_positions(self):
        node = stmt('print "ab {x + yy} {z:.2f}"')
        s = node.value.args[0].value
        fv1, fv2 = s.parts[1], s.parts[3]
        assert sp(s) == (1, 7, 1, 28)
        assert sp(fv1) == (1, 12, 1, 13)
        assert sp(fv1.value) == (1, 12, 1, 18)
        assert sp(fv1.value.left) == (1, 12, 1, 13)
        assert sp(fv1.value.right) == (1, 16, 1, 18)
        assert sp(fv2.value) == (1, 21, 1, 22)

    def test_interpolated_spans_on_later_lines(self):
        src = 'val a = 1\nfn f():\n    print f"""x\n  {a.b} {c}"""\n'
        fn = body(src)[1]
        s = fn.body.body[0].value.args[0].value
        attr = s.parts[1].value
        assert attr == A.Attribute(N("a"), "b")
        assert sp(attr) == (4, 4, 4, 7)
        assert sp(attr.obj) == (4, 4, 4, 5)
        assert sp(s.parts[3].value) == (4, 10, 4, 11)

    def test_interpolation_error_position(self):
        with pytest.raises(SplSyntaxError) as info:
            parse('\nval s = "ok {a +* b}"', "t.spl")
        assert (info.value.line, info.value.col) == (2, 17)


# ----------------------------------------------------------------------------- operators

class TestPrecedence:
    def test_not_is_looser_than_comparison(self):
        assert ex("not a == b") == A.UnaryOp("not", A.Compare("==", N("a"), N("b")))

    def test_unary_minus_binds_tighter_than_power(self):
        assert ex("-2 ** 2") == binop("**", I(-2), I(2))
        assert ex("-x ** 2") == binop("**", A.UnaryOp("-", N("x")), I(2))

    def test_power_is_right_associative(self):
        assert ex("a ** b ** c") == binop("**", N("a"), binop("**", N("b"), N("c")))

    def test_coalesce_below_bitor(self):
        assert ex("a ?? b | c") == binop("??", N("a"), binop("|", N("b"), N("c")))

    def test_range_below_additive(self):
        assert ex("0..n+1") == A.Range(I(0), binop("+", N("n"), I(1)), False)
        assert ex("1..=n") == A.Range(I(1), N("n"), True)

    def test_pipe_is_lowest(self):
        assert ex("a |> f") == binop("|>", N("a"), N("f"))
        assert ex("a or b |> f") == binop("|>", A.BoolOp("or", N("a"), N("b")), N("f"))

    def test_arithmetic(self):
        assert ex("a + b * c") == binop("+", N("a"), binop("*", N("b"), N("c")))
        assert ex("a - b - c") == binop("-", binop("-", N("a"), N("b")), N("c"))
        assert ex("a @ b * c") == binop("@", N("a"), binop("*", N("b"), N("c")))
        assert ex("a + b @ c") == binop("+", N("a"), binop("@", N("b"), N("c")))
        assert ex("a % b / c") == binop("/", binop("%", N("a"), N("b")), N("c"))

    def test_and_or(self):
        assert ex("a or b and c") == A.BoolOp("or", N("a"), A.BoolOp("and", N("b"), N("c")))
        assert ex("a && b || c") == A.BoolOp("or", A.BoolOp("and", N("a"), N("b")), N("c"))
        assert ex("!a") == A.UnaryOp("not", N("a"))

    def test_comparisons(self):
        for op in ("==", "!=", "<", "<=", ">", ">="):
            assert ex(f"a {op} b") == A.Compare(op, N("a"), N("b"))
        assert ex("a in xs") == A.Compare("in", N("a"), N("xs"))
        assert ex("a not in xs") == A.Compare("not in", N("a"), N("xs"))
        assert ex("a is b") == A.Compare("is", N("a"), N("b"))
        assert ex("a is not b") == A.Compare("is not", N("a"), N("b"))
        assert ex("a + 1 < b * 2") == A.Compare("<", binop("+", N("a"), I(1)), binop("*", N("b"), I(2)))

    def test_bitwise_and_xor(self):
        assert ex("a | b ^ c & d") == binop("|", N("a"), binop("^", N("b"), binop("&", N("c"), N("d"))))
        assert ex("5 xor 3") == binop("^", I(5), I(3))
        assert ex("a & b << 1") == binop("&", N("a"), binop("<<", N("b"), I(1)))
        assert ex("1 << 4 >> 2") == binop(">>", binop("<<", I(1), I(4)), I(2))
        assert ex("~a") == A.UnaryOp("~", N("a"))
        assert ex("a << 1..b") == binop("<<", N("a"), A.Range(I(1), N("b"), False))

    def test_coalesce_above_comparison(self):
        assert ex("a ?? b == c") == A.Compare("==", binop("??", N("a"), N("b")), N("c"))

    def test_cast(self):
        assert ex("x as i64") == A.Cast(N("x"), T("i64"))
        assert ex("-x as f64") == A.UnaryOp("-", A.Cast(N("x"), T("f64")))

    def test_binop_span(self):
        node = ex("a + b * c")
        assert sp(node) == (1, 9, 1, 18)
        assert sp(node.right) == (1, 13, 1, 18)


class TestPostfix:
    def test_calls_attributes_indexes(self):
        assert ex("f(1, x: 2, y=3)") == call(N("f"), I(1), x=I(2), y=I(3))
        assert ex("a.b.c()") == call(A.Attribute(A.Attribute(N("a"), "b"), "c"))
        assert ex("m[i * K + k]") == A.Index(N("m"), binop("+", binop("*", N("i"), N("K")), N("k")))
        assert ex("self.betas.0") == A.Attribute(A.Attribute(N("self"), "betas"), "0")

    def test_optional_operators(self):
        assert ex("a ?? b") == binop("??", N("a"), N("b"))
        assert ex("a?.b") == A.OptionalAttr(N("a"), "b")
        assert ex("a.?") == A.Presence(N("a"))
        assert ex("a.b.?") == A.Presence(A.Attribute(N("a"), "b"))
        assert ex("a.?.b") == A.Attribute(A.Unwrap(N("a")), "b")
        assert ex("a.?[0]") == A.Index(A.Unwrap(N("a")), I(0))
        assert ex("x.grad.?.data") == A.Attribute(A.Unwrap(A.Attribute(N("x"), "grad")), "data")
        assert ex("f(x)?") == A.Try(call(N("f"), N("x")))
        assert ex("not p.grad.?") == A.UnaryOp("not", A.Presence(A.Attribute(N("p"), "grad")))

    def test_slices(self):
        xs = N("xs")
        assert ex("xs[1..]") == A.Slice(xs, I(1), None, False)
        assert ex("xs[:2]") == A.Slice(xs, None, I(2), False)
        assert ex("xs[1:3]") == A.Slice(xs, I(1), I(3), False)
        assert ex("xs[2:]") == A.Slice(xs, I(2), None, False)
        assert ex("xs[:]") == A.Slice(xs, None, None, False)
        assert ex("xs[a..=b]") == A.Slice(xs, N("a"), N("b"), True)
        assert ex("xs[1..3]") == A.Slice(xs, I(1), I(3), False)

    def test_generic_type_call(self):
        zeros = call(A.Attribute(N("PureTensor"), "zeros"), A.ListLit((I(2),)))
        assert ex("PureTensor<f64>.zeros([2])") == zeros
        assert ex("PureTensor.zeros([2])") == zeros
        assert ex("Map<text, [i64]>.new()") == call(A.Attribute(N("Map"), "new"))
        assert ex("Box<Pair<i64, T?>>.of(1)") == call(A.Attribute(N("Box"), "of"), I(1))

    def test_comparisons_around_a_call_are_no_generic_arguments(self):
        # between '<' and '>' stand a name, a keyword and an index: no list of types
        assert ex("lo<hi and xs[1]>(lo)") == A.BoolOp(
            "and", A.Compare("<", N("lo"), N("hi")),
            A.Compare(">", A.Index(N("xs"), I(1)), N("lo")))

    def test_less_than_still_compares(self):
        assert ex("a < b") == A.Compare("<", N("a"), N("b"))
        assert ex("a<b") == A.Compare("<", N("a"), N("b"))

    def test_brace_construction(self):
        assert ex("Point { x: 1.0, y: 2.0 }") == call(N("Point"), x=F(1.0), y=F(2.0))
        assert ex("Point{x: 1.0}") == call(N("Point"), x=F(1.0))
        assert ex("Empty {}") == call(N("Empty"))
        node = ex("Point { x: 1.0 }")
        assert sp(node.func) == (1, 9, 1, 14)

    def test_call_span(self):
        node = ex("f(a, b)")
        assert sp(node) == (1, 9, 1, 16)
        assert sp(node.args[1]) == (1, 14, 1, 15)


# ----------------------------------------------------------------------------- lambdas, comprehensions, if-expressions

class TestLambdas:
    def test_backslash_forms(self):
        assert ex("\\x: x * 2") == A.Lambda((param("x"),), binop("*", N("x"), I(2)))
        assert ex("\\a, b: a + b") == A.Lambda((param("a"), param("b")), binop("+", N("a"), N("b")))
        assert ex("\\: 42") == A.Lambda((), I(42))

    def test_typed_forms(self):
        assert ex("\\(x: i64) -> i64: x * x") == A.Lambda(
            (param("x", T("i64")),), binop("*", N("x"), N("x")), T("i64"))
        assert ex("fn(x): x + 1") == A.Lambda((param("x"),), binop("+", N("x"), I(1)))
        assert ex("fn(): 0") == A.Lambda((), I(0))

    def test_fn_block_lambda(self):
        node = ex("fn(x):\n    val y = x\n    y")
        assert node == A.Lambda((param("x"),), blk(val("y", N("x")), es(N("y"))))

    def test_lambda_as_argument(self):
        assert ex("xs.map(\\x: x + 1)") == call(A.Attribute(N("xs"), "map"),
                                                A.Lambda((param("x"),), binop("+", N("x"), I(1))))

    def test_lambda_span(self):
        assert sp(ex("\\x: x")) == (1, 9, 1, 14)


class TestComprehensions:
    def test_list_both_orders(self):
        want = A.ListComp(binop("*", N("x"), I(2)), (A.CompFor(A.NameTarget("x"), N("xs"),
                                                               (A.Compare(">", N("x"), I(0)),)),))
        assert ex("[x * 2 for x in xs if x > 0]") == want
        assert ex("[for x in xs if x > 0: x * 2]") == want

    def test_dict_both_orders(self):
        want = A.DictComp(N("x"), binop("*", N("x"), N("x")), (A.CompFor(A.NameTarget("x"), N("xs")),))
        assert ex("{x: x * x for x in xs}") == want
        assert ex("{for x in xs: (x, x * x)}") == want

    def test_tuple_target_and_two_clauses(self):
        node = ex("[a + b for (a, b) in ps for c in cs if c]")
        assert node.clauses == (
            A.CompFor(A.TupleTarget((A.NameTarget("a"), A.NameTarget("b"))), N("ps")),
            A.CompFor(A.NameTarget("c"), N("cs"), (N("c"),)))


class TestIfExpressions:
    def test_one_line(self):
        assert ex("if c: 1 else: 2") == A.IfExpr(N("c"), I(1), I(2))
        assert ex("if a: 1 elif b: 2 else: 3") == A.IfExpr(N("a"), I(1), A.IfExpr(N("b"), I(2), I(3)))
        assert ex("if v > 6.0: 6.0 else: (if v < -6.0: -6.0 else: v)") == A.IfExpr(
            A.Compare(">", N("v"), F(6.0)), F(6.0), A.IfExpr(A.Compare("<", N("v"), F(-6.0)), F(-6.0), N("v")))

    def test_block_if_as_value(self):
        node = stmt("val x = if c:\n    1\nelse:\n    2\n")
        assert node == val("x", A.BlockExpr(A.If(((N("c"), blk(es(I(1)))),), blk(es(I(2))))))

    def test_block_match_as_value(self):
        node = stmt('val y = match k:\n    case 1: "a"\n    case _: "b"\n')
        assert node == val("y", A.BlockExpr(A.Match(N("k"), (
            A.MatchArm(A.LiteralPattern(I(1)), None, blk(es(S("a")))),
            A.MatchArm(A.WildcardPattern(), None, blk(es(S("b"))))))))

    def test_block_if_in_assignment_and_return(self):
        node = stmt("x = if c:\n    1\nelse:\n    2\n")
        assert isinstance(node, A.Assign) and isinstance(node.value, A.BlockExpr)
        node = stmt("return if c:\n    1\nelse:\n    2\n")
        assert isinstance(node, A.Return) and isinstance(node.value, A.BlockExpr)


# ----------------------------------------------------------------------------- statements

class TestStatements:
    def test_bindings(self):
        assert stmt("val n = 4") == val("n", I(4))
        assert stmt("var total = 0.0") == val("total", F(0.0), mutable=True)
        assert stmt("var data: [f64] = []") == val("data", A.ListLit(()), A.ListType(T("f64")), True)
        assert stmt("const K = 3") == val("K", I(3))
        assert stmt("var x: i64") == val("x", None, T("i64"), True)

    def test_destructuring(self):
        assert stmt("val (a, b) = pair") == A.VarDecl(
            A.TupleTarget((A.NameTarget("a"), A.NameTarget("b"))), None, N("pair"), False)
        assert stmt("a, b = b, a") == A.Assign(A.TupleLit((N("a"), N("b"))), A.TupleLit((N("b"), N("a"))))
        assert stmt("val t = 1, 2") == val("t", A.TupleLit((I(1), I(2))))

    def test_assignment_targets(self):
        assert stmt("w.data[i] = v") == A.Assign(A.Index(A.Attribute(N("w"), "data"), N("i")), N("v"))
        assert stmt("self.training = true") == A.Assign(A.Attribute(N("self"), "training"), A.BoolLit(True))

    @pytest.mark.parametrize("op", ["+", "-", "*", "/", "%", "**", "<<", ">>", "&", "|", "^"])
    def test_compound_assignment(self, op):
        assert stmt(f"x {op}= 2") == A.AugAssign(N("x"), op, I(2))

    def test_compound_assignment_to_index(self):
        assert stmt("xs[i] += 1") == A.AugAssign(A.Index(N("xs"), N("i")), "+", I(1))

    def test_simple_statements(self):
        assert body("break\ncontinue\npass\nreturn\nreturn 1, 2") == (
            A.Break(), A.Continue(), A.Pass(), A.Return(None), A.Return(A.TupleLit((I(1), I(2)))))
        assert stmt("pass_todo") == A.Pass()

    def test_assert(self):
        assert stmt("assert x > 0") == A.Assert(A.Compare(">", N("x"), I(0)), None, "x > 0")
        assert stmt('assert a == b, "msg"') == A.Assert(A.Compare("==", N("a"), N("b")), S("msg"), "a == b")

    def test_semicolons(self):
        assert body("val a = 1; val b = 2; print a") == (
            val("a", I(1)), val("b", I(2)), es(call(N("print"), N("a"))))
        assert body("x = 1;") == (A.Assign(N("x"), I(1)),)

    def test_if_elif_else(self):
        node = stmt("if a:\n    x\nelif b:\n    y\nelse if c:\n    z\nelse:\n    w\n")
        assert node == A.If(((N("a"), blk(es(N("x")))), (N("b"), blk(es(N("y")))),
                             (N("c"), blk(es(N("z"))))), blk(es(N("w"))))

    def test_one_line_suites(self):
        assert stmt('if d1 < d2: return -1') == A.If(
            ((A.Compare("<", N("d1"), N("d2")), blk(A.Return(I(-1)))),), None)
        assert stmt("while x: x -= 1") == A.While(N("x"), blk(A.AugAssign(N("x"), "-", I(1))))
        assert stmt("for i in xs: a; b") == A.For(A.NameTarget("i"), N("xs"), blk(es(N("a")), es(N("b"))))

    def test_for_targets(self):
        assert stmt("for i in 0..3: pass") == A.For(A.NameTarget("i"), A.Range(I(0), I(3), False), blk(A.Pass()))
        node = stmt("for (i, (x, y)) in ps: pass")
        assert node.target == A.TupleTarget((A.NameTarget("i"), A.TupleTarget((A.NameTarget("x"), A.NameTarget("y")))))
        node = stmt("for i, x in xs.enumerate(): pass")
        assert node.target == A.TupleTarget((A.NameTarget("i"), A.NameTarget("x")))

    def test_while_and_loop(self):
        assert stmt("while i < n:\n    i = i + 1\n") == A.While(
            A.Compare("<", N("i"), N("n")), blk(A.Assign(N("i"), binop("+", N("i"), I(1)))))
        assert stmt("loop:\n    break\n") == A.Loop(blk(A.Break()))

    def test_blank_and_comment_lines_ignore_indentation(self):
        src = "if a:\n    x\n\n        # deep comment\n  # shallow\n    y\nz\n"
        assert body(src) == (A.If(((N("a"), blk(es(N("x")), es(N("y")))),), None), es(N("z")))

    def test_tabs_count_four_columns(self):
        assert body("if a:\n\tx\n    y\n") == (A.If(((N("a"), blk(es(N("x")), es(N("y")))),), None),)

    def test_shebang_bom_crlf(self):
        assert body("#!/usr/bin/env spl\nx\n") == (es(N("x")),)
        assert body("\ufeffx") == (es(N("x")),)
        assert body("if a:\r\n    x\r\ny\r\n") == (A.If(((N("a"), blk(es(N("x")))),), None), es(N("y")))

    def test_empty_module(self):
        assert parse("", "t.spl") == A.Module(())
        assert parse("# only a comment\n\n", "t.spl") == A.Module(())

    def test_statement_spans(self):
        src = "val a = 1\nif a:\n    print a\n"
        decl, if_ = body(src)
        assert sp(decl) == (1, 1, 1, 10)
        assert sp(if_) == (2, 1, 3, 12)
        assert sp(if_.branches[0][1].body[0]) == (3, 5, 3, 12)


class TestLineContinuation:
    def test_trailing_operator(self):
        src = "val x = b * (in_c * in_h) +\n           ic * in_h +\n   iw\n"
        node = stmt(src)
        assert node.value == binop("+", binop("+", binop("*", N("b"), binop("*", N("in_c"), N("in_h"))),
                                              binop("*", N("ic"), N("in_h"))), N("iw"))

    @pytest.mark.parametrize("op", ["and", "or", "-", "*", "/", "==", "!=", "&", "|", "??", "|>"])
    def test_each_operator(self, op):
        node = stmt(f"val x = a {op}\n    b\n")
        assert isinstance(node.value, (A.BinOp, A.BoolOp, A.Compare))

    def test_inside_brackets(self):
        src = "val y = foo(1,\n  2,\n        x: [3,\n4])\n"
        assert stmt(src) == val("y", call(N("foo"), I(1), I(2), x=A.ListLit((I(3), I(4)))))
        assert stmt("val d = {\n  \"a\": 1,\n}\n") == val("d", A.DictLit(((S("a"), I(1)),)))

    def test_trailing_comma_in_call_statement(self):
        assert stmt("print a,\n    b\n") == es(call(N("print"), N("a"), N("b")))


class TestCalls:
    def test_parenless(self):
        assert stmt('print "x"') == es(call(N("print"), S("x")))
        assert stmt("print a, b") == es(call(N("print"), N("a"), N("b")))
        assert stmt('user.set name: "A", age: 30') == es(
            call(A.Attribute(N("user"), "set"), name=S("A"), age=I(30)))
        assert stmt("print x.to_string()") == es(call(N("print"), call(A.Attribute(N("x"), "to_string"))))
        assert stmt("print -x") == es(call(N("print"), A.UnaryOp("-", N("x"))))
        assert stmt("print [1]") == es(call(N("print"), A.ListLit((I(1),))))

    def test_parenthesised_print(self):
        assert stmt("print(x)") == es(call(N("print"), N("x")))
        assert stmt("print()") == es(call(N("print")))

    def test_binary_minus_is_not_a_call(self):
        assert stmt("a - b") == es(binop("-", N("a"), N("b")))
        assert stmt("a and b") == es(A.BoolOp("and", N("a"), N("b")))
        assert stmt("x in xs") == es(A.Compare("in", N("x"), N("xs")))

    def test_trailing_block_with_args(self):
        node = stmt('describe "X":\n    it "adds":\n        check()\n')
        inner = es(call(N("it"), S("adds"), A.Lambda((), blk(es(call(N("check")))))))
        assert node == es(call(N("describe"), S("X"), A.Lambda((), blk(inner))))

    def test_trailing_block_bare(self):
        assert stmt("before_each:\n    setup()\n") == es(
            call(N("before_each"), A.Lambda((), blk(es(call(N("setup")))))))

    def test_trailing_block_lambda(self):
        want = es(call(A.Attribute(N("xs"), "each"),
                       A.Lambda((param("x"),), blk(es(call(N("print"), N("x")))))))
        assert stmt("xs.each \\x:\n    print x\n") == want
        assert stmt("xs.each fn(x):\n    print x\n") == want

    def test_trailing_block_span(self):
        node = stmt('describe "X":\n    pass\n')
        assert sp(node) == (1, 1, 2, 9)


# ----------------------------------------------------------------------------- match

class TestMatch:
    def arms(self, src):
        node = stmt("match x:\n" + src)
        assert isinstance(node, A.Match) and node.subject == N("x")
        return node.arms

    def test_bare_arms(self):
        arm, = self.arms("    OpType.Add:\n        pass\n")
        assert arm == A.MatchArm(A.ValuePattern(("OpType", "Add")), None, blk(A.Pass()))

    def test_case_arms_with_guard_and_or(self):
        arm, = self.arms('    case 1 | 2 if y: print "s"\n')
        assert arm.pattern == A.OrPattern((A.LiteralPattern(I(1)), A.LiteralPattern(I(2))))
        assert arm.guard == N("y")
        assert arm.body == blk(es(call(N("print"), S("s"))))

    def test_arrow_arms(self):
        a1, a2 = self.arms('    | 0 -> "zero"\n    | n if n < 0 -> "neg"\n')
        assert a1 == A.MatchArm(A.LiteralPattern(I(0)), None, blk(es(S("zero"))))
        assert a2 == A.MatchArm(A.CapturePattern("n"), A.Compare("<", N("n"), I(0)), blk(es(S("neg"))))

    def test_fat_arrow_arms(self):
        arm, = self.arms("    Red => 1\n")
        assert arm == A.MatchArm(A.ValuePattern(("Red",)), None, blk(es(I(1))))

    def test_patterns(self):
        arms = self.arms(
            "    case Point(x: 0, y: py): 1\n"
            "    case (0, _): 2\n"
            "    case 1..=5: 3\n"
            "    case 1..5: 3\n"
            "    case Some(v): 4\n"
            "    case Token.Number(v): 4\n"
            "    case -1: 5\n"
            "    case -2.5: 5\n"
            '    case "s": 6\n'
            "    case true: 7\n"
            "    case nil: 8\n"
            "    case None: 8\n"
            "    case (): 9\n"
            "    case (a): 9\n"
            "    case _: 10\n")
        pats = [a.pattern for a in arms]
        assert pats == [
            A.ClassPattern(("Point",), (), (("x", A.LiteralPattern(I(0))), ("y", A.CapturePattern("py")))),
            A.TuplePattern((A.LiteralPattern(I(0)), A.WildcardPattern())),
            A.RangePattern(I(1), I(5), True),
            A.RangePattern(I(1), I(5), False),
            A.ClassPattern(("Some",), (A.CapturePattern("v"),)),
            A.ClassPattern(("Token", "Number"), (A.CapturePattern("v"),)),
            A.LiteralPattern(I(-1)),
            A.LiteralPattern(F(-2.5)),
            A.LiteralPattern(S("s")),
            A.LiteralPattern(A.BoolLit(True)),
            A.LiteralPattern(A.NilLit()),
            A.LiteralPattern(A.NilLit()),
            A.TuplePattern(()),
            A.CapturePattern("a"),
            A.WildcardPattern(),
        ]

    def test_block_arm_bodies(self):
        arm, = self.arms("    case 1:\n        a\n        b\n")
        assert arm.body == blk(es(N("a")), es(N("b")))

    def test_match_span(self):
        node = stmt("match x:\n    case 1: a\n")
        assert sp(node) == (1, 1, 2, 14)
        assert sp(node.arms[0]) == (2, 5, 2, 14)
        assert sp(node.arms[0].pattern) == (2, 10, 2, 11)


# ----------------------------------------------------------------------------- declarations

class TestFunctions:
    def test_simple_fn(self):
        node = stmt("fn square(x: i64) -> i64: x * x")
        assert node == A.FnDef("square", (param("x", T("i64")),), T("i64"), blk(es(binop("*", N("x"), N("x")))))

    def test_defaults_and_kinds(self):
        node = stmt("fn f(a, b: bool = false):\n    pass\n")
        assert node.params == (param("a"), param("b", T("bool"), A.BoolLit(False)))
        assert node.kind == "fn" and node.ret is None
        assert stmt("static fn create() -> Net: make()").kind == "static"
        assert stmt("me train():\n    self.t = true\n").kind == "me"
        assert stmt("pub fn f(): 1").name == "f"

    def test_docstring(self):
        node = stmt('fn numel() -> i64:\n    """Total number of elements."""\n    ...\n')
        assert node.doc == "Total number of elements."
        assert node.body == blk(es(A.Ellipsis_()))

    def test_lone_string_body_is_the_value(self):
        node = stmt('fn name() -> text: "ReLU"')
        assert node.doc is None and node.body == blk(es(S("ReLU")))

    def test_generics(self):
        node = stmt("fn id<T: Show + Eq>(x: T) -> T: x")
        assert node.type_params == (A.TypeParam("T", (T("Show"), T("Eq"))),)
        assert stmt("fn old[T](x: T) -> T: x").type_params == (A.TypeParam("T"),)
        assert stmt("fn pair<A, B>(a: A, b: B) -> (A, B): (a, b)").ret == A.TupleType((T("A"), T("B")))

    def test_self_param_is_dropped(self):
        assert stmt("fn f(self, x): x").params == (param("x"),)

    def test_extern(self):
        assert stmt("extern fn rt_get(key: text) -> text") == A.ExternFn(
            "rt_get", (param("key", T("text")),), T("text"))
        assert stmt("extern fn tick()") == A.ExternFn("tick", (), None)

    def test_attributes(self):
        node = body("@inline\nfn f(): pass\n")[0]
        assert node.attributes == (A.Attribute_("inline"),)
        node = body("@cfg(linux, x: 1)\nfn f(): pass\n")[0]
        assert node.attributes == (A.Attribute_("cfg", (A.Arg(N("linux")), A.Arg(I(1), "x"))),)
        node = body("#[derive(Debug)]\n@unsafe\nextern fn g()\n")[0]
        assert [a.name for a in node.attributes] == ["derive", "unsafe"]
        assert isinstance(node, A.ExternFn)

    def test_fn_span(self):
        node = stmt("fn f():\n    pass\n")
        assert sp(node) == (1, 1, 2, 9)


class TestClasses:
    def test_class_with_fields_and_methods(self):
        src = ('class Linear:\n    """Fully-connected layer"""\n    weight: PureTensor<f64>\n'
               '    bias: PureTensor<f64>?\n    n: i64 = 0\n\n    static fn create() -> Linear:\n'
               '        Linear(weight: w)\n    me train():\n        self.training = true\n')
        node = stmt(src)
        assert node.name == "Linear" and node.kind == "class" and node.doc == "Fully-connected layer"
        pt = T("PureTensor", (T("f64"),))
        assert node.fields == (A.FieldDef("weight", pt), A.FieldDef("bias", A.OptionalType(pt)),
                               A.FieldDef("n", T("i64"), I(0)))
        assert [(m.name, m.kind) for m in node.methods] == [("create", "static"), ("train", "me")]

    def test_struct_generic_and_bases(self):
        node = stmt("struct Pair<T, U>:\n    a: T\n    b: U\n")
        assert node.kind == "struct"
        assert node.type_params == (A.TypeParam("T"), A.TypeParam("U"))
        assert stmt("class Box<T: Num>:\n    v: T\n").type_params == (A.TypeParam("T", (T("Num"),)),)
        assert stmt("class Button(Widget):\n    pass\n").bases == (T("Widget"),)

    def test_one_line_struct(self):
        node = stmt("struct Point: x: i64; y: i64")
        assert node.fields == (A.FieldDef("x", T("i64")), A.FieldDef("y", T("i64")))

    def test_impl_and_trait(self):
        impl, trait = body(
            'impl Printable for Point:\n    fn s() -> text: "x"\n'
            "trait Printable:\n    fn stringify() -> text\n    fn p():\n        print self.stringify()\n")
        assert impl == A.ImplDef(T("Point"), T("Printable"), (
            A.FnDef("s", (), T("text"), blk(es(S("x")))),))
        assert trait.name == "Printable"
        assert trait.methods[0] == A.FnDef("stringify", (), T("text"), None)
        assert trait.methods[1].body is not None
        assert stmt("impl Point:\n    fn norm() -> f64: 0.0\n").trait is None

    def test_generic_impl(self):
        node = stmt("impl<T> Stack<T>:\n    fn size() -> i64: 0\n")
        assert node.type_params == (A.TypeParam("T"),) and node.type == T("Stack", (T("T"),))


class TestEnums:
    def test_unit_and_payload_variants(self):
        node = stmt("enum Token:\n    Number(value: i64)\n    Pair(i64, f64)\n    Plus\n")
        assert node.variants == (
            A.Variant("Number", (A.FieldDef("value", T("i64")),)),
            A.Variant("Pair", (A.FieldDef("_0", T("i64")), A.FieldDef("_1", T("f64")))),
            A.Variant("Plus"))

    def test_one_line_enum(self):
        assert stmt("enum Color: Red; Green; Blue") == A.EnumDef(
            "Color", (A.Variant("Red"), A.Variant("Green"), A.Variant("Blue")))

    def test_enum_with_method(self):
        node = stmt("enum Op:\n    Add, Sub\n    fn name() -> text: 'op'\n")
        assert [v.name for v in node.variants] == ["Add", "Sub"] and node.methods[0].name == "name"


class TestTypes:
    @pytest.mark.parametrize("text, want", [
        ("i64", T("i64")),
        ("[f64]", A.ListType(T("f64"))),
        ("(f64, f64)", A.TupleType((T("f64"), T("f64")))),
        ("PureTensor<f64>?", A.OptionalType(T("PureTensor", (T("f64"),)))),
        ("Dict<K, V>", T("Dict", (T("K"), T("V")))),
        ("{text: i64}", A.DictType(T("text"), T("i64"))),
        ("fn(i64, i64) -> i64", A.FnType((T("i64"), T("i64")), T("i64"))),
        ("fn()", A.FnType((), None)),
        ("Name[T]", T("Name", (T("T"),))),
        ("A | B", A.UnionType((T("A"), T("B")))),
        ("lib.pure.Tensor", T("lib.pure.Tensor")),
        ("[[i64]]", A.ListType(A.ListType(T("i64")))),
    ])
    def test_type_forms(self, text, want):
        assert stmt(f"var x: {text} = nil").type == want

    def test_type_alias(self):
        assert stmt("type Grid = [[f64]]") == A.TypeAlias("Grid", A.ListType(A.ListType(T("f64"))))


class TestModules:
    def test_use_forms(self):
        assert stmt("use lib.pure.autograd.{Tensor, backward}") == A.Use(
            ("lib", "pure", "autograd"), (A.ImportName("Tensor"), A.ImportName("backward")))
        assert stmt("use lib.pure.tensor (PureTensor)") == A.Use(
            ("lib", "pure", "tensor"), (A.ImportName("PureTensor"),))
        assert stmt("use lexer.*") == A.Use(("lexer",), (), True)
        assert stmt("use lib.math") == A.Use(("lib", "math"))
        assert stmt("import a.b.{X}") == A.Use(("a", "b"), (A.ImportName("X"),))
        assert stmt("export use a.b.{X}") == A.Use(("a", "b"), (A.ImportName("X"),), False, True)
        assert stmt("use a.{X as Y}") == A.Use(("a",), (A.ImportName("X", "Y"),))

    def test_multiline_import_list(self):
        node = stmt("use lib.pure.nn.{\n    Linear, ReLU,\n    Sequential\n}\n")
        assert [n.name for n in node.names] == ["Linear", "ReLU", "Sequential"]

    def test_export(self):
        assert stmt("export Tensor, backward") == A.Export(("Tensor", "backward"))


# ----------------------------------------------------------------------------- keywords, expressions API

class TestKeywordsAsNames:
    @pytest.mark.parametrize("src, word", [
        ("for val in xs: pass", "val"),
        ("val fn = 1", "fn"),
        ("var class = 2", "class"),
        ("fn f(match): 1", "match"),
        ("val x = y.if", "if"),
    ])
    def test_reserved_words_are_errors(self, src, word):
        with pytest.raises(SplSyntaxError) as info:
            parse(src, "t.spl")
        assert info.value.message == f"'{word}' is a keyword and cannot be used as a name"

    @pytest.mark.parametrize("name", ["print", "Some", "None", "Ok", "Err", "len", "str", "text"])
    def test_ordinary_names(self, name):
        node = ex(f"{name}(1)")
        assert isinstance(node, A.Call)


def test_parse_expression():
    assert parse_expression("1 + 2") == binop("+", I(1), I(2))
    assert parse_expression("\nx\n") == N("x")


def test_module_docstring():
    module = parse('"""Module doc."""\nval x = 1\n', "t.spl")
    assert module.doc == "Module doc." and module.body == (val("x", I(1)),)


def test_all_examples_parse():
    """Every program in examples_spl/ parses (the fuzz tests mutate them)."""
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    files = sorted(root.glob("examples_spl/**/*.spl")) + sorted(root.glob("stdlib/**/*.spl"))
    for path in files:
        parse(path.read_text(encoding="utf-8"), str(path))
