/** The HTTP gateway, the libp2p host, Bitswap and the DHT: how blocks leave and reach the node. */
package io.cairn.retrieval;
