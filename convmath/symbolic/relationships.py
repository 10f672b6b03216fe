"""The output-size relationships of Dumoulin & Visin's guide, as a table.

Dumoulin & Visin, "A guide to convolution arithmetic for deep learning" (2016), state fifteen
relationships between the sizes of a convolution (or of a transposed convolution). Each row
of :data:`RELATIONSHIPS` gives one of them: its conditions in the guide's words, its formula
as printed in the guide, the figures of the ``vdumoulin/conv_arithmetic`` repository that
illustrate it, the configuration of the figure's caption, and the substitution that turns
the general PyTorch rule (:func:`convmath.symbolic.sizes.conv_output_size`,
:func:`~convmath.symbolic.sizes.transposed_output_size`) into it. Two more rows are the
general PyTorch rules themselves, typed from PyTorch's documentation.

The substitution is the one statement of a row's conditions: a configuration satisfies the
row exactly when every substituted quantity has the value the substitution gives it, with
``n = (k - 1) // 2`` and, for the transposed rows, ``a`` the output padding that selects the
convolution's input size and ``i'`` the convolution's output size.

Examples
--------
>>> relationship("R6").formula
Eq(o, floor((i - k + 2*p)/s) + 1)
>>> # R12 needs i - k to be a multiple of s: (5 - 3) mod 2 = 0, (6 - 3) mod 2 = 1
>>> relationship("R12").applies(5, 3, s=2), relationship("R12").applies(6, 3, s=2)
(True, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from convmath import _sizes
from convmath._params import as_int
from convmath.errors import ConvmathError
from convmath.symbolic.sizes import conv_output_size, size_symbol, transposed_output_size

__all__ = ["Relationship", "RELATIONSHIPS", "relationship"]

_i, _k, _s, _d = (size_symbol(name) for name in "iksd")
_p, _a, _n = (size_symbol(name, nonnegative=True) for name in "pan")
_i_t, _o, _o_t = size_symbol("i'"), size_symbol("o"), size_symbol("o'")
#: The output padding a transposed row fixes is decided by the input size.
_ARGUMENT_OF = {_a: "i"}


@dataclass(frozen=True)
class Relationship:
    """One named output-size relationship.

    Attributes
    ----------
    id : str
        ``"R1"`` ... ``"R15"`` for Dumoulin & Visin's numbering; ``"torch_conv"`` and
        ``"torch_conv_transpose"`` for the general rules.
    name : str
        Section title in the guide.
    conditions : str
        When it holds, in the guide's words (``d = 1`` unless dilation is mentioned).
    output : sympy.Symbol
        ``o`` or ``o'``.
    expr : sympy.Expr
        Right-hand side as printed in the guide.
    figures : tuple of str
        Names of the illustrating figures in ``vdumoulin/conv_arithmetic`` (``gif/<name>.gif``,
        ``pdf/<name>_00.pdf``; also the LaTeX label ``fig:<name>``).
    transposed : bool
        Whether it describes a transposed convolution.
    example : dict
        The convolution ``(i, k, s, p, d)`` of the figure caption.
    specialisation : dict
        Substitution that turns the general formula into this one; it also decides
        :meth:`applies`.
    """

    id: str
    name: str
    conditions: str
    output: sympy.Symbol
    expr: sympy.Expr
    figures: tuple[str, ...]
    transposed: bool
    example: Mapping[str, int]
    specialisation: Mapping[sympy.Symbol, sympy.Expr]

    @property
    def formula(self) -> sympy.Eq:
        """``Eq(output, expr)``."""
        return sympy.Eq(self.output, self.expr, evaluate=False)

    def applies(self, i: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> bool:
        """Whether the convolution ``(i, k, s, p, d)`` satisfies the conditions.

        Every quantity that :attr:`specialisation` fixes has the value it gives there.
        """
        return self._unmet(_values(i, k, s, p, d)) is None

    def _unmet(self, values: Mapping[sympy.Symbol, sympy.Integer]) -> str | None:
        """The argument of the first condition that `values` break (None: all hold)."""
        for key, expr in self.specialisation.items():
            if values[key] != expr.xreplace(values):
                return _ARGUMENT_OF.get(key, key.name)
        return None

    def derive(self) -> sympy.Expr:
        """The general formula with :attr:`specialisation` substituted.

        Equal to :attr:`expr` after expansion (the tests check it for every entry).
        """
        if self.transposed:
            general = transposed_output_size(_i_t, _k, _s, _p, _d, _a)
        else:
            general = conv_output_size(_i, _k, _s, _p, _d)
        return general.subs(dict(self.specialisation), simultaneous=True)

    def evaluate(self, i: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
        """Value of :attr:`expr` for the convolution ``(i, k, s, p, d)``.

        For a transposed relationship, ``i'`` is that convolution's output size and ``a`` the
        :func:`~convmath.symbolic.sizes.odd_output_padding`; the value is then ``o'``, which
        the guide shows equals ``i``.

        Raises
        ------
        ConvmathError
            When the conditions do not hold.
        ShapeError
            When the kernel does not fit the padded input.
        """
        args = [as_int(v, n) for v, n in zip((i, k, s, p, d), "ikspd")]
        values = _values(*args)
        unmet = self._unmet(values)
        if unmet is not None:
            i, k, s, p, d = args
            raise ConvmathError(
                f"relationship {self.id} needs {self.conditions}; got i={i}, k={k}, s={s}, "
                f"p={p}, d={d}",
                argument=unmet,
            )
        conv_output_size(*args)  # validates: the kernel fits the padded input
        return int(self.expr.xreplace(values))


def _values(i: int, k: int, s: int, p: int, d: int) -> dict[sympy.Symbol, sympy.Integer]:
    """Every symbol a relationship may use, for the convolution ``(i, k, s, p, d)``."""
    values = {
        _i: i,
        _k: k,
        _s: s,
        _p: p,
        _d: d,
        _n: (k - 1) // 2,
        _i_t: _sizes.conv_output_size(i, k, s, p, d),
        _a: _sizes.selecting_output_padding(i, k, s, p, d),
    }
    return {symbol: sympy.Integer(value) for symbol, value in values.items()}


def relationship(identifier: str) -> Relationship:
    """Look a relationship up by id (``"R14"``, ``"r14"``, ``"14"`` or ``"torch_conv"``).

    Examples
    --------
    >>> relationship("14").formula
    Eq(o', a + k - 2*p + s*(i' - 1))
    """
    key = str(identifier).strip().lower()
    for entry in RELATIONSHIPS:
        if key in (entry.id.lower(), entry.id.lower().lstrip("r")):
            return entry
    known = ", ".join(r.id for r in RELATIONSHIPS)
    raise ConvmathError(
        f"relationship must be one of {known}; got {identifier!r}", argument="identifier"
    )


def _row(
    id: str,
    name: str,
    conditions: str,
    expr: sympy.Expr,
    specialisation: Mapping[sympy.Symbol, object],
    figures: tuple[str, ...],
    example: tuple[int, int, int, int, int],
    *,
    transposed: bool = False,
) -> Relationship:
    """One row of the table; `example` is the caption's ``(i, k, s, p, d)``."""
    return Relationship(
        id=id,
        name=name,
        conditions=conditions,
        output=_o_t if transposed else _o,
        expr=expr,
        figures=figures,
        transposed=transposed,
        example=dict(zip("ikspd", example)),
        specialisation={
            key: sympy.sympify(value, strict=True) for key, value in specialisation.items()
        },
    )


