"""CLI tests of `convmath figures`: listing, rendering, formats, widths, and clean failures."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image
from typer.testing import CliRunner

from convmath.cli import app
from convmath.figures.registry import CATALOGUE

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["figures", *args])


def test_list_names_every_figure_with_a_description():
    result = invoke("--list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(CATALOGUE)
    pooling = next(line for line in lines if line.startswith("pooling "))
    assert "Max and average pooling" in pooling


def test_render_selected_figures_in_several_formats(tmp_path):
    out = tmp_path / "new" / "folder"
    result = invoke(
        "pooling", "image-conv", "--out", str(out), "--format", "png,svg,PDF", "--dpi", "40"
    )
    assert result.exit_code == 0, result.output
    expected = {f"{n}.{f}" for n in ("pooling", "image-conv") for f in ("png", "svg", "pdf")}
    assert {p.name for p in out.iterdir()} == expected
    assert result.stdout.split() == [
        str(out / f"{n}.{f}") for n in ("pooling", "image-conv") for f in ("png", "svg", "pdf")
    ]
    assert (out / "pooling.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("width", "inches"),
    [
        pytest.param("single", 3.5, id="single"),
        pytest.param("double", 7.2, id="double"),
        pytest.param("5", 5.0, id="inches"),
    ],
)
def test_width_and_dpi_set_the_pixel_width(tmp_path, width, inches):
    result = invoke("pooling", "--out", str(tmp_path), "--width", width, "--dpi", "40")
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "pooling.png") as image:
        assert image.width == round(inches * 40)


def test_default_is_every_figure_into_figures_as_png(tmp_path, monkeypatch):
    calls = []

    def fake_render(name, folder, *, fmt, dpi, width, usetex):
        calls.append((name, str(folder), fmt, dpi, width, usetex))
        return folder / f"{name}.{fmt}"

    import convmath.figures.registry as registry

    monkeypatch.setattr(registry, "render", fake_render)
    monkeypatch.chdir(tmp_path)
    result = invoke()
    assert result.exit_code == 0, result.output
    assert calls == [(name, "figures", "png", None, None, False) for name in CATALOGUE]
    assert (tmp_path / "figures").is_dir()


def test_unknown_name_exits_2_listing_the_valid_names(tmp_path):
    result = invoke("pooling", "poolin", "--out", str(tmp_path))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: unknown figure 'poolin'; valid names: integral, stomach,")
    assert "checkerboard" in line
    assert list(tmp_path.iterdir()) == []  # nothing rendered, not even the valid name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--format", "png,gif"], "'--format'", id="format"),
        pytest.param(["--format", ","], "'--format'", id="empty-format"),
        pytest.param(["--width", "wide"], "'--width'", id="width-word"),
        pytest.param(["--width", "0.5"], "between 1 and 20 inches", id="width-small"),
        pytest.param(["--dpi", "5"], "'--dpi'", id="dpi"),
    ],
)
def test_bad_options_exit_2_with_one_line(tmp_path, args, message):
    result = invoke("pooling", "--out", str(tmp_path), *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_folder_exits_2_naming_the_path(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = invoke("pooling", "--out", str(blocker / "sub"))
    assert result.exit_code == 2
    assert str(blocker / "sub") in result.stderr
    result = invoke("pooling", "--out", str(blocker))
    assert result.exit_code == 2
    assert str(blocker) in result.stderr


def test_usetex_without_latex_exits_2(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = invoke("pooling", "--out", str(tmp_path), "--usetex")
    assert result.exit_code == 2
    assert "--usetex needs LaTeX" in result.stderr


def test_a_failure_while_saving_leaves_no_file_behind(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    def broken_savefig(self, path, **kwargs):
        with open(path, "wb") as handle:
            handle.write(b"\x89PNG half")
        raise OSError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken_savefig)
    (tmp_path / "pooling.png").write_bytes(b"previous")
    result = invoke("pooling", "--out", str(tmp_path), "--dpi", "40")
    assert result.exit_code == 2  # a place that can't take the file is the user's: exit 2
    assert result.stderr.strip() == (
        f"Error: Invalid value for '--out': cannot write {tmp_path}: disk full"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["pooling.png"]
    assert (tmp_path / "pooling.png").read_bytes() == b"previous"  # old file untouched


def test_a_file_that_cannot_be_written_exits_2_naming_it(tmp_path):
    (tmp_path / "pooling.png").mkdir()  # a folder where the figure's file goes
    result = invoke("pooling", "--out", str(tmp_path), "--dpi", "40")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        f"Error: Invalid value for '--out': cannot write {tmp_path / 'pooling.png'}: "
        "Is a directory"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pooling.png"]  # no temporary left


def test_the_cli_module_does_not_import_matplotlib():
    code = "import sys, convmath.cli.figures; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
