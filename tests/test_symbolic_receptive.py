"""Tests of convmath.symbolic.receptive against brute force: reachable input indices.

Two independent references: propagating index sets backwards through the stack on an
unbounded line (padding included), and multiplying the 0/1 patterns of the layers' actual
convolution matrices (an impulse pushed through the stack).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from convmath.errors import ConvmathError
from convmath.symbolic.matrix import conv_matrix
from convmath.symbolic.receptive import receptive_field, stack_receptive_field
from convmath.symbolic.sizes import size_symbol


def reachable(layers, unit):
    """Input indices that output `unit` of the last layer depends on (unbounded line)."""
    positions = {unit}
    for k, s, d, p in reversed(layers):
        positions = {o * s - p + t * d for o in positions for t in range(k)}
    return positions


def brute_force(layers):
    first, second = reachable(layers, 0), reachable(layers, 1)
    return max(first) - min(first) + 1, min(second) - min(first), min(first)


layer = st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 3), st.integers(0, 2))


@settings(deadline=None, max_examples=150)
@given(st.lists(layer, min_size=1, max_size=5))
def test_matches_reachable_index_sets(layers):
    kernels, strides, dilations, paddings = (list(column) for column in zip(*layers))
    rf = receptive_field(kernels, strides, dilations, paddings)
    size, jump, start = brute_force(layers)
    assert (rf.size, rf.jump, rf.start) == (size, jump, start)
    assert rf.layers == len(layers)
    first = reachable(layers, 3)
    assert rf.span(3) == (min(first), max(first))


@settings(deadline=None, max_examples=40)
@given(st.lists(layer.map(lambda t: t[:3]), min_size=1, max_size=3))
def test_matches_an_impulse_through_the_conv_matrices(layers):
    # no padding, a long enough input: the units in the middle are not clipped
    n = 40
    kernels, strides, dilations = (list(column) for column in zip(*layers))
    pattern = np.eye(n, dtype=np.int64)
    size = n
    for k, s, d in layers:
        if d * (k - 1) + 1 > size:
            return  # the stack does not fit this input; nothing to compare
        C = conv_matrix(size, np.ones(k, dtype=np.int64), stride=s, dilation=d)
        pattern = np.array(C.tolist(), dtype=np.int64) @ pattern
        size = C.rows
    rf = receptive_field(kernels, strides, dilations)
    for unit in range(size):
        columns = np.flatnonzero(pattern[unit])
        assert columns[0] == rf.start + unit * rf.jump
        assert columns[-1] - columns[0] + 1 == rf.size


def test_examples_by_hand():
    # three 3x3 layers see 7x7 (the VGG argument)
    assert receptive_field([3, 3, 3]).size == 7
    # 7 = 1 + 2*1 + 2*2 with strides (2, 1)
    rf = receptive_field([3, 3], stride=[2, 1])
    assert (rf.size, rf.jump, rf.start) == (7, 2, 0)
    # dilations 1, 2, 4, 8 of 3-kernels (WaveNet): 31
    assert receptive_field(3, dilation=[1, 2, 4, 8]).size == 31
    assert receptive_field(5, layers=3).size == 13


def test_symbolic_entries():
    k, s1, s2 = size_symbol("k"), size_symbol("s1"), size_symbol("s2")
    rf = receptive_field(["k", "k"], stride=["s1", "s2"], padding=[1, 1])
    assert sympy.expand(rf.size - (1 + (k - 1) + (k - 1) * s1)) == 0
    assert rf.jump == s1 * s2
    assert rf.start == -1 - s1
    numbers = {k: 3, s1: 2, s2: 3}
    assert rf.size.xreplace(numbers) == receptive_field([3, 3], stride=[2, 3]).size


@pytest.mark.parametrize("count", range(1, 7))
def test_dilated_stack_is_two_to_the_l_plus_one_minus_one(count):
    # what exactly holds: kernel 3, stride 1, dilation 2**l for l = 0 .. L-1 (1, 2, 4, ...)
    explicit = receptive_field(3, dilation=[2**level for level in range(count)])
    assert explicit.size == 2 ** (count + 1) - 1
    # and for a general kernel k: 1 + (k - 1)(2**L - 1)
    kernel = 5
    explicit = receptive_field(kernel, dilation=[2**level for level in range(count)])
    assert explicit.size == 1 + (kernel - 1) * (2**count - 1)


def test_closed_forms_for_a_symbolic_number_of_layers():
    big_l, k, b = size_symbol("L"), size_symbol("k"), size_symbol("b")
    assert (
        sympy.simplify(stack_receptive_field("L", dilation="2^l").size - (2 ** (big_l + 1) - 1))
        == 0
    )
    assert sympy.simplify(stack_receptive_field("L", stride=2).jump - 2**big_l) == 0
    general = stack_receptive_field("L", kernel="k", dilation="2^l").size
    assert sympy.simplify(general - (1 + (k - 1) * (2**big_l - 1))) == 0
    geometric = stack_receptive_field("L", kernel="k", dilation="b^l").size
    assert geometric.xreplace({b: 3, k: 3, big_l: 4}) == 1 + 2 * (1 + 3 + 9 + 27)


# (formulas given to stack_receptive_field, the same per-layer values as Python functions)
FORMULA_CASES = [
    pytest.param(dict(dilation="2^l"), dict(dilation=lambda j: 2**j), id="dilation-2^l"),
    pytest.param(dict(stride=2), dict(stride=lambda j: 2), id="stride-2"),
    pytest.param(
        dict(kernel="2*l+1", padding="l", stride=2),
        dict(kernel=lambda j: 2 * j + 1, padding=lambda j: j, stride=lambda j: 2),
        id="growing-kernels",
    ),
    pytest.param(
        dict(kernel=2, stride="l+1", dilation=3, padding=1),
        dict(
            kernel=lambda j: 2, stride=lambda j: j + 1, dilation=lambda j: 3, padding=lambda j: 1
        ),
        id="growing-strides",
    ),
]
DEFAULTS = dict(kernel=lambda j: 3, stride=lambda j: 1, dilation=lambda j: 1, padding=lambda j: 0)


@pytest.mark.parametrize(("formulas", "functions"), FORMULA_CASES)
@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_closed_form_agrees_with_the_layer_by_layer_recurrence(formulas, functions, count):
    symbolic = stack_receptive_field("L", **formulas)
    numeric = stack_receptive_field(count, **formulas)
    per_layer = {**DEFAULTS, **functions}
    explicit = receptive_field(
        **{name: [per_layer[name](j) for j in range(count)] for name in DEFAULTS}
    )
    big_l = size_symbol("L")
    for field in ("size", "jump", "start"):
        assert getattr(numeric, field) == getattr(explicit, field)
        closed = sympy.simplify(getattr(symbolic, field).subs(big_l, count))
        assert closed == getattr(explicit, field)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda: receptive_field([3, 3], stride=[1, 2, 1]),
            "same number of layers",
            id="lengths",
        ),
        pytest.param(lambda: receptive_field(0), "kernel must be an int >= 1", id="kernel-0"),
        pytest.param(
            lambda: receptive_field(3, stride=0), "stride must be an int >= 1", id="stride-0"
        ),
        pytest.param(
            lambda: receptive_field(3, dilation=0), "dilation must be an int >= 1", id="dilation-0"
        ),
        pytest.param(
            lambda: receptive_field(3, padding=-1),
            "padding must be an int >= 0",
            id="padding-negative",
        ),
        pytest.param(lambda: receptive_field([3, 3], layers=3), "layers must equal", id="layers"),
        pytest.param(lambda: receptive_field([]), "at least one layer", id="empty"),
        pytest.param(
            lambda: receptive_field(3, layers=0), "layers must be an int >= 1", id="layers-0"
        ),
        pytest.param(
            lambda: stack_receptive_field("L", index="2x"),
            "index must be an identifier",
            id="index",
        ),
        pytest.param(lambda: stack_receptive_field(0), "layers must be an int >= 1", id="stack-0"),
        pytest.param(
            lambda: stack_receptive_field("L", dilation="2^^l"), "position", id="bad-formula"
        ),
    ],
)
def test_bad_arguments(call, message):
    with pytest.raises(ConvmathError, match=message):
        call()
