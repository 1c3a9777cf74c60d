"""The command line: `python -m pipeline COMMAND --help` is the manual (commands in `commands`,
the option bundles they share in `options`)."""
from .commands import app

__all__ = ["app"]
