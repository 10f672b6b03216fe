"""CLI tests of `convmath figures`: listing, rendering, formats, widths, and clean failures."""

from __future__ import annotations

import os
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

    def fake_render(name, folder, *, fmt, dpi, width, usetex, **params):
        assert params == {"style": "paper", "font": "default"}
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


# --- figure parameters on the command line (issue 12, item 2) ---------------------------------


def _numbers(ax, count=None):
    """The numbers written in `ax`, in drawing order (unicode minus read as '-')."""
    found = []
    for text in ax.texts:
        try:
            found.append(float(text.get_text().replace("−", "-")))
        except ValueError:
            continue
    return found if count is None else found[:count]


def _draw(name, **texts):
    from convmath.cli._figure_params import figure_params
    from convmath.figures.registry import draw_figure

    figure = draw_figure(name, **figure_params(name, texts))
    return figure, {ax.get_label(): ax for ax in figure.axes}


def _close(figure):
    import matplotlib.pyplot as plt

    plt.close(figure)


def test_image_conv_draws_the_given_values_and_torchs_output():
    import torch

    x = [[0, 1, 2, 5], [3, 4, 5, -1], [6, 7, 8, 2]]
    w = [[1, 0], [0, -1]]
    figure, axes = _draw(
        "image-conv", **{"--values": "0,1,2,5;3,4,5,-1;6,7,8,2", "--kernel-values": "1,0;0,-1"}
    )
    expected = torch.nn.functional.conv2d(
        torch.tensor(x, dtype=torch.float64)[None, None],
        torch.tensor(w, dtype=torch.float64)[None, None],
    )[0, 0]
    assert _numbers(axes["input"]) == [v for row in x for v in row]
    assert _numbers(axes["kernel"]) == [v for row in w for v in row]
    assert _numbers(axes["output"]) == expected.flatten().tolist()
    _close(figure)


def test_image_conv_random_input_is_seeded_and_convolved_like_torch():
    import torch

    figure, axes = _draw("image-conv", **{"--input": "6x7", "--seed": "4"})
    again, axes_again = _draw("image-conv", **{"--input": "6x7", "--seed": "4"})
    x = _numbers(axes["input"])
    assert len(x) == 42 and x == _numbers(axes_again["input"])
    assert all(v == int(v) and 0 <= v <= 9 for v in x)
    w = _numbers(axes["kernel"])
    assert len(w) == 9 and all(v in (-1, 0, 1) for v in w) and any(w)  # --seed: random too
    expected = torch.nn.functional.conv2d(
        torch.tensor(x, dtype=torch.float64).reshape(1, 1, 6, 7),
        torch.tensor(w, dtype=torch.float64).reshape(1, 1, 3, 3),
    )
    assert _numbers(axes["output"]) == expected.flatten().tolist()  # 4 x 5 = (6-3+1) x (7-3+1)
    _close(figure)
    _close(again)


def test_pooling_takes_input_window_and_stride_and_matches_torch():
    import torch

    figure, axes = _draw(
        "pooling", **{"--input": "6x6", "--seed": "1", "--kernel": "3", "--stride": "3"}
    )
    x = torch.tensor(_numbers(axes["input"]), dtype=torch.float64).reshape(1, 1, 6, 6)
    # output 2 x 2 = floor((6 - 3) / 3) + 1 per axis
    high = torch.nn.functional.max_pool2d(x, 3, stride=3).flatten().tolist()
    mean = torch.nn.functional.avg_pool2d(x, 3, stride=3).flatten().tolist()
    assert _numbers(axes["max"], 4) == high
    assert _numbers(axes["avg"], 4) == pytest.approx(mean, rel=1e-5)  # drawn to 6 digits
    _close(figure)


