/**
 * Bitswap 1.2.0 (ipfs/specs {@code bitswap-protocol.md}), client and server, in the house pattern:
 * {@code BitswapBinding} installs the framing and {@code BitswapStreamHandler} on each stream; the
 * engines ({@code ClientEngine}, {@code ServerEngine}) hold state and policy. The public entry
 * points are {@link io.cairn.retrieval.p2p.bitswap.Bitswap}, {@link
 * io.cairn.retrieval.p2p.bitswap.BitswapSession}, {@link
 * io.cairn.retrieval.p2p.bitswap.FetchingBlockStore} and {@link
 * io.cairn.retrieval.p2p.bitswap.ProviderFinder}.
 */
package io.cairn.retrieval.p2p.bitswap;
