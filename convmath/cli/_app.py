"""The root command group: one place that turns every failure into a short message.

Exit status: 0 success, 1 a check that failed (``convmath verify``) or an internal error,
2 bad input. Bad values print ONE line on stderr naming the argument; unknown commands or
options print Click's usual usage block; no traceback reaches the user unless
``CONVMATH_DEBUG=1`` is set.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

try:  # Typer >= 0.20 vendors Click as typer._click
    from typer._click import exceptions as _click_exceptions
except ImportError:  # pragma: no cover - older Typer with the click package
    from click import exceptions as _click_exceptions

from convmath.errors import ConvmathError

__all__ = ["ConvmathGroup", "fail", "bad_parameter"]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``Error: message`` on stderr and return the ``Exit`` to raise."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


def bad_parameter(name: str, error: Exception) -> typer.BadParameter:
    """A Typer ``BadParameter`` for argument `name`, from a convmath error."""
    return typer.BadParameter(str(error), param_hint=f"'{name}'")


class ConvmathGroup(TyperGroup):
    """Typer group whose ``main`` reports errors in one line (also under ``CliRunner``)."""

    def main(self, args: Any = None, prog_name: Any = None, *more: Any, **extra: Any) -> Any:
        if extra.get("standalone_mode", True) is False:
            return super().main(args, prog_name, *more, **extra)
        extra["standalone_mode"] = False
        try:
            result = super().main(args, prog_name, *more, **extra)
        except _click_exceptions.BadParameter as error:
            typer.echo(f"Error: {_one_line(error.format_message())}", err=True)
            sys.exit(2)
        except _click_exceptions.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except ConvmathError as error:
            typer.echo(f"Error: {_one_line(str(error))}", err=True)
            sys.exit(2)
        except typer.Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        except Exception as error:  # noqa: BLE001 - last line of defence: no traceback
            if os.environ.get("CONVMATH_DEBUG"):
                raise
            typer.echo(
                f"Error: internal error ({type(error).__name__}: {_one_line(str(error))}); "
                "rerun with CONVMATH_DEBUG=1 for the traceback and please report it",
                err=True,
            )
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _one_line(message: str) -> str:
    return " ".join(message.split())
