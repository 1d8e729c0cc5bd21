"""`python -m gonghui.cli`: the same as the `gonghui` command."""

from . import main

raise SystemExit(main())
