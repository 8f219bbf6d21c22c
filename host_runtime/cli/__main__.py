"""`python -m host_runtime.cli`: the same command as `host-runtime`."""

import sys

from . import main

sys.exit(main())
