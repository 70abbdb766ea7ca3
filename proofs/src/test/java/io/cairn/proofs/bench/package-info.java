/**
 * The CommP, GPU and proof benchmarks behind {@code bench/commp} and {@code
 * bench/out/gpu-carry/run.sh}, and the seeded payloads the interop tests share with the JS
 * reference scripts. Test code: they print figures and assert nothing.
 */
package io.cairn.proofs.bench;
