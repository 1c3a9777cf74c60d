"""The version of the package (read by the build from here, printed by `--version`)."""
__version__ = "0.4.0"
