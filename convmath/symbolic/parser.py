"""Safe parser: user text to SymPy expressions without ever evaluating Python.

``sympify`` and ``parse_expr`` run Python's ``eval`` on their input, so text typed by a user
never reaches them. This module tokenizes the text itself and parses it with a small
recursive-descent grammar, building SymPy objects node by node::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary | implicit)*      2t, a t, 3(t-1), (t+1)(t-1)
    unary   := ("+" | "-") unary | power
    power   := postfix (("^" | "**") unary)?              right-associative, -t^2 = -(t^2)
    postfix := atom "!"*
    atom    := NUMBER | NAME | NAME "(" expr ("," expr)* ")" | "(" expr ")" | "|" expr "|"

Implicit products also open a bar (``2 |t|``, ``exp(-a |t|)``) except inside an open bar,
where a "|" after an operand closes it (write ``|2*|t||``).

Numbers are exact: ``7.5`` is ``15/2`` and ``1e-3`` is ``1/1000``. Names are the declared
variables and parameters, the constants ``pi``, ``E``/``e``, ``I``, ``oo`` and the functions
of :data:`FUNCTIONS` (with the aliases users type: ``u``/``step`` for Heaviside, ``delta`` for
DiracDelta, ``ln``, ``abs``, ``rect``, ``tri``, ``ramp`` = t u(t), ``erf``, and ``sinc``, NumPy's
normalised ``sin(pi t)/(pi t)``; ``delta'(t)``, ``delta''(t - 1)`` are derivatives). Anything else is an
:class:`~convmath.errors.ExpressionError` that gives the position and the offending token.

Resource bounds keep hostile input cheap: the text is at most :data:`MAX_LENGTH` characters,
nesting at most :data:`MAX_DEPTH` levels, and integer powers and factorials whose exact value
would exceed :data:`MAX_INTEGER_BITS` bits are refused before SymPy computes them.

Examples
--------
>>> parse("exp(-2t) u(t)")
exp(-2*t)*Heaviside(t)
>>> parse("300 * rect((t - 7.25) / 0.5)")
-300*Heaviside(2*t - 15) + 300*Heaviside(2*t - 14)
>>> parse("2^(-s/2)", variables=["s"])
2**(-s/2)
>>> parse("exp(-a*t)", parameters=["a"])
exp(-a*t)
>>> parse("__import__('os')")
Traceback (most recent call last):
...
convmath.errors.ExpressionError: names with '__' are not allowed: '__import__' at position 0
>>> parse("9^9^9^9")
Traceback (most recent call last):
...
convmath.errors.ExpressionError: power too large: 9^387420489 would have about 1549681956 bits (limit 20000): '^' at position 3
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sympy as sp

from convmath.errors import ExpressionError
from convmath.symbolic.signals import rect, tri

__all__ = ["parse", "FUNCTIONS", "CONSTANTS", "MAX_LENGTH", "MAX_DEPTH", "MAX_INTEGER_BITS"]

#: Longest text accepted, in characters.
MAX_LENGTH = 4000
#: Deepest nesting of parentheses, function calls, signs and powers.
MAX_DEPTH = 64
#: Largest exact integer (numerator or denominator) a power or factorial may produce.
MAX_INTEGER_BITS = 20_000
#: Largest integer exponent allowed on a symbolic base (``t^1000`` is fine, ``t^10^9`` is not).
MAX_SYMBOLIC_EXPONENT = 1000
#: Longest numeric literal, in characters, and largest decimal exponent in ``1e...``.
_MAX_NUMBER_CHARS = 400
_MAX_DECIMAL_EXPONENT = 1000


def _fixed(arity: int, build: Callable[..., sp.Expr]) -> tuple[range, Callable[..., sp.Expr]]:
    return range(arity, arity + 1), build


def _delta(x: sp.Expr, order: sp.Expr = sp.S.Zero) -> sp.Expr:
    if not (order.is_Integer and 0 <= order <= 20):
        raise ExpressionError(f"the order of a delta derivative must be 0 to 20; got {order}")
    return sp.DiracDelta(x, order) if order else sp.DiracDelta(x)


#: Whitelisted functions: name -> (allowed argument counts, builder).
FUNCTIONS: dict[str, tuple[range, Callable[..., sp.Expr]]] = {
    "exp": _fixed(1, sp.exp),
    "log": (range(1, 3), sp.log),
    "ln": _fixed(1, sp.log),
    "sqrt": _fixed(1, sp.sqrt),
    "sin": _fixed(1, sp.sin),
    "cos": _fixed(1, sp.cos),
    "tan": _fixed(1, sp.tan),
    "sinh": _fixed(1, sp.sinh),
    "cosh": _fixed(1, sp.cosh),
    "tanh": _fixed(1, sp.tanh),
    "asin": _fixed(1, sp.asin),
    "acos": _fixed(1, sp.acos),
    "atan": _fixed(1, sp.atan),
    "Abs": _fixed(1, sp.Abs),
    "abs": _fixed(1, sp.Abs),
    "sign": _fixed(1, sp.sign),
    "Heaviside": _fixed(1, sp.Heaviside),
    "u": _fixed(1, sp.Heaviside),
    "step": _fixed(1, sp.Heaviside),
    "DiracDelta": (range(1, 3), lambda x, n=sp.S.Zero: _delta(x, n)),
    "delta": (range(1, 3), lambda x, n=sp.S.Zero: _delta(x, n)),
    "rect": _fixed(1, rect),
    "ramp": _fixed(1, lambda x: x * sp.Heaviside(x)),
    "erf": _fixed(1, sp.erf),
    # NumPy's normalised sinc, sin(pi t)/(pi t); type sin(t)/t for the other one
    "sinc": _fixed(1, lambda x: sp.sinc(sp.pi * x)),
    "tri": _fixed(1, tri),
    "min": (range(2, 33), sp.Min),
    "max": (range(2, 33), sp.Max),
    "factorial": _fixed(1, lambda n: n),  # bound-checked in _Parser._factorial
}

#: Whitelisted constants.
CONSTANTS: dict[str, sp.Expr] = {
    "pi": sp.pi,
    "π": sp.pi,
    "E": sp.E,
    "e": sp.E,
    "I": sp.I,
    "oo": sp.oo,
}

# One character for one, so that positions in messages match the text the user typed.
_UNICODE = str.maketrans({"−": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/"})
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*'*|π)
  | (?P<op>\*\*|[-+*/^(),|!])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "op", "invalid" or "end"
    text: str
    position: int


def _tokenize(text: str) -> list[_Token]:
    # An unknown character becomes an "invalid" token that ends the list: the parser reports
    # whichever problem comes first from the left.
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            tokens.append(_Token("invalid", text[position], position))
            break
        kind = match.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        if kind != "space":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _exact_number(token: _Token, text: str) -> sp.Rational:
    literal = token.text
    if len(literal) > _MAX_NUMBER_CHARS:
        raise _error(f"number literal longer than {_MAX_NUMBER_CHARS} characters", token, text)
    mantissa, _, exponent = literal.lower().partition("e")
    if exponent and abs(int(exponent)) > _MAX_DECIMAL_EXPONENT:
        raise _error(f"decimal exponent beyond ±{_MAX_DECIMAL_EXPONENT}", token, text)
    whole, _, fraction = mantissa.partition(".")
    digits = int((whole or "0") + fraction) if (whole or fraction) else 0
    scale = int(exponent or 0) - len(fraction)
    if scale >= 0:
        return sp.Integer(digits * 10**scale)
    return sp.Rational(digits, 10**-scale)


def _error(message: str, token: _Token, text: str, hint: str = "") -> ExpressionError:
    if token.kind == "invalid":
        message, hint = "unexpected character", ""
    shown = repr(token.text) if token.kind != "end" else "end of input"
    where = f"{shown} at position {token.position}"
    where += f" ({hint})" if hint else ""
    return ExpressionError(
        f"{message}: {where}", text=text, position=token.position, token=token.text
    )


def _bits(number: sp.Rational) -> int:
    return max(int(abs(number.p)).bit_length(), int(number.q).bit_length(), 1)


class _Parser:
    def __init__(self, text: str, names: dict[str, sp.Symbol]) -> None:
        self.text = text
        self.names = names
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0
        self.bars = [0]  # bars open since the innermost "(": a "|" after an operand closes

    # -- token helpers -------------------------------------------------------------------
    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def _advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _accept(self, *ops: str) -> _Token | None:
        token = self.current
        if token.kind == "op" and token.text in ops:
            self.index += 1
            return token
        return None

    def _expect(self, op: str, context: str) -> None:
        if self._accept(op) is None:
            raise _error(f"expected {op!r} {context}", self.current, self.text)

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error(
                f"expression nested deeper than {MAX_DEPTH} levels", self.current, self.text
            )

    def _leave(self) -> None:
        self.depth -= 1

    # -- grammar -------------------------------------------------------------------------
    def parse(self) -> sp.Expr:
        if self.current.kind == "end":
            raise ExpressionError("empty expression", text=self.text, position=0, token="")
        result = self._expr()
        if self.current.kind != "end":
            raise _error("unexpected token", self.current, self.text)
        return result

    def _expr(self) -> sp.Expr:
        self._enter()
        result = self._term()
        while (op := self._accept("+", "-")) is not None:
            right = self._term()
            result = result + right if op.text == "+" else result - right
        self._leave()
        return result

    def _starts_implicit_factor(self, previous: _Token) -> bool:
        # Implicit multiplication after an operand (a number, a bare name or ")") and before
        # a name or "(": 2t, a t, 3(t-1), (t+1)(t-1), 2pi. Never before a number ("2 3").
        token = self.current
        after_operand = previous.kind in ("number", "name") or previous.text in (")", "|")
        opens_bar = token.text == "|" and self.bars[-1] == 0  # 2 |t|, exp(-a |t|)
        return after_operand and (token.kind == "name" or token.text == "(" or opens_bar)

    def _term(self) -> sp.Expr:
        result = self._unary()
        while True:
            previous = self.tokens[self.index - 1]
            if (op := self._accept("*", "/")) is not None:
                right = self._unary()
                if op.text == "*":
                    result = result * right
                else:
                    if right.is_zero:
                        raise _error("division by zero", op, self.text)
                    result = result / right
            elif self._starts_implicit_factor(previous):
                result = result * self._unary()
            else:
                return result

    def _unary(self) -> sp.Expr:
        if (op := self._accept("+", "-")) is not None:
            self._enter()
            operand = self._unary()
            self._leave()
            return -operand if op.text == "-" else operand
        return self._power()

    def _power(self) -> sp.Expr:
        base = self._postfix()
        op = self._accept("^", "**")
        if op is None:
            return base
        self._enter()
        exponent = self._unary()
        self._leave()
        return self._checked_power(base, exponent, op)

    def _checked_power(self, base: sp.Expr, exponent: sp.Expr, op: _Token) -> sp.Expr:
        if exponent.is_Rational:
            size = max(abs(int(exponent.p)), int(exponent.q))
            if base.is_Rational and base not in (0, 1, -1):
                bits = _bits(base) * size
                if bits > MAX_INTEGER_BITS:
                    raise _error(
                        f"power too large: {base}^{exponent} would have about {bits} bits "
                        f"(limit {MAX_INTEGER_BITS})",
                        op,
                        self.text,
                    )
            elif size > MAX_SYMBOLIC_EXPONENT:
                raise _error(
                    f"exponent {exponent} too large (limit {MAX_SYMBOLIC_EXPONENT})", op, self.text
                )
            if base == 0 and exponent.is_negative:
                raise _error("division by zero (0 to a negative power)", op, self.text)
        return sp.Pow(base, exponent)

    def _postfix(self) -> sp.Expr:
        value = self._atom()
        while (op := self._accept("!")) is not None:
            value = self._factorial(value, op)
        return value

    def _factorial(self, value: sp.Expr, token: _Token) -> sp.Expr:
        if value.is_Integer:
            if value < 0:
                raise _error("factorial of a negative integer", token, self.text)
            # log2(n!) ~ n log2(n); 2000! has ~19,000 bits.
            if value > 2000:
                raise _error(f"factorial too large: {value}! (limit 2000!)", token, self.text)
        elif value.is_number and not value.is_Integer:
            raise _error("factorial of a non-integer number", token, self.text)
        return sp.factorial(value)

    def _atom(self) -> sp.Expr:
        token = self.current
        if token.kind == "number":
            self._advance()
            return _exact_number(token, self.text)
        if token.kind == "name":
            self._advance()
            return self._name(token)
        if token.text == "(":
            self._advance()
            self.bars.append(0)
            inner = self._expr()
            self._expect(")", f"to close '(' at position {token.position}")
            self.bars.pop()
            return inner
        if token.text == "|":
            self._advance()
            self.bars[-1] += 1
            inner = self._expr()
            self._expect("|", f"to close '|' at position {token.position}")
            self.bars[-1] -= 1
            return sp.Abs(inner)
        if token.kind == "end":
            raise _error("expression ends too early", token, self.text)
        raise _error("unexpected token", token, self.text)

    def _name(self, token: _Token) -> sp.Expr:
        name = token.text
        if "__" in name:
            raise _error("names with '__' are not allowed", token, self.text)
        is_call = self.current.text == "("
        if "'" in name:  # delta'(t), delta''(t - 1): derivatives of the delta
            if not (is_call and name.rstrip("'") in ("delta", "DiracDelta")):
                raise _error(
                    "a prime (') may only follow delta, as in delta'(t)", token, self.text
                )
            return self._call(token, order=name.count("'"))
        if is_call and name in FUNCTIONS:
            return self._call(token)
        if name in self.names:
            return self.names[name]
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in FUNCTIONS:
            raise _error(f"function {name!r} needs parenthesised arguments", token, self.text)
        declared = ", ".join(sorted(self.names)) or "none"
        raise _error(
            "unknown name",
            token,
            self.text,
            hint=f"declared names: {declared}; undeclared parameters are not allowed",
        )

    def _call(self, token: _Token, order: int = 0) -> sp.Expr:
        arities, build = FUNCTIONS[token.text.rstrip("'")]
        self._expect("(", f"after function {token.text!r}")
        self._enter()
        self.bars.append(0)
        args = [self._expr()]
        while self._accept(","):
            args.append(self._expr())
        self._expect(")", f"to close the arguments of {token.text!r}")
        self.bars.pop()
        self._leave()
        if len(args) not in arities:
            low, high = arities.start, arities.stop - 1
            counts = str(low) if low == high else f"{low} to {high}"
            raise _error(
                f"function {token.text!r} takes {counts} argument(s), got {len(args)}",
                token,
                self.text,
            )
        if token.text == "factorial":
            return self._factorial(args[0], token)
        if order:
            return _delta(args[0], sp.Integer(order) + (args[1] if len(args) > 1 else 0))
        return build(*args)


def _declare(
    variables: Iterable[str | sp.Symbol], parameters: Iterable[str | sp.Symbol]
) -> dict[str, sp.Symbol]:
    names: dict[str, sp.Symbol] = {}
    for role, items in (("variables", variables), ("parameters", parameters)):
        if isinstance(items, (str, sp.Symbol)):
            items = [items]
        for item in items:
            symbol = item if isinstance(item, sp.Symbol) else None
            name = symbol.name if symbol is not None else item
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
                raise ExpressionError(
                    f"{role} must be identifiers (a letter, then letters, digits or _); "
                    f"got {item!r}"
                )
            if "__" in name or name in FUNCTIONS or name in CONSTANTS:
                raise ExpressionError(
                    f"{role} name {name!r} is reserved (a function or a constant)"
                )
            names[name] = symbol if symbol is not None else sp.Symbol(name)
    return names


def parse(
    text: str,
    variables: Iterable[str | sp.Symbol] = ("t",),
    *,
    parameters: Iterable[str | sp.Symbol] = (),
) -> sp.Expr:
    """Parse user text into a SymPy expression, safely.

    Parameters
    ----------
    text : str
        The expression, e.g. ``"exp(-t) u(t)"`` or ``"2^(-s/2)"``. ``^`` and ``**`` are both
        powers; decimals are exact rationals; ``|x|`` is ``Abs(x)``.
    variables : iterable of str or Symbol, default ("t",)
        Names that may appear as variables. Strings become plain ``Symbol(name)``; pass
        Symbols to choose their assumptions.
    parameters : iterable of str or Symbol, default ()
        Further free symbols the caller allows (e.g. a rate ``a``).

    Returns
    -------
    sympy.Expr

    Raises
    ------
    ExpressionError
        For anything outside the grammar, with ``position`` and ``token`` set; for text
        longer than :data:`MAX_LENGTH`, nesting deeper than :data:`MAX_DEPTH`, powers or
        factorials that would be astronomically large, and results that are undefined
        (division by zero).

    Examples
    --------
    >>> parse("tri(t - 1)")
    (1 - Abs(t - 1))*(Heaviside(t) - Heaviside(t - 2))
    >>> parse("1.5e-1 * delta(t - 2)")
    3*DiracDelta(t - 2)/20
    >>> parse("|t| - t^2", variables=["t"])
    -t**2 + Abs(t)
    >>> parse("x + 1")
    Traceback (most recent call last):
    ...
    convmath.errors.ExpressionError: unknown name: 'x' at position 0 (declared names: t; undeclared parameters are not allowed)
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expression must be a string; got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}"
        )
    names = _declare(variables, parameters)
    result = _Parser(text.translate(_UNICODE), names).parse()
    if result.has(sp.zoo, sp.nan):
        raise ExpressionError(f"expression is undefined (division by zero or 0/0): {text!r}")
    return result
