"""The ``pocrules`` command (also ``python -m pocrules``).

It only tunes the garbage collector before the command line loads: :func:`pocrules.cli.main`
raises the collection threshold for start-up, but loading typer, pydantic and the models
before it runs cost about 4 ms of collections that find nothing to free.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.set_threshold(100_000, *gc.get_threshold()[1:])  # as cli.main does, before anything loads
    from .cli import main as run  # after the threshold: importing it is most of the start-up

    run()


if __name__ == "__main__":
    main()
