/** Storage deals, proofs and payments on an EVM chain: contracts, bindings and the chain client. */
package io.cairn.chain;
