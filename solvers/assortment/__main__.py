"""``python -m solvers.assortment`` entry point."""
import sys

from ._cli import main

sys.exit(main())
