"""``convmath animate``: the kernel sliding over the input, the output filling in (GIF).

``convmath animate conv --input 5x5 --kernel 3x3 --stride 2 --padding 1 --out conv.gif``
draws any configuration; ``convmath animate --preset dumoulin`` regenerates the 15
animations of Dumoulin & Visin's conv_arithmetic into ``figures/animations/``.
matplotlib is imported only when an animation is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter
from convmath.cli._inputs import parse_int_tuple, parse_shape
from convmath.errors import ConvmathError

__all__ = ["command"]

MODES = ("conv", "conv-transpose", "pool")
DEFAULT_PRESET_DIR = Path("figures") / "animations"

# Which option a convmath error message is about, by the argument name it starts with.
_OPTION_OF = {
    "mode": "MODE",
    "input_shape": "--input",
    "kernel_shape": "--kernel",
    "kernel extent": "--kernel",
    "stride": "--stride",
    "padding": "--padding",
    "dilation": "--dilation",
    "output_padding": "--output-padding",
    "transposed output size": "--padding",
    "an animation": "--input",
    "pool": "--pool",
    "animation file": "--out",
    "writing": "--out",
    "dpi": "--dpi",
    "fps": "--fps",
    "preset": "--preset",
}


def _option_for(error: Exception) -> str | None:
    message = str(error)
    for prefix, option in sorted(_OPTION_OF.items(), key=lambda item: -len(item[0])):
        if message.startswith(prefix):
            return option
    return None


def _padding(text: str) -> Any:
    cleaned = text.strip().lower()
    if cleaned in ("same", "valid"):
        return cleaned
    return parse_int_tuple(text, "--padding")


def _positive(text: str, option: str) -> Any:
    value = parse_int_tuple(text, option)
    values = value if isinstance(value, tuple) else (value,)
    if any(v < 1 for v in values):
        raise typer.BadParameter(f"must be >= 1, got {text!r}", param_hint=f"'{option}'")
    return value


def command(
    mode: Annotated[
        str | None,
        typer.Argument(
            metavar="[conv|conv-transpose|pool]",
            help="What to animate (not needed with --preset).",
            show_default=False,
        ),
    ] = None,
    input_shape: Annotated[
        str,
        typer.Option(
            "--input",
            metavar="SHAPE",
            help="Input size, e.g. 5x5 or 7 (1-D). For "
            "conv-transpose: the transposed convolution's own (small) input.",
        ),
    ] = "5x5",
    kernel: Annotated[
        str, typer.Option("--kernel", metavar="SHAPE", help="Kernel (pooling window) size.")
    ] = "3x3",
    stride: Annotated[
        str | None,
        typer.Option("--stride", metavar="N[,N]", help="Stride [default: 1; pool: the window]."),
    ] = None,
    padding: Annotated[
        str,
        typer.Option("--padding", metavar="N[,N]|same|valid", help="Zero padding on each side."),
    ] = "0",
    dilation: Annotated[
        str, typer.Option("--dilation", metavar="N[,N]", help="Kernel dilation.")
    ] = "1",
    output_padding: Annotated[
        str,
        typer.Option(
            "--output-padding",
            metavar="N[,N]",
            help="conv-transpose only: extra rows/columns on the high side, < max(stride, "
            "dilation).",
        ),
    ] = "0",
    pool: Annotated[
        str, typer.Option("--pool", metavar="max|avg", help="Pooling operation (pool mode).")
    ] = "max",
    values: Annotated[
        bool,
        typer.Option(
            "--values/--no-values",
            help="Write numbers in the cells: small integers, and the output convmath computes.",
        ),
    ] = False,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            metavar="dumoulin|NAME",
            help="Regenerate Dumoulin & Visin's 15 animations (or one of them by name).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="PATH",
            help="File (.gif; .mp4 needs ffmpeg) [default: MODE.gif], or with --preset a "
            "folder [default: figures/animations].",
        ),
    ] = None,
    dpi: Annotated[int, typer.Option("--dpi", help="Resolution (the GIF is ~5.4 in wide).")] = 100,
    fps: Annotated[float, typer.Option("--fps", help="Kernel positions per second.")] = 1.25,
) -> None:
    """Animate a convolution, transposed convolution or pooling as a GIF.

    The title gives the output size from its formula; input is blue, padding grey (dashed),
    inserted zeros white (dotted), the kernel orange and the output green.
    """
    try:
        if preset is not None:
            if mode is not None:
                raise typer.BadParameter(
                    f"give either a MODE or --preset, not both (got {mode!r} and {preset!r})",
                    param_hint="'--preset'",
                )
            _run_preset(preset, out, values=values, dpi=dpi, fps=fps)
            return
        if mode is None:
            raise typer.BadParameter(
                "give what to animate: conv, conv-transpose or pool (or --preset dumoulin)",
                param_hint="'MODE'",
            )
        if mode not in MODES:
            raise typer.BadParameter(
                f"must be one of {', '.join(MODES)}; got {mode!r}", param_hint="'MODE'"
            )
        from convmath.figures.animation import plan_animation, save_animation

        plan = plan_animation(
            mode,
            parse_shape(input_shape, "--input"),
            parse_shape(kernel, "--kernel"),
            stride=None if stride is None else _positive(stride, "--stride"),
            padding=_padding(padding),
            dilation=_positive(dilation, "--dilation"),
            output_padding=parse_int_tuple(output_padding, "--output-padding"),
        )
        target = out if out is not None else Path(f"{mode}.gif")
        path = save_animation(plan, target, values=values, pool=pool, dpi=dpi, fps=fps)
    except ConvmathError as error:
        option = _option_for(error)
        if option is None:
            raise
        raise bad_parameter(option, error) from None
    shape = "×".join(map(str, plan.output_shape))
    typer.echo(f"wrote {path} ({plan.frame_count} frames, output {shape})")


def _run_preset(name: str, out: Path | None, *, values: bool, dpi: int, fps: float) -> None:
    from convmath.figures.dumoulin import preset_names, render_presets

    if name == "dumoulin":
        chosen = preset_names()
    elif name in preset_names():
        chosen = [name]
    else:
        raise typer.BadParameter(
            f"must be 'dumoulin' or one of {', '.join(preset_names())}; got {name!r}",
            param_hint="'--preset'",
        )
    folder = out if out is not None else DEFAULT_PRESET_DIR
    if folder.suffix.lower() in (".gif", ".mp4"):
        if len(chosen) != 1:
            raise typer.BadParameter(
                f"--preset dumoulin writes 15 files: give a folder, not {str(folder)!r}",
                param_hint="'--out'",
            )
        from convmath.figures.animation import save_animation
        from convmath.figures.dumoulin import preset_plan

        path = save_animation(preset_plan(chosen[0]), folder, values=values, dpi=dpi, fps=fps)
        typer.echo(f"wrote {path}")
        return
    render_presets(
        folder,
        chosen,
        values=values,
        dpi=dpi,
        fps=fps,
        progress=lambda _name, path: typer.echo(f"wrote {path}"),
    )
