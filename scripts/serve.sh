#!/usr/bin/env bash
# For editors: set up, build the site and serve it with live reload on http://127.0.0.1:8000/
# --dirty: after a save, only what changed is rebuilt (gonghui keeps the rest of the last build;
# see "Preview" in the README). Plain `.venv/bin/mkdocs serve` rebuilds everything on every save.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty "$@"