def test_transposed_conv_reproduces_d2l_and_torch_at_stride_2():
    import torch

    x = torch.tensor([[0.0, 1.0], [2.0, 3.0]], dtype=torch.float64)
    texts = {"--values": "[[0,1],[2,3]]", "--kernel-values": "[[0,1],[2,3]]"}
    figure, axes = _draw("transposed-conv", **texts)
    drawn = _numbers(axes["scatter"])
    assert drawn[-9:] == [0, 0, 1, 0, 4, 6, 4, 12, 9]  # d2l's hand-worked sum
    _close(figure)
    figure, axes = _draw("transposed-conv", **texts, **{"--stride": "2"})
    expected = torch.nn.functional.conv_transpose2d(x[None, None], x[None, None], stride=2)
    # output 4 x 4 = (2 - 1) * 2 + 2 per axis
    assert _numbers(axes["scatter"])[-16:] == expected.flatten().tolist()
    _close(figure)


def test_matrix_form_takes_its_sizes_from_the_options():
    figure, axes = _draw("matrix-form", **{"--input": "3x3", "--kernel": "2x2"})
    texts = " ".join(t.get_text() for t in axes["m"].texts)
    # C has one row per output (2 x 2 = 3 - 2 + 1 per axis) and one column per input (3 x 3)
    assert ("C is 4×9" in texts or "$C$ is 4×9" in texts) and "9×4" in texts
    assert "x₂₂" in texts or "x_{22}" in texts or "$x_{22}$" in texts
    _close(figure)


def test_integral_areas_match_numeric_integration():
    import math

    from scipy.integrate import quad

    texts = {
        "--f": "exp(-2*t)*Heaviside(t)",
        "--g": "Heaviside(t) - Heaviside(t - 1)",
        "--at": "-1,0.5,1,2.5",
    }
    figure, axes = _draw("integral", **texts)

    def area(t):
        return quad(
            lambda tau: math.exp(-2 * tau) * (0 <= t - tau < 1),
            0,
            max(t, 0) + 1,
            points=[t - 1, t],
        )[0]

    for key, t in zip(("t0", "t1", "t2", "t3"), (-1, 0.5, 1, 2.5)):
        title = (axes[key].get_title(loc="left") or axes[key].get_title()).replace("−", "-")
        assert f"t = {t:g}" in title
        drawn = float(title.split("=")[-1].strip(" $"))
        assert drawn == pytest.approx(area(t), abs=6e-4)  # printed to 3 decimals
    _close(figure)


def test_stomach_takes_the_meal_options_of_derive():
    figure, axes = _draw(
        "stomach", **{"--meal": ["12:00,400,0"], "--half-life": "1", "--at": "15:00"}
    )
    (line,) = [curve for curve in axes["R"].get_lines() if len(curve.get_xdata()) > 50][:1]
    t, r = line.get_xdata(), line.get_ydata()
    # one 400 g meal at 12:00 eaten at once, half-life 1 h: 400 * 2^-(t - 12) after noon
    index = int(abs(t - 14.5).argmin())
    assert r[index] == pytest.approx(400 * 2 ** -(t[index] - 12), rel=1e-6)
    _close(figure)


@pytest.mark.parametrize("name", ["pooling", "matrix-form", "integral", "stomach", "output-size"])
def test_name_help_lists_the_figures_parameters_with_defaults(name):
    from convmath.cli._figure_params import PARAMETERS

    result = invoke(name, "--help")
    assert result.exit_code == 0, result.output
    assert f"Parameters of {name}:" in result.stdout
    for parameter in PARAMETERS[name]:
        assert parameter.option in result.stdout
    expected = {
        "pooling": [
            "[default: 4x4]",
            "[default: 1,1,2,4;5,6,7,8;3,2,1,0;1,2,3,4]",
            "[default: 2]",
        ],
        "matrix-form": ["[default: 4x4]", "[default: 3x3]"],
        "integral": ["[default: Heaviside(t) - Heaviside(t - 2)]", "[default: -0.5,0.75,2,3.5]"],
        "stomach": ["07:00,300,30m and 12:00,500,30m", "[default: 14:00]"],
        "output-size": ["[default: 16]", "5 preset cases"],
    }[name]
    for text in expected:
        assert text in " ".join(result.stdout.split()), text


