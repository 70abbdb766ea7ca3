#!/usr/bin/env bash
# Builds the example WASM programs (wasm32-wasi, Debian's clang 14, lld and wasi-libc) into
# compute/src/main/resources/examples/NAME.wasm, reproducibly: fixed flags, no debug information,
# stripped, no paths or times in the output, so two builds give the same bytes.
#   compute/examples/build.sh [OUT_DIR]
# OUT_DIR (default: the resources folder) lets a test build elsewhere and compare.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/compute/src/main/resources/examples}"
# shellcheck source=../../scripts/env.sh
. "$root/scripts/env.sh"

# shellcheck disable=SC2046
cairn_apt_require $(cairn_wasm_missing c-only)

version="$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)"
if [ "$version" != 14 ]; then
  echo "build.sh: clang $version found; the committed modules were built with clang 14" \
    "(Debian 12), so these bytes may differ from them" >&2
fi

mkdir -p "$out"
cd "$here"
for src in */*.c; do
  name="$(dirname "$src")"
  # Relative source paths and -ffile-prefix-map keep the build directory out of the module;
  # -ffp-contract=off keeps a*b+c two roundings, as the C source says.
  clang --target=wasm32-wasi -O2 -g0 -DNDEBUG -std=c11 -D_GNU_SOURCE \
    -Wall -Wextra -Werror -ffp-contract=off -ffile-prefix-map="$here"=. \
    -Wl,--strip-all -Wl,--no-export-dynamic \
    -o "$out/$name.wasm" "$src"
  echo "built $out/$name.wasm ($(wc -c <"$out/$name.wasm") bytes)"
done
