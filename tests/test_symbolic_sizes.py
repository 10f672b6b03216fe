"""Tests of convmath.symbolic.sizes and .relationships: every formula against brute force.

The figure examples' sizes are read off Dumoulin & Visin's captions (typed here by hand);
the sweeps compare with windows and scatter positions counted one by one (the helpers of
``numeric_configs``), not with convmath.numeric.shapes, which uses the same formulas.
"""

from __future__ import annotations

import itertools

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import scatter_length, unused_padded_samples, window_count

from convmath.errors import ConvmathError, ShapeError
from convmath.symbolic.sizes import (
    RELATIONSHIPS,
    conv_output_size,
    effective_kernel_size,
    odd_output_padding,
    relationship,
    selecting_output_padding,
    size_symbol,
    transposed_output_size,
)

i, k, s, d = (size_symbol(name) for name in "iksd")
p, a, n = (size_symbol(name, nonnegative=True) for name in "pan")
i_t = size_symbol("i'")

# (id, convolution of the figure caption, its output o, and for transposed ones o' = i)
FIGURE_CASES = [
    pytest.param("R1", dict(i=4, k=3), 2, id="R1-no-padding-no-strides"),
    pytest.param("R2", dict(i=5, k=4, p=2), 6, id="R2-arbitrary-padding"),
    pytest.param("R3", dict(i=5, k=3, p=1), 5, id="R3-same-padding"),
    pytest.param("R4", dict(i=5, k=3, p=2), 7, id="R4-full-padding"),
    pytest.param("R5", dict(i=5, k=3, s=2), 2, id="R5-no-padding-strides"),
    pytest.param("R6", dict(i=5, k=3, s=2, p=1), 3, id="R6-padding-strides"),
    pytest.param("R6", dict(i=6, k=3, s=2, p=1), 3, id="R6-padding-strides-odd"),
    pytest.param("R7", dict(i=5, k=3, s=1), 3, id="R7-pooling"),
    pytest.param("R15", dict(i=7, k=3, d=2), 3, id="R15-dilation"),
]

# transposed figures: the caption's i' (the convolution's output) and o' = i
TRANSPOSED_FIGURE_CASES = [
    pytest.param("R8", dict(i=4, k=3), 2, id="R8"),
    pytest.param("R9", dict(i=5, k=4, p=2), 6, id="R9"),
    pytest.param("R10", dict(i=5, k=3, p=1), 5, id="R10"),
    pytest.param("R11", dict(i=5, k=3, p=2), 7, id="R11"),
    pytest.param("R12", dict(i=5, k=3, s=2), 2, id="R12"),
    pytest.param("R13", dict(i=5, k=3, s=2, p=1), 3, id="R13"),
    pytest.param("R14", dict(i=6, k=3, s=2, p=1), 3, id="R14"),
]


@pytest.mark.parametrize(("rid", "conv", "expected"), FIGURE_CASES)
def test_figure_examples(rid, conv, expected):
    entry = relationship(rid)
    assert entry.evaluate(**conv) == expected
    assert (
        conv_output_size(
            conv["i"], conv["k"], conv.get("s", 1), conv.get("p", 0), conv.get("d", 1)
        )
        == expected
    )


@pytest.mark.parametrize(("rid", "conv", "i_prime"), TRANSPOSED_FIGURE_CASES)
def test_transposed_figure_examples(rid, conv, i_prime):
    entry = relationship(rid)
    assert entry.transposed
    args = (conv["i"], conv["k"], conv.get("s", 1), conv.get("p", 0))
    assert conv_output_size(*args) == i_prime
    assert entry.evaluate(*args) == conv["i"]
    # and the registry's own example is the caption's configuration
    assert {key: entry.example[key] for key in conv} == conv


def test_registry_is_complete_and_ordered():
    ids = [entry.id for entry in RELATIONSHIPS]
    assert ids == [f"R{number}" for number in range(1, 16)] + [
        "torch_conv",
        "torch_conv_transpose",
    ]
    for entry in RELATIONSHIPS:
        assert entry.name and entry.conditions and entry.figures
        assert entry.output == (size_symbol("o'") if entry.transposed else size_symbol("o"))


@pytest.mark.parametrize("entry", RELATIONSHIPS, ids=lambda e: e.id)
def test_each_relationship_is_the_general_formula_specialised(entry):
    # the guide's formula, typed as printed, is the general rule under its conditions
    assert sympy.expand(entry.derive() - entry.expr) == 0


@pytest.mark.parametrize("entry", RELATIONSHIPS, ids=lambda e: e.id)
def test_each_relationship_against_brute_force(entry):
    checked = 0
    grid = itertools.product(range(1, 13), range(1, 5), range(1, 4), range(4), range(1, 4))
    for ii, kk, ss, pp, dd in grid:
        o = window_count(ii, kk, ss, pp, dd)
        if o == 0 or not entry.applies(ii, kk, ss, pp, dd):
            continue
        value = entry.evaluate(ii, kk, ss, pp, dd)
        if entry.transposed:
            aa = unused_padded_samples(ii, kk, ss, pp, dd)
            assert value == scatter_length(o, kk, ss, pp, dd, aa) == ii, (ii, kk, ss, pp, dd)
        else:
            assert value == o, (ii, kk, ss, pp, dd)
        checked += 1
    assert checked >= 20  # every relationship is exercised on a real grid


