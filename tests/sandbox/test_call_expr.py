"""Action lines: exactly one call of a plain name with literal arguments."""

import pytest

from learnact_engine.sandbox.call_expr import CallSyntaxError, parse_call


def test_literal_call():
    call = parse_call('put_in("mug 1", "coffeemachine 1", n=2, flags=[True, None])')
    assert (call.name, call.args, call.kwargs) == ("put_in", ("mug 1", "coffeemachine 1"), {"n": 2, "flags": [True, None]})


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "got nothing"),
        ("f(x)", "not a literal"),
        ("os.system('id')", "plain function name"),
        ("f(g())", "not a literal"),
        ("f()(1)", "plain function name"),
        ("f(1); g(2)", "single expression"),
        ("1 + 2", "function call"),
        ("f(*[1])", "*args"),
        ("f(**{'a': 1})", "**kwargs"),
        ("__import__('os')", "'_'"),
        ("f(" + "[" * 500 + "]" * 500 + ")", "nested"),
    ],
)
def test_everything_else_is_refused_with_a_reason(text, fragment):
    with pytest.raises(CallSyntaxError) as excinfo:
        parse_call(text)
    assert fragment in str(excinfo.value)
