"""``python -m lanta.cli``: the ``lanta`` console script without its wrapper."""
import sys

from . import main

sys.exit(main())
