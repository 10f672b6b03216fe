"""Output-size formulas of convolution and transposed convolution, as SymPy expressions.

The size vocabulary, per spatial axis (axes do not interact): input size ``i``, kernel size
``k``, stride ``s``, zero padding ``p`` on both sides, dilation ``d``, output padding ``a``;
``i'`` and ``o'`` are the input and output sizes of a transposed convolution.

* effective (dilated) kernel size ``k_hat = k + (k - 1)(d - 1) = d (k - 1) + 1``;
* convolution: ``o = floor((i + 2p - k_hat) / s) + 1`` (PyTorch's rule);
* transposed convolution: ``o' = s (i' - 1) - 2p + k_hat + a`` with ``0 <= a < max(s, d)``
  (PyTorch's rule); ``a = (i + 2p - k_hat) mod s`` recovers the convolution's input size.

:data:`RELATIONSHIPS` lists the fifteen relationships of Dumoulin & Visin, "A guide to
convolution arithmetic for deep learning" (2016), each with its conditions, its formula as
printed in the guide, the figure of the ``vdumoulin/conv_arithmetic`` repository that
illustrates it, and a way to derive it from the general formula -- plus the two general
PyTorch rules.

Strings and ``None`` become integer symbols: positive for ``i``, ``k``, ``s``, ``d``,
non-negative for ``p`` and ``a``. When every argument is a number the configuration is
validated exactly like :mod:`convmath.numeric.shapes` does.

Examples
--------
>>> conv_output_size()
i - k + 1
>>> conv_output_size(s="s", p="p")
floor((i - k + 2*p)/s) + 1
>>> # Dumoulin & Visin, relationship 6 with i = 5, k = 3, s = 2, p = 1: 3 = floor(4/2) + 1
>>> conv_output_size(5, 3, s=2, p=1)
3
>>> transposed_output_size("i'", "k", s="s", p="p")
k - 2*p + s*(i' - 1)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import sympy

from convmath._params import as_int
from convmath.errors import ConvmathError
from convmath.numeric.shapes import output_shape, transposed_output_shape

__all__ = [
    "conv_output_size",
    "transposed_output_size",
    "effective_kernel_size",
    "odd_output_padding",
    "selecting_output_padding",
    "size_symbol",
    "Relationship",
    "RELATIONSHIPS",
    "relationship",
]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*'*\Z")
_NONNEGATIVE = {"p", "a", "n"}
_MINIMUM = {"i": 1, "k": 1, "s": 1, "p": 0, "d": 1, "a": 0}


def size_symbol(name: str, *, nonnegative: bool = False) -> sympy.Symbol:
    """The integer symbol convmath uses for a size: positive, or non-negative.

    Examples
    --------
    >>> size_symbol("i").is_positive, size_symbol("p", nonnegative=True).is_nonnegative
    (True, True)
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConvmathError(f"symbol name must be an identifier (primes allowed); got {name!r}")
    if nonnegative:
        return sympy.Symbol(name, integer=True, nonnegative=True)
    return sympy.Symbol(name, integer=True, positive=True)


_i, _k, _s, _d = (size_symbol(n) for n in "iksd")
_p = size_symbol("p", nonnegative=True)
_a = size_symbol("a", nonnegative=True)
_n = size_symbol("n", nonnegative=True)
_i_t, _o, _o_t = size_symbol("i'"), size_symbol("o"), size_symbol("o'")


