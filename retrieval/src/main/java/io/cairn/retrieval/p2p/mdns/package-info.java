/**
 * libp2p mDNS discovery: {@link io.cairn.retrieval.p2p.mdns.Mdns} runs the multicast socket, {@code
 * MdnsEngine} holds the policy (what to answer, whom to dial), {@code MdnsCodec} reads and writes
 * the DNS packets with Netty's DNS codec.
 */
package io.cairn.retrieval.p2p.mdns;
