/**
 * Pieces and proofs of storage: Fr32 padding, piece commitments (CommP) and v1/v2 piece CIDs of
 * files and DAGs, piece trees that keep only their upper layers, inclusion proofs, proof sets with
 * PDP's challenge derivation, and proof bundles a contract takes as they are. Hashing runs on all
 * CPU cores or on an NVIDIA GPU ({@link io.cairn.proofs.HashBackend}). See docs/proofs.md.
 */
package io.cairn.proofs;