def conv_output_size(
    i: object = None, k: object = None, s: object = 1, p: object = 0, d: object = 1
) -> sympy.Expr:
    """Output size of a convolution: ``floor((i + 2p - d (k - 1) - 1) / s) + 1``.

    Dumoulin & Visin's relationship 15, which contains relationships 1-6 as special cases;
    PyTorch's ``Conv{1,2,3}d`` rule.

    Parameters
    ----------
    i, k, s, p, d : int, str, SymPy expression or None
        Input size, kernel size, stride, padding, dilation. ``None`` (the default for
        ``i`` and ``k``) or a name gives an integer symbol (see :func:`size_symbol`).
        ``p`` may also be ``"valid"`` (no padding) or ``"same"`` (stride 1; the output
        size is then ``i``).

    Returns
    -------
    sympy.Expr
        An ``Integer`` when every argument is a number.

    Raises
    ------
    ShapeError
        Numbers for which the dilated kernel exceeds the padded input.

    Examples
    --------
    >>> # full padding, relationship 4: o = i + k - 1
    >>> conv_output_size(k="k", p=size_symbol("k") - 1)
    i + k - 1
    >>> # dilation: 3 = floor((7 + 0 - 2*(3 - 1) - 1) / 1) + 1, the guide's dilation figure
    >>> conv_output_size(7, 3, d=2)
    3
    >>> conv_output_size(k=4, p="same")
    i
    """
    if isinstance(p, str) and p in ("valid", "same"):
        if p == "valid":
            p = 0
        else:  # PyTorch's "same": total padding d (k - 1), split unevenly if odd; stride 1
            i, k, s, d = _sizes(i=i, k=k, s=s, d=d)
            if s != 1:
                raise ConvmathError(f"padding 'same' requires stride 1; got s={s}")
            if i.is_Integer and k.is_Integer and d.is_Integer:
                output_shape((int(i),), (int(k),), padding="same", dilation=int(d))
            return i
    i, k, s, p, d = _sizes(i=i, k=k, s=s, p=p, d=d)
    if all(v.is_Integer for v in (i, k, s, p, d)):
        output_shape((int(i),), (int(k),), stride=int(s), padding=int(p), dilation=int(d))
    return sympy.floor((i + 2 * p - d * (k - 1) - 1) / s) + 1


def transposed_output_size(
    i: object = None,
    k: object = None,
    s: object = 1,
    p: object = 0,
    d: object = 1,
    a: object = 0,
) -> sympy.Expr:
    """Output size of a transposed convolution: ``(i - 1) s - 2p + d (k - 1) + a + 1``.

    PyTorch's ``ConvTranspose{1,2,3}d`` rule; with ``d = 1`` it is Dumoulin & Visin's
    relationship 14 (``o' = s (i' - 1) + a + k - 2p``), which contains 8-13.

    Parameters
    ----------
    i, k, s, p, d : int, str, SymPy expression or None
        Input size (``i'`` in the guide), kernel size, stride, padding, dilation.
    a : int, str, SymPy expression or None
        Output padding, ``0 <= a < max(s, d)``; :func:`odd_output_padding` gives the one
        that recovers a convolution's input size.

    Examples
    --------
    >>> transposed_output_size()
    i + k - 1
    >>> # the guide's odd case: i' = 3, k = 3, s = 2, p = 1, a = 1 gives back i = 6
    >>> transposed_output_size(3, 3, s=2, p=1, a=1)
    6
    """
    i, k, s, p, d, a = _sizes(i=i, k=k, s=s, p=p, d=d, a=a)
    if all(v.is_Integer for v in (i, k, s, p, d, a)):
        transposed_output_shape(
            (int(i),),
            (int(k),),
            stride=int(s),
            padding=int(p),
            dilation=int(d),
            output_padding=int(a),
        )
    return (i - 1) * s - 2 * p + d * (k - 1) + a + 1


def effective_kernel_size(k: object = None, d: object = None) -> sympy.Expr:
    """Size of a dilated kernel: ``k_hat = k + (k - 1)(d - 1)``.

    Examples
    --------
    >>> effective_kernel_size()
    k + (d - 1)*(k - 1)
    >>> # 5 = 3 + (3 - 1)(2 - 1)
    >>> effective_kernel_size(3, 2)
    5
    """
    k, d = _sizes(k=k, d=d)
    return k + (k - 1) * (d - 1)


def odd_output_padding(
    i: object = None, k: object = None, s: object = None, p: object = 0, d: object = 1
) -> sympy.Expr:
    """Output padding that makes a transposed convolution recover the input size ``i``.

    ``a = (i + 2p - k_hat) mod s`` -- the guide's relationship 14, with ``k_hat`` the
    dilated kernel size: the ``s`` input sizes ``i`` that a stride ``s`` maps to the same
    output are told apart by ``a``.

    Examples
    --------
    >>> odd_output_padding()
    Mod(i - k, s)
    >>> # i = 6, k = 3, s = 2, p = 1: a = (6 + 2 - 3) mod 2 = 1
    >>> odd_output_padding(6, 3, 2, 1)
    1
    """
    i, k, s, p, d = _sizes(i=i, k=k, s=s, p=p, d=d)
    return sympy.Mod(i + 2 * p - d * (k - 1) - 1, s)


