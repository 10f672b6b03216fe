"""The root command group, and the one way a command names the option a bad value came from.

Exit status: 0 success, 1 a check that failed (``convmath verify``) or an internal error,
2 bad input. Bad values print ONE line on stderr naming the option; unknown commands or
options print Click's usual usage block; no traceback reaches the user unless
``CONVMATH_DEBUG=1`` is set.

A library error names the argument it is about in ``ConvmathError.argument``, spelled as the
raising function spells it (``"stride"``, ``"input_shape"``, ``"f"``). Each command keeps a
table from those names to its own options, and wraps its library calls in
:func:`library_errors`, which turns the error into a ``typer.BadParameter`` for that option;
the message text is never read to guess the option.

Examples
--------
>>> from convmath.errors import ConvmathError
>>> OPTIONS = {"stride": "--stride", "input_shape": "--input"}
>>> option_for(ConvmathError("stride must be an int >= 1", argument="stride"), OPTIONS)
'--stride'
>>> # no argument named: the option the command was validating, if it gave one
>>> option_for(ConvmathError("too large"), OPTIONS, fallback="--input")
'--input'
>>> print(option_for(ConvmathError("diverges"), OPTIONS))
None
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from convmath.errors import ConvmathError

__all__ = [
    "ConvmathGroup",
    "ConvmathCommand",
    "fail",
    "bad_parameter",
    "option_for",
    "library_errors",
]

try:  # Typer >= 0.20 vendors Click as typer._click; older Typer uses the click package
    _click_exceptions: Any = importlib.import_module("typer._click.exceptions")
except ImportError:  # pragma: no cover - depends on the installed Typer
    _click_exceptions = importlib.import_module("click.exceptions")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``Error: message`` on stderr and return the ``Exit`` to raise."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


def bad_parameter(option: str, message: object) -> typer.BadParameter:
    """The ``BadParameter`` for `option` (``"--stride"``, ``"F"``) saying `message`.

    The group prints it as ``Error: Invalid value for '--stride': <message>``, exit 2.
    """
    return typer.BadParameter(str(message), param_hint=f"'{option}'")


def option_for(
    error: ConvmathError, options: Mapping[str, str], fallback: str | None = None
) -> str | None:
    """The option `error` is about: its ``.argument`` looked up in `options`, else `fallback`.

    `fallback` is the option the command was validating when it called the library; None
    when the call concerns several options, so an error naming no argument names no option.
    """
    if error.argument is not None and error.argument in options:
        return options[error.argument]
    return fallback


@contextmanager
def library_errors(options: Mapping[str, str], fallback: str | None = None) -> Iterator[None]:
    """Report a :class:`ConvmathError` raised in the block as a bad value of its option.

    `options` maps the library's argument names to the command's option names; see
    :func:`option_for` for `fallback`. An error that names no option goes on unchanged:
    the group prints its message as one line and exits with status 2.
    """
    try:
        yield
    except ConvmathError as error:
        option = option_for(error, options, fallback)
        if option is None:
            raise
        raise bad_parameter(option, error) from None


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


class ConvmathCommand(TyperCommand):
    """Typer command whose help names an argument by its metavar alone: ``F G``, ``[NAME]...``.

    Typer writes a required argument as ``{F}`` in the usage line and adds its Python type
    (``F <str>``, ``NAME <list[str]>``) in the list of arguments.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_usage(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_name(param: Any) -> str:
    return param.metavar or param.name.upper()


def _argument_usage(param: Any) -> str:
    name = _argument_name(param)
    shown = name if param.required else f"[{name}]"
    return shown if param.nargs == 1 else f"{shown}..."


def _one_line(message: str) -> str:
    return " ".join(message.split())
