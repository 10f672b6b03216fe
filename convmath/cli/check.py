"""``convmath check MODULE:FUNCTION --op OP``: search for a configuration where it is wrong.

Exit status 0 when the function matches the reference on every configuration tried, 1 on a
mismatch (the shrunk report is printed), 2 for bad usage (unknown op, a module or function
that cannot be loaded, hypothesis not installed).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter, fail

__all__ = ["command"]

_OPS = [
    f"{family}{d}d"
    for family in ("conv", "conv_transpose", "max_pool", "avg_pool")
    for d in (1, 2, 3)
]


def _load(target: str) -> Any:
    """The function named by ``module:function`` (dotted module or a path to a .py file)."""
    module_name, sep, name = target.partition(":")
    if not sep or not module_name or not name:
        raise bad_parameter("TARGET", "expected MODULE:FUNCTION, e.g. student.py:conv2d")
    try:
        if module_name.endswith(".py"):
            path = Path(module_name)
            if not path.is_file():
                raise bad_parameter("TARGET", f"no file {module_name}")
            spec = importlib.util.spec_from_file_location(path.stem, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        else:
            sys.path.insert(0, str(Path.cwd()))
            module = importlib.import_module(module_name)
    except typer.BadParameter:
        raise
    except Exception as exc:  # noqa: BLE001 - any import failure is bad usage
        raise bad_parameter("TARGET", f"cannot import {module_name}: {exc}") from None
    fn = getattr(module, name, None)
    if not callable(fn):
        raise bad_parameter("TARGET", f"{module_name} has no function {name}")
    return fn


def command(
    target: Annotated[
        str,
        typer.Argument(
            metavar="MODULE:FUNCTION", help="Dotted module or path.py, then :function."
        ),
    ],
    op: Annotated[
        str, typer.Option("--op", metavar="OP", help="One of: " + ", ".join(_OPS) + ".")
    ],
    max_examples: Annotated[
        int, typer.Option("--max-examples", min=1, metavar="N", help="Configurations to try.")
    ] = 300,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Same seed, same search.")] = 0,
    array: Annotated[
        str,
        typer.Option(
            "--array", metavar="numpy|torch", help="What the function receives: numpy or torch."
        ),
    ] = "numpy",
    rtol: Annotated[
        float, typer.Option("--rtol", min=0.0, metavar="TOL", help="Relative tolerance.")
    ] = 1e-7,
    atol: Annotated[
        float, typer.Option("--atol", min=0.0, metavar="TOL", help="Absolute tolerance.")
    ] = 1e-9,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (verdict, configuration, ...).")
    ] = False,
) -> None:
    """Check your own convolution or pooling against convmath's PyTorch-exact reference.

    Searches configurations with hypothesis and prints the smallest failing one with a
    reproducer. Exit 1 on a mismatch. Needs: pip install "convmath[check]".
    """
    if op not in _OPS:
        raise bad_parameter("--op", f"must be one of {', '.join(_OPS)}; got {op!r}")
    if array not in ("numpy", "torch"):
        raise bad_parameter("--array", f"must be numpy or torch; got {array!r}")
    if importlib.util.find_spec("hypothesis") is None:
        raise fail('convmath check needs hypothesis: pip install "convmath[check]"')
    if array == "torch" and importlib.util.find_spec("torch") is None:
        raise bad_parameter("--array", 'torch is not installed: pip install "convmath[torch]"')
    fn = _load(target)
    from convmath.testing import check

    result = check(
        fn,
        op=op,
        max_examples=max_examples,
        seed=seed,
        array=array,
        rtol=rtol,
        atol=atol,
        target=target,
    )
    typer.echo(json.dumps(result.to_dict()) if json_output else result.report())
    if not result.passed:
        raise typer.Exit(1)