def selecting_output_padding(
    input_shape: Sequence[int],
    kernel_shape: Sequence[int],
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
) -> tuple[int, ...]:
    """Per-axis output padding that maps a convolution's output back to `input_shape`.

    Integer version of :func:`odd_output_padding`, validated like
    :func:`convmath.numeric.output_shape`.

    Examples
    --------
    >>> # axis 0: (6 + 2 - 3) mod 2 = 1; axis 1: (5 + 2 - 3) mod 2 = 0
    >>> selecting_output_padding((6, 5), (3, 3), stride=2, padding=1)
    (1, 0)
    """
    from convmath._params import shape_tuple, spatial_tuple

    size = shape_tuple(input_shape, "input_shape")
    kernel = shape_tuple(kernel_shape, "kernel_shape", ndim=len(size))
    strides = spatial_tuple(stride, len(size), "stride", minimum=1)
    pads = spatial_tuple(padding, len(size), "padding", minimum=0)
    dil = spatial_tuple(dilation, len(size), "dilation", minimum=1)
    output_shape(size, kernel, stride=strides, padding=pads, dilation=dil)
    return tuple(
        (n + 2 * q - e * (m - 1) - 1) % t
        for n, m, t, q, e in zip(size, kernel, strides, pads, dil)
    )


# --- the registry -------------------------------------------------------------------------


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
        Substitution that turns the general formula into this one.
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
    _applies: Callable[..., bool] = field(repr=False, compare=False)

    @property
    def formula(self) -> sympy.Eq:
        """``Eq(output, expr)``."""
        return sympy.Eq(self.output, self.expr, evaluate=False)

    def applies(self, i: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> bool:
        """Whether the convolution ``(i, k, s, p, d)`` satisfies the conditions."""
        return bool(self._applies(i, k, s, p, d))

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
        :func:`odd_output_padding`; the value is then ``o'``, which the guide shows equals
        ``i``.

        Raises
        ------
        ConvmathError
            When the conditions do not hold.
        """
        values = [as_int(v, n) for v, n in zip((i, k, s, p, d), "ikspd")]
        if not self.applies(*values):
            raise ConvmathError(
                f"relationship {self.id} needs {self.conditions}; got i={values[0]}, "
                f"k={values[1]}, s={values[2]}, p={values[3]}, d={values[4]}"
            )
        i, k, s, p, d = values
        o = int(conv_output_size(i, k, s, p, d))
        sub = {_i: i, _k: k, _s: s, _p: p, _d: d, _i_t: o, _n: (k - 1) // 2}
        sub[_a] = (i + 2 * p - d * (k - 1) - 1) % s
        value = self.expr.xreplace({key: sympy.Integer(v) for key, v in sub.items()})
        return int(value)


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
    raise ConvmathError(f"relationship must be one of {known}; got {identifier!r}")


def _sizes(**values: object) -> list[sympy.Expr]:
    return [_size(value, name) for name, value in values.items()]


def _size(value: object, role: str, name: str | None = None) -> sympy.Expr:
    """A size argument as a SymPy expression.

    `role` (one of i, k, s, p, d, a) sets the smallest allowed value and whether a symbol is
    positive or non-negative; `name` (default `role`) names the argument in messages and the
    symbol that ``None`` stands for.
    """
    name = name or role
    minimum = _MINIMUM[role]
    if value is None:
        return size_symbol(name, nonnegative=role in _NONNEGATIVE)
    if isinstance(value, str):
        return size_symbol(value, nonnegative=role in _NONNEGATIVE)
    if isinstance(value, sympy.Basic) and not value.is_number:
        if not isinstance(value, sympy.Expr):
            raise ConvmathError(f"{name} must be a size expression; got {value!r}")
        return value
    if isinstance(value, sympy.Basic):
        if not value.is_Integer:
            raise ConvmathError(f"{name} must be an int >= {minimum}; got {value}")
        value = int(value)
    return sympy.Integer(as_int(value, name, minimum=minimum))


def _registry() -> tuple[Relationship, ...]:
    i, k, s, p, d, a, n, it, o, ot = _i, _k, _s, _p, _d, _a, _n, _i_t, _o, _o_t
    f = sympy.floor
    return (
        Relationship(
            id="R1",
            name="No zero padding, unit strides",
            conditions="s = 1, p = 0",
            output=o,
            expr=(i - k) + 1,
            figures=("no_padding_no_strides",),
            transposed=False,
            example=dict(i=4, k=3, s=1, p=0, d=1),
            specialisation={s: 1, p: 0, d: 1},
            _applies=lambda i, k, s, p, d: s == 1 and p == 0 and d == 1,
        ),
        Relationship(
            id="R2",
            name="Zero padding, unit strides",
            conditions="s = 1",
            output=o,
            expr=(i - k) + 2 * p + 1,
            figures=("arbitrary_padding_no_strides",),
            transposed=False,
            example=dict(i=5, k=4, s=1, p=2, d=1),
            specialisation={s: 1, d: 1},
            _applies=lambda i, k, s, p, d: s == 1 and d == 1,
        ),
        Relationship(
            id="R3",
            name="Half (same) padding",
            conditions="k = 2n + 1 odd, s = 1, p = floor(k/2) = n",
            output=o,
            expr=i,
            figures=("same_padding_no_strides",),
            transposed=False,
            example=dict(i=5, k=3, s=1, p=1, d=1),
            specialisation={s: 1, d: 1, k: 2 * n + 1, p: n},
            _applies=lambda i, k, s, p, d: s == 1 and d == 1 and k % 2 == 1 and p == k // 2,
        ),
        Relationship(
            id="R4",
            name="Full padding",
            conditions="s = 1, p = k - 1",
            output=o,
            expr=i + (k - 1),
            figures=("full_padding_no_strides",),
            transposed=False,
            example=dict(i=5, k=3, s=1, p=2, d=1),
            specialisation={s: 1, d: 1, p: k - 1},
            _applies=lambda i, k, s, p, d: s == 1 and d == 1 and p == k - 1,
        ),
        Relationship(
            id="R5",
            name="No zero padding, non-unit strides",
            conditions="p = 0",
            output=o,
            expr=f((i - k) / s) + 1,
            figures=("no_padding_strides",),
            transposed=False,
            example=dict(i=5, k=3, s=2, p=0, d=1),
            specialisation={p: 0, d: 1},
            _applies=lambda i, k, s, p, d: p == 0 and d == 1,
        ),
        Relationship(
            id="R6",
            name="Zero padding, non-unit strides",
            conditions="any i, k, p, s",
            output=o,
            expr=f((i + 2 * p - k) / s) + 1,
            figures=("padding_strides", "padding_strides_odd"),
            transposed=False,
            example=dict(i=5, k=3, s=2, p=1, d=1),
            specialisation={d: 1},
            _applies=lambda i, k, s, p, d: d == 1,
        ),
        Relationship(
            id="R7",
            name="Pooling",
            conditions="any i, k, s (pooling has no padding)",
            output=o,
            expr=f((i - k) / s) + 1,
            figures=("numerical_average_pooling", "numerical_max_pooling"),
            transposed=False,
            example=dict(i=5, k=3, s=1, p=0, d=1),
            specialisation={p: 0, d: 1},
            _applies=lambda i, k, s, p, d: p == 0 and d == 1,
        ),
        Relationship(
            id="R8",
            name="No zero padding, unit strides, transposed",
            conditions="convolution with s = 1, p = 0 (equivalent: k' = k, s' = 1, p' = k - 1)",
            output=ot,
            expr=it + (k - 1),
            figures=("no_padding_no_strides_transposed",),
            transposed=True,
            example=dict(i=4, k=3, s=1, p=0, d=1),
            specialisation={s: 1, p: 0, d: 1, a: 0},
            _applies=lambda i, k, s, p, d: s == 1 and p == 0 and d == 1,
        ),
        Relationship(
            id="R9",
            name="Zero padding, unit strides, transposed",
            conditions="convolution with s = 1 (equivalent: k' = k, s' = 1, p' = k - p - 1)",
            output=ot,
            expr=it + (k - 1) - 2 * p,
            figures=("arbitrary_padding_no_strides_transposed",),
            transposed=True,
            example=dict(i=5, k=4, s=1, p=2, d=1),
            specialisation={s: 1, d: 1, a: 0},
            _applies=lambda i, k, s, p, d: s == 1 and d == 1,
        ),
        Relationship(
            id="R10",
            name="Half (same) padding, transposed",
            conditions="convolution with k = 2n + 1, s = 1, p = n (equivalent: p' = p)",
            output=ot,
            expr=it,
            figures=("same_padding_no_strides_transposed",),
            transposed=True,
            example=dict(i=5, k=3, s=1, p=1, d=1),
            specialisation={s: 1, d: 1, a: 0, k: 2 * n + 1, p: n},
            _applies=lambda i, k, s, p, d: s == 1 and d == 1 and k % 2 == 1 and p == k // 2,
        ),
        Relationship(
            id="R11",
            name="Full padding, transposed",
            conditions="convolution with s = 1, p = k - 1 (equivalent: p' = 0)",
            output=ot,
            expr=it - (k - 1),
            figures=("full_padding_no_strides_transposed",),
            transposed=True,
            example=dict(i=5, k=3, s=1, p=2, d=1),
            specialisation={s: 1, d: 1, a: 0, p: k - 1},
            _applies=lambda i, k, s, p, d: s == 1 and d == 1 and p == k - 1,
        ),
        Relationship(
            id="R12",
            name="No zero padding, non-unit strides, transposed",
            conditions="convolution with p = 0 and i - k a multiple of s "
            "(equivalent: s - 1 zeros between inputs, k' = k, s' = 1, p' = k - 1)",
            output=ot,
            expr=s * (it - 1) + k,
            figures=("no_padding_strides_transposed",),
            transposed=True,
            example=dict(i=5, k=3, s=2, p=0, d=1),
            specialisation={p: 0, d: 1, a: 0},
            _applies=lambda i, k, s, p, d: p == 0 and d == 1 and (i - k) % s == 0,
        ),
        Relationship(
            id="R13",
            name="Zero padding, non-unit strides, transposed",
            conditions="convolution with i + 2p - k a multiple of s "
            "(equivalent: s - 1 zeros between inputs, k' = k, s' = 1, p' = k - p - 1)",
            output=ot,
            expr=s * (it - 1) + k - 2 * p,
            figures=("padding_strides_transposed",),
            transposed=True,
            example=dict(i=5, k=3, s=2, p=1, d=1),
            specialisation={d: 1, a: 0},
            _applies=lambda i, k, s, p, d: d == 1 and (i + 2 * p - k) % s == 0,
        ),
        Relationship(
            id="R14",
            name="Zero padding, non-unit strides, transposed (odd case)",
            conditions="any convolution k, s, p, with a = (i + 2p - k) mod s "
            "(equivalent: a extra zeros on the high side, s' = 1, p' = k - p - 1)",
            output=ot,
            expr=s * (it - 1) + a + k - 2 * p,
            figures=("padding_strides_odd_transposed",),
            transposed=True,
            example=dict(i=6, k=3, s=2, p=1, d=1),
            specialisation={d: 1},
            _applies=lambda i, k, s, p, d: d == 1,
        ),
        Relationship(
            id="R15",
            name="Dilated convolution",
            conditions="any i, k, p, s and dilation d (k_hat = k + (k - 1)(d - 1))",
            output=o,
            expr=f((i + 2 * p - k - (k - 1) * (d - 1)) / s) + 1,
            figures=("dilation",),
            transposed=False,
            example=dict(i=7, k=3, s=1, p=0, d=2),
            specialisation={},
            _applies=lambda i, k, s, p, d: True,
        ),
        Relationship(
            id="torch_conv",
            name="Convolution with stride, padding and dilation (PyTorch)",
            conditions="i + 2p >= d (k - 1) + 1",
            output=o,
            expr=conv_output_size(i, k, s, p, d),
            figures=("dilation", "padding_strides"),
            transposed=False,
            example=dict(i=7, k=3, s=2, p=1, d=2),
            specialisation={},
            _applies=lambda i, k, s, p, d: True,
        ),
        Relationship(
            id="torch_conv_transpose",
            name="Transposed convolution with dilation and output padding (PyTorch)",
            conditions="0 <= a < max(s, d); a = (i + 2p - d (k - 1) - 1) mod s recovers i",
            output=ot,
            expr=transposed_output_size(it, k, s, p, d, a),
            figures=("padding_strides_odd_transposed",),
            transposed=True,
            example=dict(i=8, k=3, s=2, p=1, d=2),
            specialisation={},
            _applies=lambda i, k, s, p, d: True,
        ),
    )


#: Dumoulin & Visin's relationships 1-15 and the two general PyTorch rules, in order.
RELATIONSHIPS: tuple[Relationship, ...] = _registry()
