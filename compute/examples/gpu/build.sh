#!/usr/bin/env bash
# Builds saxpy.ptx from saxpy.cu: PTX for compute_75, JIT-compiled by the driver on any newer GPU,
# marked PTX ISA 7.0 so that drivers from CUDA 11.0 on take it (the kernel uses nothing newer, which
# ptxas checks below). saxpy.sources.sha256 records the sources the PTX was built from; a test
# checks it, so that the committed PTX cannot fall behind a changed source.
# Needs nvcc (CUDA 12 or newer); no GPU. Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nvcc="${NVCC:-nvcc}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$here"
"$nvcc" --version | tail -1 >&2
"$nvcc" -O3 -ptx -arch=compute_75 -o "$tmp/saxpy-native.ptx" saxpy.cu
sed 's/^\.version [0-9.]*$/.version 7.0/' "$tmp/saxpy-native.ptx" >"$tmp/saxpy.ptx"
"${PTXAS:-ptxas}" --gpu-name sm_75 -o "$tmp/ptx-check.cubin" "$tmp/saxpy.ptx"
sha256sum saxpy.cu build.sh >"$tmp/saxpy.sources.sha256"
cp "$tmp/saxpy.ptx" "$tmp/saxpy.sources.sha256" "$here/"
echo "saxpy.ptx written to $here" >&2
