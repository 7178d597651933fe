"""The ``pocrules`` command (also ``python -m pocrules``).

It sets the process up before the command line loads. :func:`pocrules.cli.main` raises the
garbage collector's threshold for start-up, but loading typer, pydantic and the models before
it runs cost about 4 ms of collections that find nothing to free. And pydantic, before it
builds the first validator, looks for plugins in every installed package's metadata (2.5 ms,
more where more is installed): pocrules runs none, as typer runs none for its own validators,
unless the environment says otherwise (``PYDANTIC_DISABLE_PLUGINS``).
"""

from __future__ import annotations

import gc
import os


def prepare() -> None:
    """Set the process up for a command; before :mod:`pocrules.cli` is imported (most of the start-up)."""
    gc.set_threshold(100_000, *gc.get_threshold()[1:])  # as cli.main does, before anything loads
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def main() -> None:
    prepare()
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