def test_relationship_conditions_against_the_guides_words():
    # the conditions typed here from the guide's text, not from the registry's substitutions
    words = {
        "R1": lambda i, k, s, p, d: s == 1 and p == 0 and d == 1,
        "R3": lambda i, k, s, p, d: s == 1 and d == 1 and k % 2 == 1 and p == k // 2,
        "R4": lambda i, k, s, p, d: s == 1 and d == 1 and p == k - 1,
        "R12": lambda i, k, s, p, d: p == 0 and d == 1 and (i - k) % s == 0,
        "R13": lambda i, k, s, p, d: d == 1 and (i + 2 * p - k) % s == 0,
        "R15": lambda i, k, s, p, d: True,
    }
    grid = list(itertools.product(range(1, 9), range(1, 5), range(1, 4), range(4), range(1, 4)))
    for rid, holds in words.items():
        entry = relationship(rid)
        assert [entry.applies(*c) for c in grid] == [holds(*c) for c in grid], rid


def test_general_conv_formula_over_a_grid():
    grid = itertools.product(range(1, 13), range(1, 5), range(1, 5), range(4), range(1, 5))
    for ii, kk, ss, pp, dd in grid:
        expected = window_count(ii, kk, ss, pp, dd)
        if expected == 0:
            with pytest.raises(ShapeError, match="exceeds the padded input"):
                conv_output_size(ii, kk, ss, pp, dd)
            continue
        assert conv_output_size(ii, kk, ss, pp, dd) == expected


def test_general_transposed_formula_over_a_grid():
    grid = itertools.product(range(1, 9), range(1, 5), range(1, 4), range(4), range(1, 4))
    for ii, kk, ss, pp, dd in grid:
        for aa in range(max(ss, dd)):
            expected = scatter_length(ii, kk, ss, pp, dd, aa)
            if expected < 1:
                with pytest.raises(ShapeError, match="not positive"):
                    transposed_output_size(ii, kk, ss, pp, dd, aa)
                continue
            assert transposed_output_size(ii, kk, ss, pp, dd, aa) == expected


@st.composite
def valid_convs(draw):
    kk = draw(st.integers(1, 6))
    ss = draw(st.integers(1, 6))
    pp = draw(st.integers(0, 6))
    dd = draw(st.integers(1, 6))
    extent = dd * (kk - 1) + 1
    ii = draw(st.integers(max(1, extent - 2 * pp), max(1, extent - 2 * pp) + 40))
    return ii, kk, ss, pp, dd


@settings(deadline=None, max_examples=200)
@given(valid_convs())
def test_odd_case_recovers_the_input_size(conv):
    ii, kk, ss, pp, dd = conv
    o = conv_output_size(ii, kk, ss, pp, dd)
    aa = odd_output_padding(ii, kk, ss, pp, dd)
    assert 0 <= aa < ss
    assert aa == unused_padded_samples(ii, kk, ss, pp, dd)
    assert transposed_output_size(o, kk, ss, pp, dd, aa) == ii
    assert selecting_output_padding((ii,), (kk,), stride=ss, padding=pp, dilation=dd) == (aa,)
    # the s input sizes i - a + r, r = 0..s-1, share this output and a = r tells them apart
    # (the guide's remark); the sizes just outside that block give other outputs
    base = ii - aa
    smallest = max(1, dd * (kk - 1) + 1 - 2 * pp)
    for r in range(ss):
        if base + r >= smallest:
            assert conv_output_size(base + r, kk, ss, pp, dd) == o
            assert odd_output_padding(base + r, kk, ss, pp, dd) == r
    assert conv_output_size(base + ss, kk, ss, pp, dd) == o + 1
    if base - 1 >= smallest:
        assert conv_output_size(base - 1, kk, ss, pp, dd) == o - 1


@settings(deadline=None, max_examples=100)
@given(valid_convs())
def test_symbolic_formula_substituted_equals_brute_force(conv):
    ii, kk, ss, pp, dd = conv
    general = conv_output_size("i", "k", "s", "p", "d")
    value = general.xreplace({i: ii, k: kk, s: ss, p: pp, d: dd})
    assert value == window_count(ii, kk, ss, pp, dd)
    transposed = transposed_output_size("i", "k", "s", "p", "d", "a")
    aa = unused_padded_samples(ii, kk, ss, pp, dd)
    back = transposed.xreplace({i: value, k: kk, s: ss, p: pp, d: dd, a: aa})
    assert back == scatter_length(value, kk, ss, pp, dd, aa) == ii


# --- symbols and symbolic identities --------------------------------------------------------


