#!/usr/bin/env bash
# Installs the dev chain, Anvil (npm package @foundry-rs/anvil-linux-amd64, pinned by
# chain/tools/package-lock.json), into .tools/chain/ for 'cairn daemon' in Chain.Mode=dev.
# Never installs anything globally. Quiet when it is already there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tools/chain"
anvil="$dest/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
if [ -x "$anvil" ] && [ ! "$root/chain/tools/package-lock.json" -nt "$anvil" ]; then
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "cairn: the dev chain package is built for Linux x86-64; set CAIRN_ANVIL to an anvil binary, or use Chain.Mode rpc or off" >&2; exit 0 ;;
esac
if ! command -v npm >/dev/null 2>&1; then
  echo "cairn: npm is needed once to install the dev chain (Anvil) into .tools/chain; install npm, set CAIRN_ANVIL, or run 'cairn config Chain.Mode off'" >&2
  exit 0
fi
echo "cairn: installing the dev chain (Anvil) into .tools/chain" >&2
mkdir -p "$dest"
cp "$root/chain/tools/package.json" "$root/chain/tools/package-lock.json" "$root/chain/tools/.npmrc" "$dest/"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error >&2) || {
  echo "cairn: could not install Anvil; the daemon runs without a dev chain until it is installed" >&2
  exit 0
}
touch "$anvil"
