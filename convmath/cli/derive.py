"""``convmath derive``: closed forms, derived and checked.

``convmath derive`` alone runs the article's stomach example; the subcommands derive any
continuous convolution (``conv``) and the matrix form and size formulas of discrete
convolution (``matrix``, ``shape``, ``receptive-field``, ``params``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from convmath.cli import _derive_conv, _derive_matrix, _derive_stomach

__all__ = ["app"]

app = typer.Typer(
    help="Derive closed forms: the stomach example (default), convolutions, matrix forms.",
    invoke_without_command=True,
    add_completion=False,
    # Plain Click help: Typer's rich help costs ~70 ms of imports on every --help.
    rich_markup_mode=None,
)

MealOption = Annotated[
    list[str] | None,
    typer.Option(
        "--meal",
        metavar="TIME,GRAMS[,DURATION]",
        help="A meal, e.g. 7:00,300,30m (repeat for several). DURATION: 30m, 0.5h or 0:30; "
        "0 = eaten at once. Default: 7:00,300,30m and 12:00,500,30m.",
    ),
]
HalfLifeOption = Annotated[
    str | None,
    typer.Option(
        "--half-life",
        metavar="HOURS",
        help="Exponential emptying with this half-life (default 2).",
    ),
]
LinearOption = Annotated[
    str | None,
    typer.Option("--linear", metavar="HOURS", help="Linear emptying over HOURS instead."),
]
RemainingOption = Annotated[
    str | None,
    typer.Option(
        "--remaining",
        metavar="EXPR",
        help="Any remaining-fraction curve g(s) in the variable s, e.g. 'exp(-s/3)'.",
    ),
]
AtOption = Annotated[
    str, typer.Option("--at", metavar="TIME", help="Time to evaluate: 14:00 or 14.")
]
StepsOption = Annotated[
    bool, typer.Option("--steps", help="Show the graphical derivation step by step.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
LatexOption = Annotated[bool, typer.Option("--latex", help="Print LaTeX.")]
PlotOption = Annotated[
    Path | None, typer.Option("--plot", metavar="FILE", help="Save a plot (png, pdf, svg).")
]
CheckOption = Annotated[
    bool,
    typer.Option("--check/--no-check", help="Compare with the sampled (discrete) convolution."),
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, max=3600, help="Seconds allowed for the derivation.")
]


@app.callback()
def derive(
    ctx: typer.Context,
    meal: MealOption = None,
    half_life: HalfLifeOption = None,
    linear: LinearOption = None,
    remaining: RemainingOption = None,
    at: AtOption = "14:00",
    steps: StepsOption = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
    plot: PlotOption = None,
    check: CheckOption = True,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Derive closed forms. Without a subcommand: the stomach example.

    Food left in the stomach at time t: R(t) = ∫₀ᵗ f(x) g(t − x) dx, where f is the food
    eaten per hour and g(s) the fraction of a meal still in the stomach s hours after it was
    eaten. Prints R(t) piecewise over the day and the amount left at 14:00.
    """
    if ctx.invoked_subcommand is None:
        _derive_stomach.run(**ctx.params)
        return
    given = [name for name in ctx.params if ctx.get_parameter_source(name).name != "DEFAULT"]
    if given:
        option = "--" + given[0].replace("_output", "").replace("_", "-")
        raise typer.BadParameter(
            f"stomach options go without a subcommand; put options after "
            f"'{ctx.invoked_subcommand}'",
            param_hint=f"'{option}'",
        )


