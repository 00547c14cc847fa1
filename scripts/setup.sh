#!/usr/bin/env bash
# Everything `make run` and `make test` need, installed when missing and only checked otherwise:
#   uv + the locked Python environment in .venv/, the front-end bundle (npm, lock file),
#   Debian's chromium (for the browser tests),
#   Docker Engine (Debian's docker.io, dockerd without bridge or iptables), the runner image
#   (built offline: debootstrap base, host-downloaded wheels).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v uv >/dev/null 2>&1; then
    echo "setup: installing uv"
    python3 -m pip install --quiet --disable-pip-version-check uv
fi
# Bytecode compiled once at install: this environment sets PYTHONDONTWRITEBYTECODE, so
# without it every start would compile every imported module again.
uv sync --frozen --quiet --compile-bytecode

if [ -f package-lock.json ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "setup: installing Node.js and npm"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        npm ci --silent --no-audit --no-fund
    fi
    node scripts/bundle-assets.mjs
fi

if [ ! -x /usr/bin/chromium ]; then
    # Browser tests drive Debian's Chromium through Playwright (no browser download).
    echo "setup: installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

bash scripts/docker-engine.sh
bash scripts/base-image.sh
.venv/bin/crucible sandbox build >/dev/null
