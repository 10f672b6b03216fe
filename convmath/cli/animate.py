"""``convmath animate``: the kernel sliding over the input, the output filling in (GIF).

``convmath animate conv --input 5x5 --kernel 3x3 --stride 2 --padding 1 --out conv.gif``
draws any configuration; ``convmath animate --preset dumoulin`` regenerates the 15
animations of Dumoulin & Visin's conv_arithmetic into ``figures/animations/``.
matplotlib is imported only when an animation is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from convmath.cli._app import bad_parameter, library_errors
from convmath.cli._inputs import parse_matrix, parse_per_axis, parse_shape
from convmath.cli._options import CONVOLUTION_OPTIONS, given, saved, shown_default
from convmath.cli._render import shape_text

__all__ = ["command", "OPTIONS"]

DEFAULT_PRESET_DIR = Path("figures") / "animations"

#: The arguments of ``figures.animation`` (plan_animation, save_animation) and
#: ``figures.dumoulin`` (preset_plan, render_presets), as this command's options.
OPTIONS = {
    **CONVOLUTION_OPTIONS,
    "mode": "MODE",
    "path": "--out",
    "out_dir": "--out",
    "values": "--values",
    "input_values": "--input-values",
    "kernel_values": "--kernel-values",
    "seed": "--seed",
    "fmt": "--frame-format",
    "folder": "--frames",
    "view": "--view",
    "pool": "--pool",
    "dpi": "--dpi",
    "fps": "--fps",
    "name": "--preset",
    "names": "--preset",
}


ModeArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="conv|conv-transpose|pool",
        help="What to animate (not needed with --preset).",
        show_default=False,
    ),
]
InputOption = Annotated[
    str,
    typer.Option(
        "--input",
        metavar="SHAPE",
        help="Input size, e.g. 5x5 or 7 (1-D). For "
        "conv-transpose: the transposed convolution's own (small) input.",
    ),
]
KernelOption = Annotated[
    str, typer.Option("--kernel", metavar="SHAPE", help="Kernel (pooling window) size.")
]
StrideOption = Annotated[
    str | None,
    typer.Option("--stride", metavar="N[,N]", help="Stride [default: 1; pool: the window]."),
]
PaddingOption = Annotated[
    str | None,
    typer.Option(
        "--padding",
        metavar="N[,N]|same|valid",
        help=shown_default("Zero padding on each side.", 0),
    ),
]
DilationOption = Annotated[
    str | None,
    typer.Option("--dilation", metavar="N[,N]", help=shown_default("Kernel dilation.", 1)),
]
OutputPaddingOption = Annotated[
    str | None,
    typer.Option(
        "--output-padding",
        metavar="N[,N]",
        help=shown_default(
            "conv-transpose only: extra rows/columns on the high side, < max(stride, dilation).",
            0,
        ),
    ),
]
PoolOption = Annotated[
    str | None,
    typer.Option(
        "--pool", metavar="max|avg", help=shown_default("Pooling operation (pool mode).", "max")
    ),
]
ValuesOption = Annotated[
    bool,
    typer.Option(
        "--values/--no-values",
        help="Write numbers in the cells: small integers, and the output convmath computes.",
    ),
]
SeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed",
        min=0,
        metavar="N",
        help=shown_default("Seed of the random cell values (implies --values).", 0),
    ),
]
InputValuesOption = Annotated[
    str | None,
    typer.Option(
        "--input-values",
        metavar="ROWS",
        help="The input's values, e.g. 0,1;2,3 or [[0,1],[2,3]] (implies --values).",
    ),
]
KernelValuesOption = Annotated[
    str | None,
    typer.Option(
        "--kernel-values",
        metavar="ROWS",
        help="The kernel's values, as given (conv-transpose draws it flipped and says so).",
    ),
]
FramesOption = Annotated[
    Path | None,
    typer.Option(
        "--frames",
        metavar="DIR",
        help="Write every frame of the GIF as its own file into DIR (MODE-000.pdf, ...); "
        "the GIF too only with --out.",
    ),
]
ViewOption = Annotated[
    str,
    typer.Option(
        "--view",
        metavar="zeros|scatter",
        help="conv-transpose: zeros = a stride-1 convolution over the zero-inserted input; "
        "scatter = each input element stamps x·w onto the output (d2l's picture).",
    ),
]
FrameFormatOption = Annotated[
    str, typer.Option("--frame-format", metavar="pdf|svg|png", help="Format of --frames.")
]
PresetOption = Annotated[
    str | None,
    typer.Option(
        "--preset",
        metavar="dumoulin|NAME",
        help="Regenerate Dumoulin & Visin's 15 animations (or one of them by name).",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        metavar="PATH",
        help="File (.gif; .mp4 needs ffmpeg) [default: MODE.gif], or with --preset a "
        "folder [default: figures/animations].",
    ),
]
DpiOption = Annotated[
    int | None,
    typer.Option(
        "--dpi", metavar="DPI", help=shown_default("Resolution (the GIF is ~5.4 in wide).", 100)
    ),
]
FpsOption = Annotated[
    float | None,
    typer.Option("--fps", metavar="FPS", help=shown_default("Kernel positions per second.", 1.25)),
]


def command(
    mode: ModeArgument = None,
    input_shape: InputOption = "5x5",
    kernel: KernelOption = "3x3",
    stride: StrideOption = None,
    padding: PaddingOption = None,
    dilation: DilationOption = None,
    output_padding: OutputPaddingOption = None,
    pool: PoolOption = None,
    values: ValuesOption = False,
    seed: SeedOption = None,
    input_values: InputValuesOption = None,
    kernel_values: KernelValuesOption = None,
    view: ViewOption = "zeros",
    frames: FramesOption = None,
    frame_format: FrameFormatOption = "pdf",
    preset: PresetOption = None,
    out: OutOption = None,
    dpi: DpiOption = None,
    fps: FpsOption = None,
) -> None:
    """Animate a convolution, transposed convolution or pooling as a GIF.

    The title gives the output size from its formula; input is blue, padding grey (dashed),
    inserted zeros white (dotted), the kernel orange and the output green.
    """
    drawing = given(values=values, dpi=dpi, fps=fps)
    if preset is not None:
        single: dict[str, Any] = {
            "--seed": seed,
            "--input-values": input_values,
            "--kernel-values": kernel_values,
        }
        single |= {"--frames": frames, "--view": None if view == "zeros" else view}
        _check_preset(mode, preset, single)
        _run_preset(preset, out, **drawing)
        return
    if mode is None:
        _missing_mode()
    plan = _plan(mode, input_shape, kernel, stride, padding, dilation, output_padding)
    cells = _cell_values(plan, seed, input_values, kernel_values)
    if cells:
        drawing["values"] = True
    if view != "zeros":
        cells["view"] = view
    from convmath.figures.animation import gif_frame_count, save_animation, save_frames

    if frames is not None:
        with library_errors(OPTIONS), saved("--frames", frames):
            paths = save_frames(
                plan, frames, fmt=frame_format, **given(pool=pool), **cells, **drawing
            )
        typer.echo(f"wrote {len(paths)} frames {paths[0].name} ... {paths[-1].name} into {frames}")
        if out is None:
            return
    target = out if out is not None else Path(f"{mode}.gif")
    with library_errors(OPTIONS), saved("--out", target):
        path = save_animation(plan, target, **given(pool=pool), **cells, **drawing)
    count = gif_frame_count(plan, view) if path.suffix.lower() == ".gif" else plan.frame_count
    typer.echo(f"wrote {path} ({count} frames, output {shape_text(plan.output_shape)})")


def _check_preset(mode: str | None, preset: str, single: dict[str, Any]) -> None:
    """A preset is a whole set of animations: no MODE, no option of a single one."""
    if mode is not None:
        raise bad_parameter(
            "--preset",
            f"give either a MODE or --preset, not both (got {mode!r} and {preset!r})",
        )
    _refuse_with_preset(single)


def _missing_mode() -> NoReturn:
    from convmath.figures.animation import MODES

    raise bad_parameter(
        "MODE",
        f"give what to animate: {', '.join(MODES[:-1])} or {MODES[-1]} (or --preset dumoulin)",
    )


def _refuse_with_preset(given_options: dict[str, Any]) -> None:
    """The options that shape one MODE's animation have no meaning for a preset."""
    for option, value in given_options.items():
        if value is not None:
            raise bad_parameter(option, "applies to a MODE, not to --preset")


