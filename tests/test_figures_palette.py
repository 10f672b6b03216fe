"""The semantic palette: print contrast and colour-vision separation, from the values alone.

The CIELAB reference below is written independently of convmath.figures.palette (sRGB curve,
IEC 61966-2-1 matrix, D65 white); the anchors are published values (sRGB red, white).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from convmath.figures import palette
from convmath.figures.colors import COLORS, EDGES

MAIN = ("input", "kernel", "output")
KINDS = (None, "protanopia", "deuteranopia", "tritanopia")


def _reference_lab(color: str) -> np.ndarray:
    rgb = np.array([int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    lin = np.array([c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb])
    x, y, z = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
        @ lin
    )
    xn, yn, zn = 0.95047, 1.0, 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return np.array(
        [116 * f(y / yn) - 16, 500 * (f(x / xn) - f(y / yn)), 200 * (f(y / yn) - f(z / zn))]
    )


@pytest.mark.parametrize(
    "color, expected",
    [
        pytest.param("#FF0000", (53.24, 80.09, 67.20), id="srgb-red"),
        pytest.param("#0000FF", (32.30, 79.19, -107.86), id="srgb-blue"),
        pytest.param("#808080", (53.59, 0.0, 0.0), id="grey"),
    ],
)
def test_lab_matches_published_values(color, expected):
    assert palette.lab(color) == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize("color", sorted(set(palette.FACES.values()) | set(EDGES.values())))
def test_lab_matches_independent_reference(color):
    assert palette.lab(color) == pytest.approx(_reference_lab(color), abs=0.05)


def test_input_kernel_output_differ_by_15_lightness():
    lightness = [_reference_lab(palette.FACES[role])[0] for role in MAIN]
    for a, b in itertools.combinations(lightness, 2):
        assert abs(a - b) >= 15


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k or "normal")
def test_roles_stay_apart_under_colour_vision_deficiency(kind):
    for a, b in itertools.combinations(MAIN, 2):
        assert palette.delta_e(palette.FACES[a], palette.FACES[b], deficiency=kind) >= 15
    for a, b in itertools.combinations(palette.FACES, 2):
        assert palette.delta_e(palette.FACES[a], palette.FACES[b], deficiency=kind) >= 9, (a, b)
    edges = [palette.EDGE_COLORS[r] for r in (*MAIN, "highlight")]
    for a, b in itertools.combinations(edges, 2):
        assert palette.delta_e(a, b, deficiency=kind) >= 12, (a, b)


def test_simulation_matches_machado_protanopia_of_pure_red():
    # first column of Machado et al.'s protanopia matrix (severity 1) applied to linear red
    assert palette.simulate("#FF0000", "protanopia") == pytest.approx(
        [0.152286, 0.114503, -0.003882]
    )


def test_one_meaning_per_colour():
    assert {r: palette.FACES[r] for r in COLORS} == COLORS
    assert not set(palette.CASES) & (set(palette.FACES.values()) | set(EDGES.values()))
    assert len(set(palette.CASES)) == len(palette.CASES)


def test_figures_use_only_palette_colours():
    """No figure module names a hex colour of its own: every colour comes from the palette."""
    import re
    from pathlib import Path

    root = Path(palette.__file__).parent
    for path in [*root.glob("*.py"), *root.glob("*/*.py")]:
        if path.name in {"palette.py", "colors.py", "flip_slide.py"}:
            continue
        text = path.read_text()
        assert not re.search(r'"#[0-9A-Fa-f]{6}"', text), path.name


def test_bad_colour_and_deficiency_name_argument():
    with pytest.raises(ValueError, match="color"):
        palette.lab("blue")
    with pytest.raises(ValueError, match="deficiency"):
        palette.simulate("#FFFFFF", "achromatopsia")  # type: ignore[arg-type]
