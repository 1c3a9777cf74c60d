"""What a message tells the user to run: a make target in the checkout, the CLI command elsewhere.

An installed `italian-news` runs where there is no Makefile and no seeds/
folder: its messages must name commands that exist there.
"""
from __future__ import annotations

from pathlib import Path


def in_checkout(folder: Path | None = None) -> bool:
    """The current folder is the project's checkout (its Makefile and seeds/ are here)."""
    folder = Path.cwd() if folder is None else folder
    return (folder / "Makefile").is_file() and (folder / "seeds").is_dir()


def command(cli: str, make: str | None = None) -> str:
    """`make TARGET` where there is a Makefile, else `italian-news CLI`."""
    if make and (Path.cwd() / "Makefile").is_file():
        return f"`{make}`"
    return f"`italian-news {cli}`"