def test_every_option_of_the_table_is_an_option_of_the_command():
    from convmath.cli._figure_params import FIGURE_OPTIONS

    command = typer_command()
    declared = {opt for param in command.params for opt in getattr(param, "opts", ())}
    assert set(FIGURE_OPTIONS) <= declared


def typer_command():
    import typer.main

    return typer.main.get_command(app).commands["figures"]


@pytest.mark.parametrize(
    ("args", "option", "words"),
    [
        pytest.param(["matrix-form", "--input", "5x5"], "--input", "up to 4x4", id="matrix-limit"),
        pytest.param(
            ["matrix-form", "--input", "3"], "--input", "expected 2 sizes", id="matrix-ndim"
        ),
        pytest.param(
            ["matrix-form", "--kernel", "5x5"], "--kernel", "exceeds", id="kernel-too-big"
        ),
        pytest.param(["pooling", "--padding", "1"], "--padding", "takes --input", id="not-taken"),
        pytest.param(["pooling", "--kernel", "0"], "--kernel", "between 1 and 6", id="window-0"),
        pytest.param(["pooling", "--values", "1,2;3"], "--values", "same number", id="ragged"),
        pytest.param(
            ["pooling", "--values", "a,b"], "--values", "expected a number", id="not-number"
        ),
        pytest.param(
            ["pooling", "--input", "3x3", "--values", "1,2;3,4"],
            "--values",
            "2x2 values",
            id="shape-mismatch",
        ),
        pytest.param(
            ["image-conv", "--position", "9,9"], "--position", "output cell", id="position"
        ),
        pytest.param(["image-conv", "--seed", "-1"], "--seed", "expected an int", id="seed"),
        pytest.param(["integral", "--f", "__import__('os')"], "--f", "not allowed", id="unsafe-f"),
        pytest.param(["integral", "--g", "t +"], "--g", "", id="bad-g"),
        pytest.param(["integral", "--at", "1,2"], "--at", "4 numbers", id="times"),
        pytest.param(["stomach", "--meal", "7:00"], "--meal", "TIME,GRAMS", id="meal"),
        pytest.param(
            ["stomach", "--half-life", "2", "--linear", "3"],
            "--half-life",
            "one emptying",
            id="two-models",
        ),
        pytest.param(
            ["output-size", "--stride", "2", "--output-padding", "2"],
            "--output-padding",
            "smaller than the stride",
            id="a",
        ),
        pytest.param(
            ["sparse-interaction", "--input", "40"], "--input", "between 1 and 12", id="too-many"
        ),
        pytest.param(["--input", "3"], "--input", "NAME", id="no-name"),
        pytest.param(["pooling", "--input", "7x7"], "--input", "up to 6 cells", id="pool-big"),
        pytest.param(
            ["transposed-conv", "--values", "1,2,3;4,5,6"], "--values", "up to 2 cells", id="t-big"
        ),
        pytest.param(["transposed-conv", "--stride", "4"], "--stride", "1 and 3", id="t-stride"),
        pytest.param(["cnn-vs-fc", "--input", "1"], "--input", "between 2 and", id="cnn-small"),
        pytest.param(
            ["parameter-sharing", "--values", "1,2"], "--values", "more than 4", id="short-signal"
        ),
    ],
)
def test_bad_figure_parameters_exit_2_naming_the_option(tmp_path, args, option, words):
    result = invoke(*args, "--out", str(tmp_path))
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert f"'{option}'" in line and words in line
    assert list(tmp_path.iterdir()) == []


def test_random_grids_are_never_all_zero():
    from convmath.cli._figure_params import figure_params

    for seed in range(60):
        kernel = figure_params(
            "image-conv", {"--kernel": "1x1", "--input": "2x2", "--seed": str(seed)}
        )["kernel"]
        assert kernel[0][0] != 0  # a -1..1 kernel would be 0 for a third of the seeds


