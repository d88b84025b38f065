"""``python -m decompte``: the same command as ``decompte``."""

from decompte.cli import main

main()
