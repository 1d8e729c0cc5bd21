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

# tests/test_html_valid.py runs the Nu HTML Checker (node_modules/vnu-jar, from setup.sh) on Java 17 or newer.
# Install Debian's headless Java when `java` is missing and we can; otherwise that test fails and says so.
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Java for the HTML validity test (apt-get default-jre-headless) ..."
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless; } >/dev/null; then
      echo "warning: could not install default-jre-headless with apt-get; the HTML validity test will fail" >&2
    fi
  else
    echo "warning: java not found and cannot install it (needs root and apt-get);" \
      "the HTML validity test will fail. Install a Java 17+ runtime (Debian: default-jre-headless)." >&2
  fi
fi

# tests/test_nginx.py and tests/test_browser_nginx.py run Debian's nginx (started by the tests on 127.0.0.1 with the
# configuration `gonghui nginx-config` prints). Install it when missing and we can; otherwise those tests fail and say so.
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
if [ ! -x "$NGINX" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing nginx for the hosting tests (apt-get) ..."
    # The package may start the system's own nginx (port 80); the tests start theirs on free ports and never use it.
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx; } >/dev/null; then
      echo "warning: could not install nginx with apt-get; the nginx tests will fail" >&2
    fi
  else
    echo "warning: $NGINX not found and cannot install it (needs root and apt-get);" \
      "the nginx tests will fail. Install the nginx package or set NGINX=/path/to/nginx." >&2
  fi
fi

# Lint and type checks first: they take seconds and name the line.
.venv/bin/ruff check plugins tests scripts
.venv/bin/mypy

# Two processes (pytest-xdist): much of the suite waits on a browser, nginx, the S3 server or Pagefind, so the
# two cores stay busy. Each test file runs whole in one process (its built sites are made once). TEST_WORKERS=0
# runs everything in this process (a debugger, -x).
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" --dist loadfile "$@"
