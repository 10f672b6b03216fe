"""One exception family for every mistake a user can make.

Every class derives from :class:`ConvmathError`, itself a :class:`ValueError`, so callers
can catch either. Messages name the argument, the value received and what is allowed.

Examples
--------
>>> from convmath.errors import ConvmathError, ShapeError
>>> issubclass(ShapeError, ConvmathError) and issubclass(ConvmathError, ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "ConvmathError",
    "ExpressionError",
    "DivergentError",
    "DerivationTimeout",
    "ShapeError",
    "VerificationError",
    "NoClosedFormError",
]


class ConvmathError(ValueError):
    """Base class of every error convmath raises on purpose.

    Parameters
    ----------
    message : str
        What is wrong, in one line: the argument, the value received, what is allowed.
    argument : str, optional
        The name of the argument the error is about, as the raising function spells it
        (``"stride"``, ``"input_shape"``, ``"f"``): front ends map it to their own option
        names instead of guessing from the message.

    Examples
    --------
    >>> error = ConvmathError("stride must be an int >= 1; got 0", argument="stride")
    >>> error.argument, str(error)
    ('stride', 'stride must be an int >= 1; got 0')
    """

    def __init__(self, message: str = "", *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class ExpressionError(ConvmathError):
    """User text that is not an expression of convmath's grammar.

    Parameters
    ----------
    message : str
        What is wrong, in one line.
    text : str, optional
        The text that was parsed.
    position : int, optional
        0-based offset of the offending token in `text`.
    token : str, optional
        The offending token itself.
    argument : str, optional
        The argument the text was given as (``"f"``, ``"g"``), as for :class:`ConvmathError`.
    """

    def __init__(
        self,
        message: str,
        *,
        text: str | None = None,
        position: int | None = None,
        token: str | None = None,
        argument: str | None = None,
    ) -> None:
        super().__init__(message, argument=argument)
        self.text = text
        self.position = position
        self.token = token


class DivergentError(ConvmathError):
    """The convolution integral diverges (for every t)."""


class DerivationTimeout(ConvmathError):
    """A symbolic derivation did not finish within the allowed time."""


class ShapeError(ConvmathError):
    """Shapes that do not fit: kernel larger than the padded input, empty output, ..."""


class VerificationError(ConvmathError):
    """A derived closed form disagrees with an independent numerical computation."""


class NoClosedFormError(ConvmathError):
    """No closed form was found (SymPy left an integral unevaluated)."""
