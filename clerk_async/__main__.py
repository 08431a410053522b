"""Run the command line with ``python -m clerk_async``."""

from clerk_async._cli import main

raise SystemExit(main())
