"""``convmath derive params``: learnable parameters of dense, sparse and convolution layers."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter, library_errors
from convmath.cli._inputs import parse_per_axis, parse_size_or_name
from convmath.cli._options import JsonOption, LatexOption, given, library_default, shown_default
from convmath.cli._render import emit_json, expr_payload, grid_text

__all__ = ["command", "LAYER_OPTIONS", "IMAGE_OPTIONS"]

#: The arguments of ``symbolic.parameters.parameter_counts`` as options.
LAYER_OPTIONS = {"m": "--m", "n": "--n", "k": "--k", "bias": "--bias"}
#: The arguments of ``conv_parameter_counts`` and of the output-size formula it evaluates
#: (``s``, ``p``), as options.
IMAGE_OPTIONS = {
    "input_shape": "--input",
    "in_channels": "--input",
    "out_channels": "--out-channels",
    "kernel_shape": "--kernel",
    "stride": "--stride",
    "s": "--stride",
    "padding": "--padding",
    "p": "--padding",
    "groups": "--groups",
    "bias": "--bias",
}


def _image_option(help: str, default: int, metavar: str = "N[,N...]") -> Any:
    return typer.Option(metavar=metavar, help=shown_default(help, default))


MOption = Annotated[
    str | None, typer.Option("--m", metavar="INPUTS", help="Inputs of a 1-D layer (or a name).")
]
NOption = Annotated[
    str | None, typer.Option("--n", metavar="OUTPUTS", help="Outputs of a 1-D layer (or a name).")
]
KOption = Annotated[
    str | None,
    typer.Option("--k", metavar="CONNECTIONS", help="Connections per output (or a name)."),
]
InputOption = Annotated[
    str | None, typer.Option("--input", metavar="CxHxW", help="Image input, e.g. 3x32x32.")
]
OutChannelsOption = Annotated[
    str | None,
    typer.Option("--out-channels", metavar="N|NAME", help="Output channels (with --input)."),
]
KernelOption = Annotated[
    str | None, typer.Option("--kernel", metavar="SHAPE", help="Kernel shape (with --input).")
]
BiasOption = Annotated[
    bool | None,
    typer.Option(
        "--bias/--no-bias",
        help="Count biases. Default, as in convmath.symbolic: counted for a convolution "
        "layer (--input; PyTorch's bias=True: 448 for 3x32x32 -> 16, 3x3, padding 1), "
        "not in the --m/--n/--k comparison.",
        show_default=False,
    ),
]


def command(
    m: MOption = None,
    n: NOption = None,
    k: KOption = None,
    input_shape: InputOption = None,
    out_channels: OutChannelsOption = None,
    kernel: KernelOption = None,
    stride: Annotated[str | None, _image_option("Stride (with --input).", 1)] = None,
    padding: Annotated[str | None, _image_option("Padding (with --input).", 0)] = None,
    groups: Annotated[int | None, _image_option("Groups (with --input).", 1, "N")] = None,
    bias: BiasOption = None,
    json_output: JsonOption = False,
    latex: LatexOption = False,
) -> None:
    """Parameters of fully connected (m·n) vs sparse (k·n) vs convolution (k) layers."""
    from convmath.symbolic.parameters import conv_parameter_counts, parameter_counts

    if input_shape is None:
        bias = library_default(parameter_counts, "bias") if bias is None else bias
        counts = _layer_counts(m, n, k, bias=bias)
        what = f"{m or 'm'} inputs -> {n or 'n'} outputs, {k or 'k'} connections per output"
    else:
        if kernel is None:
            raise bad_parameter("--kernel", "give the kernel shape, e.g. 3x3")
        bias = library_default(conv_parameter_counts, "bias") if bias is None else bias
        options = {**parse_per_axis(stride=stride, padding=padding), **given(groups=groups)}
        counts = _image_counts(input_shape, out_channels, kernel, bias=bias, **options)
        what = f"input {input_shape} -> {out_channels or 'C_out'} channels, kernel {kernel}"
    what += ", with biases" if bias else ", weights only (no biases)"
    if json_output:
        emit_json(
            expr_payload(
                counts.shared,
                dense=str(counts.dense),
                local=str(counts.local),
                shared=str(counts.shared),
                bias=bias,
            )
        )
    elif latex:
        import sympy as sp

        for label, count in counts.as_dict().items():
            typer.echo(f"{label}: {sp.latex(count)}")
    else:
        _print_text(counts, what)


def _entry(text: str | None, default: str, option: str) -> int | str:
    """A count typed in `option`: a number, or a name that stays a symbol (else `default`)."""
    return default if text is None else parse_size_or_name(text, option)


def _entries(text: str, option: str) -> tuple[int | str, ...]:
    """``3x32x32`` or ``CxHxW`` -> one count per axis."""
    return tuple(parse_size_or_name(part, option) for part in re.split(r"\s*[x×,]\s*", text))


def _layer_counts(m: str | None, n: str | None, k: str | None, *, bias: bool) -> Any:
    from convmath.symbolic.parameters import parameter_counts

    with library_errors(LAYER_OPTIONS):
        return parameter_counts(
            _entry(m, "m", "--m"), _entry(n, "n", "--n"), _entry(k, "k", "--k"), bias=bias
        )


def _image_counts(
    input_shape: str, out_channels: str | None, kernel: str, *, bias: bool, **options: Any
) -> Any:
    from convmath.symbolic.parameters import conv_parameter_counts

    with library_errors(IMAGE_OPTIONS):
        return conv_parameter_counts(
            _entries(input_shape, "--input"),
            _entry(out_channels, "C_out", "--out-channels"),
            _entries(kernel, "--kernel"),
            bias=bias,
            **options,
        )


def _print_text(counts: Any, what: str) -> None:
    typer.echo(f"Learnable parameters for {what}:")
    rows = [
        ["fully connected (every output sees every input)", str(counts.dense)],
        ["sparse interactions (each output sees k inputs)", str(counts.local)],
        ["convolution (sparse + shared kernel)", str(counts.shared)],
    ]
    typer.echo(grid_text(rows))
    if counts.dense.is_Integer and counts.shared.is_Integer and counts.shared:
        typer.echo(
            f"The convolution needs {float(counts.dense / counts.shared):,.0f}× fewer "
            "parameters than the fully connected layer."
        )
