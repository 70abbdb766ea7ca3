#!/usr/bin/env bash
# Installs the npm reference implementations (and the Node.js they run on) into interop/,
# from interop/package-lock.json. Never installs anything globally.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/interop"
stamp="$dir/node_modules/.cairn-installed"
if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ] && [ ! "$dir/package.json" -nt "$stamp" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "cairn: npm is needed to install the test reference tools (Debian: apt-get install npm)" >&2; exit 1; }
echo "cairn: installing npm reference tools into interop/" >&2
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
touch "$stamp"
