// SAXPY over float32 vectors: out[i] = a * x[i] + y[i] for i < n.
// Cairn's GPU example: x and y are input files by CID (little-endian float32), out is an output file
// of n * 4 bytes. Built to PTX by build.sh; the PTX is what a job's module CID names.
extern "C" __global__ void saxpy(int n, float a, const float* x, const float* y, float* out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    out[i] = a * x[i] + y[i];
  }
}
