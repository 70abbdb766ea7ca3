/** Fr32 padding, piece commitments, Merkle trees and proofs of storage, on CPU and GPU. */
package io.cairn.proofs;
