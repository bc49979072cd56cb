#!/usr/bin/env bash
# Sets up a fresh clone: Node dependencies (better-sqlite3-multiple-ciphers, SQLite with SQLCipher,
# compiled from source when no prebuilt binary can be fetched) and, for the browser tests,
# Debian's Chromium.
#   bash scripts/setup.sh          dependencies for the app
#   bash scripts/setup.sh --test   also Chromium (end-to-end tests) and strace (no-network test)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--test" ] && want_browser=1

need_node_major=20
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt "$need_node_major" ]; then
  echo "Mnemo needs Node.js 20.19 or newer (found: $(node -v 2>/dev/null || echo none))." >&2
  exit 1
fi

# Build native addons against the local Node headers when the machine has them, so no
# header download is needed (offline machines, CI).
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# Test tools from Debian: chromium (browser tests), strace (the no-network test), and a CJK and a
# Thai font, so screenshots of the Chinese UI and of CJK/Thai messages show letters, not boxes.
has_font() { command -v fc-list >/dev/null && [ -n "$(fc-list ":lang=$1" family 2>/dev/null)" ]; }
if [ "$want_browser" = 1 ]; then
  missing=()
  command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || [ -n "${MNEMO_CHROMIUM:-}" ] || missing+=(chromium)
  command -v strace >/dev/null || missing+=(strace)
  has_font zh || missing+=(fonts-wqy-microhei)
  has_font th || missing+=(fonts-thai-tlwg-ttf)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing from Debian for the tests: ${missing[*]}…"
    if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; }; then
      echo "Could not install ${missing[*]}. Install them yourself (apt-get install ${missing[*]}); for another browser set MNEMO_CHROMIUM=/path/to/chrome." >&2
      exit 1
    fi
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-fund --no-audit
fi

# npm 11 only runs install scripts listed in allowScripts; make sure the addon really built.
if ! node -e "new (require('better-sqlite3-multiple-ciphers'))(':memory:').close()" 2>/dev/null; then
  echo "better-sqlite3-multiple-ciphers has no working native build; rebuilding it from source (about 80 s)…"
  npm rebuild better-sqlite3-multiple-ciphers
fi