i, k, s, p, d, a, n, it = _i, _k, _s, _p, _d, _a, _n, _i_t
floor = sympy.floor

#: Dumoulin & Visin's relationships 1-15 and the two general PyTorch rules, in order.
RELATIONSHIPS: tuple[Relationship, ...] = (
    _row(
        "R1",
        "No zero padding, unit strides",
        "s = 1, p = 0",
        (i - k) + 1,
        {s: 1, p: 0, d: 1},
        ("no_padding_no_strides",),
        (4, 3, 1, 0, 1),
    ),
    _row(
        "R2",
        "Zero padding, unit strides",
        "s = 1",
        (i - k) + 2 * p + 1,
        {s: 1, d: 1},
        ("arbitrary_padding_no_strides",),
        (5, 4, 1, 2, 1),
    ),
    _row(
        "R3",
        "Half (same) padding",
        "k = 2n + 1 odd, s = 1, p = floor(k/2) = n",
        i,
        {s: 1, d: 1, k: 2 * n + 1, p: n},
        ("same_padding_no_strides",),
        (5, 3, 1, 1, 1),
    ),
    _row(
        "R4",
        "Full padding",
        "s = 1, p = k - 1",
        i + (k - 1),
        {s: 1, d: 1, p: k - 1},
        ("full_padding_no_strides",),
        (5, 3, 1, 2, 1),
    ),
    _row(
        "R5",
        "No zero padding, non-unit strides",
        "p = 0",
        floor((i - k) / s) + 1,
        {p: 0, d: 1},
        ("no_padding_strides",),
        (5, 3, 2, 0, 1),
    ),
    _row(
        "R6",
        "Zero padding, non-unit strides",
        "any i, k, p, s",
        floor((i + 2 * p - k) / s) + 1,
        {d: 1},
        ("padding_strides", "padding_strides_odd"),
        (5, 3, 2, 1, 1),
    ),
    _row(
        "R7",
        "Pooling",
        "any i, k, s (pooling has no padding)",
        floor((i - k) / s) + 1,
        {p: 0, d: 1},
        ("numerical_average_pooling", "numerical_max_pooling"),
        (5, 3, 1, 0, 1),
    ),
    _row(
        "R8",
        "No zero padding, unit strides, transposed",
        "convolution with s = 1, p = 0 (equivalent: k' = k, s' = 1, p' = k - 1)",
        it + (k - 1),
        {s: 1, p: 0, d: 1, a: 0},
        ("no_padding_no_strides_transposed",),
        (4, 3, 1, 0, 1),
        transposed=True,
    ),
    _row(
        "R9",
        "Zero padding, unit strides, transposed",
        "convolution with s = 1 (equivalent: k' = k, s' = 1, p' = k - p - 1)",
        it + (k - 1) - 2 * p,
        {s: 1, d: 1, a: 0},
        ("arbitrary_padding_no_strides_transposed",),
        (5, 4, 1, 2, 1),
        transposed=True,
    ),
    _row(
        "R10",
        "Half (same) padding, transposed",
        "convolution with k = 2n + 1, s = 1, p = n (equivalent: p' = p)",
        it,
        {s: 1, d: 1, a: 0, k: 2 * n + 1, p: n},
        ("same_padding_no_strides_transposed",),
        (5, 3, 1, 1, 1),
        transposed=True,
    ),
    _row(
        "R11",
        "Full padding, transposed",
        "convolution with s = 1, p = k - 1 (equivalent: p' = 0)",
        it - (k - 1),
        {s: 1, d: 1, a: 0, p: k - 1},
        ("full_padding_no_strides_transposed",),
        (5, 3, 1, 2, 1),
        transposed=True,
    ),
    _row(
        "R12",
        "No zero padding, non-unit strides, transposed",
        "convolution with p = 0 and i - k a multiple of s "
        "(equivalent: s - 1 zeros between inputs, k' = k, s' = 1, p' = k - 1)",
        s * (it - 1) + k,
        {p: 0, d: 1, a: 0},
        ("no_padding_strides_transposed",),
        (5, 3, 2, 0, 1),
        transposed=True,
    ),
    _row(
        "R13",
        "Zero padding, non-unit strides, transposed",
        "convolution with i + 2p - k a multiple of s "
        "(equivalent: s - 1 zeros between inputs, k' = k, s' = 1, p' = k - p - 1)",
        s * (it - 1) + k - 2 * p,
        {d: 1, a: 0},
        ("padding_strides_transposed",),
        (5, 3, 2, 1, 1),
        transposed=True,
    ),
    _row(
        "R14",
        "Zero padding, non-unit strides, transposed (odd case)",
        "any convolution k, s, p, with a = (i + 2p - k) mod s "
        "(equivalent: a extra zeros on the high side, s' = 1, p' = k - p - 1)",
        s * (it - 1) + a + k - 2 * p,
        {d: 1},
        ("padding_strides_odd_transposed",),
        (6, 3, 2, 1, 1),
        transposed=True,
    ),
    _row(
        "R15",
        "Dilated convolution",
        "any i, k, p, s and dilation d (k_hat = k + (k - 1)(d - 1))",
        floor((i + 2 * p - k - (k - 1) * (d - 1)) / s) + 1,
        {},
        ("dilation",),
        (7, 3, 1, 0, 2),
    ),
    _row(
        "torch_conv",
        "Convolution with stride, padding and dilation (PyTorch)",
        "i + 2p >= d (k - 1) + 1",
        floor((i + 2 * p - d * (k - 1) - 1) / s) + 1,
        {},
        ("dilation", "padding_strides"),
        (7, 3, 2, 1, 2),
    ),
    _row(
        "torch_conv_transpose",
        "Transposed convolution with dilation and output padding (PyTorch)",
        "0 <= a < max(s, d); a = (i + 2p - d (k - 1) - 1) mod s recovers i",
        (it - 1) * s - 2 * p + d * (k - 1) + a + 1,
        {},
        ("padding_strides_odd_transposed",),
        (8, 3, 2, 1, 2),
        transposed=True,
    ),
)

del i, k, s, p, d, a, n, it, floor
