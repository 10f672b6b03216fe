"""Output-size formulas of convolution and transposed convolution, as SymPy expressions.

The size vocabulary, per spatial axis (axes do not interact): input size ``i``, kernel size
``k``, stride ``s``, zero padding ``p`` on both sides, dilation ``d``, output padding ``a``;
``i'`` and ``o'`` are the input and output sizes of a transposed convolution.

* effective (dilated) kernel size ``k_hat = k + (k - 1)(d - 1) = d (k - 1) + 1``;
* convolution: ``o = floor((i + 2p - k_hat) / s) + 1`` (PyTorch's rule);
* transposed convolution: ``o' = s (i' - 1) - 2p + k_hat + a`` with ``0 <= a < max(s, d)``
  (PyTorch's rule); ``a = (i + 2p - k_hat) mod s`` recovers the convolution's input size.

The formulas are those of :mod:`convmath._sizes` (the numeric shapes use the same ones),
applied to integer symbols. :data:`RELATIONSHIPS` (from
:mod:`convmath.symbolic.relationships`, also importable from here) lists the fifteen
relationships of Dumoulin & Visin, "A guide to convolution arithmetic for deep learning"
(2016), and the two general PyTorch rules.

Strings and ``None`` become integer symbols: positive for ``i``, ``k``, ``s``, ``d``,
non-negative for ``p`` and ``a``. When every argument is a number the configuration is
validated exactly like :mod:`convmath.numeric.shapes` does; errors name the argument
(``error.argument`` is ``"i"``, ``"k"``, ``"s"``, ``"p"``, ``"d"`` or ``"a"``).

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
from collections.abc import Sequence

import sympy

from convmath import _sizes
from convmath._lazy import lazy_exports
from convmath._params import as_int, shape_tuple, spatial_tuple
from convmath.errors import ConvmathError
from convmath.numeric.shapes import output_shape

# The relationships live in their own module, which uses the formulas below; they stay
# importable from here, loaded on first use.
__getattr__, __dir__, _RELATIONSHIP_NAMES = lazy_exports(
    __name__,
    dict.fromkeys(
        ("Relationship", "RELATIONSHIPS", "relationship"), "convmath.symbolic.relationships"
    ),
)
__all__ = [
    "conv_output_size",
    "transposed_output_size",
    "effective_kernel_size",
    "odd_output_padding",
    "selecting_output_padding",
    "size_symbol",
    *_RELATIONSHIP_NAMES,
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
        raise ConvmathError(
            f"symbol name must be an identifier (primes allowed); got {name!r}", argument="name"
        )
    if nonnegative:
        return sympy.Symbol(name, integer=True, nonnegative=True)
    return sympy.Symbol(name, integer=True, positive=True)


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
        size, kernel, stride, dil = _sizes_of(i=i, k=k, s=s, d=d)
        if p == "valid":
            return conv_output_size(size, kernel, stride, 0, dil)
        if stride != 1:  # PyTorch's "same": total padding d (k - 1), stride 1 only
            raise ConvmathError(f"padding 'same' requires stride 1; got s={stride}", argument="p")
        return size
    size, kernel, stride, pad, dil = _sizes_of(i=i, k=k, s=s, p=p, d=d)
    if all(v.is_Integer for v in (size, kernel, stride, pad, dil)):
        _sizes.check_kernel_fits(
            int(size), int(kernel), int(dil), int(pad), int(pad), argument="k"
        )
    return _sizes.conv_output_size(size, kernel, stride, pad, dil)


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
    >>> # the guide's odd case: 6 = (3 - 1) * 2 - 2*1 + (3 - 1) + 1 + 1 gives back i = 6
    >>> transposed_output_size(3, 3, s=2, p=1, a=1)
    6
    """
    sizes = _sizes_of(i=i, k=k, s=s, p=p, d=d, a=a)
    if all(v.is_Integer for v in sizes):
        size, kernel, stride, pad, dil, extra = (int(v) for v in sizes)
        _sizes.check_output_padding(extra, stride, dil, argument="a")
        _sizes.check_transposed_size(size, kernel, stride, pad, dil, extra, argument="p")
    return _sizes.transposed_output_size(*sizes)


def effective_kernel_size(k: object = None, d: object = None) -> sympy.Expr:
    """Size of a dilated kernel: ``k_hat = k + (k - 1)(d - 1) = d (k - 1) + 1``.

    Examples
    --------
    >>> effective_kernel_size()
    d*(k - 1) + 1
    >>> # 5 = 3 + (3 - 1)(2 - 1)
    >>> effective_kernel_size(3, 2)
    5
    """
    return _sizes.effective_kernel_size(*_sizes_of(k=k, d=d))


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
    return _sizes.selecting_output_padding(*_sizes_of(i=i, k=k, s=s, p=p, d=d))


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
    size = shape_tuple(input_shape, "input_shape")
    kernel = shape_tuple(kernel_shape, "kernel_shape", ndim=len(size))
    strides = spatial_tuple(stride, len(size), "stride", minimum=1)
    pads = spatial_tuple(padding, len(size), "padding", minimum=0)
    dil = spatial_tuple(dilation, len(size), "dilation", minimum=1)
    output_shape(size, kernel, stride=strides, padding=pads, dilation=dil)
    return tuple(
        _sizes.selecting_output_padding(n, m, t, q, e)
        for n, m, t, q, e in zip(size, kernel, strides, pads, dil)
    )


def size_argument(value: object, role: str, name: str | None = None) -> sympy.Expr:
    """A size argument as a SymPy expression (for the symbolic layer's size functions).

    `role` (one of i, k, s, p, d, a) sets the smallest allowed value and whether a symbol is
    positive or non-negative; `name` (default `role`) names the argument in messages (and in
    ``error.argument``) and the symbol that ``None`` stands for.

    Examples
    --------
    >>> size_argument(None, "p"), size_argument(3, "k"), size_argument("n", "i")
    (p, 3, n)
    >>> size_argument(0, "s", "stride")
    Traceback (most recent call last):
    ...
    convmath.errors.ConvmathError: stride must be an int >= 1; got 0
    """
    name = name or role
    minimum = _MINIMUM[role]
    if value is None or isinstance(value, str):
        return size_symbol(name if value is None else value, nonnegative=role in _NONNEGATIVE)
    if isinstance(value, sympy.Basic) and not value.is_number:
        if not isinstance(value, sympy.Expr):
            raise ConvmathError(f"{name} must be a size expression; got {value!r}", argument=name)
        return value
    if isinstance(value, sympy.Basic):
        if not value.is_Integer:
            raise ConvmathError(f"{name} must be an int >= {minimum}; got {value}", argument=name)
        value = int(value)
    return sympy.Integer(as_int(value, name, minimum=minimum))


def _sizes_of(**values: object) -> list[sympy.Expr]:
    return [size_argument(value, name) for name, value in values.items()]