def _cell_values(
    plan: Any, seed: int | None, input_values: str | None, kernel_values: str | None
) -> dict[str, Any]:
    """``--seed``, ``--input-values`` and ``--kernel-values`` as keywords of the scene."""
    cells: dict[str, Any] = given(seed=seed)
    for option, key, text, shape in (
        ("--input-values", "input_values", input_values, plan.input_shape),
        ("--kernel-values", "kernel_values", kernel_values, plan.kernel_shape),
    ):
        if text is not None:
            rows = parse_matrix(text, option, shape)
            cells[key] = rows[0] if len(shape) == 1 else rows
    return cells


def _plan(
    mode: str,
    input_shape: str,
    kernel: str,
    stride: str | None,
    padding: str | None,
    dilation: str | None,
    output_padding: str | None,
) -> Any:
    """The options' text read, then laid out (and checked) by ``plan_animation``."""
    size, kernel_shape = parse_shape(input_shape, "--input"), parse_shape(kernel, "--kernel")
    word = None if padding is None else padding.strip().lower()
    if word not in ("same", "valid"):
        word = None
    params: dict[str, Any] = parse_per_axis(
        stride=stride,
        padding=None if word else padding,
        dilation=dilation,
        output_padding=output_padding,
    )
    if word:
        params["padding"] = word
    from convmath.figures.animation import plan_animation

    with library_errors(OPTIONS):
        return plan_animation(mode, size, kernel_shape, **params)


def _run_preset(name: str, out: Path | None, **drawing: Any) -> None:
    """Write one preset (into a file or a folder) or all of them (``dumoulin``, a folder)."""
    from convmath.figures.animation import save_animation
    from convmath.figures.dumoulin import preset_names, preset_plan, render_presets

    if name == "dumoulin":
        chosen = preset_names()
    else:
        with library_errors(OPTIONS, fallback="--preset"):  # this call checks the name alone
            plan = preset_plan(name)
        chosen = [name]
    folder = out if out is not None else DEFAULT_PRESET_DIR
    with library_errors(OPTIONS), saved("--out", folder):
        if folder.suffix.lower() not in (".gif", ".mp4"):
            render_presets(
                folder,
                chosen,
                progress=lambda _name, path: typer.echo(f"wrote {path}"),
                **drawing,
            )
            return
        if len(chosen) != 1:
            raise bad_parameter(
                "--out",
                f"--preset {name} writes {len(chosen)} files: give a folder, not {str(folder)!r}",
            )
        typer.echo(f"wrote {save_animation(plan, folder, **drawing)}")
