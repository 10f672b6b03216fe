"""``convmath verify``: run the identity suite and print one row per check.

Exit status 0 when every check passes, 1 when any fails, 2 for bad options or when
``--torch`` is asked for without PyTorch installed (the message says how to install it).
"""

from __future__ import annotations

from typing import Annotated

import typer

from convmath.cli._app import library_errors
from convmath.cli._options import given, library_default, shown_default

__all__ = ["command", "OPTIONS"]

#: The arguments of ``verification.suite.run_suite`` as options. ``torch`` is left out: a
#: missing PyTorch is not a bad value of --torch, and its message says how to install it.
OPTIONS = {"seed": "--seed", "quick": "--quick"}


def command(
    torch: Annotated[
        bool,
        typer.Option(
            "--torch",
            help="Add cross-checks against PyTorch (float64): conv, conv_transpose, pooling, "
            "padding in 1-D, 2-D and 3-D. Needs: pip install 'convmath[torch]'.",
        ),
    ] = False,
    quick: Annotated[
        bool, typer.Option("--quick", help="Fewer and smaller configurations (about 1 s).")
    ] = False,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            metavar="N",
            help=shown_default(
                "Seed of the random configurations and arrays (same seed, same table).", 0
            ),
        ),
    ] = None,
    json_output: Annotated[
        bool,
        typer.Option("--json", help='Print one JSON object: {"checks": [...], "passed": ...}.'),
    ] = False,
) -> None:
    """Run the identity suite: every claim about convolution's matrix form, checked.

    T == Cᵀ exactly in SymPy for every small configuration; conv = C x = scipy.signal.correlate
    = a direct loop; conv_transpose = Cᵀ y = a scatter loop; dot tests; symbolic C = numeric
    C; the output-size formulas; translation equivariance with circular padding; average
    pooling = strided box convolution; the max-pooling selection matrix. Exit status 1 if
    any check fails.
    """
    import time

    from convmath.verification.suite import run_suite

    start = time.perf_counter()
    with library_errors(OPTIONS):
        rows = run_suite(torch=torch, quick=quick, **given(seed=seed))
    elapsed = time.perf_counter() - start
    if seed is None:
        seed = library_default(run_suite, "seed")
    if json_output:
        from convmath.cli._render import emit_json

        emit_json(
            {
                "checks": [row.to_dict() for row in rows],
                "passed": all(row.passed for row in rows),
                "seed": seed,
                "quick": quick,
                "torch": torch,
                "seconds": round(elapsed, 3),
            }
        )
    else:
        _print_table(rows, f"seed {seed}{', quick' if quick else ''}", elapsed)
    if not all(row.passed for row in rows):
        raise typer.Exit(1)


def _print_table(rows: list, run: str, elapsed: float) -> None:
    """The table, a line per failed check and the summary."""
    typer.echo(_table(rows))
    failed = [row for row in rows if not row.passed]
    typer.echo("")
    for row in failed:
        typer.echo(f"FAIL {row.name}: {row.detail}")
    summary = f"{len(rows) - len(failed)} of {len(rows)} checks passed"
    typer.echo(f"{summary} ({run}) in {elapsed:.1f} s")


def _table(rows: list) -> str:
    """Check, what it compares, configurations, worst error, pass/FAIL: an aligned grid."""
    from convmath.cli._render import grid_text

    header = ["check", "compares", "configs", "worst error", "result"]
    body = [
        [row.name, row.compares, str(row.configurations), row.error_text, row.status]
        for row in rows
    ]
    left = grid_text([[r[0], r[1]] for r in [header, *body]], left=True, gap="  ")
    right = grid_text([r[2:] for r in [header, *body]], gap="  ")
    width = max(len(line) for line in left.splitlines())
    lines = [f"{a.ljust(width)}  {b}" for a, b in zip(left.splitlines(), right.splitlines())]
    rule = "-" * max(len(line) for line in lines)
    return "\n".join([lines[0], rule, *lines[1:]])
