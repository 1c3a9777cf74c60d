"""`python -m pipeline.bench child ...`: one measured run (used by the benchmark)."""
import sys

from .measure import child_main

if __name__ == "__main__":
    if sys.argv[1:2] != ["child"]:
        sys.exit("usage: python -m pipeline.bench child --input IN --out OUT [...] (the benchmark is `python -m pipeline bench`)")
    child_main(sys.argv[2:])
