#!/usr/bin/env bash
# Set up and run the whole test suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1

# The browser tests (tests/test_browser.py) drive the system Chromium through Playwright, never a
# `playwright install` download. Install Debian's package when it is missing and we can; if we cannot,
# those tests fail and say how to get it (they are never skipped).
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing chromium for the browser tests (apt-get) ..."
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null; then
      echo "warning: could not install chromium with apt-get; the browser tests will fail" >&2
    fi
  else
    echo "warning: $CHROMIUM not found and cannot install it (needs root and apt-get);" \
      "the browser tests will fail. Install the chromium package or set CHROMIUM=/path/to/chromium." >&2
  fi
fi

# Lint and type checks first: they take seconds and name the line.
.venv/bin/ruff check plugins tests scripts
.venv/bin/mypy

exec .venv/bin/python -m pytest "$@"