def test_defaults_are_integer_symbols():
    assert conv_output_size() == i - k + 1
    assert (
        conv_output_size(s=None, p=None, d=None)
        == sympy.floor((i + 2 * p - d * (k - 1) - 1) / s) + 1
    )
    assert transposed_output_size() == i + k - 1
    expr = transposed_output_size("x", "k", "s", "p", "d", "a")
    assert size_symbol("x") in expr.free_symbols
    assert all(sym.is_integer for sym in expr.free_symbols)
    assert sympy.Symbol("p", integer=True, nonnegative=True) in expr.free_symbols


def test_half_padding_is_same_size_symbolically():
    assert conv_output_size(i, 2 * n + 1, 1, n) == i
    assert transposed_output_size(i_t, 2 * n + 1, 1, n) == i_t


def test_mixed_numbers_and_symbols():
    # kernel 3 dilated by 2 covers 5: o = i - 4
    assert conv_output_size(k=3, d=2) == i - 4
    assert effective_kernel_size(3, 2) == 5
    assert sympy.expand(effective_kernel_size() - (d * (k - 1) + 1)) == 0
    assert odd_output_padding(s=2, k=3) == sympy.Mod(i + 1, 2)


def test_valid_and_same_padding_words():
    assert conv_output_size(k="k", p="valid") == i - k + 1
    assert conv_output_size(p="same", d="d") == i
    for ii, kk, dd in [(5, 4, 1), (7, 3, 2), (3, 2, 3)]:
        assert conv_output_size(ii, kk, p="same", d=dd) == ii
    with pytest.raises(ConvmathError, match="padding 'same' requires stride 1; got s=2"):
        conv_output_size(p="same", s=2)


def test_relationship_lookup_forms():
    assert relationship("r14") is relationship("14") is relationship("R14")
    assert relationship("torch_conv").id == "torch_conv"


# --- bad arguments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(
            lambda: conv_output_size(2, 3),
            ShapeError,
            "exceeds the padded input",
            id="kernel-too-big",
        ),
        pytest.param(
            lambda: conv_output_size(5, 3, s=0),
            ConvmathError,
            "s must be an int >= 1",
            id="stride-0",
        ),
        pytest.param(
            lambda: conv_output_size(5, 3, p=-1),
            ConvmathError,
            "p must be an int >= 0",
            id="padding-negative",
        ),
        pytest.param(
            lambda: conv_output_size(5, 3, d=0),
            ConvmathError,
            "d must be an int >= 1",
            id="dilation-0",
        ),
        pytest.param(
            lambda: conv_output_size(5.5, 3), ConvmathError, "i must be an int", id="float"
        ),
        pytest.param(
            lambda: conv_output_size(sympy.Rational(1, 2), 3),
            ConvmathError,
            "i must be an int >= 1; got 1/2",
            id="rational",
        ),
        pytest.param(
            lambda: conv_output_size("2x"),
            ConvmathError,
            "symbol name must be an identifier",
            id="bad-name",
        ),
        pytest.param(
            lambda: transposed_output_size(3, 3, s=2, a=2),
            ConvmathError,
            r"output_padding must be smaller than max\(stride, dilation\) = 2",
            id="output-padding",
        ),
        pytest.param(
            lambda: transposed_output_size(1, 1, p=1),
            ShapeError,
            "not positive",
            id="transposed-non-positive",
        ),
        pytest.param(
            lambda: relationship("R99"),
            ConvmathError,
            "relationship must be one of R1, R2",
            id="unknown-relationship",
        ),
        pytest.param(
            lambda: relationship("R3").evaluate(5, 2),
            ConvmathError,
            "relationship R3 needs k = 2n",
            id="conditions",
        ),
        pytest.param(
            lambda: selecting_output_padding((2,), (3,)),
            ShapeError,
            "exceeds the padded input",
            id="selecting-too-big",
        ),
    ],
)
def test_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        pytest.param(lambda: conv_output_size(2, 3), "k", id="kernel-too-big"),
        pytest.param(lambda: conv_output_size(5, 3, s=0), "s", id="stride"),
        pytest.param(lambda: conv_output_size(5, 3, p=-1), "p", id="padding"),
        pytest.param(lambda: conv_output_size(5, 3, d=0), "d", id="dilation"),
        pytest.param(lambda: conv_output_size(5.5, 3), "i", id="input"),
        pytest.param(lambda: conv_output_size(5, 3, s=2, p="same"), "p", id="same-stride"),
        pytest.param(lambda: transposed_output_size(3, 3, s=2, a=2), "a", id="output-padding"),
        pytest.param(lambda: transposed_output_size(1, 1, p=1), "p", id="non-positive"),
        pytest.param(lambda: relationship("R3").evaluate(5, 2), "k", id="conditions-k"),
        pytest.param(lambda: relationship("R12").evaluate(6, 3, s=2), "i", id="conditions-a"),
        pytest.param(lambda: relationship("R99"), "identifier", id="unknown"),
        pytest.param(lambda: selecting_output_padding((2,), (3,)), "kernel_shape", id="selecting"),
    ],
)
def test_errors_name_their_argument(call, argument):
    with pytest.raises(ConvmathError) as info:
        call()
    assert info.value.argument == argument
