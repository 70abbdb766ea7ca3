/**
 * The Kademlia DHTs, as Kubo's dual DHT: {@link io.cairn.retrieval.p2p.kad.Kademlia} is the entry
 * point and runs the WAN DHT ({@code /ipfs/kad/1.0.0}) and the LAN DHT ({@code
 * /ipfs/lan/kad/1.0.0}) side by side, each a {@code KadDht} whose {@code KadScope} holds its
 * protocol and its routing-table, query and address filters (libp2p kad-dht spec, IPFS routing
 * spec). In the house pattern, {@code KadBinding} installs the framing and a stream handler ({@code
 * KadServerHandler} for inbound streams, {@code KadClientHandler} for the node's own queries) and
 * {@code KadEngine} holds the state and policy: the routing table, the provider records and the
 * count of misbehaving peers. {@code Lookup} is one iterative lookup; {@code SweepReprovider}
 * reprovides by keyspace region.
 */
package io.cairn.retrieval.p2p.kad;
