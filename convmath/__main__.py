"""``python -m convmath`` is the ``convmath`` command."""

from convmath.cli import main

main()
