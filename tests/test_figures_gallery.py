"""The gallery: every registered figure renders in every format, is not blank, has the
requested size, renders byte-identically twice, and the committed ``figures/*.png`` (each
figure at its own width) and ``figures/single/*.png`` (single column) match a fresh render (up
to a small tolerance for a different FreeType build).

Every figure is rendered once per test module: PNG at the gallery's dpi (used for the size,
blank and staleness checks) and PDF + SVG, into temporary folders.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from convmath.figures import registry
from convmath.figures.style import figure_width

FORMATS = ("png", "pdf", "svg")
VECTOR = ("pdf", "svg")
DPI = registry.GALLERY_DPI
LOW_DPI = 40
GALLERY = Path(__file__).resolve().parents[1] / "figures"
#: The same figures laid out for a single column (``--width single --out figures/single``).
SINGLE = GALLERY / "single"
NAMES = registry.names()
#: Figures rendered a second time in every format for the byte-identity check.
TWICE = ("integral", "box-blur")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("gallery")
    paths = registry.render_all(folder, ("png",), dpi=DPI)
    paths += registry.render_all(folder, VECTOR)
    return {(p.stem, p.suffix[1:]): p for p in paths}


@pytest.fixture(scope="module")
def rendered_single(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("single")
    paths = registry.render_all(folder, ("png",), dpi=DPI, width="single")
    return {p.stem: p for p in paths}


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=float)


def test_every_registry_entry_is_a_complete_spec():
    assert len(NAMES) == len(set(NAMES)) == 15
    for name in NAMES:
        spec = registry.get(name)
        assert spec.name == name
        assert spec.description and "\n" not in spec.description
        assert spec.width in ("single", "double") and 0.1 < spec.aspect < 2
        assert callable(spec.draw)


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_renders_in_every_format(rendered, name):
    magic = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml"}
    for fmt in FORMATS:
        path = rendered[(name, fmt)]
        assert path.read_bytes()[:5].startswith(magic[fmt]), path
    assert not [p for p in rendered[(name, "png")].parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("name", NAMES)
def test_no_figure_is_blank(rendered, name):
    image = pixels(rendered[(name, "png")])
    grey = image.mean(axis=2)
    assert grey.var() > 150, f"{name}: pixel variance {grey.var():.1f}"
    assert (grey < 200).mean() > 0.01, f"{name}: almost nothing drawn"


@pytest.mark.parametrize("name", NAMES)
def test_png_size_is_width_times_dpi(rendered, name):
    spec = registry.get(name)
    inches = figure_width(spec.width)
    with Image.open(rendered[(name, "png")]) as image:
        width, height = image.size
    assert width == round(inches * DPI)
    assert abs(height - inches * spec.aspect * DPI) < 1  # Agg truncates the height


@pytest.mark.parametrize("name", NAMES)
def test_single_column_png_has_its_own_layouts_height(rendered_single, name):
    layout = registry.get(name).layout_for(3.5)
    with Image.open(rendered_single[name]) as image:
        width, height = image.size
    assert width == round(3.5 * DPI)
    assert abs(height - 3.5 * layout.aspect * DPI) < 1


def test_requested_width_overrides_the_figure_default(tmp_path):
    path = registry.render("pooling", tmp_path, width=5, dpi=LOW_DPI)
    with Image.open(path) as image:
        assert image.width == 5 * LOW_DPI
    path = registry.render("integral", tmp_path / "single.png", width="single", dpi=LOW_DPI)
    with Image.open(path) as image:
        assert image.width == round(3.5 * LOW_DPI)


@pytest.mark.parametrize("name", TWICE)
def test_two_renders_are_byte_identical(rendered, tmp_path, name):
    for fmt in FORMATS:
        again = registry.render(name, tmp_path, fmt=fmt, dpi=DPI if fmt == "png" else None)
        assert again.read_bytes() == rendered[(name, fmt)].read_bytes(), f"{name}.{fmt}"


def test_committed_gallery_holds_exactly_the_registry():
    committed = {p.stem for p in GALLERY.glob("*.png")}
    assert committed == set(NAMES), (
        f"missing: {sorted(set(NAMES) - committed)}, extra: {sorted(committed - set(NAMES))}; "
        f"regenerate with: convmath figures --dpi {DPI}"
    )


def stale_files(fresh_paths: dict[str, Path], folder: Path) -> list[str]:
    """One line per committed PNG in `folder` missing or differing from its fresh render."""
    stale = []
    for name in NAMES:
        committed_path = folder / f"{name}.png"
        if not committed_path.exists():
            stale.append(f"{name}: missing")
            continue
        fresh, committed = pixels(fresh_paths[name]), pixels(committed_path)
        if fresh.shape != committed.shape:
            stale.append(f"{name}: size {committed.shape[:2]} != fresh {fresh.shape[:2]}")
            continue
        difference = np.abs(fresh - committed)
        # font rasterisation may differ slightly between FreeType builds; content may not
        if difference.mean() > 1.0 or (difference.max(axis=2) > 64).mean() > 0.005:
            stale.append(f"{name}: mean pixel difference {difference.mean():.2f}")
    return stale


def test_committed_gallery_is_not_stale(rendered):
    stale = stale_files({name: rendered[(name, "png")] for name in NAMES}, GALLERY)
    assert not stale, (
        f"stale gallery ({'; '.join(stale)}); regenerate with: convmath figures --dpi {DPI}"
    )


def test_committed_single_column_gallery_is_not_stale(rendered_single):
    assert {p.stem for p in SINGLE.glob("*.png")} == set(NAMES)
    stale = stale_files(rendered_single, SINGLE)
    assert not stale, (
        f"stale single-column gallery ({'; '.join(stale)}); regenerate with: "
        f"convmath figures --dpi {DPI} --width single --out figures/single"
    )


def test_gallery_folder_stays_small():
    total = sum(p.stat().st_size for p in GALLERY.rglob("*") if p.is_file())
    assert total < 10 * 2**20, f"figures/ holds {total / 2**20:.1f} MB"