def test_input_alone_keeps_the_figures_other_values():
    from convmath.cli._figure_params import figure_params

    params = figure_params("image-conv", {"--input": "6x6"})
    assert set(params) == {"image", "position"}  # kernel: the figure's own
    assert params["position"] == (2, 2)  # the middle of the 4 x 4 = (6 - 3 + 1)^2 output


def test_parameters_reach_the_rendered_file(tmp_path):
    result = invoke(
        "pooling",
        "--input",
        "6x6",
        "--kernel",
        "3",
        "--stride",
        "3",
        "--out",
        str(tmp_path),
        "--dpi",
        "40",
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pooling.png").is_file()


# --- --style, --font, --format pgf and LaTeX needs (issue 12, items 3 and 5) -------------------


def test_slides_are_16_by_9_with_larger_text_and_thicker_lines(tmp_path):
    from convmath.figures.registry import draw_figure
    from convmath.figures.style import SLIDES_TEXT_SCALES, text_collisions

    result = invoke("pooling", "--style", "slides", "--out", str(tmp_path), "--dpi", "40")
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "pooling.png") as image:
        assert (image.width, image.height) == (288, 162)  # 7.2 in x 4.05 in at 40 dpi: 16:9
    for name in ("image-conv", "pooling", "output-size"):
        paper, slides = draw_figure(name), draw_figure(name, style="slides")
        sizes = [sorted(t.get_fontsize() for t in _written(f)) for f in (paper, slides)]
        assert len(sizes[0]) == len(sizes[1]) > 5
        scales = {round(b / a, 6) for a, b in zip(*sizes)}
        assert len(scales) == 1 and scales <= {*SLIDES_TEXT_SCALES, 1.0}
        widths = [
            sorted(a.get_linewidth() for ax in f.axes for a in (*ax.patches, *ax.lines))
            for f in (paper, slides)
        ]
        assert widths[0] and all(b == pytest.approx(1.6 * a) for a, b in zip(*widths))
        assert text_collisions(slides) == []  # the scale chosen leaves every text readable
        _close(paper)
        _close(slides)
    # the grids of image-conv have room: its text grows by the largest factor
    slides = draw_figure("image-conv", style="slides")
    assert min(t.get_fontsize() for ax in slides.axes for t in ax.texts) >= 7 * 1.3 - 1e-9
    _close(slides)


def _written(figure):
    """The texts a figure writes itself: in its axes, their titles and legends."""
    for ax in figure.axes:
        legend = ax.get_legend()
        for text in (*ax.texts, ax.title, *(legend.get_texts() if legend else ())):
            if text.get_text().strip():
                yield text


def test_text_collisions_sees_overlap_and_overflow():
    import matplotlib.pyplot as plt

    from convmath.figures.style import text_collisions

    figure = plt.figure(figsize=(2, 1))
    figure.text(0.1, 0.5, "one")
    figure.text(0.13, 0.5, "two")
    figure.text(0.97, 0.2, "sticks out")
    found = text_collisions(figure)
    plt.close(figure)
    assert found == ["'sticks out' leaves the figure", "'one' overlaps 'two'"]


def test_font_cm_is_computer_modern_through_mathtext():
    import warnings

    from convmath.figures.registry import draw_figure

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph cmr10 lacks must come from the fallback font
        figure = draw_figure("matrix-form", font="cm")
        figure.canvas.draw()
    names = {t.get_fontname() for ax in figure.axes for t in ax.texts}
    assert names == {"cmr10"}
    _close(figure)


