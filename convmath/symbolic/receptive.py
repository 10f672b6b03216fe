"""Receptive field of a stack of convolution layers, for numbers or symbols.

Per axis, layer ``l`` (counted from the input) has kernel ``k_l``, stride ``s_l``, dilation
``d_l`` and padding ``p_l``. Walking from the input, with ``r_0 = 1``, ``j_0 = 1`` and
``start_0 = 0``::

    r_l     = r_{l-1} + d_l (k_l - 1) j_{l-1}     receptive-field size
    j_l     = j_{l-1} s_l                         jump: input distance between neighbours
    start_l = start_{l-1} - p_l j_{l-1}           first input index seen by output 0

Output unit ``u`` of the last layer then sees the input indices
``start + u * jump ... start + u * jump + size - 1`` (negative indices lie in the padding;
dilation leaves holes inside that span, the span is what is called the receptive field).
Unrolled, ``r_L = 1 + sum_l d_l (k_l - 1) prod_{m < l} s_m``, which
:func:`stack_receptive_field` sums in closed form for a symbolic number of layers.

Examples
--------
>>> # three 3-kernels: 7 = 1 + 2 + 2 + 2
>>> receptive_field([3, 3, 3]).size
7
>>> # WaveNet-style dilations 1, 2, 4, 8 of 3-kernels: 31 = 2**(4 + 1) - 1
>>> receptive_field(3, dilation=[1, 2, 4, 8]).size
31
>>> stack_receptive_field("L", kernel=3, dilation="2^l").size
2**(L + 1) - 1
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import sympy

from convmath._params import as_int
from convmath._sizes import effective_kernel_size
from convmath.errors import ConvmathError
from convmath.symbolic.sizes import size_argument, size_symbol

__all__ = [
    "MAX_LAYERS",
    "ReceptiveField",
    "receptive_field",
    "receptive_fields_by_depth",
    "stack_receptive_field",
]

#: Most layers a stack may have: a jump of 2^1000 already prints 302 digits.
MAX_LAYERS = 1000

_ROLES = {"kernel": "k", "stride": "s", "dilation": "d", "padding": "p"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class ReceptiveField:
    """Receptive field of the last layer's units on the input.

    Attributes
    ----------
    size : sympy.Expr
        Number of input positions spanned by one output unit.
    jump : sympy.Expr
        Input distance between two neighbouring output units (the product of the strides,
        the stack's effective stride).
    start : sympy.Expr
        Input index of the first position seen by output unit 0 (``<= 0``; negative values
        lie in the padding).
    layers : sympy.Expr
        Number of layers.
    """

    size: sympy.Expr
    jump: sympy.Expr
    start: sympy.Expr
    layers: sympy.Expr

    def span(self, unit: object = 0) -> tuple[sympy.Expr, sympy.Expr]:
        """First and last input index seen by output `unit`.

        Examples
        --------
        >>> # two 3-kernels with stride 2: unit 1 sees 2*2 + 0 ... 4 + 7 - 1
        >>> receptive_field([3, 3], stride=2).span(1)
        (4, 10)
        """
        first = self.start + sympy.sympify(unit, strict=True) * self.jump
        return first, first + self.size - 1


def receptive_field(
    kernel: object,
    stride: object = 1,
    dilation: object = 1,
    padding: object = 0,
    *,
    layers: int | None = None,
) -> ReceptiveField:
    """Receptive field of a stack of layers listed one by one.

    Parameters
    ----------
    kernel, stride, dilation, padding : scalar or sequence
        One entry per layer, from the input side; a scalar is repeated on every layer.
        Entries are ints, SymPy expressions or names of integer symbols.
    layers : int, optional
        Number of layers when every argument is a scalar (default 1).

    Returns
    -------
    ReceptiveField

    Raises
    ------
    ConvmathError
        Sequences of different lengths, or entries out of range (kernel, stride and
        dilation >= 1, padding >= 0).

    Examples
    --------
    >>> # 7 = 1 + (3 - 1) * 1 + (3 - 1) * 2: the second layer's taps are 2 inputs apart
    >>> rf = receptive_field([3, 3], stride=[2, 1])
    >>> rf.size, rf.jump
    (7, 2)
    >>> # L identical layers of kernel k: 1 + L (k - 1)
    >>> receptive_field("k", layers=4).size
    4*k - 3
    >>> # padding moves the window into the padding
    >>> receptive_field([3, 3], padding=1).start
    -2
    """
    return receptive_fields_by_depth(kernel, stride, dilation, padding, layers=layers)[-1]


def receptive_fields_by_depth(
    kernel: object,
    stride: object = 1,
    dilation: object = 1,
    padding: object = 0,
    *,
    layers: int | None = None,
) -> list[ReceptiveField]:
    """The receptive field of the first 1, 2, ..., L layers, in one pass (linear in L).

    Takes the arguments of :func:`receptive_field`; its result is the last entry.

    Examples
    --------
    >>> # 3, 5, 9: the third layer's taps are 2 inputs apart after the stride-2 layer
    >>> [rf.size for rf in receptive_fields_by_depth(3, stride=[1, 2, 1])]
    [3, 5, 9]
    """
    columns = {"kernel": kernel, "stride": stride, "dilation": dilation, "padding": padding}
    lengths = {
        name: len(value)
        for name, value in columns.items()
        if isinstance(value, Sequence) and not isinstance(value, str)
    }
    count = _layer_count(lengths, layers)
    per_layer = {
        name: [
            size_argument(entry, _ROLES[name], name)
            for entry in (cast(Sequence, value) if name in lengths else [value] * count)
        ]
        for name, value in columns.items()
    }
    return _by_depth(per_layer)


def _by_depth(per_layer: dict[str, list[Any]]) -> list[ReceptiveField]:
    """r_l = r_(l-1) + (d_l (k_l - 1)) j_(l-1), start and jump alike, after each layer."""
    size, jump, start = sympy.Integer(1), sympy.Integer(1), sympy.Integer(0)
    fields = []
    for depth, (k, s, d, p) in enumerate(
        zip(*(per_layer[name] for name in ("kernel", "stride", "dilation", "padding"))), 1
    ):
        size = sympy.expand(size + (effective_kernel_size(k, d) - 1) * jump)
        start = sympy.expand(start - p * jump)
        jump = sympy.expand(jump * s)
        fields.append(ReceptiveField(size, jump, start, sympy.Integer(depth)))
    return fields


def _layer_count(lengths: dict[str, int], layers: int | None) -> int:
    """The number of layers the listed columns (their `lengths`) and `layers` agree on."""
    if len(set(lengths.values())) > 1:
        first = next(iter(lengths.values()))
        raise ConvmathError(
            "kernel, stride, dilation and padding must list the same number of layers; got "
            + ", ".join(f"{name} {count}" for name, count in lengths.items()),
            argument=next(name for name, count in lengths.items() if count != first),
        )
    if not lengths:
        return 1 if layers is None else _bounded_layers(layers)
    count = next(iter(lengths.values()))
    if count > MAX_LAYERS:
        raise ConvmathError(
            f"at most {MAX_LAYERS} layers may be listed; got {count}",
            argument=next(iter(lengths)),
        )
    if layers is not None and as_int(layers, "layers") != count:
        raise ConvmathError(
            f"layers must equal the listed {count} layers; got {layers}", argument="layers"
        )
    if count < 1:
        raise ConvmathError(
            "kernel must list at least one layer; got an empty sequence", argument="kernel"
        )
    return count


def _bounded_layers(layers: object) -> int:
    count = as_int(layers, "layers", minimum=1)
    if count > MAX_LAYERS:
        raise ConvmathError(
            f"layers must be between 1 and {MAX_LAYERS}; got {layers}", argument="layers"
        )
    return count


def stack_receptive_field(
    layers: object,
    kernel: object = 3,
    stride: object = 1,
    dilation: object = 1,
    padding: object = 0,
    *,
    index: str = "l",
) -> ReceptiveField:
    """Receptive field of ``L`` layers whose parameters are formulas in the layer index.

    Sums ``r_L = 1 + sum_{l=0}^{L-1} d_l (k_l - 1) prod_{m<l} s_m`` (and the jump and start)
    in closed form with SymPy, for a symbolic or numeric number of layers ``L``.

    Parameters
    ----------
    layers : int, str or SymPy expression
        Number of layers ``L`` (a name gives a positive integer symbol).
    kernel, stride, dilation, padding : int, str or SymPy expression
        Formulas in the 0-based layer index: SymPy expressions whose symbol named `index`
        is the index, or text such as ``"2^l"`` or ``"b^l"`` (read with
        :func:`convmath.symbolic.parse`; names other than `index` and the parser's functions
        and constants become positive integer symbols).
    index : str
        Name of the layer index.

    Examples
    --------
    >>> # dilation 2^l: 1 + sum 2 * 2^l = 2^(L+1) - 1 (so 31 for the 1, 2, 4, 8 stack)
    >>> stack_receptive_field("L", dilation="2^l").size
    2**(L + 1) - 1
    >>> # stride 2 everywhere instead: the same size, and jump 2^L
    >>> rf = stack_receptive_field("L", stride=2)
    >>> rf.size, rf.jump
    (2**(L + 1) - 1, 2**L)
    >>> # L plain 3-kernels grow linearly
    >>> stack_receptive_field("L").size
    2*L + 1
    """
    if not isinstance(index, str) or not _IDENTIFIER.match(index):
        raise ConvmathError(f"index must be an identifier; got {index!r}", argument="index")
    count = size_argument(layers, "k", "layers")
    if count.is_number:
        count = sympy.Integer(_bounded_layers(count))
    at = sympy.Symbol(index, integer=True, nonnegative=True)
    m = sympy.Dummy("m", integer=True, nonnegative=True)
    k, s, d, p = (
        _formula(value, name, at)
        for name, value in (
            ("kernel", kernel),
            ("stride", stride),
            ("dilation", dilation),
            ("padding", padding),
        )
    )
    for name, formula in (("kernel", k), ("stride", s), ("dilation", d), ("padding", p)):
        _refuse_bad_layers(formula, name, at, count)
    jump_before = sympy.Product(s.subs(at, m), (m, 0, at - 1)).doit()
    growth = effective_kernel_size(k, d) - 1  # what layer `at` adds, in its input's units
    size = 1 + sympy.Sum(growth * jump_before, (at, 0, count - 1)).doit()
    start = -sympy.Sum(p * jump_before, (at, 0, count - 1)).doit()
    jump = sympy.Product(s, (at, 0, count - 1)).doit()
    return ReceptiveField(_tidy(size), _tidy(jump), _tidy(start), count)


def _formula(value: object, name: str, at: sympy.Symbol) -> sympy.Expr:
    """A per-layer parameter as an expression in the index symbol `at`."""
    role = _ROLES[name]
    if isinstance(value, str) and not _IDENTIFIER.match(value.strip()):
        from convmath.symbolic.parser import CONSTANTS, FUNCTIONS, parse

        names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", value))
        names -= set(FUNCTIONS) | set(CONSTANTS) | {at.name}
        try:
            formula = parse(
                value, variables=[at], parameters=[size_symbol(n) for n in sorted(names)]
            )
        except ConvmathError as error:
            raise ConvmathError(f"{name} = {value!r}: {error}", argument=name) from None
        if formula.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
            raise ConvmathError(f"{name} must be finite; got {value!r}", argument=name)
        return formula
    if isinstance(value, str) and value.strip() == at.name:
        return at
    if isinstance(value, sympy.Basic) and not value.is_number:
        same_name = {sym: at for sym in value.free_symbols if sym.name == at.name}
        return value.xreplace(same_name)
    return size_argument(value, role, name)


def _refuse_bad_layers(
    formula: sympy.Expr, name: str, at: sympy.Symbol, count: sympy.Expr
) -> None:
    """Raise unless `formula` is an allowed `name` on every layer (the first, if `count` is
    a symbol): ``kernel = l - 3`` is -3 on layer 0, which no stack can have.

    Examples
    --------
    >>> l = sympy.Symbol("l", integer=True, nonnegative=True)
    >>> _refuse_bad_layers(l + 1, "kernel", l, sympy.Integer(4))
    >>> _refuse_bad_layers(3 - l, "kernel", l, sympy.Integer(4))
    Traceback (most recent call last):
    ...
    convmath.errors.ConvmathError: kernel = 3 - l is 0 on layer l = 3; kernel must be an int >= 1 on every layer
    """
    minimum = 0 if name == "padding" else 1
    if formula.free_symbols - {at}:  # other names stay symbols: refuse what no value allows
        if (formula.subs(at, 0) - minimum).is_negative:
            raise ConvmathError(
                f"{name} = {formula} is below {minimum} on layer {at} = 0 for every value of "
                f"its names; {name} must be an int >= {minimum}",
                argument=name,
            )
        return
    if at not in formula.free_symbols:
        return  # a constant is checked as given
    depth = int(count) if count.is_Integer else 1
    for layer in range(depth):
        value = formula.subs(at, layer)
        try:
            size_argument(value, _ROLES[name], name)
        except ConvmathError:
            raise ConvmathError(
                f"{name} = {formula} is {value} on layer {at} = {layer}; {name} must be an "
                f"int >= {minimum} on every layer",
                argument=name,
            ) from None


def _tidy(expr: sympy.Expr) -> sympy.Expr:
    simpler = sympy.powsimp(sympy.simplify(expr), combine="exp")
    return sympy.piecewise_fold(simpler)
