/**
 * The CUDA backend: kernels loaded through the JCuda driver API and the copy/compute pipeline (its
 * benchmark, {@code CudaBench}, is in the test sources).
 *
 * <p>Not API: classes here are public only so that {@code io.cairn.proofs} can reach them; other
 * modules use the interfaces and records of {@code io.cairn.proofs}.
 */
package io.cairn.proofs.cuda;
