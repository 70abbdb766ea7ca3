/**
 * The CommP, GPU and proof benchmarks behind bench/commp and cairn piece bench.
 *
 * <p>Not API: classes here are public only so that {@code io.cairn.proofs} can reach them; other
 * modules use the interfaces and records of {@code io.cairn.proofs}.
 */
package io.cairn.proofs.bench;
