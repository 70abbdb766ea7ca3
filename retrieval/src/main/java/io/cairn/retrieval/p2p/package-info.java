/**
 * The contract between Cairn's libp2p host and the protocols that run over it (Identify, Ping,
 * Bitswap, Kademlia). The host ({@code p2p.net}: TCP, multistream-select, Noise, Yamux) gives each
 * negotiated stream to the {@link io.cairn.retrieval.p2p.ProtocolBinding} registered for its
 * protocol; a protocol keeps its state and policy in an engine of its own sub-package.
 */
package io.cairn.retrieval.p2p;
