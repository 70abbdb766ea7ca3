/**
 * The Kademlia DHT, {@code /ipfs/kad/1.0.0} (libp2p kad-dht spec, IPFS routing spec): {@link
 * io.cairn.retrieval.p2p.kad.Kademlia} is the entry point. In the house pattern, {@code KadBinding}
 * installs the framing and a stream handler ({@code KadServerHandler} for inbound streams, {@code
 * KadClientHandler} for the node's own queries) and {@code KadEngine} holds the state and policy:
 * the routing table, the provider records and the count of misbehaving peers. {@code Lookup} is one
 * iterative lookup; {@code SweepReprovider} reprovides by keyspace region.
 */
package io.cairn.retrieval.p2p.kad;
