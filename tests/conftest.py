"""Fixtures shared by the test modules."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture
def drawn():
    """Draw a catalogue figure (7.2 in wide, or `inches`) on a fresh figure, laid out for that
    width; close them all afterwards."""
    from convmath.figures.registry import draw_on, get
    from convmath.figures.style import house_style

    figures = []

    def _draw(name: str, *, inches: float = 7.2, **params):
        spec = get(name)
        with house_style():
            figure = plt.figure(figsize=(inches, inches * spec.layout_for(inches).aspect))
            figures.append(figure)
            axes = draw_on(figure, name, **params)
            figure.canvas.draw()
        return figure, axes

    yield _draw
    for figure in figures:
        plt.close(figure)


def _register_hypothesis_profiles() -> None:
    """Under ``CI`` every property runs the same examples on every run (replayable)."""
    import os

    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
    settings.register_profile("dev", deadline=None, print_blob=True)
    settings.load_profile("ci" if os.environ.get("CI") else "dev")


_register_hypothesis_profiles()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under ``CI`` the PyTorch cross-checks must run: a missing torch fails the run.

    Elsewhere the cross-checks skip with the install command as the reason.
    """
    import importlib.util
    import os

    if os.environ.get("CI") and importlib.util.find_spec("torch") is None:
        raise pytest.UsageError(
            "CI is set but PyTorch is not installed, so the cross-checks would be skipped: "
            "pip install torch==2.13.0 (the local CPU build) or 'convmath[torch]'"
        )
