#!/usr/bin/env bash
# Builds the piece-tree kernels of commp.cu for shipping, so no CUDA toolkit is needed at run time:
#   commp.ptx            PTX for compute_80, JIT-compiled by the driver on any newer GPU; marked
#                        PTX ISA 7.0 so drivers from CUDA 11.0 on take it (the kernel uses nothing
#                        newer, which ptxas checks below)
#   commp_sm{80,86,89,90}.cubin   ready binaries (A100, RTX 30xx/A40, L4/RTX 40xx, H100/H200)
#   commp-check.txt      roots of seeded units computed by commp_check.cu, the kernel's steps run on
#                        the CPU; CudaKernelsTest compares them with the CPU backend
#   commp.sources.sha256 SHA-256 of the sources, which CudaKernelsTest checks against them, so
#                        outputs cannot fall behind a changed source
# Needs nvcc (CUDA 12 or newer) and a host C++ compiler; no GPU. Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../resources/io/cairn/proofs/cuda"
nvcc="${NVCC:-nvcc}"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$here"
"$nvcc" --version | tail -1 >&2

"$nvcc" -std=c++17 -O2 -o "$tmp/commp_check" commp_check.cu
"$tmp/commp_check" >"$tmp/commp-check.txt"

"$nvcc" -std=c++17 -O3 -ptx -arch=compute_80 -o "$tmp/commp-native.ptx" commp.cu
sed 's/^\.version [0-9.]*$/.version 7.0/' "$tmp/commp-native.ptx" >"$tmp/commp.ptx"
"${PTXAS:-ptxas}" --gpu-name sm_80 -o "$tmp/ptx-check.cubin" "$tmp/commp.ptx"
for sm in 80 86 89 90; do
  "$nvcc" -std=c++17 -O3 -cubin -arch="sm_$sm" -Xptxas -v -o "$tmp/commp_sm$sm.cubin" commp.cu \
    2>&1 | grep -E 'registers|smem' | sed "s/^/sm_$sm: /" >&2 || true
done

sha256sum commp.cu commp_check.cu build.sh >"$tmp/commp.sources.sha256"
cp "$tmp"/commp.ptx "$tmp"/commp_sm*.cubin "$tmp"/commp-check.txt "$tmp"/commp.sources.sha256 "$out/"
echo "kernels written to $out" >&2
