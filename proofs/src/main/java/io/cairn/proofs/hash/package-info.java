/**
 * Fr32, sha254 node hashing, subtree and upper-layer building and the CPU backend.
 *
 * <p>Not API: classes here are public only so that {@code io.cairn.proofs} can reach them; other
 * modules use the interfaces and records of {@code io.cairn.proofs}.
 */
package io.cairn.proofs.hash;
