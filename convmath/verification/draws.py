"""Where the random choices of the configuration generators come from.

Each generator of :mod:`convmath.verification.cases` is written once, against the small
:class:`Draw` interface (an int in ``[low, high]``, one of some options), and runs on either
source:

* :class:`NumpyDraw` -- a seeded :class:`numpy.random.Generator`: ``convmath verify`` gets the
  same configurations from the same seed on every machine;
* :class:`HypothesisDraw` -- hypothesis' ``draw``: :func:`strategy` turns a generator into a
  search strategy whose examples shrink to small configurations, for property tests (also of
  a user's own convolution). hypothesis is imported only when a strategy is built.

Examples
--------
>>> import numpy as np
>>> source = NumpyDraw(np.random.default_rng(0))
>>> values = [source.integer(1, 3) for _ in range(5)]
>>> all(1 <= v <= 3 for v in values), source.choice(("a",))
(True, 'a')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = ["Draw", "NumpyDraw", "HypothesisDraw", "strategy", "draw_many"]

T = TypeVar("T")


class Draw(Protocol):
    """The two random choices a configuration generator makes."""

    def integer(self, low: int, high: int) -> int:
        """A uniformly chosen int in ``[low, high]``, both included."""
        ...

    def choice(self, options: Sequence[T]) -> T:
        """One of `options`."""
        ...


class NumpyDraw:
    """:class:`Draw` from a seeded NumPy generator (what ``convmath verify`` uses)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        return int(self.rng.integers(low, high + 1))

    def choice(self, options: Sequence[T]) -> T:
        return options[self.integer(0, len(options) - 1)]


class HypothesisDraw:
    """:class:`Draw` from hypothesis' ``draw`` inside a composite strategy."""

    def __init__(self, draw: DrawFn) -> None:
        from hypothesis import strategies

        self._draw = draw
        self._strategies = strategies

    def integer(self, low: int, high: int) -> int:
        return self._draw(self._strategies.integers(low, high))

    def choice(self, options: Sequence[T]) -> T:
        return self._draw(self._strategies.sampled_from(options))


def strategy(generator: Callable[..., T], /, **options: Any) -> SearchStrategy[T]:
    """The hypothesis strategy of what ``generator(draw, **options)`` returns.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from convmath.verification.cases import draw_conv_case
    >>> @settings(max_examples=5, deadline=None)
    ... @given(strategy(draw_conv_case, dims=(2,)))
    ... def test_two_axes(case):
    ...     assert case.ndim == 2
    >>> test_two_axes()
    """
    from hypothesis import strategies

    @strategies.composite
    def build(draw: DrawFn) -> T:
        return generator(HypothesisDraw(draw), **options)

    return build()


def draw_many(
    generator: Callable[..., T], rng: np.random.Generator, count: int, **options: Any
) -> list[T]:
    """`count` results of ``generator(NumpyDraw(rng), **options)``, in order."""
    source = NumpyDraw(rng)
    return [generator(source, **options) for _ in range(count)]
