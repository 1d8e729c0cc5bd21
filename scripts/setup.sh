#!/usr/bin/env bash
# Create .venv (if needed) and install the pinned dependencies and our plugin package; then the pinned npm
# packages (node_modules/, from package-lock.json): the editing desk (decap-cms, decap-server, yaml) and vnu-jar.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .

# The editing desk's Decap CMS bundle, copied into the site by the build (`desk: true`), and decap-server, which
# scripts/serve.sh starts; the Nu HTML Checker (npm vnu-jar) for tests/test_html_valid.py. `npm ci` runs only
# when node_modules/ is missing or package-lock.json changed since it last ran (a copy of the lock is the stamp).
# No install scripts (also set in .npmrc): vnu-jar's would download a Java runtime; Debian's runs the jar.
if command -v npm >/dev/null 2>&1; then
  if ! cmp -s package-lock.json node_modules/.gonghui-package-lock.json; then
    # A warning, not a stop: editors' previews (scripts/serve.sh) work without it, only without the desk.
    if npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null; then
      cp package-lock.json node_modules/.gonghui-package-lock.json
    else
      echo "warning: npm ci failed: no editing desk (/admin/) and no vnu-jar (tests/test_html_valid.py will fail)." >&2
    fi
  fi
else
  echo "warning: npm not found: no editing desk (/admin/) and no vnu-jar (tests/test_html_valid.py will fail)." \
    "Install Node.js with npm (Debian: apt-get install npm) and run scripts/setup.sh again." >&2
fi