def test_pgf_without_a_latex_package_exits_2_naming_it(tmp_path, monkeypatch):
    import convmath.figures._save as save

    monkeypatch.setattr(save, "_tex_file_found", lambda name: name != "underscore.sty")
    monkeypatch.setattr(save.shutil, "which", lambda name: f"/usr/bin/{name}")
    result = invoke("pooling", "--format", "pgf", "--out", str(tmp_path))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "'--format'" in line and "underscore.sty (package underscore)" in line
    result = invoke("pooling", "--usetex", "--format", "pdf", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "'--usetex'" in result.stderr and "underscore.sty" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_usetex_missing_cm_super_exits_2_naming_it(tmp_path, monkeypatch):
    import convmath.figures._save as save

    monkeypatch.setattr(save, "_tex_file_found", lambda name: name != "type1ec.sty")
    monkeypatch.setattr(save.shutil, "which", lambda name: f"/usr/bin/{name}")
    result = invoke("pooling", "--usetex", "--format", "pdf", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "type1ec.sty (package cm-super)" in result.stderr


def test_a_latex_log_naming_a_missing_file_exits_2(tmp_path, monkeypatch):
    """If the check passes but LaTeX still stops, the file its log names is reported."""
    import convmath.figures._save as save
    import convmath.figures.registry as registry

    def failing_render(name, folder, **kwargs):
        raise RuntimeError("LaTeX errored\n! LaTeX Error: File `newtxtext.sty' not found.\n")

    monkeypatch.setattr(save, "missing_tex", lambda fmt, usetex: [])
    monkeypatch.setattr(registry, "render", failing_render)
    result = invoke("pooling", "--usetex", "--format", "pdf", "--out", str(tmp_path))
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "'--usetex'" in line and "newtxtext.sty is not installed" in line


def test_other_latex_failures_are_not_disguised():
    from convmath.figures._save import latex_errors

    with pytest.raises(RuntimeError, match="something else"), latex_errors("pdf"):
        raise RuntimeError("something else")


def _pgf_files(tmp_path, monkeypatch):
    """``pooling.pgf`` and ``matrix-form.pgf`` written by the command, in a folder."""
    import os
    import shutil

    from convmath.figures._save import missing_tex

    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (the exit-2 path is tested above)")
    if missing_tex("pgf", usetex=False):
        # a minimal TeX (like this project's CI) lacks underscore.sty, which matplotlib loads
        # to measure text: give it a stub (the figures write no bare '_' outside math)
        stub = tmp_path / "texmf"
        stub.mkdir()
        (stub / "underscore.sty").write_text(
            "\\ProvidesPackage{underscore}[2099/01/01 test stub]\n"
            "\\DeclareOption*{}\n\\ProcessOptions\\relax\n"
        )
        monkeypatch.setenv("TEXINPUTS", f"{stub}{os.pathsep}")
    out = tmp_path / "pgf"
    result = invoke("pooling", "matrix-form", "--format", "pgf", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_pgf_output_is_a_pgfpicture_with_its_preamble(tmp_path, monkeypatch):
    out = _pgf_files(tmp_path, monkeypatch)
    for name in ("pooling", "matrix-form"):
        text = (out / f"{name}.pgf").read_text()
        assert "\\begin{pgfpicture}" in text and "\\end{pgfpicture}" in text
        assert "%%   \\DeclareUnicodeCharacter{2212}{\\ensuremath{-}}" in text  # for the paper


def test_pgf_files_compile_in_a_paper(tmp_path, monkeypatch):
    from latex_runner import compile_document

    from convmath.figures._save import _tex_file_found
    from convmath.figures.style import PGF_PREAMBLE

    out = _pgf_files(tmp_path, monkeypatch)
    if not _tex_file_found("pgf.sty"):
        if os.environ.get("CI") == "true":  # .ci/run installs texlive-pictures
            pytest.fail("pgf.sty (package texlive-pictures) is missing under CI=true")
        pytest.skip("pgf.sty (package pgf) is not installed: no paper can \\input the files here")
    document = (
        "\\documentclass{article}\n\\usepackage{pgf}\n" + PGF_PREAMBLE + "\n"
        "\\begin{document}\n\\input{pooling.pgf}\n\\input{matrix-form.pgf}\n\\end{document}\n"
    )
    compile_document(out, document)
    assert (out / "doc.pdf").read_bytes().startswith(b"%PDF")