@app.command("conv")
def conv(
    f: Annotated[str, typer.Argument(help="First signal, e.g. 'exp(-t) u(t)'.")],
    g: Annotated[str, typer.Argument(help="Second signal, e.g. 'rect(t)'.")],
    var: Annotated[str, typer.Option("--var", help="Name of the variable.")] = "t",
    param: Annotated[
        list[str] | None,
        typer.Option("--param", help="A positive parameter allowed in F and G (repeatable)."),
    ] = None,
    steps: StepsOption = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
    plot: PlotOption = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Compare with fftconvolve of the sampled signals × dt."),
    ] = False,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Derive (f * g)(t) = ∫ f(τ) g(t − τ) dτ in closed form.

    Functions: exp log ln sqrt sin cos tan sinh cosh tanh abs sign min max; u(t) = step(t) =
    Heaviside(t), delta(t), rect(t) (unit box on [-1/2, 1/2]), tri(t); constants pi, e, I, oo.
    """
    _derive_conv.run(
        f=f,
        g=g,
        var=var,
        params=param or [],
        steps=steps,
        json_output=json_output,
        latex=latex,
        plot=plot,
        check=check,
        timeout=timeout,
    )


@app.command("matrix")
def matrix(
    input_shape: Annotated[
        str, typer.Option("--input", metavar="SHAPE", help="Input shape, e.g. 4x4.")
    ] = "4x4",
    kernel: Annotated[
        str, typer.Option("--kernel", metavar="SHAPE", help="Kernel shape, e.g. 3x3.")
    ] = "3x3",
    stride: Annotated[str, typer.Option(metavar="N[,N...]", help="Stride.")] = "1",
    padding: Annotated[str, typer.Option(metavar="N[,N...]", help="Zero padding.")] = "0",
    dilation: Annotated[str, typer.Option(metavar="N[,N...]", help="Dilation.")] = "1",
    transposed: Annotated[
        bool, typer.Option("--transposed", help="The transposed convolution's matrix T.")
    ] = False,
    output_padding: Annotated[
        str, typer.Option(metavar="N[,N...]", help="Output padding (with --transposed).")
    ] = "0",
    values: Annotated[
        str | None,
        typer.Option(metavar="V,V,...", help="Kernel entries in C order instead of symbols."),
    ] = None,
    latex: LatexOption = False,
    json_output: JsonOption = False,
) -> None:
    """The matrix C of a convolution (y' = C x') or T of a transposed one (x' = T y').

    Entries are the kernel symbols w_i_j (or --values). With --transposed, T is built from
    the scatter definition and checked exactly against Cᵀ built from the gather definition.
    """
    _derive_matrix.run_matrix(
        input_shape=input_shape,
        kernel=kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        transposed=transposed,
        output_padding=output_padding,
        values=values,
        latex=latex,
        json_output=json_output,
    )


@app.command("shape")
def shape(
    input_size: Annotated[
        str | None, typer.Option("--input", metavar="N|NAME", help="Input size (or sizes).")
    ] = None,
    kernel: Annotated[str | None, typer.Option(metavar="N|NAME", help="Kernel size.")] = None,
    stride: Annotated[str | None, typer.Option(metavar="N|NAME", help="Stride.")] = None,
    padding: Annotated[str | None, typer.Option(metavar="N|NAME", help="Padding.")] = None,
    dilation: Annotated[str | None, typer.Option(metavar="N|NAME", help="Dilation.")] = None,
    transposed: Annotated[
        bool, typer.Option("--transposed", help="Output size of the transposed convolution.")
    ] = False,
    output_padding: Annotated[
        str | None, typer.Option(metavar="N|NAME", help="Output padding (with --transposed).")
    ] = None,
    relationships: Annotated[
        bool, typer.Option("--relationships", help="List Dumoulin & Visin's relationships.")
    ] = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
) -> None:
    """Output size: o = floor((i + 2p - d(k-1) - 1)/s) + 1, symbolic or evaluated.

    Each of --input --kernel --stride --padding --dilation --output-padding takes a number
    (or numbers per axis, 5,7) or a name that stays a symbol. Omitted: the input and kernel
    sizes stay symbols i and k; stride 1, padding 0, dilation 1, output padding 0.
    """
    _derive_matrix.run_shape(
        input_size=input_size,
        kernel=kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        transposed=transposed,
        output_padding=output_padding,
        relationships=relationships,
        json_output=json_output,
        latex=latex,
    )


@app.command("receptive-field")
def receptive_field(
    kernel: Annotated[str, typer.Option(help="Kernel per layer: 3,3,3 or a formula in l.")] = "3",
    stride: Annotated[str, typer.Option(help="Stride per layer.")] = "1",
    dilation: Annotated[str, typer.Option(help="Dilation per layer, e.g. 1,2,4,8 or 2^l.")] = "1",
    padding: Annotated[str, typer.Option(help="Padding per layer.")] = "0",
    layers: Annotated[
        str | None, typer.Option(help="Number of layers (a name such as L for a formula).")
    ] = None,
    json_output: JsonOption = False,
    latex: LatexOption = False,
) -> None:
    """Receptive field of a stack of layers: r_l = r_(l-1) + d_l (k_l - 1) j_(l-1)."""
    _derive_matrix.run_receptive_field(
        kernel=kernel,
        stride=stride,
        dilation=dilation,
        padding=padding,
        layers=layers,
        json_output=json_output,
        latex=latex,
    )


@app.command("params")
def params(
    m: Annotated[str | None, typer.Option("--m", help="Inputs of a 1-D layer.")] = None,
    n: Annotated[str | None, typer.Option("--n", help="Outputs of a 1-D layer.")] = None,
    k: Annotated[str | None, typer.Option("--k", help="Connections per output.")] = None,
    input_shape: Annotated[
        str | None, typer.Option("--input", metavar="CxHxW", help="Image input, e.g. 3x32x32.")
    ] = None,
    out_channels: Annotated[
        str | None, typer.Option("--out-channels", help="Output channels (with --input).")
    ] = None,
    kernel: Annotated[
        str | None, typer.Option(metavar="SHAPE", help="Kernel shape (with --input).")
    ] = None,
    stride: Annotated[str, typer.Option(help="Stride (with --input).")] = "1",
    padding: Annotated[str, typer.Option(help="Padding (with --input).")] = "0",
    groups: Annotated[int, typer.Option(min=1, help="Groups (with --input).")] = 1,
    bias: Annotated[bool, typer.Option("--bias/--no-bias", help="Count biases.")] = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
) -> None:
    """Parameters of fully connected (m·n) vs sparse (k·n) vs convolution (k) layers."""
    _derive_matrix.run_params(
        m=m,
        n=n,
        k=k,
        input_shape=input_shape,
        out_channels=out_channels,
        kernel=kernel,
        stride=stride,
        padding=padding,
        groups=groups,
        bias=bias,
        json_output=json_output,
        latex=latex,
    )
