#!/usr/bin/env bash
# For editors: set up, build the site and serve it with live reload on http://127.0.0.1:8000/
# --dirty: after a save, only what changed is rebuilt (gonghui keeps the rest of the last build;
# see "Preview" in the README). Plain `.venv/bin/mkdocs serve` rebuilds everything on every save.
# With `desk: true` in mkdocs.yml, the editing desk http://127.0.0.1:8000/admin/ saves into this working copy
# through decap-server (node_modules/, pinned), which runs on 127.0.0.1 only while this script runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1

if grep -Eq '^[[:space:]]*desk:[[:space:]]*true' mkdocs.yml; then
  DESK_PORT="$(sed -nE 's/^[[:space:]]*desk_port:[[:space:]]*([0-9]+).*/\1/p' mkdocs.yml | head -n 1)"
  DESK_PORT="${DESK_PORT:-8081}"
  if command -v node >/dev/null 2>&1 && [ -f node_modules/decap-server/dist/index.js ]; then
    # MODE=fs: files are written as they are; committing stays the editor's (or 提交 in the guide) step.
    PORT="$DESK_PORT" BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY="$PWD" LOG_LEVEL=warn \
      node node_modules/decap-server/dist/index.js &
    DESK_PID=$!
    trap 'kill "$DESK_PID" 2>/dev/null || true' EXIT
    trap 'exit 130' INT TERM  # Ctrl-C or a stop: through EXIT, so decap-server stops too
    echo "编辑台 (editing desk): http://127.0.0.1:8000/admin/"
  else
    echo "warning: 编辑台不能保存：没有 node 或 node_modules/decap-server；安装 Node.js（Debian: apt-get install npm）" \
      "后重新运行 bash scripts/serve.sh (the desk needs Node.js)" >&2
  fi
fi
.venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty "$@"
