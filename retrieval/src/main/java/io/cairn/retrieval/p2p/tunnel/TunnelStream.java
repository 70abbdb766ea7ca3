package io.cairn.retrieval.p2p.tunnel;

import io.cairn.storage.Multiaddr;

/**
 * A tunnelled connection as {@code p2p stream ls} shows it.
 *
 * @param id the handler ID, counted from 0 as Kubo's
 * @param protocol the libp2p protocol, such as {@code /x/ssh}
 * @param origin where the connection came from: the TCP client's address on the forwarding side,
 *     {@code /p2p/<peer>} on the listening side
 * @param target where it goes: {@code /p2p/<peer>} on the forwarding side, the TCP target on the
 *     listening side
 */
public record TunnelStream(long id, String protocol, Multiaddr origin, Multiaddr target) {}
