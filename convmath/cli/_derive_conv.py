"""``convmath derive conv F G``: a continuous convolution in closed form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter, library_errors
from convmath.cli._options import (
    DEFAULT_TIMEOUT,
    JsonOption,
    LatexOption,
    PlotOption,
    StepsOption,
    TimeoutOption,
    saved,
    writable_path,
)
from convmath.cli._render import (
    check_payload,
    describe_convergence,
    emit_json,
    pretty,
    shown_payload,
)
from convmath.cli._steps_output import (
    MarkdownOption,
    PlotWidthOption,
    StandaloneOption,
    emit_steps,
    flip_slide_width,
    latex_document,
)

__all__ = ["command", "OPTIONS"]

#: The arguments of ``parse``, ``derive_convolution`` and the plot, as this command's options.
#: ``timeout`` is left out: running out of time is not a bad value of --timeout.
OPTIONS = {
    "f": "F",
    "g": "G",
    "t": "--var",
    "variables": "--var",
    "parameters": "--param",
    "path": "--plot",
}


def command(
    f: Annotated[str, typer.Argument(metavar="F", help="First signal, e.g. 'exp(-t) u(t)'.")],
    g: Annotated[str, typer.Argument(metavar="G", help="Second signal, e.g. 'rect(t)'.")],
    var: Annotated[str, typer.Option("--var", help="Name of the variable.")] = "t",
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            help="A positive parameter allowed in F and G (repeatable); NAME=VALUE gives it "
            "a value (a number such as 2, 0.5 or 3/4), NAME alone keeps it symbolic.",
        ),
    ] = None,
    steps: StepsOption = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
    markdown: MarkdownOption = False,
    standalone: StandaloneOption = False,
    plot: PlotOption = None,
    plot_width: PlotWidthOption = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check/--no-check",
            help="Compare with fftconvolve of the sampled signals × dt, and check the "
            "convolution theorem exactly (Laplace or Fourier transforms, where SymPy finds "
            "them within 5 s).",
        ),
    ] = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
) -> None:
    """Derive (f * g)(t) = ∫ f(τ) g(t − τ) dτ in closed form.

    Functions: exp log ln sqrt sin cos tan sinh cosh tanh abs sign min max; u(t) = step(t) =
    Heaviside(t), delta(t), rect(t) (unit box on [-1/2, 1/2]), tri(t); constants pi, e, I, oo.
    """
    params, values = _param_values(param or [])
    signals = _parse_signals(f, g, var, params, values)
    params = [str(p) for p in signals.parameters]  # the ones left symbolic
    typed = (f.strip(), g.strip())
    _needs_numbers(params, check=check, plot=plot)
    width = flip_slide_width(plot_width, steps=steps, plot=plot)
    if plot is not None:
        writable_path(plot, "--plot")
    record = _derive(signals, timeout=timeout)
    sampled = _sampled_check(signals, record.result) if check else None
    exact = _transform_check(signals, record.result) if check else None
    if plot is not None:
        _draw(signals, record, plot, steps=steps, width=width)
    if json_output:
        emit_json(_payload(signals, record, sampled, exact, steps=steps, typed=typed))
    elif latex or markdown:
        _emit_document(
            signals,
            record,
            steps=steps,
            latex=latex,
            markdown=markdown,
            standalone=standalone,
            plot=plot,
            typed=typed,
        )
    else:
        _print_text(signals, record, sampled, exact, steps=steps, typed=typed)


def _needs_numbers(params: list[str], *, check: bool, plot: Any) -> None:
    """The sampled check and the plots need every parameter given a value."""
    if params and check:
        raise bad_parameter(
            "--check",
            f"the sampled check needs numbers: substitute the parameters ({', '.join(params)}) "
            "first",
        )
    if params and plot is not None:
        raise bad_parameter("--plot", "plotting needs numbers: substitute the parameters first")


def _draw(signals: _Signals, record: Any, plot: Any, *, steps: bool, width: Any) -> None:
    """``--plot``: the flip-and-slide picture with ``--steps``, else f, g and f * g."""
    if steps:
        from convmath.figures.flip_slide import save_flip_slide

        with library_errors(OPTIONS):
            save_flip_slide(record, plot, width=width)
    else:
        _plot(signals, record.result, plot)


def _emit_document(
    signals: _Signals,
    record: Any,
    *,
    steps: bool,
    latex: bool,
    markdown: bool,
    standalone: bool,
    plot: Any,
    typed: tuple[str, str],
) -> None:
    """``--latex`` or ``--markdown``: the steps (with ``--steps``) or the result alone."""
    if steps:
        emit_steps(
            record, latex=latex, markdown=markdown, standalone=standalone, figure=plot, typed=typed
        )
        return
    body = shown_payload(record.result, signals.t)["latex"]
    if markdown:
        typer.echo(f"$$ (f * g)({signals.t}) = {body} $$")
    else:
        typer.echo(latex_document(f"\\[ {body} \\]", standalone=True) if standalone else body)


@dataclass(frozen=True)
class _Signals:
    """F and G parsed, in the variable `t`, with the declared (positive) `parameters`."""

    f: Any
    g: Any
    t: Any
    parameters: tuple[Any, ...]

    def by_interval(self, result: Any) -> Any:
        """`result` as one Piecewise over intervals of t (kept as is with parameters)."""
        from convmath.symbolic.piecewise_form import to_piecewise

        return result if self.parameters else to_piecewise(result, self.t)


def _param_values(given: list[str]) -> tuple[list[str], dict[str, Any]]:
    """``--param`` entries as names, and the values of those given as ``NAME=VALUE``.

    A value is a number literal only (``2``, ``-0.5``, ``1e-3``, ``3/4``), never evaluated;
    decimal exponents have at most three digits.
    """
    import re
    from fractions import Fraction

    literal = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?(/\d+)?")
    names, values = [], {}
    for entry in given:
        name, sign, text = (part.strip() for part in entry.partition("="))
        names.append(name)
        if not sign:
            continue
        try:
            if len(text) > 60 or not literal.fullmatch(text):
                raise ValueError(text)
            number = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise bad_parameter(
                "--param",
                f"{entry!r}: the value of {name or 'a parameter'} must be a number such as 2, "
                "0.5 or 3/4",
            ) from None
        values[name] = number
    return names, values


def _parse_signals(
    f: str, g: str, var: str, params: list[str], values: dict[str, Any] | None = None
) -> _Signals:
    import sympy as sp

    from convmath.symbolic.parser import parse

    with library_errors(OPTIONS, fallback="--var"):  # parsing "0" checks only the names
        parse("0", variables=(var,))
    with library_errors(OPTIONS, fallback="--param"):
        parse("0", variables=(var,), parameters=params)
    symbols = tuple(sp.Symbol(p, positive=True) for p in params)
    with library_errors({}, fallback="F"):
        f_expr = parse(f, variables=(var,), parameters=symbols)
    with library_errors({}, fallback="G"):
        g_expr = parse(g, variables=(var,), parameters=symbols)
    given = {
        s: sp.Rational(v.numerator, v.denominator)
        for s in symbols
        for n, v in (values or {}).items()
        if s.name == n
    }
    if given:
        f_expr, g_expr = f_expr.xreplace(given), g_expr.xreplace(given)
    kept = tuple(s for s in symbols if s not in given)
    return _Signals(f_expr, g_expr, sp.Symbol(var), kept)


def _derive(signals: _Signals, *, timeout: float) -> Any:
    from convmath.cli._derive_limits import refuse_power_towers
    from convmath.symbolic.continuous import derive_convolution

    refuse_power_towers(signals.f, signals.t, "F")
    refuse_power_towers(signals.g, signals.t, "G")
    with library_errors(OPTIONS):
        return derive_convolution(
            signals.f, signals.g, signals.t, timeout=timeout, parameters=signals.parameters
        )


def _sampled_check(signals: _Signals, result: Any) -> Any:
    from convmath.verification.closed_form import sampled_check

    return sampled_check(signals.f, signals.g, result, signals.t)


def _transform_check(signals: _Signals, result: Any) -> Any:
    """The convolution theorem, exactly, within its own short deadline (never an error)."""
    from convmath.symbolic._transform_check import transform_check

    return transform_check(signals.f, signals.g, result, signals.t)


def _plot(signals: _Signals, result: Any, path: Any) -> None:
    from convmath.figures.signals import save_convolution_plot

    with library_errors(OPTIONS), saved("--plot"):
        save_convolution_plot(signals.f, signals.g, result, signals.t, path)


def _payload(
    signals: _Signals,
    record: Any,
    sampled: Any,
    exact: Any,
    *,
    steps: bool,
    typed: tuple[str, str],
) -> dict[str, Any]:
    from convmath.symbolic._present_print import latex

    result = record.result
    by_interval = signals.by_interval(result)
    payload: dict[str, Any] = {
        "f": str(signals.f),
        "g": str(signals.g),
        "typed": {"f": typed[0], "g": typed[1]},
        **shown_payload(result, signals.t),  # the textbook form, equal to "engine"
        "engine": str(result),
        "piecewise": str(by_interval),
        "piecewise_latex": latex(by_interval),
    }
    if sampled is not None:
        payload["check"] = check_payload(sampled)
    if exact is not None:
        payload["transform_check"] = exact.payload()
    if steps:
        from convmath.steps import render

        payload["steps"] = render(record, "json", typed=typed)
        payload["steps_text"] = render(record, "text", typed=typed)
    return payload


def _print_text(
    signals: _Signals,
    record: Any,
    sampled: Any,
    exact: Any,
    *,
    steps: bool,
    typed: tuple[str, str],
) -> None:
    if steps:
        emit_steps(record, latex=False, markdown=False, standalone=False, typed=typed)
        typer.echo("")
    typer.echo(f"({typed[0]}) * ({typed[1]}) =")
    typer.echo(pretty(record.result, signals.t))
    if sampled is not None:
        typer.echo(
            f"Check against fftconvolve of the sampled signals × Δt at {sampled.points.size} "
            f"points: {describe_convergence(sampled.report)}"
        )
    if exact is not None:
        typer.echo(exact.describe())
