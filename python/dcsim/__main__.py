"""python -m dcsim: the `dcsim` program's commands (see dcsim.cli)."""
import sys

from .cli import main

sys.exit(main(sys.argv[1:]))
